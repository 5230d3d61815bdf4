// Matrix literals inside math: the matrix environments (`bmatrix` ... `smallmatrix`, `array` with a column spec)
// and bracket arrays `[[1, 2], [3, 4]]`. Rows split on `\\` and `\cr`, cells on `&` (or commas in brackets), at
// brace depth 0 and outside nested environments. Every entry is parsed as a number; what is not a number is
// kept as NaN and listed with its place (marked when it is a broken number rather than a symbol), and rows of
// different lengths are listed, never padded.

import * as lexing from '../tex/tex-lexing';
import type { EnvironmentMatches } from './environments';
import * as numericEntries from './numeric-entry';

// Bound once at load: CommonJS transpilation (tests, benchmarks) would otherwise read every imported name
// through a property getter inside the hot loops.
const { commentEnd, isBlankEntry, isMalformedEntry, parseNumber } = numericEntries;
const { BACKSLASH, controlWordEnd, groupEnd, LBRACE, RBRACE, skipBlanks } = lexing;

export const MATRIX_FORMS: ReadonlySet<string> = new Set(
  ['bmatrix', 'pmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'matrix', 'smallmatrix', 'bsmallmatrix', 'psmallmatrix']
    .flatMap((n) => [n, `${n}*`])
    .concat(['array']),
);

export interface EntryFound {
  row: number;
  col: number;
  text: string;
  start: number;
  end: number;
  /** A broken number (`1.2.3`, `2 3`), not a symbol (`e_{1,1}`, `\vdots`) or an empty cell. */
  malformed: boolean;
}

export interface LiteralFound {
  form: string;
  start: number;
  end: number;
  rows: number;
  cols: number;
  values: number[][];
  raggedRows: number[];
  nonNumeric: EntryFound[];
  /** [start, end) of each row, for reporting a ragged row where it is. */
  rowSpans: [number, number][];
}

/**
 * The cells of the literal being read: [start, end) pairs, flat, and the end of each row's pairs. One table serves
 * every literal (reading one never starts another), so a matrix allocates only what the document keeps.
 */
const cells = {
  bounds: [] as number[],
  rowEnds: [] as number[],
  clear(): void {
    this.bounds.length = 0;
    this.rowEnds.length = 0;
  },
  endRow(): void {
    this.rowEnds.push(this.bounds.length);
  },
  /** Where row `r`'s pairs start in `bounds`. */
  rowStart(r: number): number {
    return r === 0 ? 0 : this.rowEnds[r - 1];
  },
};

/**
 * The literal of the environment `\begin{form}` at `begin` whose name ends at `bodyStart`; `close` is the
 * matching `\end` (its backslash) and `after` the offset after `\end{form}`.
 */
export function readEnvironmentMatrix(
  text: string,
  form: string,
  begin: number,
  bodyStart: number,
  close: number,
  after: number,
  environments: EnvironmentMatches,
): LiteralFound {
  let i = skipBlanks(text, bodyStart, close);
  // `array` has a column spec, the starred mathtools forms an optional alignment: neither is an entry.
  if (form === 'array' && text.charCodeAt(i) === LBRACE) {
    const specEnd = groupEnd(text, i, close);
    if (specEnd !== -1) i = specEnd;
  } else if (form.endsWith('*') && text.charCodeAt(i) === 91) {
    const bracket = text.indexOf(']', i);
    if (bracket !== -1 && bracket < close) i = bracket + 1;
  } else i = bodyStart;

  cells.clear();
  const { bounds } = cells;
  let cellStart = i;
  let depth = 0;
  while (i < close) {
    const c = text.charCodeAt(i);
    if (c === LBRACE) depth++;
    else if (c === RBRACE) depth--;
    else if (c === 38 && depth === 0) {
      bounds.push(cellStart, i);
      cellStart = i + 1;
    } else if (c === 37) {
      // A comment, in LaTeX and KaTeX alike, to the end of its line: its `&` and `\\` are words, and the cell
      // it ends skips it.
      i = commentEnd(text, i, close);
      continue;
    } else if (c === BACKSLASH) {
      if (text.charCodeAt(i + 1) === BACKSLASH) {
        if (depth === 0) {
          bounds.push(cellStart, i);
          cells.endRow();
          cellStart = skipRowSpacing(text, i + 2, close);
          i = cellStart;
          continue;
        }
        i += 2;
        continue;
      }
      const wordEnd = controlWordEnd(text, i + 1, close);
      if (wordEnd - i === 3 && text.startsWith('cr', i + 1) && depth === 0) {
        bounds.push(cellStart, i);
        cells.endRow();
        cellStart = wordEnd;
      } else if (wordEnd - i === 6 && text.startsWith('begin', i + 1)) {
        const nested = environments.get(i);
        if (nested) {
          i = nested.after;
          continue;
        }
      }
      i = Math.max(wordEnd, i + 2);
      continue;
    }
    i++;
  }
  bounds.push(cellStart, close);
  cells.endRow();
  // A trailing `\\` (or `\\ \hline`) leaves an empty last row that LaTeX does not draw.
  for (let r = cells.rowEnds.length - 1; r >= 0; r--) {
    const from = cells.rowStart(r);
    if (cells.rowEnds[r] - from !== 2 || !isBlankEntry(text, bounds[from], bounds[from + 1])) break;
    cells.rowEnds.pop();
    bounds.length = from;
  }
  const literal = literalOf(text, form, begin, after);
  return literal.nonNumeric.length === 0 ? literal : withDecimalCommas(text, literal);
}

/** An entry written with a plain decimal comma, `1,5` or `-0,25`, and nothing else. */
const PLAIN_DECIMAL_COMMA = /^[-+\u2212]?\d+,\d+$/;

/**
 * The literal with its entries written `1,5` read as decimal commas, where that is unambiguous: cells are split on
 * `&`, so the comma separates nothing, and no entry of the matrix writes a decimal point (a matrix mixing `1.5` and
 * `1,5` is a typo either way). Read only for an environment whose entries did not all parse, so costs nothing else.
 */
function withDecimalCommas(text: string, literal: LiteralFound): LiteralFound {
  const commas = literal.nonNumeric.filter((e) => PLAIN_DECIMAL_COMMA.test(e.text));
  if (commas.length === 0 || /\.\d/.test(text.slice(literal.start, literal.end))) return literal;
  let read = 0;
  for (const entry of commas) {
    const value = parseNumber(text, entry.start, entry.end, true);
    if (value === undefined) continue;
    literal.values[entry.row][entry.col] = value;
    read++;
  }
  if (read === 0) return literal;
  literal.nonNumeric = literal.nonNumeric.filter((e) => Number.isNaN(literal.values[e.row][e.col]));
  return literal;
}

/** After a row break: an optional spacing argument `\\[2pt]`. */
function skipRowSpacing(text: string, i: number, end: number): number {
  const at = skipBlanks(text, i, end);
  if (text.charCodeAt(at) !== 91) return i;
  for (let j = at + 1; j < Math.min(end, at + 20); j++) if (text.charCodeAt(j) === 93) return j + 1;
  return i;
}

/** `[[1, 2], [3, 4]]` at `i` (its first `[`), or null when the brackets do not form a matrix. */
export function readBracketArray(text: string, i: number, end: number): LiteralFound | null {
  let j = skipBlanks(text, i + 1, end);
  if (text.charCodeAt(j) !== 91) return null;
  cells.clear();
  for (;;) {
    // At a row's `[`.
    let cellStart = j + 1;
    let depth = 0;
    for (j = j + 1; ; j++) {
      if (j >= end) return null;
      const c = text.charCodeAt(j);
      if (c === LBRACE || c === 40) depth++;
      else if (c === RBRACE || c === 41) depth--;
      else if (c === 91) return null;
      else if (depth === 0 && (c === 44 || c === 93)) {
        cells.bounds.push(cellStart, j);
        cellStart = j + 1;
        if (c === 93) break;
      }
    }
    cells.endRow();
    j = skipBlanks(text, j + 1, end);
    const c = text.charCodeAt(j);
    if (c === 93) return literalOf(text, 'brackets', i, j + 1);
    if (c !== 44) return null;
    j = skipBlanks(text, j + 1, end);
    if (text.charCodeAt(j) !== 91) return null;
  }
}

/** The literal of the cells in `cells`. */
function literalOf(text: string, form: string, start: number, end: number): LiteralFound {
  const { bounds, rowEnds } = cells;
  const rows = rowEnds.length;
  let cols = 0;
  for (let r = 0; r < rows; r++) cols = Math.max(cols, (rowEnds[r] - cells.rowStart(r)) / 2);
  const nonNumeric: EntryFound[] = [];
  // Sized once: the values are kept with the document.
  const values = new Array<number[]>(rows);
  const raggedRows: number[] = [];
  const rowSpans = new Array<[number, number]>(rows);
  for (let r = 0; r < rows; r++) {
    const first = cells.rowStart(r);
    const count = (rowEnds[r] - first) / 2;
    const rowValues = new Array<number>(count);
    for (let col = 0; col < count; col++) {
      const from = bounds[first + 2 * col];
      const to = bounds[first + 2 * col + 1];
      const value = parseNumber(text, from, to);
      if (value !== undefined) {
        rowValues[col] = value;
        continue;
      }
      const s = skipBlanks(text, from, to);
      let e = to;
      while (e > s && text.charCodeAt(e - 1) <= 32) e--;
      const malformed = isMalformedEntry(text.slice(from, to));
      nonNumeric.push({ row: r, col, text: text.slice(s, e), start: s, end: e, malformed });
      rowValues[col] = Number.NaN;
    }
    values[r] = rowValues;
    if (count !== cols) raggedRows.push(r);
    rowSpans[r] = [bounds[first], bounds[rowEnds[r] - 1]];
  }
  return { form, start, end, rows, cols, values, raggedRows, nonNumeric, rowSpans };
}
