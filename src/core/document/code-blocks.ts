// The code of a Markdown note, outside its math: fenced blocks (a notebook's code cells and their outputs are
// written as such blocks) and code spans in prose, in document order. A block's lines are joined into statements
// the way Python continues them (inside open brackets), with comments dropped, so a matrix written over several
// lines (`x = [\n  [1, 0], # token 1\n  [0, 1]\n]`) is one statement.
import type { MathRegion } from './document-model';
import { spanAt } from './spans';

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

const byRegions = new WeakMap<readonly MathRegion[], { text: string; code: CodeText }>();

/**
 * The code of `text` outside `regions`. Never throws. Remembered for the regions of one scan, which the evaluation,
 * the definitions and the printed-value checks all read.
 */
export function codeText(text: string, regions: readonly MathRegion[]): CodeText {
  const known = byRegions.get(regions);
  if (known?.text === text) return known.code;
  const code = readCode(text, regions);
  byRegions.set(regions, { text, code });
  return code;
}

function readCode(text: string, regions: readonly MathRegion[]): CodeText {
  if (!text.includes('`') && !text.includes('~~~')) return { statements: [], blocks: [] };
  const statements: CodeStatement[] = [];
  const blocks: CodeBlock[] = [];
  const outsideMath = (offset: number) => spanAt(regions, offset) === undefined;
  const fenced: [number, number][] = [];
  for (const m of text.matchAll(FENCE)) {
    if (!outsideMath(m.index)) continue;
    fenced.push([m.index, m.index + m[0].length]);
    const info = m[1].trim().toLowerCase();
    const start = m.index + m[0].indexOf('\n') + 1;
    const body = m[2];
    const output =
      OUTPUT_INFO.test(info) || (info === '' && PRINTED.test(body) && !CODE_LIKE.test(body) && blocks.length > 0);
    blocks.push({ info, start, end: start + body.length, text: body, output });
    if (!output) statementsOf(body, start, blocks.length - 1, statements);
  }
  // Both in document order: one pass finds whether a span is inside a fenced block.
  let f = 0;
  for (const m of text.matchAll(CODE_SPAN)) {
    while (f < fenced.length && fenced[f][1] <= m.index) f++;
    if (!outsideMath(m.index) || (f < fenced.length && fenced[f][0] <= m.index)) continue;
    statements.push({
      text: m[1],
      start: m.index + 1,
      end: m.index + m[0].length - 1,
      span: true,
      indented: false,
      block: -1,
    });
  }
  statements.sort((a, b) => a.start - b.start);
  return { statements, blocks };
}

/** The statements of a block's `body` starting at document offset `at`. */
function statementsOf(body: string, at: number, block: number, out: CodeStatement[]): void {
  let parts: string[] = [];
  let start = -1;
  let end = 0;
  let depth = 0;
  let indented = false;
  let offset = at;
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
    if (text.length <= MAX_STATEMENT) out.push({ text, start, end, span: false, indented, block });
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
