// The headings of a document (Markdown `#` and setext headings, LaTeX sectioning commands), so that formulas can
// be grouped under the heading they belong to. Code blocks, front matter, comments and math are not headings.

import { groupEnd } from '../tex/tex-lexing';
import type { DocumentFormat, Located } from './document-model';
import { LineIndex } from './positions';
import { spanAt } from './spans';

export interface Heading {
  /** 1 for the document's top level, counting down the levels it actually uses. */
  level: number;
  text: string;
  line: number;
  offset: number;
}

/**
 * `regions` are the document's math regions, sorted: a `#` line inside `$$ .. $$` is TeX, not a heading. `lines`
 * is the text's line index when the caller has one already; the preview calls this on every update.
 */
export function findHeadings(
  text: string,
  format: DocumentFormat,
  regions: readonly Located[],
  lines: LineIndex = new LineIndex(text),
): Heading[] {
  const found = format === 'latex' ? latexHeadings(text) : markdownHeadings(text);
  const outside = found.filter((h) => spanAt(regions, h.offset) === undefined);
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

/** Characters a heading, underline or fence line can start with (after up to three spaces). */
const LINE_MARKS = new Set(['#', '=', '-', '`', '~']);

// Lines are walked with indexOf rather than split, and only a line that starts with a mark is matched: the
// preview reads the headings of a 5 MB note on every update.
function markdownHeadings(text: string): FoundHeading[] {
  const found: FoundHeading[] = [];
  let fence: string | null = null;
  let previous: { start: number; end: number } | null = null;
  const breaks = new LineBreaks(text);
  for (let start = frontMatterEnd(text); ; start = breaks.next(start)) {
    const end = breaks.endOf(start);
    let first = start;
    while (first < end && first - start < 4 && text.charCodeAt(first) === 32) first++;
    const line = first - start < 4 && LINE_MARKS.has(text[first]) ? text.slice(start, end) : null;
    const fenceMark = line === null ? undefined : FENCE.exec(line)?.[1];
    if (fence !== null) {
      if (
        fenceMark &&
        fenceMark[0] === fence[0] &&
        fenceMark.length >= fence.length &&
        !line?.trim().slice(fenceMark.length)
      )
        fence = null;
      previous = null;
    } else if (fenceMark) {
      fence = fenceMark;
      previous = null;
    } else {
      const atx = line === null ? null : ATX.exec(line);
      const underline = line === null || atx || !previous ? null : SETEXT.exec(line);
      if (atx) {
        found.push({ rank: atx[1].length, text: (atx[2] ?? '').trim(), offset: start });
        previous = null;
      } else if (underline && previous) {
        // Only the paragraph's last line is kept as the heading's text: a multi-line setext heading is rare.
        const heading = text.slice(previous.start, previous.end).trim();
        found.push({ rank: underline[1][0] === '=' ? 1 : 2, text: heading, offset: previous.start });
        previous = null;
      } else {
        previous = !text.startsWith('    ', start) && !isBlank(text, start, end) ? { start, end } : null;
      }
    }
    if (end >= text.length) return found;
  }
}

/** Whether [start, end) holds only whitespace; read in place, as most lines of a note are not headings. */
function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!/\s/.test(text[i])) return false;
  return true;
}

/** Front matter is a `---` block on the very first line; its keys are not setext headings. */
function frontMatterEnd(text: string): number {
  const breaks = new LineBreaks(text);
  if (!text.startsWith('---') || breaks.endOf(0) !== 3) return 0;
  for (let at = breaks.next(0); at < text.length; at = breaks.next(at)) {
    if (breaks.endOf(at) - at === 3 && text.startsWith('---', at)) return breaks.next(at);
  }
  return 0;
}

/** Line ends of a text (`\r\n`, `\r` or `\n`), found with indexOf and remembered, so each is searched once. */
class LineBreaks {
  private lf = -1;
  private cr = -1;

  constructor(private readonly text: string) {}

  /** Where the line starting at `start` ends, before its line break. */
  endOf(start: number): number {
    if (this.lf < start && this.lf !== Number.POSITIVE_INFINITY) this.lf = this.find('\n', start);
    if (this.cr < start && this.cr !== Number.POSITIVE_INFINITY) this.cr = this.find('\r', start);
    return Math.min(this.lf, this.cr, this.text.length);
  }

  /** Where the line after the one starting at `start` starts. */
  next(start: number): number {
    const end = this.endOf(start);
    return end + (this.text.startsWith('\r\n', end) ? 2 : 1);
  }

  private find(ch: string, from: number): number {
    const at = this.text.indexOf(ch, from);
    return at < 0 ? Number.POSITIVE_INFINITY : at;
  }
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
