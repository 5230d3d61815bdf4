// The place of every cell of a matrix environment in the document, so that a fix can rewrite single entries
// (keeping the user's environment and layout) and a finding can point at one row.
import type { MatrixLiteral } from './document-model';
import { commentEnd } from './numeric-entry';

/** Document offsets of a cell's text, blanks trimmed. */
export interface CellSpan {
  start: number;
  end: number;
}

/** The cells of an environment literal, row by row; null for bracket arrays or a body that cannot be found. */
export function literalCells(text: string, literal: MatrixLiteral): CellSpan[][] | null {
  const begin = `\\begin{${literal.form}}`;
  if (!text.startsWith(begin, literal.startOffset)) return null;
  const close = text.lastIndexOf('\\end{', literal.endOffset);
  if (close < literal.startOffset) return null;
  let i = literal.startOffset + begin.length;
  // `array` has a column spec, the starred forms an optional alignment: neither holds cells.
  const spec = /^\s*(\{[^{}]*\}|\[[^\]]*\])/.exec(text.slice(i, close));
  if (spec && (literal.form === 'array' || literal.form.endsWith('*'))) i += spec[0].length;

  const rows: CellSpan[][] = [];
  let row: CellSpan[] = [];
  let cellStart = i;
  let depth = 0;
  const endCell = (end: number) => row.push(trimmed(text, cellStart, end));
  while (i < close) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '&' && depth === 0) {
      endCell(i);
      cellStart = i + 1;
    } else if (c === '%') {
      // A comment runs to the end of its line, its `&` and `\\` included, as in the scan.
      i = commentEnd(text, i, close);
      continue;
    } else if (c === '\\') {
      if (text[i + 1] === '\\' && depth === 0) {
        endCell(i);
        rows.push(row);
        row = [];
        cellStart = i + 2;
      }
      i += 2;
      continue;
    }
    i++;
  }
  endCell(close);
  rows.push(row);
  // A trailing `\\` leaves an empty last row that LaTeX does not draw.
  const last = rows[rows.length - 1];
  if (rows.length > 1 && last.length === 1 && last[0].start === last[0].end) rows.pop();
  return rows;
}

function trimmed(text: string, start: number, end: number): CellSpan {
  let s = start;
  let e = end;
  while (s < e && text.charCodeAt(s) <= 32) s++;
  while (e > s && text.charCodeAt(e - 1) <= 32) e--;
  return { start: s, end: e };
}
