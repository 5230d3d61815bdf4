// Math regions of a LaTeX document in one forward pass: `$..$`, `$$..$$`, `\(..\)`, `\[..\]` and the display
// environments. Comments (`%` to the end of the line, but not `\%`) and verbatim-like environments are skipped,
// and macro definitions met outside math are collected on the way.
//
// Inline math and `\[..\]` cannot contain a blank line (TeX reports it as an error), so their searches stop there.
// A search that fails is remembered, so thousands of unclosed delimiters still cost one pass.

import * as macroDefinitions from '../tex/macros';
import * as lexing from '../tex/tex-lexing';
import type { MacroDefinition, MathKind } from './document-model';
import type { FoundProblem, FoundRegion, RegionScan } from './regions';
import * as regionKinds from './regions';
import { type Resume, ResyncRecorder } from './resync-points';
import * as scannedRegions from './scanned-region';

// Bound once at load: CommonJS transpilation (tests, benchmarks) would otherwise read every imported name
// through a property getter inside the hot loops.
const { isDefiningCommand, readDefinition } = macroDefinitions;
const { DISPLAY_ENVIRONMENTS, VERBATIM_ENVIRONMENTS } = regionKinds;
const { ScannedRegion } = scannedRegions;
const { BACKSLASH, controlWordEnd, DOLLAR, isBlank, NEWLINE, PERCENT, readEnvironmentName } = lexing;

// The characters the main loop stops at, found by the regular-expression engine's compiled loop (see the
// Markdown scanner): a character class with `test` allocates nothing and cannot backtrack.
const STOP = /[%\\$]/g;

/** A closing delimiter: a fixed string, and whether a blank line ends the search. */
interface Closer {
  text: string;
  stopAtBlankLine: boolean;
}

const INLINE_DOLLAR: Closer = { text: '$', stopAtBlankLine: true };
const DOUBLE_DOLLAR: Closer = { text: '$$', stopAtBlankLine: true };
const PAREN: Closer = { text: '\\)', stopAtBlankLine: true };
const BRACKET: Closer = { text: '\\]', stopAtBlankLine: true };

/**
 * Finds the regions of `text`, or with `resume` those from a point of a previous scan on until the scan meets that
 * scan again. Points are line starts between two constructs; searches that read past one are noted as lookahead.
 */
export function findLatexRegions(text: string, resume?: Resume): RegionScan {
  return new LatexScanner(text, resume).scan();
}

class LatexScanner {
  private readonly len: number;
  private readonly regions: FoundRegion[] = [];
  private readonly problems: FoundProblem[] = [];
  private readonly macros: MacroDefinition[] = [];
  /** Per closer text: [from, until) in which it is known to be absent, and how far the failed search read. */
  private readonly absent = new Map<string, [number, number, number]>();
  private readonly resync: ResyncRecorder;

  constructor(
    private readonly text: string,
    private readonly resume?: Resume,
  ) {
    this.len = text.length;
    this.resync = new ResyncRecorder(resume);
  }

  scan(): RegionScan {
    const { text, len } = this;
    let i = this.resume?.from?.offset ?? 0;
    while (i < len) {
      STOP.lastIndex = i;
      const stop = STOP.test(text) ? STOP.lastIndex - 1 : len;
      if (stop >= this.resync.watch && this.between(i, stop)) break;
      if (stop === len) break;
      i = stop;
      const c = text.charCodeAt(i);
      if (c === PERCENT) i = this.lineEnd(i);
      else if (c === DOLLAR) i = this.dollar(i);
      else i = this.backslash(i);
    }
    return { regions: this.regions, problems: this.problems, macros: this.macros, resync: this.resync };
  }

  /** Nothing is open in [from, stop]: its line starts are points. True when the scan met the previous one. */
  private between(from: number, stop: number): boolean {
    const { text, resync } = this;
    for (;;) {
      const at = Math.max(from, resync.watch);
      const line = at === 0 || text.charCodeAt(at - 1) === NEWLINE ? at : text.indexOf('\n', at) + 1;
      if (line === 0 && at > 0) return false;
      if (line > stop) return false;
      if (resync.at(line, 0, this.regions.length, this.problems.length, this.macros.length)) return true;
    }
  }

  private dollar(i: number): number {
    const display = this.text.charCodeAt(i + 1) === DOLLAR;
    const open = display ? 2 : 1;
    return this.delimited(i, open, display ? DOUBLE_DOLLAR : INLINE_DOLLAR, display ? 'display' : 'inline');
  }

