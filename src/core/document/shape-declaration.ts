// `\in \mathbb{R}^{l_q \times d_k}`: the part after `\in` that gives a symbol its shape, with the two dimensions
// as written (symbols or numbers). One- and three-dimensional sets are not shapes of a matrix and are skipped.
import * as lexing from '../tex/tex-lexing';

// Bound once at load: CommonJS transpilation (tests, benchmarks) would otherwise read every imported name
// through a property getter inside the hot loops.
const { BACKSLASH, collapseBlanks, controlWordEnd, groupEnd, LBRACE, RBRACE, skipBlanks } = lexing;

const SHAPE_LIMIT = 200;
const REALS_WORDS = ['R', 'reals', 'Reals', 'RR'];
const BLACKBOARD = ['mathbb', 'Bbb', 'mathbf', 'mathrm', 'mathbbm'];

/** Whether `text[start, end)` is one of `words`, compared in place. */
function isOneOf(text: string, start: number, end: number, words: readonly string[]): boolean {
  for (const word of words) if (word.length === end - start && text.startsWith(word, start)) return true;
  return false;
}

export interface ShapeRead {
  rows: string;
  cols: string;
  end: number;
}

/** Reads the set after `\in` (whose word ends at `i`). */
export function readShape(text: string, i: number, end: number): ShapeRead | null {
  const stop = Math.min(end, i + SHAPE_LIMIT);
  const afterSet = readReals(text, skipBlanks(text, i, stop), stop);
  if (afterSet === -1) return null;
  const caret = skipBlanks(text, afterSet, stop);
  if (text.charCodeAt(caret) !== 94) return null;
  const open = skipBlanks(text, caret + 1, stop);
  if (text.charCodeAt(open) !== LBRACE) return null;
  const close = groupEnd(text, open, stop);
  if (close === -1) return null;
  const dims = splitOnTimes(text, open + 1, close - 1);
  return dims && { rows: dims[0], cols: dims[1], end: close };
}

/** `\mathbb{R}`, `\mathbb R`, `\R`, `\reals`, `ℝ`: the offset after it, or -1. */
function readReals(text: string, i: number, stop: number): number {
  if (text.charCodeAt(i) === 0x211d) return i + 1;
  if (text.charCodeAt(i) !== BACKSLASH) return -1;
  const wordEnd = controlWordEnd(text, i + 1, stop);
  if (isOneOf(text, i + 1, wordEnd, REALS_WORDS)) return wordEnd;
  if (!isOneOf(text, i + 1, wordEnd, BLACKBOARD)) return -1;
  const at = skipBlanks(text, wordEnd, stop);
  if (text.charCodeAt(at) === 82) return at + 1;
  if (text.charCodeAt(at) !== LBRACE) return -1;
  const inner = skipBlanks(text, at + 1, stop);
  const close = skipBlanks(text, inner + 1, stop);
  return text.charCodeAt(inner) === 82 && text.charCodeAt(close) === RBRACE ? close + 1 : -1;
}

/**
 * The two parts of `text[start, end)` on either side of its one top-level `\times`, whitespace normalised, thin
 * spaces dropped; null when there are more or fewer, or one is empty.
 */
function splitOnTimes(text: string, start: number, end: number): [string, string] | null {
  let times = -1;
  let after = -1;
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === LBRACE) depth++;
    else if (c === RBRACE) depth--;
    else if (c === BACKSLASH) {
      const wordEnd = controlWordEnd(text, i + 1, end);
      if (depth === 0 && wordEnd - i === 6 && text.startsWith('times', i + 1)) {
        if (times !== -1) return null;
        times = i;
        after = wordEnd;
      }
      i = Math.max(i + 1, wordEnd - 1);
    }
  }
  if (times === -1) return null;
  const rows = dimension(text, start, times);
  const cols = dimension(text, after, end);
  return rows.length > 0 && cols.length > 0 ? [rows, cols] : null;
}

/** `text[start, end)` with thin spaces dropped and blanks collapsed. */
function dimension(text: string, start: number, end: number): string {
  // Most dimensions (`n`, ` d_k `) need no more than trimming: they are sliced without a regular expression.
  let s = start;
  let e = end;
  while (s < e && isPlainBlank(text.charCodeAt(s))) s++;
  while (e > s && isPlainBlank(text.charCodeAt(e - 1))) e--;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c > 126 || c < 32 || (c === 32 && text.charCodeAt(i + 1) === 32) || (c === BACKSLASH && i + 1 < end))
      return collapseBlanks(text.slice(start, end).replace(THIN_SPACE, ' '));
  }
  return text.slice(s, e);
}

const THIN_SPACE = /\\[,;:! ]/g;

function isPlainBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
