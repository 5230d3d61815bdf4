// Markdown pipe tables (GFM): a header row, a delimiter row (`| --- | :-: |`) and rows of cells, up to a blank line.
// Found from their delimiter rows, read again only around the edits since an earlier reading of the note; tables in
// math or fenced blocks are none. Cells split on pipes that are not escaped (`\|`), as GFM splits them before any
// inline parsing, so a pipe inside `$..$` splits too.
import type { ScannedDocument } from './document-model';
import { fencesOf, inFence } from './fenced-blocks';
import { type Earlier, readingOf } from './readings';
import { sourceOf } from './source-text';
import { spanAt } from './spans';
import { endsLine, type Matches, rematched } from './text-matches';

/** Where a table is: its cells are read from its text (`tableCells`), the same wherever it stands. */
export interface PipeTable {
  /** Document offsets of the header row's start and of the last row's end. */
  start: number;
  end: number;
  /** The line before the table (one blank line between allowed), which may name it; [0, 0) when none. */
  captionStart: number;
  captionEnd: number;
}

export interface TableCells {
  header: string[];
  /** The rows under the delimiter, each with as many cells as the header. */
  rows: string[][];
}

/** A delimiter row: dashes, perhaps with alignment colons, between pipes, up to three spaces of indent. */
const DELIMITER_ROW = /^ {0,3}(?=[^\n]*\|)\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*\r?$/gm;
/** More cells than a worked example needs (the bound of code's matrices): such a table is not read. */
const MAX_TABLE_CELLS = 512 * 512;
const nothing = () => null;

const byScan = new WeakMap<ScannedDocument, PipeTable[]>();

/** The pipe tables of a Markdown scan, in document order. */
export function pipeTablesOf(scan: ScannedDocument): PipeTable[] {
  let tables = byScan.get(scan);
  if (tables === undefined) {
    const text = sourceOf(scan)?.text;
    tables = text === undefined || scan.format !== 'markdown' ? [] : findTables(scan, text);
    byScan.set(scan, tables);
  }
  return tables;
}

function findTables(scan: ScannedDocument, text: string): PipeTable[] {
  const delimiters = readingOf(scan, 'table delimiter rows', (earlier: Earlier<Matches<null>> | undefined) =>
    rematched(earlier?.reading, text, earlier?.edit, DELIMITER_ROW, nothing, endsLine),
  );
  if (delimiters.count === 0) return [];
  const fences = fencesOf(scan);
  const tables: PipeTable[] = [];
  // A delimiter row inside a table already found (a row of dashes among its rows) starts none.
  let foundTo = -1;
  for (let d = 0; d < delimiters.count; d++) {
    const at = delimiters.starts[d];
    if (at < foundTo || at === 0 || spanAt(scan.regions, at) || inFence(fences, at)) continue;
    const start = lineStart(text, at - 1);
    if (isBlankLine(text, start, at - 1) || spanAt(scan.regions, start)) continue;
    let end = delimiters.ends[d];
    for (let i = end + 1; i < text.length; ) {
      const next = text.indexOf('\n', i);
      const lineEnd = next === -1 ? text.length : next;
      if (isBlankLine(text, i, lineEnd)) break;
      end = lineEnd;
      i = lineEnd + 1;
    }
    foundTo = end;
    const [captionStart, captionEnd] = captionLine(text, start);
    tables.push({ start, end, captionStart, captionEnd });
  }
  return tables;
}

/**
 * The cells of a table's text (a header line, a delimiter row, rows), or null when it is not one to read: the
 * delimiter's cells differ from the header's, a row's from both, or it holds more cells than MAX_TABLE_CELLS.
 */
export function tableCells(table: string): TableCells | null {
  const lines = table.split('\n');
  const header = cellsOf(lines[0]);
  if (lines.length < 2 || cellsOf(lines[1]).length !== header.length) return null;
  if (lines.length * header.length > MAX_TABLE_CELLS) return null;
  const rows: string[][] = [];
  for (let i = 2; i < lines.length; i++) {
    const row = cellsOf(lines[i]);
    if (row.length !== header.length) return null;
    rows.push(row);
  }
  return { header, rows };
}

/** The line before the table's header, past at most one blank line: [start, end), or [0, 0) when there is none. */
function captionLine(text: string, headerStart: number): [number, number] {
  let end = headerStart - 1;
  for (let blank = 0; end >= 0; blank++) {
    const start = lineStart(text, end);
    if (!isBlankLine(text, start, end)) return [start, end];
    if (blank === 1 || start === 0) break;
    end = start - 1;
  }
  return [0, 0];
}

/** The cells of a row, trimmed: split on unescaped pipes, without the outer ones. */
function cellsOf(line: string): string[] {
  const row = line.trim();
  const s = row.charCodeAt(0) === PIPE ? 1 : 0;
  const e = row.length > s && row.charCodeAt(row.length - 1) === PIPE && row.charCodeAt(row.length - 2) !== BACKSLASH;
  const end = e ? row.length - 1 : row.length;
  const cells: string[] = [];
  let cellStart = s;
  for (let i = s; i < end; i++) {
    const c = row.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === PIPE) {
      cells.push(row.slice(cellStart, i).trim());
      cellStart = i + 1;
    }
  }
  cells.push(row.slice(cellStart, end).trim());
  return cells;
}

const PIPE = 124;
const BACKSLASH = 92;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

function lineStart(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

function isBlankLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}
