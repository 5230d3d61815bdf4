// The headings of a document (Markdown `#` and setext headings, LaTeX sectioning commands), so that formulas can
// be grouped under the heading they belong to. Code blocks, front matter, comments and math are not headings.

import { groupEnd } from '../tex/tex-lexing';
import type { DocumentFormat, Located } from './document-model';
import { replaced } from './lists';
import { LineIndex, type TextOrigin } from './positions';
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
 * is the text's line index when the caller has one already; the preview calls this on every update, and when
 * `lines` came from an earlier table by an edit, a Markdown note's lines are read again only around that edit.
 */
export function findHeadings(
  text: string,
  format: DocumentFormat,
  regions: readonly Located[],
  lines: LineIndex = new LineIndex(text),
): Heading[] {
  const found = format === 'latex' ? latexHeadings(text) : markdownHeadings(text, lines);
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

/** One reading of a Markdown text's lines, kept per line table to read an edited version of the text. */
interface MarkdownPass {
  found: FoundHeading[];
  /**
   * Line starts where a code fence opened or closed, and the fence open for the lines after each (null: none).
   * Numbers and strings in two lists, so that moving the thousands of a large note after an edit copies no object.
   */
  fenceOffsets: number[];
  fences: (string | null)[];
  /** Where the lines read begin: after the front matter. */
  bodyStart: number;
  /** The text has no `\r`: lines end at `\n` only, and no search for `\r` need run to the end of the text. */
  lfOnly: boolean;
}

/** Keyed by a line table's `keepAsBase` key: a pass lives as long as a table whose text came from that one's. */
const passes = new WeakMap<object, MarkdownPass>();

function markdownHeadings(text: string, lines: LineIndex): FoundHeading[] {
  const known = lines.key && passes.get(lines.key);
  if (known) return known.found;
  const origin = lines.origin;
  const base = origin && passes.get(origin.base);
  let pass = base && origin ? resumedPass(text, base, origin) : null;
  // The base's lists were moved on to the resumed pass: no other pass resumes from them.
  if (pass && origin) passes.delete(origin.base);
  if (!pass) {
    const bodyStart = frontMatterEnd(text);
    const lfOnly = !text.includes('\r');
    const { found, fenceOffsets, fences } = readLines(text, bodyStart, null, lfOnly);
    pass = { found, fenceOffsets, fences, bodyStart, lfOnly };
  }
  passes.set(lines.keepAsBase(), pass);
  return pass.found;
}

/**
 * The pass over `text`, which is the text `base` read with [start, oldEnd) replaced by [start, newEnd): the lines
 * from the last blank line before the edit are read until, after the edit, a blank line leaves both readings in the
 * same state; the rest of `base` is moved, in place. Null when the front matter may have changed: the text is read
 * whole.
 */
function resumedPass(text: string, base: MarkdownPass, edit: TextOrigin): MarkdownPass | null {
  const bodyStart = frontMatterEnd(text);
  if (bodyStart !== base.bodyStart || edit.start <= bodyStart) return null;
  const from = blankLineBefore(text, edit.start, bodyStart);
  const delta = edit.newEnd - edit.oldEnd;
  const lfOnly = base.lfOnly && !text.slice(edit.start, edit.newEnd).includes('\r');
  const read = readLines(text, from, fenceBefore(base, from), lfOnly, { base, after: edit.newEnd, delta });
  // Read to the end: nothing of `base` after the edit is kept.
  const moved = read.metAt < 0 ? Number.POSITIVE_INFINITY : read.metAt - delta;
  const { found, fenceOffsets, fences } = base;
  const headingAt = (i: number) => found[i].offset;
  const [keptHeadings, movedHeadings] = [from, moved].map((o) => firstFrom(found.length, headingAt, o));
  const fenceAt = (i: number) => fenceOffsets[i];
  const [keptFences, movedFences] = [from, moved].map((o) => firstFrom(fenceOffsets.length, fenceAt, o));
  // The base's lists become this pass's, moved in place: a large note has tens of thousands of fences.
  for (let i = movedHeadings; i < found.length; i++) found[i].offset += delta;
  for (let i = movedFences; i < fenceOffsets.length; i++) fenceOffsets[i] += delta;
  return {
    found: replaced(found, keptHeadings, movedHeadings, read.found),
    fenceOffsets: replaced(fenceOffsets, keptFences, movedFences, read.fenceOffsets),
    fences: replaced(fences, keptFences, movedFences, read.fences),
    bodyStart,
    lfOnly,
  };
}

/** The start of the first line after the last blank line ending before the line holding `offset - 1`. */
function blankLineBefore(text: string, offset: number, bodyStart: number): number {
  let at = Math.max(bodyStart, lineStartBefore(text, offset - 1));
  while (at > bodyStart) {
    const previous = Math.max(bodyStart, lineStartBefore(text, at - 1));
    if (isBlank(text, previous, at - 1)) return at;
    at = previous;
  }
  return bodyStart;
}

/** The start of the line holding `offset` (`\r`, `\n` and `\r\n` end lines). */
function lineStartBefore(text: string, offset: number): number {
  let i = offset;
  // The break ending the previous line: a `\n`, or a `\r` not followed by `\n`.
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || (c === 13 && text.charCodeAt(i) !== 10)) break;
    i--;
  }
  return i;
}

