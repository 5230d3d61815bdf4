// The code of a Markdown note, outside its math: fenced blocks (a notebook's code cells and their outputs are
// written as such blocks) and code spans in prose, in document order. A block's lines are joined into statements
// the way Python continues them (inside open brackets), with comments dropped, so a matrix written over several
// lines (`x = [\n  [1, 0], # token 1\n  [0, 1]\n]`) is one statement.
import type { MathRegion, ScannedDocument } from './document-model';
import { type Earlier, readingOf } from './readings';
import { sourceOf } from './source-text';
import { spanAt } from './spans';
import { endsLine, type Matches, rematched } from './text-matches';

/** One statement of code: a code span, or the lines of a block it runs over, joined. */
export interface CodeStatement {
  /** The statement's text on one line, without comments. */
  text: string;
  /** Document offsets of the statement's first and last characters (end excluded). */
  start: number;
  end: number;
  /** A code span in prose, where notes work arithmetic (`1 / 1.732 = 0.577`). */
  span: boolean;
  /** Inside a block, an indented statement belongs to a `def`, `for` or `class` above it: it runs later, or often. */
  indented: boolean;
  /** The block the statement is in, an index into `CodeText.blocks`; -1 for a code span. */
  block: number;
}

/** A fenced block: code, or what code printed (a notebook's outputs, or a block of output after a code block). */
export interface CodeBlock {
  /** The info string after the fence (`python`, `output`), lower case. */
  info: string;
  /** Document offsets of the block's content. */
  start: number;
  end: number;
  text: string;
  /** Whether the block holds only printed values: tensors, arrays, lists of numbers. */
  output: boolean;
}

export interface CodeText {
  statements: CodeStatement[];
  blocks: CodeBlock[];
}

