// Checks the numbers a note prints against what its own definitions give. Each equation with a side that can be
// computed from what the note defined before it and a printed matrix or number on the next side is compared at
// the printed precision. Inputs are the author's previous PRINTED values, so one slip is reported once, where it
// happens; a later step that is right on the printed inputs but wrong on the corrected ones names the slip.

import {
  assignedNames,
  type CodeBlock,
  type CodeStatement,
  codeText,
  visitOutsideStrings,
} from '../document/code-blocks';
import type { MathRegion, Position, Range, ScannedDocument } from '../document/document-model';
import { LineIndex } from '../document/positions';
import { printedArrays } from '../document/printed-arrays';
import { presentsWrongWay } from '../document/prose';
import { numberTex } from '../numbers';
import { type Equation, type Expr, walk } from '../tex/expr';
import { computeValue, type Value } from './expr-values';
import { classifyRegion, definitionsOf } from './formula-inputs';
import { fromRows } from './matrix';
import { parsePythonLine } from './python-expr';

/** One printed entry that the computation does not round to. Rows and columns are 1-based. */
export interface PrintedCellDifference {
  row: number;
  col: number;
  printed: number;
  computed: number;
  /** Document offsets of the entry's text, when the literal's cells can be found. */
  startOffset?: number;
  endOffset?: number;
}

/** A definition a computed side read. */
export interface PrintedInput {
  name: string;
  /** 1-based line of the definition. */
  line: number;
}

export interface PrintedValueCheck {
  /** 1-based line of the printed value. */
  line: number;
  /** The symbol the value is printed for (`Q`, `S`), or the TeX of the computed side when it has no name. */
  name: string;
  /** The shape printed: 1 x 1 for a number. */
  rows: number;
  cols: number;
  /** Decimals the value is printed with (the most of any entry); 0 for integers. */
  decimals: number;
  agrees: boolean;
  differing: PrintedCellDifference[];
  /** The TeX of what the value was computed from (`X W_Q`, `\frac{QK^\top}{\sqrt{d_k}}`). */
  against: string;
  /** The definitions that computation read. */
  inputs: PrintedInput[];
  /** Line of an earlier printed value whose slip makes this one differ from the exact result, though it follows
   * correctly from what was printed before it. */
  causedBy?: number;
  /** The printed value in the document. */
  range: Range;
  startOffset: number;
  endOffset: number;
  /** The computed value written as the printed one is, at its precision: the quick fix of a value that differs. */
  replacement: string | null;
}

export interface PrintedValueOptions {
  /** The text the scan was made from: prose around a value says whether it is presented as a wrong way. */
  text: string;
  positionAt?: (offset: number) => Position;
  /** Matrices with more entries are not checked, so checking stays cheap beside the diagnostics. */
  maxEntries?: number;
}

