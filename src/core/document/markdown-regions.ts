// Math regions of a Markdown document in one forward pass.
//
// Block structure is decided at line starts (front matter, fenced and indented code, ```math fences, bare
// `\begin{equation}` blocks); everything else is read inline, left to right, so whichever construct starts first
// wins, as in markdown-it: a code span hides the `$` inside it, and math hides the backticks inside it.
// Inline `$` follows the currency rules of VS Code's Markdown math: the opening `$` is not followed by a blank,
// the closing one (the next unescaped `$`) is not preceded by a blank nor followed by a digit.
//
// Searches for a closing delimiter stop at the end of the paragraph. A search that fails is remembered for the
// rest of its paragraph, so adversarial input (`$$ $$ $$ ...`, thousands of backtick runs) stays linear.

import * as lexing from '../tex/tex-lexing';
import type { MathKind } from './document-model';
import { ESCAPED_DISPLAY, ESCAPED_INLINE, unescapeMarkdown } from './markdown-escapes';
import type { FoundProblem, FoundRegion, RegionScan } from './regions';
import * as regionKinds from './regions';
import { type Resume, ResyncRecorder } from './resync-points';
import * as scannedRegions from './scanned-region';

// Bound once at load: CommonJS transpilation (tests, benchmarks) would otherwise read every imported name
// through a property getter inside the hot loops.
const { DISPLAY_ENVIRONMENTS } = regionKinds;
const { ScannedRegion } = scannedRegions;
const { BACKSLASH, DOLLAR, isBlank, isDigit, NEWLINE, readEnvironmentName } = lexing;

const BACKTICK = 96;
const TILDE = 126;
const HASH = 35;
const GT = 62;

/**
 * The next occurrence of one character, found with the engine's substring search and remembered: the inline loop
 * and the closing searches ask for it again and again, and only a caller past it (or before where it was searched
 * from, after a failed search) searches again.
 */
class NextChar {
  private from = 0;
  private at = -1;

  constructor(
    private readonly text: string,
    private readonly char: string,
  ) {}

  /** The offset of the next occurrence at or after `i`, or the text's length. */
  after(i: number): number {
    if (i > this.at || i < this.from) {
      this.from = i;
      const at = this.text.indexOf(this.char, i);
      this.at = at === -1 ? this.text.length : at;
    }
    return this.at;
  }
}

