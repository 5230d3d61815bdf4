// Splits TeX math into tokens with their offsets, the first stage of reading a formula.

export type Token =
  /** A control sequence: `\frac` has name `frac`, `\\` has name `\`, `\|` has name `|`. */
  | { kind: 'command'; name: string; start: number; end: number; spaceBefore: boolean }
  /** A number: digits with an optional decimal part. */
  | { kind: 'number'; text: string; start: number; end: number; spaceBefore: boolean }
  /** Any other single character: a letter, an operator, a brace. */
  | { kind: 'char'; text: string; start: number; end: number; spaceBefore: boolean }
  | { kind: 'eof'; start: number; end: number; spaceBefore: boolean };

const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';
/** Blanks, with the no-break and ideographic spaces pasted from web pages and Chinese editors. */
const isSpace = (c: string) =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '~' || c === '\u00a0' || c === '\u3000';

export function tokenize(tex: string, limit = Number.POSITIVE_INFINITY): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let spaceBefore = false;
  // Stopping at the limit keeps a megabyte-long formula from being read in full only to be refused.
  while (i < tex.length && tokens.length <= limit) {
    const c = tex[i];
    const start = i;
    if (isSpace(c)) {
      spaceBefore = true;
      i++;
      continue;
    }
    if (c === '%') {
      while (i < tex.length && tex[i] !== '\n') i++;
      spaceBefore = true;
      continue;
    }
    if (c === '\\') {
      i++;
      if (i < tex.length && isLetter(tex[i])) {
        while (i < tex.length && isLetter(tex[i])) i++;
      } else if (i < tex.length) {
        i++;
      }
      tokens.push({ kind: 'command', name: tex.slice(start + 1, i), start, end: i, spaceBefore });
    } else if (isDigit(c) || (c === '.' && isDigit(tex[i + 1] ?? ''))) {
      while (i < tex.length && isDigit(tex[i])) i++;
      if (tex[i] === '.' && isDigit(tex[i + 1] ?? '')) {
        i++;
        while (i < tex.length && isDigit(tex[i])) i++;
      }
      tokens.push({ kind: 'number', text: tex.slice(start, i), start, end: i, spaceBefore });
    } else {
      // Whole code points, so a letter outside the BMP stays one token.
      const cp = tex.codePointAt(i) ?? 0;
      i += cp > 0xffff ? 2 : 1;
      tokens.push({ kind: 'char', text: tex.slice(start, i), start, end: i, spaceBefore });
    }
    spaceBefore = false;
  }
  tokens.push({ kind: 'eof', start: tex.length, end: tex.length, spaceBefore });
  return tokens;
}

export { isLetter };
