// Math escaped for Markdown, as some editors export it: `\\(..\\)` and `\\[..\\]`, whose TeX has every backslash
// before punctuation doubled (`\\\\` for a row break). Markdown removes the escapes and leaves `\(..\)` for the page's
// math renderer; the TeX read is the TeX that renderer sees.

export const ESCAPED_INLINE = '\\\\(';
export const ESCAPED_DISPLAY = '\\\\[';

export function isEscapedDelimiter(delimiter: string): boolean {
  return delimiter === ESCAPED_INLINE || delimiter === ESCAPED_DISPLAY;
}

/** `text[start, end)` with CommonMark's backslash escapes removed, and the document offset of each of its offsets. */
export function unescapeMarkdown(
  text: string,
  start: number,
  end: number,
): { text: string; toSource: (offset: number) => number } {
  const sources: number[] = [];
  let out = '';
  let from = start;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) !== 92 || i + 1 >= end || !isAsciiPunctuation(text.charCodeAt(i + 1))) continue;
    out += text.slice(from, i);
    for (let k = from; k < i; k++) sources.push(k);
    from = i + 1;
    i++;
  }
  out += text.slice(from, end);
  for (let k = from; k <= end; k++) sources.push(k);
  return { text: out, toSource: (offset) => sources[Math.min(Math.max(offset, 0), sources.length - 1)] };
}

function isAsciiPunctuation(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}