  private backslash(i: number): number {
    const { text, len } = this;
    const next = text.charCodeAt(i + 1);
    if (next === 40) return this.delimited(i, 2, PAREN, 'inline');
    if (next === 91) return this.delimited(i, 2, BRACKET, 'display');
    const wordEnd = controlWordEnd(text, i + 1, len);
    if (wordEnd === i + 1) return i + 2;
    const word = text.slice(i + 1, wordEnd);
    if (word === 'begin') return this.environment(i, wordEnd);
    if (word === 'verb') return this.verb(wordEnd);
    if (isDefiningCommand(word)) {
      const read = readDefinition(text, i, wordEnd, len, word);
      if (read && 'definition' in read) this.macros.push(read.definition);
      else {
        // What is not a definition, or not a closed one, may have been read far ahead.
        this.resync.lookahead(Number.POSITIVE_INFINITY);
        if (read) this.problems.push(read.problem);
      }
      return read ? Math.max(read.end, wordEnd) : wordEnd;
    }
    return wordEnd;
  }

  /** Math opened at `i` by `open` characters and closed by `closer`. */
  private delimited(i: number, open: number, closer: Closer, kind: MathKind): number {
    const close = this.find(i + open, closer);
    const delimiter = this.text.slice(i, i + open);
    if (close === -1) {
      this.problems.push({ start: i, end: i + open, message: `Math opened with ${delimiter} is never closed` });
      return i + open;
    }
    this.regions.push(new ScannedRegion(i, close + closer.text.length, kind, delimiter, i + open, close));
    return close + closer.text.length;
  }

  private environment(i: number, wordEnd: number): number {
    const { text, len } = this;
    const env = readEnvironmentName(text, wordEnd, len);
    if (!env) {
      // The name is looked for after any blanks, blank lines included.
      this.resync.lookahead(Number.POSITIVE_INFINITY);
      return wordEnd;
    }
    const closer = `\\end{${env.name}}`;
    if (VERBATIM_ENVIRONMENTS.has(env.name)) {
      const close = text.indexOf(closer, env.after);
      if (close !== -1) return close + closer.length;
      this.resync.lookahead(Number.POSITIVE_INFINITY);
      this.problems.push({ start: i, end: env.after, message: `\\begin{${env.name}} is never closed by ${closer}` });
      return len;
    }
    const display = DISPLAY_ENVIRONMENTS.has(env.name);
    if (!display && env.name !== 'math') return env.after;
    const close = this.find(env.after, { text: closer, stopAtBlankLine: false });
    if (close === -1) {
      this.problems.push({ start: i, end: env.after, message: `\\begin{${env.name}} is never closed by ${closer}` });
      return env.after;
    }
    const kind = display ? 'display' : 'inline';
    this.regions.push(new ScannedRegion(i, close + closer.length, kind, `\\begin{${env.name}}`, env.after, close));
    return close + closer.length;
  }

  /** `\verb|...|` (or `\verb*`): skipped to its closing delimiter on the same line. */
  private verb(wordEnd: number): number {
    const { text } = this;
    let i = wordEnd;
    if (text.charCodeAt(i) === 42) i++;
    const delimiter = text.charCodeAt(i);
    if (i >= this.len || isBlank(delimiter)) return i;
    const lineEnd = this.lineEnd(i);
    for (let j = i + 1; j < lineEnd; j++) if (text.charCodeAt(j) === delimiter) return j + 1;
    return lineEnd;
  }

  /**
   * The offset of `closer` after `from`, skipping comments and escaped characters, or -1. A failed search is
   * remembered, so a later opener of the same kind before the same stopping point fails at once.
   */
  private find(from: number, closer: Closer): number {
    const known = this.absent.get(closer.text);
    if (known && from >= known[0] && from < known[1]) {
      this.resync.lookahead(known[2]);
      return -1;
    }
    const { text, len } = this;
    const first = closer.text.charCodeAt(0);
    for (let i = from; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c === first && text.startsWith(closer.text, i)) return i;
      if (c === BACKSLASH) i++;
      else if (c === PERCENT) i = this.lineEnd(i) - 1;
      else if (c === NEWLINE && closer.stopAtBlankLine) {
        const blankEnd = this.blankLineEnd(i + 1);
        if (blankEnd !== -1) return this.absentUntil(closer, from, i, blankEnd);
      }
    }
    return this.absentUntil(closer, from, len, Number.POSITIVE_INFINITY);
  }

  /** Remembers a failed search that read up to `reach`. */
  private absentUntil(closer: Closer, from: number, until: number, reach: number): -1 {
    this.absent.set(closer.text, [from, until, reach]);
    this.resync.lookahead(reach);
    return -1;
  }

  /** The end of the blank line at `p` (after its line break, or the document's end), or -1 when it is not blank. */
  private blankLineEnd(p: number): number {
    const q = skipBlanksInLine(this.text, p, this.len);
    if (q >= this.len) return Number.POSITIVE_INFINITY;
    return this.text.charCodeAt(q) === NEWLINE ? q + 1 : -1;
  }

  private lineEnd(p: number): number {
    const e = this.text.indexOf('\n', p);
    return e === -1 ? this.len : e;
  }
}

function skipBlanksInLine(text: string, p: number, len: number): number {
  let q = p;
  while (q < len) {
    const c = text.charCodeAt(q);
    if (c !== 32 && c !== 9 && c !== 13) break;
    q++;
  }
  return q;
}
