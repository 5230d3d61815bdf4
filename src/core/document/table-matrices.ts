// Matrices a note gives as Markdown tables, read as matrix literals when the table is all numbers and clearly named:
//   - by its columns: `| token | q1 | q2 | k1 | k2 |` gives Q and K, one row per token (a run of columns of one
//     letter numbered from 0 or 1 is one vector's entries); `| token | $q$ | $k$ |` with a vector per cell
//     (`[1, 0]`) gives Q and K likewise;
//   - by the line before it ("Q:", "**Keys K**", table-captions.ts) when its columns name nothing.
// A first column of row labels (tokens, or their positions 1, 2, ...) is passed over. A table with any other cell
// that is not a number, whose header numbers could be a row or column indices, whose names disagree, or whose rows
// are themselves named vectors (`| | k1 | k2 |` over `| q1 | .. |`: scores of pairs) gives nothing.
import { Lru } from '../lru';
import { readSymbolEnd, symbolName } from '../tex/symbol-name';
import type { MathRegion, MatrixLiteral, ScannedDocument } from './document-model';
import { type PipeTable, pipeTablesOf, type TableCells, tableCells } from './markdown-tables';
import { parseNumber } from './numeric-entry';
import type { LineIndex } from './positions';
import { sourceOf } from './source-text';
import { lastStartingAtOrBefore } from './spans';
import { captionName, MAX_CAPTION } from './table-captions';

type Cell = number | number[] | null;

interface Column {
  header: string;
  cells: Cell[];
  kind: 'number' | 'vector' | 'text';
}

interface Named {
  name: string;
  values: number[][];
}

/**
 * What a table gives, whatever stands before it: matrices its columns name, or one matrix that the line before it
 * names (which must agree with the one letter its columns give, if they give one), or nothing.
 */
type Reading = { named: Named[] } | { values: number[][]; letter: string | null } | null;

/**
 * Readings by the table's text, so that after an edit only the tables it touched are read again. Long tables are
 * read each time rather than kept.
 */
const readings = new Lru<string, Reading>(4096);
const captions = new Lru<string, string | null>(4096);
const MAX_KEPT = 20_000;

const byScan = new WeakMap<ScannedDocument, MatrixLiteral[]>();

/** The matrices the Markdown tables of a scan give, in document order. */
export function tableMatricesOf(scan: ScannedDocument): MatrixLiteral[] {
  let found = byScan.get(scan);
  if (!found) {
    const lines = sourceOf(scan);
    found = lines ? matricesOf(scan, lines) : [];
    byScan.set(scan, found);
  }
  return found;
}

function matricesOf(scan: ScannedDocument, lines: LineIndex): MatrixLiteral[] {
  const found: MatrixLiteral[] = [];
  for (const table of pipeTablesOf(scan)) {
    const reading = readingOf(lines.text.slice(table.start, table.end));
    if (reading === null) continue;
    let named: Named[];
    if ('named' in reading) named = reading.named;
    else {
      const caption = captionOf(lines.text, table, scan.regions);
      const name =
        reading.letter !== null && caption !== null && caption !== reading.letter ? null : (caption ?? reading.letter);
      named = name === null ? [] : [{ name, values: reading.values }];
    }
    for (const { name, values } of named)
      found.push({
        name,
        form: 'table',
        rows: values.length,
        cols: values[0].length,
        values,
        raggedRows: [],
        nonNumeric: [],
        startOffset: table.start,
        endOffset: table.end,
        range: { start: lines.positionAt(table.start), end: lines.positionAt(table.end) },
        regionIndex: -1,
      });
  }
  return found;
}

/**
 * The name the line before a table gives it, kept by the line's text and where its math is: the same line names
 * the same wherever it stands. A line that math runs into or out of is read each time (it names nothing).
 */
