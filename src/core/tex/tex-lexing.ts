// Character classes and small bounded readers shared by every TeX-aware scanner. Everything works on offsets into
// one string (no slicing per character) so callers stay linear.

export const BACKSLASH = 92;
export const DOLLAR = 36;
export const LBRACE = 123;
export const RBRACE = 125;
export const PERCENT = 37;
export const NEWLINE = 10;
export const CR = 13;

export function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Space, tab, line breaks and form feed: what TeX and Markdown both treat as blank. */
export function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
}

/** End of the control-word letters starting at `i` (the character after the backslash). */
export function controlWordEnd(text: string, i: number, end: number): number {
  while (i < end && isAsciiLetter(text.charCodeAt(i))) i++;
  return i;
}

export function skipBlanks(text: string, i: number, end: number): number {
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Given `text[open] === '{'`, the offset just after its matching `}`, or -1 when it is not closed before `end` or
 * `limit` characters. Escaped braces `\{` `\}` do not count.
 */
export function groupEnd(text: string, open: number, end: number, limit = Number.POSITIVE_INFINITY): number {
  const stop = Math.min(end, open + limit);
  let depth = 0;
  for (let i = open; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === LBRACE) depth++;
    else if (c === RBRACE && --depth === 0) return i + 1;
  }
  return -1;
}

/** `\begin{name}` or `\end{name}` at `i` (pointing at the backslash): the name and the offset after `}`. */
export function readEnvironmentName(
  text: string,
  braceAt: number,
  end: number,
): { name: string; after: number } | null {
  const i = skipBlanks(text, braceAt, end);
  if (text.charCodeAt(i) !== LBRACE) return null;
  // Environment names are short; a bounded search keeps a stray `\begin{` from scanning far.
  const stop = Math.min(end, i + 40);
  for (let close = i + 1; close < stop; close++) {
    const c = text.charCodeAt(close);
    if (c === RBRACE) return { name: text.slice(i + 1, close).trim(), after: close + 1 };
    if (c === LBRACE || c === BACKSLASH) return null;
  }
  return null;
}

/** Offset after `\end{name}` when `text` has it at `i`, else -1. */
export function endTagAt(text: string, i: number, name: string): number {
  if (!text.startsWith('\\end', i)) return -1;
  const env = readEnvironmentName(text, i + 4, text.length);
  return env && env.name === name ? env.after : -1;
}

export function collapseBlanks(s: string): string {
  return s.trim().replace(/\s+/g, ' ');
}