/** White space and line terminators, as `String.prototype.trim` removes them. */
function isTrimmedSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** ASCII punctuation: what a backslash escapes in CommonMark. */
function isPunctuation(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

/** Which closing searches are remembered when they fail. */
enum Search {
  Dollar,
  DoubleDollar,
  Paren,
  Bracket,
  Gitlab,
  Comment,
  EscapedParen,
  EscapedBracket,
  Count,
}

interface Fence {
  char: number;
  length: number;
  isMath: boolean;
  /** Offset of the line after the opening fence. */
  bodyStart: number;
}

/**
 * Finds the regions of `text`, or with `resume` those from a point of a previous scan on until the scan meets that
 * scan again. Points are the starts of lines after a blank line: no closing search but an unclosed block's crosses
 * a blank line, so what was decided before such a line depends on the text before it alone.
 */
export function findMarkdownRegions(text: string, resume?: Resume): RegionScan {
  return new MarkdownScanner(text, resume).scan();
}

class MarkdownScanner {
  private readonly len: number;
  private readonly regions: FoundRegion[] = [];
  private readonly problems: FoundProblem[] = [];
  /** Where the current line's content starts (after indentation and `>` markers). */
  private contentStart = 0;
  private lineIsHeading = false;
  private paragraphOpen = false;
  private inList = false;
  private previousBlank = true;
  /** For each Search kind: [from, until) in which that closer is known to be absent. */
  private readonly absentFrom = new Array<number>(Search.Count).fill(-1);
  private readonly absentUntil = new Array<number>(Search.Count).fill(-1);
  /** Code-span closers: after one failed search, the last start of every backtick run length up to `until`. */
  private backtickRuns: { until: number; lastStart: Map<number, number> } | null = null;
  private readonly missingEnd = new Map<string, number>();
  private readonly resync: ResyncRecorder;
  // Where the inline loop and the closing searches stop.
  private readonly newline: NextChar;
  private readonly dollarSign: NextChar;
  private readonly backslashes: NextChar;
  private readonly backticks: NextChar;
  private readonly angles: NextChar;

  constructor(
    private readonly text: string,
    private readonly resume?: Resume,
  ) {
    this.len = text.length;
    this.newline = new NextChar(text, '\n');
    this.dollarSign = new NextChar(text, '$');
    this.backslashes = new NextChar(text, '\\');
    this.backticks = new NextChar(text, '`');
    this.angles = new NextChar(text, '<');
    this.resync = new ResyncRecorder(resume);
    this.inList = resume?.from?.state === 1;
  }

  scan(): RegionScan {
    const { text, len } = this;
    const from = this.resume?.from;
    let i = this.atLineStart(from ? from.offset : this.afterFrontMatter());
    while (i < len) {
      i = this.nextInlineStop(i);
      if (i >= len) break;
      switch (text.charCodeAt(i)) {
        case NEWLINE:
          i = this.atLineStart(i + 1);
          break;
        case BACKSLASH:
          i = this.backslash(i);
          break;
        case DOLLAR:
          i = this.dollar(i);
          break;
        case BACKTICK:
          i = this.codeSpan(i);
          break;
        default:
          i = this.htmlComment(i);
      }
    }
    return { regions: this.regions, problems: this.problems, macros: [], resync: this.resync };
  }

  /** The next `\n`, `$`, `\\`, backtick or `<` at or after `i`, or the text's length. */
  private nextInlineStop(i: number): number {
    return Math.min(
      this.newline.after(i),
      this.dollarSign.after(i),
      this.backslashes.after(i),
      this.backticks.after(i),
      this.angles.after(i),
    );
  }

  // ---- block structure -------------------------------------------------------------------------------------

  private afterFrontMatter(): number {
    const first = this.lineEnd(0);
    this.resync.lookahead(first + 1);
    if (!this.isLineOf(0, first, 45, 3)) return 0;
    for (let p = this.nextLine(first); p < this.len; ) {
      const end = this.lineEnd(p);
      if (this.isLineOf(p, end, 45, 3) || this.isLineOf(p, end, 46, 3)) return this.nextLine(end);
      p = this.nextLine(end);
    }
    this.resync.lookahead(Number.POSITIVE_INFINITY);
    return 0; // Never closed: a thematic break, not front matter.
  }

  /** Exactly `count` copies of `char`, then only blanks, on the line [start, end). */
  private isLineOf(start: number, end: number, char: number, count: number): boolean {
    let i = start;
    while (i < end && this.text.charCodeAt(i) === char) i++;
    return i - start === count && this.onlyBlanks(i, end);
  }

  /**
   * Handles the block-level start of the line at `p` and returns where inline scanning continues. Lines taken
   * whole by a block (blank lines, code, fences, bare environments) are consumed here.
   */
  private atLineStart(p: number): number {
    const { text, len } = this;
    while (p < len) {
      // After a blank line nothing is open but perhaps a list: a point where the scan can start or stop.
      if (
        this.previousBlank &&
        p >= this.resync.watch &&
        this.resync.at(p, this.inList ? 1 : 0, this.regions.length, this.problems.length, 0)
      )
        return len;
      let q = p;
      let indent = 0;
      for (; q < len; q++) {
        const c = text.charCodeAt(q);
        if (c === 32) indent++;
        else if (c === 9) indent += 4 - (indent % 4);
        else break;
      }
      if (this.isLineBreak(q)) {
        this.previousBlank = true;
        this.paragraphOpen = false;
        this.lineIsHeading = false;
        p = this.nextLine(this.lineEnd(q));
        continue;
      }
      if (indent >= 4 && !this.paragraphOpen && !this.inList) {
        p = this.nextLine(this.lineEnd(q)); // Indented code block.
        this.previousBlank = false;
        continue;
      }
      while (text.charCodeAt(q) === GT) {
        q++;
        while (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9) q++;
      }
      const c = text.charCodeAt(q);
      if (c === BACKTICK || c === TILDE) {
        const fence = this.fenceAt(q, this.lineEnd(q));
        if (fence) {
          p = this.skipFence(q, fence);
          this.paragraphOpen = false;
          this.previousBlank = false;
          continue;
        }
      }
      if (c === BACKSLASH && text.startsWith('\\begin', q)) {
        const after = this.bareEnvironment(q);
        if (after !== -1) {
          this.paragraphOpen = false;
          this.previousBlank = false;
          this.contentStart = after;
          return after;
        }
      }
      this.lineIsHeading = c === HASH && this.isHeading(q);
      if (this.isListItem(q)) this.inList = true;
      else if (indent === 0 && this.previousBlank) this.inList = false;
      this.paragraphOpen = !this.lineIsHeading;
      this.previousBlank = false;
      this.contentStart = q;
      return q;
    }
    return len;
  }

  private fenceAt(q: number, end: number): Fence | null {
    const { text } = this;
    const char = text.charCodeAt(q);
    let i = q;
    while (i < end && text.charCodeAt(i) === char) i++;
    const length = i - q;
    if (length < 3) return null;
    if (char === BACKTICK) for (let j = i; j < end; j++) if (text.charCodeAt(j) === BACKTICK) return null;
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    const isMath = text.startsWith('math', i) && (i + 4 >= end || isBlank(text.charCodeAt(i + 4)));
    return { char, length, isMath, bodyStart: this.nextLine(end) };
  }

  /** Skips a fenced block (recording ```math as a region) and returns the line after it. */
  private skipFence(open: number, fence: Fence): number {
    const { text, len } = this;
    // A closing line holds a run of `fence.length` fence characters after its indentation and `>` markers: code
    // lines without one are skipped by the engine's substring search, not read one by one.
    const run = text.slice(open, open + fence.length);
    for (let k = text.indexOf(run, fence.bodyStart); k !== -1; ) {
      const p = text.lastIndexOf('\n', k - 1) + 1;
      const end = this.lineEnd(k);
      let q = p;
      while (q < k && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9 || text.charCodeAt(q) === GT)) q++;
      let r = k;
      while (r < end && text.charCodeAt(r) === fence.char) r++;
      if (q === k && this.onlyBlanks(r, end)) {
        if (fence.isMath) {
          const texEnd = Math.max(fence.bodyStart, this.lineBreakBefore(p));
          this.addRegion('display', `${run}math`, open, r, fence.bodyStart, texEnd);
        }
        return this.nextLine(end);
      }
      k = end < len ? text.indexOf(run, end + 1) : -1;
    }
    if (fence.isMath) this.problem(open, open + fence.length + 4, 'The ```math block is never closed');
    return len;
  }

  /** `\begin{equation}` ... `\end{equation}` at a line start; returns the offset after it, or -1. */
  private bareEnvironment(q: number): number {
    const env = readEnvironmentName(this.text, q + 6, this.len);
    // The name may follow blank lines; the environment's end is searched to the end of the document.
    this.resync.lookahead(env ? env.after : Number.POSITIVE_INFINITY);
    if (!env || !DISPLAY_ENVIRONMENTS.has(env.name)) return -1;
    const closer = `\\end{${env.name}}`;
    const known = this.missingEnd.get(env.name);
    const close = known !== undefined && known <= q ? -1 : this.text.indexOf(closer, env.after);
    if (close === -1) {
      this.resync.lookahead(Number.POSITIVE_INFINITY);
      this.missingEnd.set(env.name, q);
      this.problem(q, env.after, `\\begin{${env.name}} is never closed by ${closer}`);
      return -1;
    }
    this.addRegion('display', `\\begin{${env.name}}`, q, close + closer.length, env.after, close);
    return close + closer.length;
  }

  private isHeading(q: number): boolean {
    let i = q;
    while (i - q < 7 && this.text.charCodeAt(i) === HASH) i++;
    return i - q <= 6 && (i >= this.len || isBlank(this.text.charCodeAt(i)));
  }

  private isListItem(q: number): boolean {
    const { text } = this;
    const c = text.charCodeAt(q);
    let i = q + 1;
    if (c === 45 || c === 42 || c === 43) return i >= this.len || isBlank(text.charCodeAt(i));
    if (!isDigit(c)) return false;
    while (i - q < 10 && isDigit(text.charCodeAt(i))) i++;
    const d = text.charCodeAt(i);
    return (d === 46 || d === 41) && (i + 1 >= this.len || isBlank(text.charCodeAt(i + 1)));
  }

  /** Whether the line at `p` continues the current paragraph (it is not blank and starts no fence or heading). */
  private continuesParagraph(p: number): boolean {
    const { text } = this;
    if (this.lineIsHeading) return false;
    let q = p;
    while (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9 || text.charCodeAt(q) === GT) q++;
    if (this.isLineBreak(q)) return false;
    const c = text.charCodeAt(q);
    if ((c === BACKTICK || c === TILDE) && this.fenceAt(q, this.lineEnd(q))) return false;
    return !(c === HASH && this.isHeading(q));
  }

  // ---- inline constructs -----------------------------------------------------------------------------------

  private backslash(i: number): number {
    const next = this.text.charCodeAt(i + 1);
    if (next === 40 || next === 91) {
      const display = next === 91;
      const kind = display ? Search.Bracket : Search.Paren;
      const close = this.findEscapedCloser(i + 2, display ? 93 : 41, kind);
      if (close !== -1) {
        this.addRegion(display ? 'display' : 'inline', display ? '\\[' : '\\(', i, close + 2, i + 2, close);
        return close + 2;
      }
      return i + 2;
    }
    if (next === BACKSLASH && this.text.charCodeAt(i - 1) !== BACKSLASH) {
      const third = this.text.charCodeAt(i + 2);
      if (third === 40 || third === 91) return this.escapedMath(i, third === 91);
    }
    return isPunctuation(next) ? i + 2 : i + 1;
  }

  /** `\\(..\\)` or `\\[..\\]` at `i`: math escaped for Markdown, read as the `\(..\)` Markdown leaves. */
  private escapedMath(i: number, display: boolean): number {
    const close = this.findDoublyEscapedCloser(i + 3, display ? 93 : 41, display);
    if (close === -1) return i + 2;
    const tex = unescapeMarkdown(this.text, i + 3, close).text;
    const delimiter = display ? ESCAPED_DISPLAY : ESCAPED_INLINE;
    this.regions.push(
      new ScannedRegion(i, close + 3, display ? 'display' : 'inline', delimiter, i + 3, close, undefined, tex),
    );
    return close + 3;
  }

  /**
   * The next `\\)` or `\\]` (given by its last character) that Markdown leaves as `\)` or `\]`: a run of
   * backslashes of 2, 6, .. before it (a run of 4 is an escaped row break `\\\\`, then the character).
   */
  private findDoublyEscapedCloser(from: number, last: number, display: boolean): number {
    const kind = display ? Search.EscapedBracket : Search.EscapedParen;
    if (this.known(kind, from)) return -1;
    const { text, len } = this;
    for (
      let i = Math.min(this.newline.after(from), this.backslashes.after(from));
      i < len;
      i = Math.min(this.newline.after(i + 1), this.backslashes.after(i + 1))
    ) {
      if (text.charCodeAt(i) === BACKSLASH) {
        let run = i;
        while (run < len && text.charCodeAt(run) === BACKSLASH) run++;
        if ((run - i) % 4 === 2 && text.charCodeAt(run) === last) return run - 2;
        i = run - 1;
      } else if (!this.continuesParagraph(i + 1)) return this.remember(kind, from, i);
    }
    return this.remember(kind, from, len);
  }

  private dollar(i: number): number {
    const { text } = this;
    const next = text.charCodeAt(i + 1);
    if (next === DOLLAR) {
      if (text.charCodeAt(i + 2) === DOLLAR) {
        // Three or more: not a delimiter. Skip the whole run so a long run costs one pass.
        let j = i + 3;
        while (text.charCodeAt(j) === DOLLAR) j++;
        return j;
      }
      const block = i === this.contentStart;
      if (block && this.strayDoubleDollar(i)) return i + 2;
      const close = this.findDoubleDollar(i + 2, block);
      if (close === -1) {
        // A block's closing search ran to the end of the document.
        if (block) this.resync.lookahead(Number.POSITIVE_INFINITY);
        this.problem(i, i + 2, 'Display math opened with $$ is never closed');
        return i + 2;
      }
      this.addRegion('display', '$$', i, close + 2, i + 2, close);
      return close + 2;
    }
    if (next === BACKTICK) {
      const close = this.findGitlabCloser(i + 2);
      if (close !== -1) {
        this.addRegion('inline', '$`', i, close + 2, i + 2, close);
        return close + 2;
      }
    }
    if (i + 1 >= this.len || isBlank(next)) return i + 1;
    const close = this.findDollar(i + 1);
    if (close === -1 || isDigit(text.charCodeAt(close + 1))) return i + 1;
    if (isBlank(text.charCodeAt(close - 1)) && !this.closesBeforeInline(close)) return i + 1;
    this.addRegion('inline', '$', i, close + 1, i + 1, close);
    return close + 1;
  }

  /**
   * `$a $$b$`: a `$` after a blank that is followed by `$` opening another inline formula, when no `$$` closes
   * in the paragraph. Read as two `$` formulas side by side, not as display math that never closes.
   */
  private closesBeforeInline(close: number): boolean {
    const { text } = this;
    const next = text.charCodeAt(close + 2);
    return (
      text.charCodeAt(close + 1) === DOLLAR &&
      next !== DOLLAR &&
      !isBlank(next) &&
      close + 2 < this.len &&
      this.findDoubleDollar(close + 2, false) === -1
    );
  }

  /**
   * A `$$` alone on the line after one that closed display math, whose own closer would be a `$$` in the middle
   * of a later line of prose: a doubled closer, which renderers show as text, not display math swallowing the
   * paragraphs that follow.
   */
  private strayDoubleDollar(i: number): boolean {
    const { text } = this;
    const lineEnd = text.indexOf('\n', i);
    const end = lineEnd === -1 ? this.len : lineEnd;
    if (!this.onlySpaces(i + 2, end)) return false;
    const last = this.regions[this.regions.length - 1];
    if (last?.delimiter !== '$$' || !this.onlySpaces(last.endOffset, i) || this.lineBreaks(last.endOffset, i) !== 1)
      return false;
    const close = this.findDoubleDollar(i + 2, true);
    if (close === -1) return false;
    const closeLineEnd = text.indexOf('\n', close);
    // The decision read past blank lines: a rescan must not start after this `$$` and before that line's end.
    this.resync.lookahead(closeLineEnd === -1 ? this.len : closeLineEnd + 1);
    const closeLineStart = text.lastIndexOf('\n', close) + 1;
    return (
      !this.onlySpaces(close + 2, closeLineEnd === -1 ? this.len : closeLineEnd) &&
      !this.onlySpaces(closeLineStart, close)
    );
  }

  /** Whether [start, end) holds only what `String.prototype.trim` removes. */
  private onlySpaces(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (!isTrimmedSpace(this.text.charCodeAt(i))) return false;
    return true;
  }

  /** How many `\n` [start, end) holds. */
  private lineBreaks(start: number, end: number): number {
    let count = 0;
    for (let i = this.text.indexOf('\n', start); i !== -1 && i < end; i = this.text.indexOf('\n', i + 1)) count++;
    return count;
  }

  private codeSpan(i: number): number {
    const { text, len } = this;
    let j = i + 1;
    while (j < len && text.charCodeAt(j) === BACKTICK) j++;
    const length = j - i;
    const memo = this.backtickRuns;
    if (memo && i < memo.until && (memo.lastStart.get(length) ?? -1) <= i) return j;
    const close = this.findBacktickRun(j, length);
    return close === -1 ? j : close + length;
  }

  private htmlComment(i: number): number {
    if (!this.text.startsWith('<!--', i)) return i + 1;
    const close = this.findRaw(i + 4, '-->', Search.Comment, i === this.contentStart);
    // An HTML comment block (at a line start) runs to the end of the document when it is not closed.
    if (close === -1) return i === this.contentStart ? this.len : i + 4;
    return close + 3;
  }

  // ---- closing searches: each stops at the paragraph end, and remembers when it found nothing ---------------

  private known(kind: Search, from: number): boolean {
    return from >= this.absentFrom[kind] && from < this.absentUntil[kind];
  }

  private remember(kind: Search, from: number, until: number): -1 {
    this.absentFrom[kind] = from;
    this.absentUntil[kind] = until;
    return -1;
  }

  /** The offset of the next unescaped `$`, or -1. */
  private findDollar(from: number): number {
    if (this.known(Search.Dollar, from)) return -1;
    const { len } = this;
    let close = this.dollarSign.after(from);
    while (close < len && this.escaped(close, from)) close = this.dollarSign.after(close + 1);
    const end = this.paragraphEndBefore(from, close);
    if (end !== -1) return this.remember(Search.Dollar, from, end);
    return close < len ? close : this.remember(Search.Dollar, from, len);
  }

  /** The next unescaped `$$`; a block opened at a line start may run across blank lines. */
  private findDoubleDollar(from: number, block: boolean): number {
    if (this.known(Search.DoubleDollar, from)) return -1;
    const { text, len } = this;
    let close = this.dollarSign.after(from);
    while (close < len && (text.charCodeAt(close + 1) !== DOLLAR || this.escaped(close, from)))
      close = this.dollarSign.after(close + 1);
    const end = block ? -1 : this.paragraphEndBefore(from, close);
    if (end !== -1) return this.remember(Search.DoubleDollar, from, end);
    return close < len ? close : this.remember(Search.DoubleDollar, from, len);
  }

  /**
   * Whether the character at `i` is escaped by the backslashes before it, counted from `from` on: of a run of
   * backslashes each escapes the next, so an odd run escapes `i`. (A backslash never escapes a line break.)
   */
  private escaped(i: number, from: number): boolean {
    let k = i;
    while (k > from && this.text.charCodeAt(k - 1) === BACKSLASH) k--;
    return ((i - k) & 1) === 1;
  }

  /** The first line break in [from, to) that ends the paragraph, or -1. */
  private paragraphEndBefore(from: number, to: number): number {
    for (let n = this.newline.after(from); n < to; n = this.newline.after(n + 1))
      if (!this.continuesParagraph(n + 1)) return n;
    return -1;
  }

  /** The next `\)` or `\]` (given by its second character) that is not itself escaped. */
  private findEscapedCloser(from: number, second: number, kind: Search): number {
    if (this.known(kind, from)) return -1;
    const { text, len } = this;
    for (
      let i = Math.min(this.newline.after(from), this.backslashes.after(from));
      i < len;
      i = Math.min(this.newline.after(i + 1), this.backslashes.after(i + 1))
    ) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) {
        if (text.charCodeAt(i + 1) === second) return i;
        if (text.charCodeAt(i + 1) !== NEWLINE) i++;
      } else if (c === NEWLINE && !this.continuesParagraph(i + 1)) return this.remember(kind, from, i);
    }
    return this.remember(kind, from, len);
  }

  private findGitlabCloser(from: number): number {
    return this.findRaw(from, '`$', Search.Gitlab, false);
  }

  /** The next occurrence of `closer`, taken literally; `unbounded` lets it run past paragraph ends. */
  private findRaw(from: number, closer: string, kind: Search, unbounded: boolean): number {
    if (this.known(kind, from)) return -1;
    const { text, len } = this;
    const first = closer.charCodeAt(0);
    for (let i = from; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c === first && text.startsWith(closer, i)) return i;
      if (c === NEWLINE && !unbounded && !this.continuesParagraph(i + 1)) return this.remember(kind, from, i);
    }
    return this.remember(kind, from, len);
  }

  /** The next run of exactly `length` backticks; on failure, notes every run length seen for later openers. */
  private findBacktickRun(from: number, length: number): number {
    const { text, len } = this;
    // Made at the first run of another length: most searches meet their closer first.
    let lastStart: Map<number, number> | null = null;
    for (let i = from; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c === BACKTICK) {
        let j = i + 1;
        while (j < len && text.charCodeAt(j) === BACKTICK) j++;
        if (j - i === length) return i;
        lastStart ??= new Map<number, number>();
        lastStart.set(j - i, i);
        i = j - 1;
      } else if (c === NEWLINE && !this.continuesParagraph(i + 1)) {
        this.backtickRuns = { until: i, lastStart: lastStart ?? new Map<number, number>() };
        return -1;
      }
    }
    this.backtickRuns = { until: len, lastStart: lastStart ?? new Map<number, number>() };
    return -1;
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private addRegion(
    kind: MathKind,
    delimiter: string,
    start: number,
    end: number,
    texStart: number,
    texEnd: number,
  ): void {
    this.regions.push(new ScannedRegion(start, end, kind, delimiter, texStart, texEnd));
  }

  private problem(start: number, end: number, message: string): void {
    this.problems.push({ start, end, message });
  }

  /** Offset of the `\n` ending the line containing `p` (or the text length). */
  private lineEnd(p: number): number {
    // Blank lines, the commonest case, end where they start.
    if (this.text.charCodeAt(p) === NEWLINE) return p;
    const e = this.text.indexOf('\n', p);
    return e === -1 ? this.len : e;
  }

  private nextLine(lineEnd: number): number {
    return Math.min(this.len, lineEnd + 1);
  }

  /** The end of the content of the line before the line starting at `p`, before its `\r\n` or `\n`. */
  private lineBreakBefore(p: number): number {
    const before = p - 1;
    return this.text.charCodeAt(before - 1) === 13 ? before - 1 : before;
  }

  /** At `q`: the end of the text or of the line (so a line holding only blanks before `q` is blank). */
  private isLineBreak(q: number): boolean {
    const c = this.text.charCodeAt(q);
    return (
      q >= this.len || c === NEWLINE || (c === 13 && (q + 1 >= this.len || this.text.charCodeAt(q + 1) === NEWLINE))
    );
  }

  private onlyBlanks(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (!isBlank(this.text.charCodeAt(i))) return false;
    return true;
  }
}