function captionOf(text: string, table: PipeTable, regions: readonly MathRegion[]): string | null {
  const { captionStart: start, captionEnd: end } = table;
  if (end <= start || end - start > MAX_CAPTION) return null;
  let key = text.slice(start, end);
  for (let i = lastStartingAtOrBefore(regions, end - 1); i >= 0 && regions[i].endOffset > start; i--) {
    if (regions[i].startOffset < start || regions[i].endOffset > end) return captionName(text, start, end, regions);
    key += `\u0000${regions[i].startOffset - start},${regions[i].endOffset - start}`;
  }
  let name = captions.get(key);
  if (name === undefined) {
    name = captionName(text, start, end, regions);
    captions.set(key, name);
  }
  return name;
}

function readingOf(table: string): Reading {
  if (table.length > MAX_KEPT) return readCells(tableCells(table));
  let reading = readings.get(table);
  if (reading === undefined) {
    reading = readCells(tableCells(table));
    readings.set(table, reading);
  }
  return reading;
}

/** What the cells of one table give. */
function readCells(table: TableCells | null): Reading {
  if (table === null || table.rows.length === 0) return null;
  const columns = table.header.map((header, c) =>
    columnOf(
      header,
      table.rows.map((row) => cellValue(row[c])),
    ),
  );
  const labels = isLabelColumn(columns[0], columns.length) ? columns[0] : null;
  const data = labels ? columns.slice(1) : columns;
  if (data.length === 0 || data.some((c) => c.kind === 'text')) return null;
  if (data.some((c) => c.kind === 'vector')) {
    if (data.some((c) => c.kind !== 'vector')) return null;
    const names = data.map((c) => vectorColumnName(c.header));
    if (names.some((n) => n === null) || new Set(names).size !== names.length) return null;
    return { named: data.map((c, i) => ({ name: names[i] as string, values: c.cells as number[][] })) };
  }
  const rows = (cols: readonly Column[]) => table.rows.map((_, r) => cols.map((c) => c.cells[r] as number));
  const headerNumbers = data.map((c) => cellValue(c.header));
  if (!labels && headerNumbers.every((n) => typeof n === 'number')) {
    // A header of numbers: column indices, or the first row of the matrix. Indices 0.. or 1.. could be either.
    if (isIndexRun(headerNumbers as number[])) return null;
    return { values: [headerNumbers as number[], ...rows(data)], letter: null };
  }
  // Rows named as vectors (`q1`, `q2`) under columns named as vectors (`k1`, `k2`): a value per pair, not keys.
  const pairs = labels?.cells.some((_, r) => componentOf(table.rows[r][0]) !== null);
  const groups = pairs ? null : groupsOf(data);
  if (groups && groups.length > 1) return { named: groups.map((g) => ({ name: g.name, values: rows(g.columns) })) };
  return { values: rows(data), letter: groups?.[0].name ?? null };
}

function columnOf(header: string, cells: Cell[]): Column {
  const kind = cells.every((c) => typeof c === 'number')
    ? 'number'
    : cells.every((c) => Array.isArray(c) && c.length === (cells[0] as number[]).length)
      ? 'vector'
      : 'text';
  return { header, cells, kind };
}

/**
 * A first column of row labels: words (tokens), or positions 0.. or 1.. under a header that is empty, an index
 * (`#`, `i`, `t`) or a word without digits, not a component's or a vector's name (`| dim 1 | dim 2 |` over 1, 2 is
 * data).
 */
