// The checks behind diagnostics and `attention-lens check`: shapes that cannot combine, the wrong scale, a missing
// transpose, masks of the wrong shape or kind, a causal mask in cross-attention, dimensions the document
// contradicts, printed values the note's own earlier values do not give, and the scanner's problems. Every check
// follows the reference semantics of softmax(s Q K^T + M) V and reads the scan only: no mathjs evaluation (printed
// values are computed by the numeric core, within a budget), so it runs on every keystroke.
import type { Classification } from '../attention/classify';
import { SOFTMAX_KINDS } from '../attention/conventions';
import {
  classifyRegion,
  type Definitions,
  type Dim,
  definitionsOf,
  type InputShape,
  isUsable,
  shapeText,
} from '../attention/formula-inputs';
import { looksBoolean } from '../attention/mask';
import { fromRows } from '../attention/matrix';
import { printedChecksOf } from '../attention/printed-checks';
import type { PrintedValueCheck } from '../attention/printed-values';
import { meaningOf } from '../document/dimension-meanings';
import type { MatrixLiteral, Position, ScannedDocument } from '../document/document-model';
import { literalCells } from '../document/matrix-cells';
import { LineIndex } from '../document/positions';
import {
  aboutCrossAttention,
  causalMaskInCrossAttention,
  namesCausalMask,
  sectionBetween,
  statesReferenceValues,
} from '../document/prose';
import type { Language } from '../i18n';
import { formatNumber, jsonNumber } from '../numbers';
import type { Expr } from '../tex/expr';
import { oneLineTex } from '../tex/tex-summary';
import { type DiagnoseMessages, diagnoseMessages } from './diagnose-messages';
import { FINDING_CODES, type Finding, type FindingCode, type Fix, type Severity, type TextEdit } from './findings';
import { checkScale } from './scale-check';

export interface DiagnoseOptions {
  /** The text the scan was made from: the prose checks read it, and fixes rewrite parts of it. */
  text: string;
  language?: Language;
  /** Offsets to positions; a line table of `text` is built when absent. */
  positionAt?: (offset: number) => Position;
  /** The printed values already checked, by a caller that lists them too, so they are not checked twice. */
  printedValues?: readonly PrintedValueCheck[];
}