/** The fence open at the start of the line at `offset`, in a pass's reading. */
function fenceBefore(pass: MarkdownPass, offset: number): string | null {
  const at = firstFrom(pass.fenceOffsets.length, (i) => pass.fenceOffsets[i], offset);
  return at === 0 ? null : pass.fences[at - 1];
}

/** The index of the first of `count` items at or after `offset`, `offsetOf` giving each item's, in order. */
function firstFrom(count: number, offsetOf: (i: number) => number, offset: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsetOf(mid) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Reads the lines from `from` (a line start after a blank line, inside `fence` or not). With `resume`, stops at a
 * line start after `resume.after` that follows a blank line and where `resume.base` had the same fence open:
 * `metAt` is that offset, or -1 when it read to the end.
 */
// Lines are walked with indexOf rather than split, and only a line that starts with a mark is matched: the
// preview reads the headings of a 5 MB note on every update.
function readLines(
  text: string,
  from: number,
  openFence: string | null,
  lfOnly: boolean,
  resume?: { base: MarkdownPass; after: number; delta: number },
): Pick<MarkdownPass, 'found' | 'fenceOffsets' | 'fences'> & { metAt: number } {
  const found: FoundHeading[] = [];
  const fenceOffsets: number[] = [];
  const fences: (string | null)[] = [];
  let fence = openFence;
  let previous: { start: number; end: number } | null = null;
  let blankLine = -1;
  const breaks = new LineBreaks(text, lfOnly);
  for (let start = from; ; start = breaks.next(start)) {
    if (resume && blankLine > resume.after && fence === fenceBefore(resume.base, start - resume.delta))
      return { found, fenceOffsets, fences, metAt: start };
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
      ) {
        fence = null;
        fenceOffsets.push(start);
        fences.push(fence);
      }
      previous = null;
    } else if (fenceMark) {
      fence = fenceMark;
      fenceOffsets.push(start);
      fences.push(fence);
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
    if (end >= text.length) return { found, fenceOffsets, fences, metAt: -1 };
    // Only a resumed reading needs to know: whether to stop is decided after a blank line.
    blankLine = resume && end > resume.after && isBlank(text, start, end) ? start : -1;
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
  private cr: number;

  /** `lfOnly`: the text is known to hold no `\r`. */
  constructor(
    private readonly text: string,
    lfOnly = false,
  ) {
    this.cr = lfOnly ? Number.POSITIVE_INFINITY : -1;
  }

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
