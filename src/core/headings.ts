// The headings of a document (Markdown `#` and setext headings, LaTeX sectioning commands), so that formulas can
// be grouped under the heading they belong to. Code blocks, front matter, comments and math are not headings.
import type { DocumentFormat, Located } from './document-model';
import { LineIndex } from './positions';
import { groupEnd } from './tex-lexing';

export interface Heading {
  /** 1 for the document's top level, counting down the levels it actually uses. */
  level: number;
  text: string;
  line: number;
  offset: number;
}

/** `regions` are the document's math regions, sorted: a `#` line inside `$$ .. $$` is TeX, not a heading. */
export function findHeadings(text: string, format: DocumentFormat, regions: readonly Located[]): Heading[] {
  const lines = new LineIndex(text);
  const found = format === 'latex' ? latexHeadings(text) : markdownHeadings(text);
  const outside = found.filter((h) => !regions.some((r) => r.startOffset <= h.offset && h.offset < r.endOffset));
  const ranks = [...new Set(outside.map((h) => h.rank))].sort((a, b) => a - b);
  return outside.map((h) => ({
    level: ranks.indexOf(h.rank) + 1,
    text: h.text,
    line: lines.positionAt(h.offset).line,
    offset: h.offset,
  }));
}

interface FoundHeading {
  /** Smaller is higher: `#` is 1, `\part` is 0. */
  rank: number;
  text: string;
  offset: number;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

function markdownHeadings(text: string): FoundHeading[] {
  const found: FoundHeading[] = [];
  let fence: string | null = null;
  let offset = 0;
  let previous: { text: string; offset: number } | null = null;
  const lines = text.split(/\r\n|\r|\n/);
  // Front matter is a `---` block on the very first line; its keys are not setext headings.
  let i = 0;
  if (lines[0] === '---') {
    const close = lines.indexOf('---', 1);
    if (close > 0) {
      for (; i <= close; i++) offset += lines[i].length + lineBreakLength(text, offset + lines[i].length);
    }
  }
  for (; i < lines.length; i++) {
    const line = lines[i];
    const start = offset;
    offset += line.length + lineBreakLength(text, offset + line.length);
    const fenceMark = FENCE.exec(line)?.[1];
    if (fence !== null) {
      if (
        fenceMark &&
        fenceMark[0] === fence[0] &&
        fenceMark.length >= fence.length &&
        !line.trim().slice(fenceMark.length)
      )
        fence = null;
      previous = null;
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      previous = null;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      found.push({ rank: atx[1].length, text: (atx[2] ?? '').trim(), offset: start });
      previous = null;
      continue;
    }
    const underline = SETEXT.exec(line);
    if (underline && previous) {
      // Only the paragraph's last line is kept as the heading's text: a multi-line setext heading is rare.
      found.push({ rank: underline[1][0] === '=' ? 1 : 2, text: previous.text, offset: previous.offset });
      previous = null;
      continue;
    }
    previous = line.trim() && !line.startsWith('    ') ? { text: line.trim(), offset: start } : null;
  }
  return found;
}

function lineBreakLength(text: string, at: number): number {
  if (text.startsWith('\r\n', at)) return 2;
  return at < text.length ? 1 : 0;
}

const SECTIONING = ['part', 'chapter', 'section', 'subsection', 'subsubsection', 'paragraph'];
const LATEX_HEADING = /\\(part|chapter|section|subsection|subsubsection|paragraph)\b\*?\s*(?:\[[^\]]*\]\s*)?\{/g;

function latexHeadings(text: string): FoundHeading[] {
  const found: FoundHeading[] = [];
  for (const match of text.matchAll(LATEX_HEADING)) {
    const at = match.index;
    if (inComment(text, at)) continue;
    const open = at + match[0].length - 1;
    const close = groupEnd(text, open, text.length, 1000);
    if (close < 0) continue;
    found.push({ rank: SECTIONING.indexOf(match[1]), text: text.slice(open + 1, close - 1).trim(), offset: at });
  }
  return found;
}

/** Whether an unescaped `%` comes before `at` on its line. */
function inComment(text: string, at: number): boolean {
  const lineStart = Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1)) + 1;
  for (let i = lineStart; i < at; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '%') return true;
  }
  return false;
}