function isLabelColumn(column: Column, count: number): boolean {
  if (count < 2) return false;
  const header = plain(column.header);
  const index = /^(?:|#|[ijtn])$/.test(header);
  if (!index && (/\d/.test(header) || componentOf(header) !== null || vectorColumnName(header) !== null)) return false;
  if (column.kind === 'text') return column.cells.every((c) => !Array.isArray(c));
  return column.kind === 'number' && isIndexRun(column.cells as number[]);
}

/** 0, 1, 2, .. or 1, 2, 3, .. */
function isIndexRun(values: readonly number[]): boolean {
  return values.every((v, i) => v === values[0] + i) && (values[0] === 0 || values[0] === 1);
}

/** Runs of columns named one letter numbered from 0 or 1 (`q1 q2 k1 k2`), each a matrix named by its letter. */
function groupsOf(data: readonly Column[]): { name: string; columns: Column[] }[] | null {
  const groups: { name: string; columns: Column[]; indices: number[] }[] = [];
  for (const column of data) {
    const component = componentOf(column.header);
    if (component === null) return null;
    const name = matrixOfVector(component.letter);
    const last = groups[groups.length - 1];
    if (last?.name === name) {
      last.columns.push(column);
      last.indices.push(component.index);
    } else if (groups.some((g) => g.name === name)) return null;
    else groups.push({ name, columns: [column], indices: [component.index] });
  }
  return groups.every((g) => isIndexRun(g.indices)) ? groups : null;
}

/**
 * `q1`, `q_1`, `$q_{1}$`, `q₁`: one entry of a vector, by letter and index. `d1`, `d2` are dimensions (d is a
 * width's letter), not a vector named d.
 */
function componentOf(header: string): { letter: string; index: number } | null {
  const m = /^([A-Za-z])_?\{?(\d{1,3})\}?$/.exec(
    plain(header).replace(/[₀-₉]/g, (d) => String(d.charCodeAt(0) - 0x2080)),
  );
  return m && m[1] !== 'd' ? { letter: m[1], index: Number(m[2]) } : null;
}

/**
 * `q`, `$\mathbf{q}_i$`, `k_j`, `V`, or a role's word (`Query`, `keys`, `查询向量`, `키`): the vector a column holds
 * for each token, as the matrix of their rows.
 */
function vectorColumnName(header: string): string | null {
  const name = plain(header);
  const m = /^([A-Za-z])(?:_\{?[ijtn]\}?)?$/.exec(name);
  if (m) return matrixOfVector(m[1]);
  return ROLE_WORDS.get(name.toLowerCase().replace(/(?:s|向量)$/, '')) ?? null;
}

/** Words for the three roles, English, Chinese and Korean, each with its matrix; plurals and 向量 are read past. */
const ROLE_WORDS = new Map<string, string>([
  ...['query', 'querie', '查询', '쿼리', '질의'].map((w): [string, string] => [w, 'Q']),
  ...['key', '键', '키'].map((w): [string, string] => [w, 'K']),
  ...['value', '值', '값'].map((w): [string, string] => [w, 'V']),
]);

/** The rows of a matrix are its letter's vectors: q_i are the rows of Q. */
function matrixOfVector(letter: string): string {
  return letter.toUpperCase();
}

/**
 * A header without emphasis, code or math delimiters or spaces, a symbol named as the math names it:
 * `**$\mathbf{q}_{i}$**` -> `q_i`.
 */
function plain(header: string): string {
  const s = unwrapped(header);
  return readSymbolEnd(s, 0, s.length) === s.length ? symbolName(s, 0, s.length) : s.replace(/\s+/g, '');
}

/** A cell without the emphasis, code or inline-math marks around it. */
function unwrapped(cell: string): string {
  let s = cell.trim();
  for (let guard = 0; guard < 4; guard++) {
    const m = /^(\*\*|__|\*|_|`|\$)([\s\S]*)\1$/.exec(s) ?? /^\\\(()([\s\S]*)\\\)$/.exec(s);
    if (!m || m[2].trim() === '') break;
    s = m[2].trim();
  }
  return s;
}

/** A number, a vector of numbers (`[1, 0]`, `(0.5, 2)`, `[1 0]`), or null. */
function cellValue(cell: string): Cell {
  const s = unwrapped(cell);
  // `%` is literal in a table, where TeX would read a comment.
  if (s === '' || s.includes('%')) return null;
  const n = parseNumber(s, 0, s.length);
  if (n !== undefined) return n;
  const vector = /^(?:\[([^[\]]*)\]|\(([^()]*)\))$/.exec(s);
  if (!vector) return null;
  const inner = (vector[1] ?? vector[2]).trim();
  const parts = inner.includes(',') ? inner.split(',') : inner.split(/\s+/);
  const values: number[] = [];
  for (const part of parts) {
    const v = parseNumber(part, 0, part.length);
    if (v === undefined) return null;
    values.push(v);
  }
  return values;
}