/** Every finding of a scanned document, in document order. Never throws on what the document holds. */
export function diagnoseDocument(scan: ScannedDocument, options: DiagnoseOptions): Finding[] {
  const steps = diagnosisSteps(scan, options);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * The same diagnosis in steps, each about one formula's worth of work, so that a caller can pause between them
 * (to let an editor breathe) or stop when the text it diagnoses has changed. Returns the findings when done.
 */
export function diagnosisSteps(scan: ScannedDocument, options: DiagnoseOptions): Generator<void, Finding[]> {
  return new Diagnosis(scan, options).steps();
}

const SEVERITY: Record<FindingCode, Severity> = {
  AL001: 'error',
  AL002: 'error',
  AL003: 'warning',
  AL004: 'warning',
  AL005: 'warning',
  AL006: 'warning',
  AL007: 'error',
  AL008: 'warning',
  AL009: 'warning',
  AL010: 'warning',
  AL011: 'warning',
};
/** Conventional dimension names and the side of the role's matrix they count. */
const ROLE_DIMENSIONS: readonly [dim: string, role: 'query' | 'key' | 'value', side: 'rows' | 'cols'][] = [
  ['l_q', 'query', 'rows'],
  ['d_k', 'query', 'cols'],
  ['l_k', 'key', 'rows'],
  ['d_k', 'key', 'cols'],
  ['l_k', 'value', 'rows'],
  ['d_v', 'value', 'cols'],
];

type Comparison = 'equal' | 'different' | 'unknown';

/** Two dimensions compare when both are numbers or both are the same kind of name. */
function compare(a: Dim | undefined, b: Dim | undefined): Comparison {
  if (a === undefined || b === undefined || typeof a !== typeof b) return 'unknown';
  return a === b ? 'equal' : 'different';
}

/** Entries of a printed matrix a message lists; a formula longer than the label is shortened. */
const PRINTED_ENTRIES_SHOWN = 3;
const AGAINST_LENGTH = 60;

const isMaskName = (name: string) => /^M(?:$|[_^])|mask/i.test(name);

class Diagnosis {
  private readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  private readonly defs: Definitions;
  private readonly msg: DiagnoseMessages;
  private readonly positionAt: (offset: number) => Position;
  private readonly read = (start: number, end: number) => this.options.text.slice(start, end);
  /** Mask literals the formulas add, checked for fully masked rows once each. */
  private readonly masks = new Set<MatrixLiteral>();

  constructor(
    private readonly scan: ScannedDocument,
    private readonly options: DiagnoseOptions,
  ) {
    this.defs = definitionsOf(scan);
    this.msg = diagnoseMessages[options.language ?? 'en'];
    if (options.positionAt) this.positionAt = options.positionAt;
    else {
      const lines = new LineIndex(options.text);
      this.positionAt = (offset) => lines.positionAt(offset);
    }
  }

  *steps(): Generator<void, Finding[]> {
    this.scanProblems();
    yield;
    const { regions } = this.scan;
    for (let index = 0; index < regions.length; index++) {
      const c = classifyRegion(this.scan, index);
      if (SOFTMAX_KINDS.has(c.kind) && c.roles.query !== null && c.roles.key !== null) this.formula(c, index);
      yield;
    }
    this.declarations();
    for (const m of this.scan.matrices) if (m.name !== null && isMaskName(m.name)) this.masks.add(m);
    for (const m of this.masks) this.fullyMaskedRows(m);
    yield;
    for (const span of causalMaskInCrossAttention(this.options.text, this.scan.regions))
      this.add('AL006', this.msg.causalInCross(), span.start, span.end);
    yield;
    this.printedValues();
    return this.findings.sort((a, b) => a.startOffset - b.startOffset || a.code.localeCompare(b.code));
  }

  private add(
    code: FindingCode,
    message: string,
    start: number,
    end: number,
    fixes: Fix[] = [],
    severity = SEVERITY[code],
  ): void {
    const key = `${code}:${start}:${end}:${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const range = { start: this.positionAt(start), end: this.positionAt(end) };
    this.findings.push({
      code,
      name: FINDING_CODES[code],
      severity,
      message,
      range,
      startOffset: start,
      endOffset: end,
      fixes,
    });
  }

  private edit(start: number, end: number, newText: string): TextEdit {
    return {
      range: { start: this.positionAt(start), end: this.positionAt(end) },
      startOffset: start,
      endOffset: end,
      newText,
    };
  }

  /** Printed numbers and matrices that the note's own earlier values do not give (AL011). */
  private printedValues(): void {
    // Shared with the hover and the preview, which read the same scan's checks.
    const checks = this.options.printedValues ?? printedChecksOf(this.scan, this.options.text);
    for (const c of checks) {
      if (c.agrees) continue;
      const shown = c.differing.slice(0, PRINTED_ENTRIES_SHOWN).map((d) => {
        const computed = formatNumber(jsonNumber(d.computed), Math.max(4, c.decimals + 1));
        if (c.rows !== 1 || c.cols !== 1)
          return this.msg.printedEntry(d.row, d.col, formatNumber(jsonNumber(d.printed), c.decimals), computed);
        const written = oneLineTex(this.options.text.slice(c.startOffset, c.endOffset), AGAINST_LENGTH);
        return this.msg.printedNumber(written, computed);
      });
      const against = c.against === c.name ? null : oneLineTex(c.against, AGAINST_LENGTH);
      const inputs = c.inputs.map((x) => this.msg.printedInput(x.name, x.line));
      const message = this.msg.printedValueDiffers(c.name, against, inputs, shown, c.differing.length - shown.length);
      const fixes =
        c.replacement === null
          ? []
          : [
              {
                title: this.msg.fixPrintedValue(c.name),
                edits: [this.edit(c.startOffset, c.endOffset, c.replacement)],
              },
            ];
      // On the first entry that differs, where the slip is; the fix still replaces the whole printed value.
      const first = c.differing.find((d) => d.startOffset !== undefined && d.endOffset !== undefined);
      this.add('AL011', message, first?.startOffset ?? c.startOffset, first?.endOffset ?? c.endOffset, fixes);
    }
  }

  /** Ragged and non-numeric literals (AL009); anything else the scanner could not read (AL010). */
  private scanProblems(): void {
    const matrices = this.scan.matrices;
    let i = 0;
    const raggedSeen = new Map<MatrixLiteral, number>();
    for (const p of this.scan.problems) {
      while (i < matrices.length && matrices[i].endOffset <= p.startOffset) i++;
      const m = matrices[i];
      if (!m || m.startOffset > p.startOffset) {
        this.add('AL010', this.msg.mathSyntax(p.message), p.startOffset, p.endOffset);
        continue;
      }
      const entry = m.nonNumeric.find((e) => e.startOffset === p.startOffset);
      if (entry) {
        this.add(
          'AL009',
          this.msg.nonNumericEntry(entry.row + 1, entry.col + 1, entry.text),
          p.startOffset,
          p.endOffset,
        );
        continue;
      }
      // Ragged rows are reported in row order, before or between the entries.
      const k = raggedSeen.get(m) ?? 0;
      raggedSeen.set(m, k + 1);
      const row = m.raggedRows[k];
      if (row !== undefined)
        this.add('AL009', this.msg.raggedRow(row + 1, m.values[row].length, m.cols), p.startOffset, p.endOffset);
    }
  }

  private formula(c: Classification, index: number): void {
    const region = this.scan.regions[index];
    const at = region.texOffset;
    const { query, key, value, mask } = c.operands;
    const shape = (e: Expr | undefined): InputShape | undefined => {
      if (!e) return undefined;
      const s = this.defs.operandShape(e, index, region.tex);
      if (s && 'message' in s) {
        this.add('AL001', this.msg.operandMismatch(s.message), at + s.start, at + s.end);
        return undefined;
      }
      return s;
    };
    const [q, k, v, m] = [shape(query), shape(key), shape(value), shape(mask)];
    const name = (e: Expr) => (e.type === 'symbol' ? e.name : region.tex.slice(e.start, e.end).trim());
    const logits = c.parts.logits ?? (key as Expr);

    // The number of keys, l_k: K's rows, unless K is written already transposed (d_k x l_k).
    let lk: Dim | undefined = k?.rows;
    if (c.keyTransposed === false && key && query) {
      lk = this.untransposedKey(c, index, q, k, key, logits) ? k?.rows : k?.cols;
    } else if (q && k && query && key && compare(q.cols, k.cols) === 'different') {
      this.add(
        'AL001',
        this.msg.logitsMismatch(name(query), shapeText(q), name(key), shapeText(k)),
        at + logits.start,
        at + logits.end,
      );
    }

    const scale = {
      text: this.options.text,
      region,
      q,
      k,
      lk,
      defs: this.defs,
      index,
      noteSays: (symbol: string) => meaningOf(this.read, this.scan, symbol, region.startOffset),
      lineAt: (offset: number) => this.positionAt(offset).line + 1,
    };
    checkScale(c, scale, (problem) =>
      this.add(
        'AL003',
        problem.message(this.msg),
        at + problem.start,
        at + problem.end,
        problem.fix ? [this.replaceFix(at, problem.fix)] : [],
      ),
    );

    if (mask && m) this.maskShape(name(mask), m, q?.rows, lk, at + mask.start, at + mask.end);
    if (value && v && lk !== undefined && compare(v.rows, lk) === 'different') {
      this.add(
        'AL001',
        this.msg.valuesMismatch(name(value), shapeText({ rows: q?.rows ?? 'l_q', cols: lk }), shapeText(v)),
        at + value.start,
        at + value.end,
      );
    }
    if (mask) this.maskKind(c, index, name(mask), mask, at);
    this.roleDimensions(c, index, { query: q, key: c.keyTransposed === false ? undefined : k, value: v });
  }

  /** QK written without a transpose (AL004); true when K is read as l_k x d_k. */
  private untransposedKey(
    c: Classification,
    index: number,
    q: InputShape | undefined,
    k: InputShape | undefined,
    key: Expr,
    logits: Expr,
  ): boolean {
    const region = this.scan.regions[index];
    const at = region.texOffset;
    const qName = c.roles.query as string;
    const kName = c.roles.key as string;
    let transposeMissing: boolean;
    let fails = false;
    if (q && k) {
      transposeMissing = compare(q.cols, k.cols) === 'equal';
      fails = compare(q.cols, k.rows) === 'different';
      if (!transposeMissing && fails) {
        this.add(
          'AL001',
          this.msg.productMismatch(qName, shapeText(q), kName, shapeText(k)),
          at + logits.start,
          at + logits.end,
        );
        return false;
      }
    } else if (k) {
      transposeMissing = typeof k.cols === 'string' && /^d(?:_k|_\{k\})?$/.test(k.cols);
    } else {
      // With no shape at all, K has its conventional shape l_k x d_k.
      const named = key.type === 'power' ? key.base : key;
      transposeMissing = named.type === 'symbol' && named.base === 'K';
    }
    if (!transposeMissing) return false;
    this.add(
      'AL004',
      this.msg.missingTranspose(qName, kName, k ? shapeText(k) : null),
      at + key.start,
      at + key.end,
      [{ title: this.msg.fixTranspose(kName), edits: this.transposed(key, at) }],
      fails ? 'error' : 'warning',
    );
    return true;
  }

  /** Edits that transpose `key`: `K^\top`, `{K^{(1)}}^\top` when it has a superscript, `(XW^K)^\top` otherwise. */
  private transposed(key: Expr, at: number): TextEdit[] {
    const [start, end] = [at + key.start, at + key.end];
    const text = this.options.text;
    const parenthesised = text[start] === '(' && text[end - 1] === ')';
    if ((key.type === 'symbol' && key.sup === null) || parenthesised) return [this.edit(end, end, '^\\top')];
    const [open, close] = key.type === 'symbol' || key.type === 'power' ? ['{', '}'] : ['(', ')'];
    return [this.edit(start, start, open), this.edit(end, end, `${close}^\\top`)];
  }

  private replaceFix(at: number, fix: { start: number; end: number; from: string; to: string }): Fix {
    return { title: this.msg.fixReplace(fix.from, fix.to), edits: [this.edit(at + fix.start, at + fix.end, fix.to)] };
  }

  /** M must be l_q x l_k (AL002). */
  private maskShape(
    name: string,
    m: InputShape,
    lq: Dim | undefined,
    lk: Dim | undefined,
    start: number,
    end: number,
  ): void {
    if (compare(m.rows, lq) !== 'different' && compare(m.cols, lk) !== 'different') return;
    this.add(
      'AL002',
      this.msg.maskShape(name, shapeText(m), shapeText({ rows: lq ?? 'l_q', cols: lk ?? 'l_k' })),
      start,
      end,
    );
  }

  /** A 0/1 matrix added as a mask (AL005); a causal mask in cross-attention (AL006). */
  private maskKind(c: Classification, index: number, name: string, mask: Expr, at: number): void {
    const literal = mask.type === 'symbol' ? this.defs.matrix(mask.name, index) : undefined;
    const usable = literal && isUsable(literal) ? literal : undefined;
    if (usable) this.masks.add(usable);
    if (usable && looksBoolean(fromRows(usable.values))) {
      // Q K^T \odot M multiplies rather than adds: rewriting M as 0 and -inf would not mend it.
      const masked = c.parts.masked;
      const product = (masked?.type === 'divide' ? masked.numerator : masked)?.type === 'hadamard';
      if (product) this.add('AL005', this.msg.binaryMaskMultiplied(name), at + mask.start, at + mask.end);
      else
        this.add(
          'AL005',
          this.msg.binaryMask(name),
          at + mask.start,
          at + mask.end,
          this.binaryMaskFixes(name, usable),
        );
    }
    const causal = namesCausalMask(name) || (usable !== undefined && isCausal(usable.values));
    const region = this.scan.regions[index];
    if (causal && (c.kind === 'cross_attention_definition' || aboutCrossAttention(this.options.text, region)))
      this.add('AL006', this.msg.causalInCross(), at + mask.start, at + mask.end);
  }

  /**
   * Rewrites of a 0/1 mask as 0/-inf. Which of 0 and 1 means "masked" depends on the library, so both readings
   * are offered, unless one of them would mask a whole row (then the other is meant).
   */
  private binaryMaskFixes(name: string, m: MatrixLiteral): Fix[] {
    const cells = literalCells(this.options.text, m);
    if (!cells || cells.length !== m.rows || cells.some((r) => r.length !== m.cols)) return [];
    const readings: { title: string; rewrite: (v: number) => string | null; wholeRowOf: number }[] = [
      { title: this.msg.fixMaskKeep(name), rewrite: (v) => (v === 1 ? '0' : '-\\infty'), wholeRowOf: 0 },
      { title: this.msg.fixMaskDrop(name), rewrite: (v) => (v === 1 ? '-\\infty' : null), wholeRowOf: 1 },
    ];
    const masksARow = (value: number) => m.values.some((row) => row.every((v) => v === value));
    const plausible = readings.filter((r) => !masksARow(r.wholeRowOf));
    return (plausible.length > 0 ? plausible : readings).map((r) => ({
      title: r.title,
      edits: cells.flatMap((row, i) =>
        row.flatMap((cell, j) => {
          const text = r.rewrite(m.values[i][j]);
          return text === null ? [] : [this.edit(cell.start, cell.end, text)];
        }),
      ),
    }));
  }

  /** Rows of a mask literal that drop every key (AL008). */
  private fullyMaskedRows(m: MatrixLiteral): void {
    const masked = m.values.flatMap((row, i) =>
      row.length > 0 && row.every((v) => v === Number.NEGATIVE_INFINITY) ? [i] : [],
    );
    if (masked.length === 0) return;
    const cells = literalCells(this.options.text, m);
    for (const i of masked) {
      const r = cells?.[i];
      const [start, end] = r && r.length > 0 ? [r[0].start, r[r.length - 1].end] : [m.startOffset, m.endOffset];
      this.add('AL008', this.msg.fullyMaskedRow(m.name ?? 'M', i + 1), start, end);
    }
  }

  /** A declared shape the literal contradicts, with numbers or with scalars the document fixes (AL007). */
  private declarations(): void {
    for (const d of this.scan.shapes) {
      const m = this.defs.matrixNear(d.symbol, d.startOffset);
      if (!m || !isUsable(m)) continue;
      const line = m.range.start.line + 1;
      for (const [written, actual, side] of [
        [d.rows, m.rows, 'rows'],
        [d.cols, m.cols, 'cols'],
      ] as const) {
        if (/^\d+$/.test(written)) {
          if (Number(written) !== actual)
            this.add(
              'AL007',
              this.msg.declarationContradiction(d.symbol, `${d.rows}×${d.cols}`, line, shapeText(m)),
              d.startOffset,
              d.endOffset,
            );
          continue;
        }
        this.scalarAgainst(written, d.regionIndex, m, side);
      }
    }
  }

  /** d_k, d_v, l_q, l_k fixed by a scalar but contradicted by the role's literal, when no declaration names them. */
  private roleDimensions(
    c: Classification,
    index: number,
    shapes: Record<'query' | 'key' | 'value', InputShape | undefined>,
  ): void {
    for (const [dim, role, side] of ROLE_DIMENSIONS) {
      const s = shapes[role];
      if (s?.literal && !s.declaration && c.roles[role] !== null) this.scalarAgainst(dim, index, s.literal, side);
    }
  }

  /**
   * A scalar contradicts a literal only within one example: not when the sentence gives a paper's values
   * (`in the paper d_k = 64` before a toy example) or a new section starts between them.
   */
  private scalarAgainst(dim: string, index: number, m: MatrixLiteral, side: 'rows' | 'cols'): void {
    const scalar = this.defs.scalar(dim, index);
    const actual = m[side];
    if (!scalar || scalar.value === actual) return;
    const { text } = this.options;
    if (statesReferenceValues(text, scalar.startOffset) || sectionBetween(text, scalar.startOffset, m.startOffset))
      return;
    const message = this.msg.scalarContradiction(dim, scalar.value, m.name ?? '', m.range.start.line + 1, actual, side);
    this.add('AL007', message, scalar.startOffset, scalar.endOffset);
  }
}

/** 0 / -inf with -inf exactly above a diagonal (top-left or bottom-right aligned): a causal mask. */
function isCausal(values: readonly number[][]): boolean {
  const rows = values.length;
  const cols = values[0]?.length ?? 0;
  if (rows < 2 || values.some((r) => r.length !== cols)) return false;
  return [0, cols - rows].some((offset) =>
    values.every((row, i) => row.every((v, j) => (j > i + offset ? v === Number.NEGATIVE_INFINITY : v === 0))),
  );
}