/** Every printed value of the document that can be checked, in document order. Never throws. */
export function checkPrintedValues(scan: ScannedDocument, options: PrintedValueOptions): PrintedValueCheck[] {
  const steps = printedValueSteps(scan, options);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** The same checks in steps of one formula each, for callers that pause between them; returns the checks. */
export function printedValueSteps(
  scan: ScannedDocument,
  options: PrintedValueOptions,
): Generator<void, PrintedValueCheck[]> {
  return new PrintedValues(scan, options).steps();
}

/** What the note printed for a name, and what it should have been when it or its inputs slipped. */
interface Known {
  value: Value;
  line: number;
  decimals: number;
  /** The value computed from corrected inputs, when it differs from the printed one. */
  corrected?: Value;
  /** The line of the first slip this value differs by. */
  slip?: number;
}

interface FormulaDefinition {
  expr: Expr;
  /** The formula as written, TeX or code: what a value checked against it was computed from. */
  written: string;
}

/** Where a printed value is, how to point at its entries and how to write it corrected. */
interface PrintedPlace {
  start: number;
  end: number;
  locate(differing: PrintedCellDifference[]): PrintedCellDifference[];
  rewrite(differing: PrintedCellDifference[], decimals: number, exact: boolean): string | null;
}

/** How close above a printed value a line of code must end to be the formula the value prints. */
const CODE_NEARBY = 300;
const MAY_MATTER = /[=^]|\\(?:approx|simeq|doteq|coloneqq|top|intercal)/;
const PRINT = /^\s*print\(\s*([A-Za-z_]\w*)\s*\)\s*$/;
/** Float32 arithmetic of the library that printed an output: its last digits may differ from the exact value. */
const OUTPUT_SLACK = 1e-5;
/** `=` and `≈` between the sides of arithmetic in code; `==` and keyword arguments (`dim=-1`) are not. */
const CODE_RELATION = /\s(=|≈|~=)\s/g;
const IDENTIFIER = /^[A-Za-z_]\w*$/;
const MAX_CHAIN = 8;

/** A number or a list of numbers written in code, with its decimals; null for anything computed. */
function codePrinted(e: Expr, text: string): Printed | null {
  const rows = e.type === 'matrix' ? e.cells : e.type === 'list' ? [e.items] : [[e]];
  const values: number[][] = [];
  for (const row of rows) {
    const out = row.map(numberEntry);
    if (out.some((x) => x === null) || row.length !== rows[0].length || row.length === 0) return null;
    values.push(out as number[]);
  }
  const decimals = Math.max(0, ...[...text.matchAll(/\.(\d+)/g)].map((m) => m[1].length));
  return { values, cells: [], decimals };
}

/** The printed code value with the differing entries computed, as code writes it. */
function codeValueText(
  printed: Printed,
  differing: PrintedCellDifference[],
  decimals: number,
  exact: boolean,
  bracketed: boolean,
): string {
  const rows = printed.values.map((r) => r.map((x) => numberText(x, decimals, false)));
  for (const d of differing) rows[d.row - 1][d.col - 1] = numberText(d.computed, decimals, exact);
  const list = (r: string[]) => `[${r.join(', ')}]`;
  if (!bracketed) return rows[0][0];
  return printed.values.length === 1 ? list(rows[0]) : list(rows.map(list));
}

/** A statement of code, or a block of what code printed, in document order. */
type CodeEvent = { start: number; statement: CodeStatement } | { start: number; output: CodeBlock };

function codeEvents(text: string, regions: readonly MathRegion[]): CodeEvent[] {
  const { statements, blocks } = codeText(text, regions);
  const events: CodeEvent[] = statements.map((statement) => ({ start: statement.start, statement }));
  for (const output of blocks) if (output.output) events.push({ start: output.start, output });
  return events.sort((a, b) => a.start - b.start);
}

/** What a block of code shows, in order: each `print(..)` at its top level, then its last line when an expression. */
interface Displays {
  block: number;
  end: number;
  prints: (FormulaDefinition | null)[];
  last: FormulaDefinition | null;
  /** A print inside a loop or a function: how many values are printed cannot be told. */
  unclear: boolean;
}

/** The last argument of `print(..)` (`print("Keys:", keys)` shows `keys`): its text, null for none or a string. */
function printedArgument(statement: string): string | null | undefined {
  const m = /^print\s*\((.*)\)\s*;?\s*$/.exec(statement.trim());
  if (!m) return undefined;
  let depth = 0;
  let from = 0;
  const inner = m[1];
  visitOutsideStrings(inner, (c, i) => {
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) from = i + 1;
    return false;
  });
  const last = inner.slice(from).trim();
  return last === '' || /^[rbfu]?["']/i.test(last) || /^\w+\s*=/.test(last) ? null : last;
}

/** A printed number or matrix of numbers: its values and the TeX of each entry. */
interface Printed {
  values: number[][];
  cells: Expr[][];
  decimals: number;
  /** Relative slack beside the printed precision: outputs of code computed in float32. */
  slack?: number;
}

const RELATIONS = new Set(['=', '\\approx', '\\simeq', '\\doteq', ':=', '\\coloneqq']);
const APPROXIMATE = new Set(['\\approx', '\\simeq', '\\doteq']);
/** Regions longer than this are not read for printed values: worked examples are short. */
const MAX_REGION = 20_000;
const DEFAULT_MAX_ENTRIES = 4096;
/** Dimensions that follow from the latest attention formula's query when the note fixes no number for them. */
const QUERY_WIDTH = new Set(['d_k', 'd', 'd_q']);

const numberEntry = (e: Expr): number | null =>
  e.type === 'number' ? e.value : e.type === 'negate' && e.arg.type === 'number' ? -e.arg.value : null;

/** The printed number or matrix a side is, or null when it is anything else. */
function printedOf(e: Expr, tex: string): Printed | null {
  const cells = e.type === 'matrix' ? e.cells : numberEntry(e) !== null ? [[e]] : null;
  if (!cells || cells.length === 0) return null;
  const values: number[][] = [];
  let decimals = 0;
  for (const row of cells) {
    if (row.length !== cells[0].length) return null;
    const out: number[] = [];
    for (const cell of row) {
      const n = numberEntry(cell);
      if (n === null) return null;
      out.push(n);
      decimals = Math.max(decimals, /\.(\d+)/.exec(tex.slice(cell.start, cell.end))?.[1].length ?? 0);
    }
    values.push(out);
  }
  return { values, cells, decimals };
}

/** The query of the logits a formula writes (`Q K^\top`, alone or inside a softmax), or null. */
function queryOf(equations: readonly Equation[]): string | null {
  for (const eq of equations)
    for (const side of eq.sides)
      for (const n of walk(side))
        if (
          n.type === 'product' &&
          n.left.type === 'symbol' &&
          n.right.type === 'transpose' &&
          n.right.arg.type === 'symbol'
        )
          return n.left.name;
  return null;
}

const oneLine = (tex: string) => tex.replace(/\s+/g, ' ').trim();

const hasSymbols = (e: Expr) => [...walk(e)].some((n) => n.type === 'symbol' && n.name !== 'e');
const hasMatrix = (e: Expr) => [...walk(e)].some((n) => n.type === 'matrix');

function rowsOf(v: Value): number[][] {
  if (typeof v === 'number') return [[v]];
  const out: number[][] = [];
  for (let i = 0; i < v.rows; i++) out.push(Array.from(v.data.subarray(i * v.cols, (i + 1) * v.cols)));
  return out;
}

const valueFrom = (rows: number[][]): Value =>
  rows.length === 1 && rows[0].length === 1 ? rows[0][0] : fromRows(rows);

/** The printed entry `p` is the computed `x` written at `decimals`, within `units` of its last digit. */
function agreesAt(p: number, x: number, decimals: number, units: number, relative = 1e-9): boolean {
  if (Object.is(p, x) || p === x) return true;
  if (!Number.isFinite(p) || !Number.isFinite(x)) return false;
  const slack = relative * Math.max(1, Math.abs(x));
  return Math.abs(p - x) <= units * 10 ** -decimals + slack;
}

/** The entries that differ, or null when the shapes differ (then nothing is said). */
function differences(printed: Printed, computed: Value, units: number): PrintedCellDifference[] | null {
  const rows = rowsOf(computed);
  const p = printed.values;
  if (rows.length !== p.length || rows[0].length !== p[0].length) return null;
  const out: PrintedCellDifference[] = [];
  for (let i = 0; i < p.length; i++)
    for (let j = 0; j < p[i].length; j++)
      if (!agreesAt(p[i][j], rows[i][j], printed.decimals, units, printed.slack))
        out.push({ row: i + 1, col: j + 1, printed: p[i][j], computed: rows[i][j] });
  return out;
}

/**
 * A computed number at the printed precision, as TeX; a number claimed exact (an integer written with `=`) gets
 * the decimals it needs, up to four, since rounding it to an integer could give the printed text back.
 */
function numberText(x: number, decimals: number, exact: boolean): string {
  if (exact) return numberTex(x, 4);
  if (!Number.isFinite(x)) return numberTex(x, decimals);
  const s = x.toFixed(decimals);
  return /^-0(?:\.0*)?$/.test(s) ? s.slice(1) : s;
}

class PrintedValues {
  private readonly results: PrintedValueCheck[] = [];
  private readonly known = new Map<string, Known>();
  private readonly formulas = new Map<string, FormulaDefinition>();
  private readonly positionAt: (offset: number) => Position;
  private readonly maxEntries: number;
  /** The column count of the query of the latest attention formula, for `d_k` when the note gives no number. */
  private queryWidth: { value: number; line: number } | null = null;
  private lastCode: { definition: FormulaDefinition; end: number } | null = null;
  /** What the code block being read shows, for the output blocks after it. */
  private displays: Displays | null = null;
  private previousEnd = 0;
  /** The offset being read: definitions before it are in force. */
  private at = 0;
  private region!: MathRegion;
  /** Filled while one side is computed. */
  private inputs: PrintedInput[] = [];
  private rounded = false;
  private slip: number | undefined;
  private corrected = false;
  private depth = 0;

  constructor(
    private readonly scan: ScannedDocument,
    private readonly options: PrintedValueOptions,
  ) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    if (options.positionAt) this.positionAt = options.positionAt;
    else {
      const lines = new LineIndex(options.text);
      this.positionAt = (offset) => lines.positionAt(offset);
    }
  }

  *steps(): Generator<void, PrintedValueCheck[]> {
    yield;
    const code = this.scan.format === 'markdown' ? codeEvents(this.options.text, this.scan.regions) : [];
    let next = 0;
    const { regions } = this.scan;
    for (let index = 0; index < regions.length; index++) {
      yield;
      const region = regions[index];
      for (; next < code.length && code[next].start < region.startOffset; next++) this.codeEvent(code[next]);
      // Without a relation or a transpose a region neither defines, prints nor names a query: not read at all.
      if (region.tex.length > MAX_REGION || !MAY_MATTER.test(region.tex)) continue;
      const c = classifyRegion(this.scan, index);
      if (!c.formula) continue;
      this.region = region;
      this.at = region.startOffset;
      this.previousEnd = index > 0 ? this.scan.regions[index - 1].endOffset : 0;
      for (const eq of c.formula.equations) this.equation(eq);
      const query = queryOf(c.formula.equations);
      const q = query === null ? null : this.lookup(query);
      if (q !== null && typeof q !== 'number')
        this.queryWidth = { value: q.cols, line: this.lineAt(region.startOffset) };
    }
    for (; next < code.length; next++) this.codeEvent(code[next]);
    return this.results;
  }

  private codeEvent(event: CodeEvent): void {
    if ('output' in event) this.output(event.output);
    else this.statement(event.statement);
  }

  /** A statement of code, and what it shows when it prints or ends its block. */
  private statement(st: CodeStatement): void {
    if (st.span) {
      this.codeLine(st);
      return;
    }
    if (this.displays?.block !== st.block)
      this.displays = { block: st.block, end: st.end, prints: [], last: null, unclear: false };
    const displays = this.displays;
    displays.end = st.end;
    displays.last = null;
    // Whatever the statement assigns in a way not read is no longer what was known of it.
    const read = parsePythonLine(st.text);
    if (read?.target === null || !read || st.indented)
      for (const name of assignedNames(st.text)) {
        this.known.delete(name);
        this.formulas.delete(name);
      }
    const argument = printedArgument(st.text);
    if (st.indented) {
      // Inside a loop or a function: runs later, or many times.
      if (argument !== undefined) displays.unclear = true;
      this.lastCode = null;
      return;
    }
    this.codeLine(st);
    this.at = st.start;
    if (argument !== undefined) {
      displays.prints.push(argument === null ? null : this.shown(argument));
      return;
    }
    if (read && read.target === null) displays.last = this.shown(st.text);
  }

  /** What showing `text` shows: the formula of a name, or the expression itself. */
  private shown(text: string): FormulaDefinition | null {
    const read = parsePythonLine(text);
    if (!read || read.target !== null) return null;
    const name = read.expr.type === 'symbol' ? read.expr.name : null;
    return (name !== null ? this.formulas.get(name) : undefined) ?? { expr: read.expr, written: text.trim() };
  }

  /**
   * A block of what the code above printed (a notebook's outputs, a block of output under code): each array is
   * checked against what the code shows, in order, when the counts leave no doubt which shows which.
   */
  private output(block: CodeBlock): void {
    const displays = this.displays;
    if (!displays || displays.unclear || block.start - displays.end > CODE_NEARBY) return;
    const arrays = printedArrays(block.text);
    let shown: (FormulaDefinition | null)[];
    if (arrays.length === displays.prints.length) {
      shown = displays.prints;
      displays.prints = [];
    } else if (displays.prints.length === 0 && displays.last && arrays.length === 1) {
      shown = [displays.last];
      displays.last = null;
    } else {
      displays.unclear = true;
      return;
    }
    this.at = block.start;
    this.previousEnd = block.start;
    arrays.forEach((array, i) => {
      const source = shown[i];
      if (!source) return;
      const printed: Printed = { values: array.values, cells: [], decimals: array.decimals, slack: OUTPUT_SLACK };
      const name = parsePythonLine(source.written)?.target ?? source.written;
      this.judge(source.expr, source.written, printed, '=', name, {
        start: block.start + array.start,
        end: block.start + array.end,
        locate: (differing) => differing,
        rewrite: () => null,
      });
    });
    this.lastCode = null;
  }

  /** A line of code: a definition (`Q = np.array(..)`, `scores = Q @ K.T`) and the formula a value below prints. */
  private codeLine(line: CodeStatement): void {
    this.at = line.start;
    if (line.span && this.codeChain(line)) return;
    const read = parsePythonLine(line.text);
    if (!read) {
      // `print(scores)` shows what `scores` computed; any other line that is not read hides older code.
      const printed = PRINT.exec(line.text)?.[1];
      const shown = printed === undefined ? undefined : this.formulas.get(printed);
      if (shown) this.lastCode = { definition: shown, end: line.end };
      else if (!/^\s*(?:#.*)?$/.test(line.text)) this.lastCode = null;
      return;
    }
    const definition = { expr: read.expr, written: line.text.trim() };
    this.lastCode = { definition, end: line.end };
    // `x = torch.tensor(x, dtype=torch.float32)` keeps the values x has.
    if (read.target === null || (read.expr.type === 'symbol' && read.expr.name === read.target)) return;
    const value = codePrinted(read.expr, line.text) ? this.compute(read.expr) : null;
    if (value !== null) {
      const decimals = Math.max(0, ...[...line.text.matchAll(/\.(\d+)/g)].map((m) => m[1].length));
      this.known.set(read.target, { value, line: this.lineAt(line.start), decimals });
      this.formulas.delete(read.target);
    } else {
      this.formulas.set(read.target, definition);
      this.known.delete(read.target);
    }
  }

  /**
   * Arithmetic worked in a code span, `1 / 1.732 = 0.577` or `z1 = [0.61, 0.61, 0.78]` under z1's formula: each
   * printed number or list is checked against the side before it. True when the line was such a chain.
   */
  private codeChain(line: CodeStatement): boolean {
    const parts: { text: string; start: number; relation: string }[] = [];
    let from = 0;
    for (const m of line.text.matchAll(CODE_RELATION)) {
      parts.push({ text: line.text.slice(from, m.index), start: from, relation: m[1] });
      from = m.index + m[0].length;
    }
    if (parts.length === 0 || parts.length > MAX_CHAIN) return false;
    parts.push({ text: line.text.slice(from), start: from, relation: '' });
    const first = parts[0].text.trim();
    const named = IDENTIFIER.test(first);
    // `name = value` defines, unless name has a formula the value is then printed for.
    if (named && parts.length === 2 && !this.formulas.has(first)) return false;
    for (let i = 1; i < parts.length; i++) {
      const side = parsePythonLine(parts[i].text)?.expr;
      const printed = side && codePrinted(side, parts[i].text);
      if (!printed) continue;
      const before = named && i === 1 ? this.formulas.get(first) : this.codeSide(parts[i - 1].text);
      if (before) {
        const start = line.start + parts[i].start + (parts[i].text.length - parts[i].text.trimStart().length);
        const text = parts[i].text.trim();
        this.judge(before.expr, before.written, printed, parts[i - 1].relation, first, {
          start,
          end: start + text.length,
          locate: (differing) => differing,
          rewrite: (differing, decimals, exact) =>
            codeValueText(printed, differing, decimals, exact, text.startsWith('[')),
        });
      }
      if (named && i === parts.length - 1) {
        this.known.set(first, {
          value: valueFrom(printed.values),
          line: this.lineAt(line.start),
          decimals: printed.decimals,
        });
        this.formulas.delete(first);
      }
    }
    this.lastCode = null;
    return true;
  }

  /** A side of a code chain that computes something: not itself printed, and readable. */
  private codeSide(text: string): FormulaDefinition | undefined {
    const read = parsePythonLine(text);
    if (!read || read.target !== null || codePrinted(read.expr, text)) return undefined;
    return { expr: read.expr, written: text.trim() };
  }

  /** The formula of the code just above the current region, when only a few words stand between them. */
  private codeAbove(): FormulaDefinition | undefined {
    const code = this.lastCode;
    if (!code || this.region.startOffset - code.end > CODE_NEARBY) return undefined;
    return code.definition;
  }

  private lineAt(offset: number): number {
    return this.positionAt(offset).line + 1;
  }

  /** Whether the prose just before `start` presents what is there as the wrong way. */
  private presentedAsWrong(start: number): boolean {
    return presentsWrongWay(this.options.text, start, Math.min(this.previousEnd, start));
  }

  private equation(eq: Equation): void {
    const { tex } = this.region;
    const { sides, relations } = eq;
    if (relations.length === 0 || !relations.every((r) => RELATIONS.has(r))) return;
    const name = sides[0].type === 'symbol' ? sides[0].name : null;
    const label = name ?? oneLine(tex.slice(sides[0].start, sides[0].end));
    let last: { printed: Printed; side: Expr; check: PrintedValueCheck | null; corrected?: Value } | null = null;
    for (let i = 1; i < sides.length; i++) {
      const side = sides[i];
      const printed = printedOf(side, tex) ?? this.printedExpression(side);
      if (!printed) continue;
      const check = this.compare(i, sides, relations[i - 1], printed, label);
      last = { printed, side, check, corrected: check && !check.agrees ? (this.lastComputed ?? undefined) : undefined };
    }
    if (name === null) return;
    if (last && last.side === sides[sides.length - 1]) {
      const check = last.check;
      const known: Known = {
        value: valueFrom(last.printed.values),
        line: this.lineAt(this.region.texOffset + last.side.start),
        decimals: last.printed.decimals,
      };
      if (check && !check.agrees && last.corrected !== undefined) {
        known.corrected = last.corrected;
        known.slip = check.line;
      } else if (check?.causedBy !== undefined) {
        known.corrected = this.lastCorrected ?? undefined;
        known.slip = check.causedBy;
      }
      this.known.set(name, known);
      this.formulas.delete(name);
    } else if (sides.length >= 2 && !this.presentedAsWrong(this.region.startOffset)) {
      const definition = sides[1];
      if (![...walk(definition)].some((n) => n.type === 'symbol' && n.name === name))
        this.formulas.set(name, { expr: definition, written: oneLine(tex.slice(definition.start, definition.end)) });
    }
  }

  /** A side without symbols or matrices that is not written as a number, such as `\sqrt{2}`: printed exactly. */
  private printedExpression(side: Expr): Printed | null {
    if (hasSymbols(side) || hasMatrix(side)) return null;
    const v = this.compute(side);
    return typeof v === 'number' ? { values: [[v]], cells: [], decimals: Number.POSITIVE_INFINITY } : null;
  }

  private lastComputed: Value | null = null;
  private lastCorrected: Value | null = null;

  /**
   * Compares the printed side `i` with the nearest side before it that can be computed: a formula, or the name's
   * own definition when the side before is the bare name.
   */
  private compare(
    i: number,
    sides: Expr[],
    relation: string,
    printed: Printed,
    name: string,
  ): PrintedValueCheck | null {
    this.lastComputed = null;
    this.lastCorrected = null;
    const before = sides[i - 1];
    if (printedOf(before, this.region.tex)) return null;
    let source: Expr;
    let written: string;
    if (before.type === 'symbol') {
      // `S = [..]`: S as its formula defined it, unless S was printed before (then this prints it anew); else the
      // code just above it (`attention_scores = Q @ K.T` over `\text{Scores} = [..]`).
      if (this.known.has(before.name)) return null;
      const definition = this.formulas.get(before.name) ?? this.codeAbove();
      if (!definition) return null;
      source = definition.expr;
      written = definition.written;
    } else {
      // A constant side with matrices (`\frac{1}{1} [..][..]`) is the author's own working, checked on the next side.
      if (!hasSymbols(before) && !hasMatrix(before) && printed.decimals === Number.POSITIVE_INFINITY) return null;
      source = before;
      written = oneLine(this.region.tex.slice(before.start, before.end));
    }
    const start = this.region.texOffset + sides[i].start;
    const place: PrintedPlace = {
      start,
      end: this.region.texOffset + sides[i].end,
      locate: (differing) => this.located(differing, printed),
      rewrite: (differing, decimals, exact) => this.replacement(sides[i], printed, differing, decimals, exact),
    };
    return this.judge(source, written, printed, relation, name, place);
  }

  /** Compares a printed value with what `source` computes, and records the check. */
  private judge(
    source: Expr,
    written: string,
    printed: Printed,
    relation: string,
    name: string,
    place: PrintedPlace,
  ): PrintedValueCheck | null {
    this.inputs = [];
    this.rounded = false;
    this.slip = undefined;
    this.corrected = false;
    const computed = this.compute(source);
    if (computed === null) return null;
    const inputs = this.inputs;
    this.inputs = [];
    const slip = this.slip;
    const exact =
      printed.decimals === Number.POSITIVE_INFINITY ||
      (printed.decimals === 0 && !APPROXIMATE.has(relation) && !this.rounded);
    const units = exact ? 0 : this.rounded ? 1 : 0.5;
    const decimals = exact ? 0 : printed.decimals;
    const differing = differences(printed, computed, units);
    if (differing === null || this.presentedAsWrong(place.start)) return null;
    this.lastComputed = computed;
    let agrees = differing.length === 0;
    let causedBy: number | undefined;
    if (slip !== undefined) {
      this.corrected = true;
      const fixed = this.compute(source);
      this.corrected = false;
      const fromFixed = fixed === null ? null : differences(printed, fixed, units);
      this.lastCorrected = fixed;
      if (fromFixed && fromFixed.length === 0) agrees = true;
      else if (agrees) causedBy = slip;
    }
    const { start, end } = place;
    const check: PrintedValueCheck = {
      line: this.lineAt(start),
      name,
      rows: printed.values.length,
      cols: printed.values[0].length,
      decimals: printed.decimals === Number.POSITIVE_INFINITY ? 0 : printed.decimals,
      agrees,
      differing: agrees ? [] : place.locate(differing),
      against: written,
      inputs,
      range: { start: this.positionAt(start), end: this.positionAt(end) },
      startOffset: start,
      endOffset: end,
      replacement: agrees ? null : place.rewrite(differing, decimals, exact),
    };
    if (causedBy !== undefined) check.causedBy = causedBy;
    this.results.push(check);
    return check;
  }

  private located(differing: PrintedCellDifference[], printed: Printed): PrintedCellDifference[] {
    const at = this.region.texOffset;
    return differing.map((d) => {
      const cell = printed.cells[d.row - 1]?.[d.col - 1];
      return cell ? { ...d, startOffset: at + cell.start, endOffset: at + cell.end } : d;
    });
  }

  /** The printed side's own text with the differing entries rewritten, so the layout stays the author's. */
  private replacement(
    side: Expr,
    printed: Printed,
    differing: PrintedCellDifference[],
    decimals: number,
    exact: boolean,
  ): string | null {
    if (printed.cells.length === 0) return null;
    const { tex } = this.region;
    let out = tex.slice(side.start, side.end);
    for (const d of [...differing].reverse()) {
      const cell = printed.cells[d.row - 1][d.col - 1];
      out =
        out.slice(0, cell.start - side.start) +
        numberText(d.computed, decimals, exact) +
        out.slice(cell.end - side.start);
    }
    return out;
  }

  private compute(e: Expr): Value | null {
    return computeValue(e, { lookup: (name) => this.lookup(name), maxEntries: this.maxEntries });
  }

  /** The value of a name where the current region stands: printed, a number the note fixes, or its formula. */
  private lookup(name: string): Value | null {
    const known = this.known.get(name);
    if (known) {
      this.note(name, known.line);
      if (known.decimals > 0) this.rounded = true;
      if (known.slip !== undefined) this.slip ??= known.slip;
      return this.corrected && known.corrected !== undefined ? known.corrected : known.value;
    }
    const scalar = this.scalar(name);
    if (scalar) {
      this.note(name, scalar.line);
      return scalar.value;
    }
    const formula = this.formulas.get(name);
    if (formula && this.depth < 8) {
      this.depth++;
      const v = this.compute(formula.expr);
      this.depth--;
      if (v !== null) return v;
    }
    if (QUERY_WIDTH.has(name) && this.queryWidth) {
      this.note(name, this.queryWidth.line);
      return this.queryWidth.value;
    }
    return null;
  }

  private note(name: string, line: number): void {
    if (!this.inputs.some((x) => x.name === name)) this.inputs.push({ name, line });
  }

  /** `d_k = 2` in math, prose or code, the nearest before the current region. */
  private scalar(name: string): { value: number; line: number } | null {
    const best = definitionsOf(this.scan).scalarNear(name, this.at);
    return best && best.startOffset < this.at ? { value: best.value, line: this.lineAt(best.startOffset) } : null;
  }
}