const FENCE = /^(?:```|~~~)([^\n`]*)\n([\s\S]*?)^(?:```|~~~)[ \t]*$/gm;
const CODE_SPAN = /`([^`\n]+)`/g;
/** Info strings of blocks that show what code printed rather than code. */
const OUTPUT_INFO = /^(?:output|out|result|stdout|console|text)$/;
/** Text that is only printed values: `tensor(..)`, `array(..)`, `tf.Tensor(..)`, brackets of numbers, labels. */
const PRINTED = /(?:tensor|array|Tensor)\(|^\s*\[/m;
const CODE_LIKE = /^\s*(?:import|from|def|class|for|while|if|return|print)\b|\s=\s/m;
/** Statements longer than this are not read: worked examples are short. */
const MAX_STATEMENT = 20_000;
const MAX_STATEMENT_LINES = 200;

/**
 * A statement as its block or code span reads it, at offsets from the start of the block's content or of the span's
 * opening backtick: one object for every version of the note in which the block or span is unchanged, so that what
 * is made of its text is made once.
 */
export interface StatementText {
  text: string;
  start: number;
  end: number;
  span: boolean;
  indented: boolean;
  /** What the readers of code made of the text (code-statements.ts), kept with it. */
  parsed?: unknown;
}

/** A fenced block as read from its text alone. */
interface FenceRead {
  info: string;
  /** Offset of the content from the opening fence, and its length. */
  contentOffset: number;
  contentLength: number;
  /** Output whatever precedes it, by its info string. */
  outputInfo: boolean;
  /** Output when another block precedes it: unmarked, holding printed values and nothing like code. */
  printedLook: boolean;
  /** Its statements, at offsets from its content. */
  statements: StatementText[];
}

/** The fenced blocks (each opening fence with the next closing one) and code spans of a text, math not yet excluded. */
interface CodeMatches {
  fences: Matches<FenceRead>;
  spans: Matches<StatementText>;
}

const byRegions = new WeakMap<readonly MathRegion[], { text: string; code: CodeText }>();

/**
 * The code of `text` outside `regions`. Never throws. Remembered for the regions of one scan, which the evaluation,
 * the definitions and the printed-value checks all read.
 */
export function codeText(text: string, regions: readonly MathRegion[]): CodeText {
  const known = byRegions.get(regions);
  if (known?.text === text) return known.code;
  const code = new NoteCode(text, codeMatches(text), regions).codeText();
  byRegions.set(regions, { text, code });
  return code;
}

/** The fenced blocks of `text`, read again only around `edit` when `earlier` is the reading of the text before it. */
function fenceMatches(text: string, earlier?: Earlier<Matches<FenceRead>>): Matches<FenceRead> {
  const reads = new Map<string, FenceRead>();
  return rematched(earlier?.reading, text, earlier?.edit, FENCE, (m) => fenceRead(m, reads));
}

function codeMatches(text: string): CodeMatches {
  if (!text.includes('`') && !text.includes('~~~')) return { fences: NO_MATCHES, spans: NO_MATCHES };
  return { fences: fenceMatches(text), spans: spanMatches(text) };
}

function spanMatches(text: string, earlier?: Earlier<Matches<StatementText>>): Matches<StatementText> {
  const reads = new Map<string, StatementText>();
  return rematched(earlier?.reading, text, earlier?.edit, CODE_SPAN, (m) => spanRead(m, reads), endsLine);
}

const NO_MATCHES: Matches<never> = {
  length: 0,
  count: 0,
  starts: new Int32Array(0),
  ends: new Int32Array(0),
  items: [],
};

/** One read per distinct block text: a note that repeats a block shares it. */
function fenceRead(m: RegExpExecArray, reads: Map<string, FenceRead>): FenceRead {
  let read = reads.get(m[0]);
  if (!read) {
    const info = m[1].trim().toLowerCase();
    const body = m[2];
    const statements: StatementText[] = [];
    statementsOf(body, statements);
    read = {
      info,
      contentOffset: m[0].indexOf('\n') + 1,
      contentLength: body.length,
      outputInfo: OUTPUT_INFO.test(info),
      printedLook: info === '' && PRINTED.test(body) && !CODE_LIKE.test(body),
      statements,
    };
    reads.set(m[0], read);
  }
  return read;
}

function spanRead(m: RegExpExecArray, reads: Map<string, StatementText>): StatementText {
  let read = reads.get(m[1]);
  if (!read) {
    read = { text: m[1], start: 1, end: m[0].length - 1, span: true, indented: false };
    reads.set(m[1], read);
  }
  return read;
}

/** The fenced blocks and code spans of a scan's text, read again only around the edits since an earlier reading. */
function codeMatchesOf(scan: ScannedDocument, text: string): CodeMatches {
  if (!text.includes('`') && !text.includes('~~~')) return { fences: NO_MATCHES, spans: NO_MATCHES };
  return {
    fences: readingOf(scan, 'fences', (earlier: Earlier<Matches<FenceRead>> | undefined) =>
      fenceMatches(text, earlier),
    ),
    spans: readingOf(scan, 'code spans', (earlier: Earlier<Matches<StatementText>> | undefined) =>
      spanMatches(text, earlier),
    ),
  };
}

const byScan = new WeakMap<ScannedDocument, NoteCode | null>();

/** The code of a scanned Markdown note, outside its math; null when the scanner did not record its text. */
export function noteCode(scan: ScannedDocument): NoteCode | null {
  let code = byScan.get(scan);
  if (code === undefined) {
    const text = sourceOf(scan)?.text;
    code = text === undefined ? null : new NoteCode(text, codeMatchesOf(scan, text), scan.regions);
    byScan.set(scan, code);
  }
  return code;
}

/** The code of a note: its blocks and spans outside math, with their statements in document order. */
export class NoteCode {
  /** The index of the first block outside math (-1: none), once known: the blocks after it may be outputs. */
  private firstBlock: number | undefined;

  constructor(
    readonly text: string,
    private readonly matches: CodeMatches,
    private readonly regions: readonly MathRegion[],
  ) {}

  /**
   * Visits the statements in document order, at their offsets in the note: each block's unless it is in math or an
   * output, and each code span outside math and blocks. Those `wanted` rejects cost no look at the math around.
   */
  forEachStatement(
    visit: (st: StatementText, start: number, end: number) => void,
    wanted: (st: StatementText) => boolean = () => true,
  ): void {
    const { fences, spans } = this.matches;
    // A note that repeats a block or span shares its read: asked once for a run of them.
    let lastBlock: FenceRead | undefined;
    let blockWanted = false;
    let lastSpan: StatementText | undefined;
    let spanWanted = false;
    let f = 0;
    let s = 0;
    while (f < fences.count || s < spans.count) {
      if (s >= spans.count || (f < fences.count && fences.starts[f] < spans.starts[s])) {
        const read = fences.items[f];
        if (read !== lastBlock) {
          lastBlock = read;
          blockWanted = read.statements.some(wanted);
        }
        if (blockWanted && this.isBlock(f) && !this.isOutput(f)) {
          const at = fences.starts[f] + read.contentOffset;
          for (const st of read.statements) visit(st, at + st.start, at + st.end);
        }
        f++;
      } else {
        const st = spans.items[s];
        if (st !== lastSpan) {
          lastSpan = st;
          spanWanted = wanted(st);
        }
        const at = spans.starts[s];
        if (spanWanted && this.isCodeSpan(s)) visit(st, at + st.start, at + st.end);
        s++;
      }
    }
  }

  /** Every block and statement, as `codeText` gives them. */
  codeText(): CodeText {
    const { fences, spans } = this.matches;
    const statements: CodeStatement[] = [];
    const blocks: CodeBlock[] = [];
    for (let f = 0; f < fences.count; f++) {
      if (!this.isBlock(f)) continue;
      const read = fences.items[f];
      const start = fences.starts[f] + read.contentOffset;
      const output = this.isOutput(f);
      const text = this.text.slice(start, start + read.contentLength);
      blocks.push({ info: read.info, start, end: start + read.contentLength, text, output });
      if (output) continue;
      for (const st of read.statements) statements.push({ ...statementAt(st, start), block: blocks.length - 1 });
    }
    for (let s = 0; s < spans.count; s++)
      if (this.isCodeSpan(s)) statements.push({ ...statementAt(spans.items[s], spans.starts[s]), block: -1 });
    statements.sort((a, b) => a.start - b.start);
    return { statements, blocks };
  }

  private outsideMath(offset: number): boolean {
    return spanAt(this.regions, offset) === undefined;
  }

  /** Whether fenced block `f` is a block of the note's code: it does not open inside math. */
  private isBlock(f: number): boolean {
    return this.outsideMath(this.matches.fences.starts[f]);
  }

  private isOutput(f: number): boolean {
    const read = this.matches.fences.items[f];
    if (read.outputInfo) return true;
    if (!read.printedLook) return false;
    if (this.firstBlock === undefined) {
      const { fences } = this.matches;
      let first = 0;
      while (first < fences.count && !this.isBlock(first)) first++;
      this.firstBlock = first < fences.count ? first : -1;
    }
    return this.firstBlock >= 0 && f > this.firstBlock;
  }

  /** Whether span `s` is a code span of the prose: outside math, and not inside a block of the code. */
  private isCodeSpan(s: number): boolean {
    const at = this.matches.spans.starts[s];
    if (!this.outsideMath(at)) return false;
    const { fences } = this.matches;
    const f = lastAtOrBefore(fences.starts, fences.count, at);
    return f < 0 || at >= fences.ends[f] || !this.isBlock(f);
  }
}

const statementAt = (st: StatementText, at: number): Omit<CodeStatement, 'block'> => ({
  text: st.text,
  start: at + st.start,
  end: at + st.end,
  span: st.span,
  indented: st.indented,
});

/** Index of the last of `count` sorted offsets at or before `offset`, or -1. */
function lastAtOrBefore(offsets: Int32Array, count: number, offset: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The statements of a block's `body`, at offsets from its start. */
function statementsOf(body: string, out: StatementText[]): void {
  let parts: string[] = [];
  let start = -1;
  let end = 0;
  let depth = 0;
  let indented = false;
  let offset = 0;
  for (const line of body.split('\n')) {
    const code = withoutComment(line);
    const lineStart = offset;
    offset += line.length + 1;
    if (code.trim() === '' && depth === 0) continue;
    if (parts.length === 0) {
      start = lineStart + (code.length - code.trimStart().length);
      indented = /^\s/.test(code);
    }
    parts.push(code.trim());
    end = lineStart + code.trimEnd().length;
    depth = Math.max(0, depth + bracketBalance(code));
    if (depth > 0 && parts.length < MAX_STATEMENT_LINES) continue;
    const text = parts.join(' ');
    if (text.length <= MAX_STATEMENT) out.push({ text, start, end, span: false, indented });
    parts = [];
    depth = 0;
  }
}

/**
 * Visits each character of Python code outside string literals, in order, until `visit` returns true: the index
 * where it stopped, or -1.
 */
export function visitOutsideStrings(code: string, visit: (c: string, i: number) => boolean | undefined): number {
  let quote = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (visit(c, i)) return i;
  }
  return -1;
}

/** The line without a `#` comment; a `#` inside a string stays. */
function withoutComment(line: string): string {
  const hash = visitOutsideStrings(line, (c) => c === '#');
  return hash < 0 ? line : line.slice(0, hash);
}

/** Brackets opened minus brackets closed, outside strings. */
function bracketBalance(code: string): number {
  let n = 0;
  visitOutsideStrings(code, (c) => {
    if (c === '(' || c === '[' || c === '{') n++;
    else if (c === ')' || c === ']' || c === '}') n--;
    return false;
  });
  return n;
}

const FOR_TARGETS = /^\s*(?:async\s+)?for\s+(.+?)\s+in\b/;
const ASSIGNED = /^\s*([A-Za-z_][\w\s,()]*?)\s*(?:\[[^\]]*\]\s*)*(?:\*\*|\/\/|>>|<<|[-+*/@%&|^])?=(?!=)/;
const IN_PLACE = /^\s*([A-Za-z_]\w*)\.\w+_\(/;

/**
 * The names a statement gives new values to, however it does: `a = ..`, `a, b = ..`, `a += ..`, `a[i] = ..`,
 * `for a in ..`, an in-place method (`a.masked_fill_(..)`). A value read before such a statement is no longer it.
 */
export function assignedNames(statement: string): string[] {
  const m = FOR_TARGETS.exec(statement) ?? ASSIGNED.exec(statement) ?? IN_PLACE.exec(statement);
  if (!m) return [];
  return m[1].split(/[\s,()]+/).filter((n) => /^[A-Za-z_]\w*$/.test(n));
}
