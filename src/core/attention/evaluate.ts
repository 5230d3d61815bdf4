// Evaluates a document's formula exactly as written, on the matrices the document defines, step by step, in the
// sandbox of expression-sandbox.ts. When the formula is softmax(s Q K^T + M) V in some spelling, the numeric core
// computes it too, and the two results must agree.
import type { Position, Range, ScannedDocument } from '../document/document-model';
import type { Language } from '../i18n';
import { type Expr, identifierOf, TexError, toMathjs, walk } from '../tex/expr';
import { type AttentionWarning, attention, type StepName } from './attention';
import type { Binding, BindWarning } from './bind';
import type { AttentionKind, Classification } from './classify';
import { isSequenceLength, isSoftmaxForm } from './conventions';
import { type EvaluateMessages, evaluateMessages } from './evaluate-messages';
import { boundInputs, targetOf } from './evaluation-inputs';
import { type Shape, ShapeChecker } from './expr-shapes';
import { type ExpressionValue, evaluateExpression } from './expression-sandbox';
import { classifyRegion } from './formula-inputs';
import {
  DEFAULT_MAX_DIMENSION,
  fromRows,
  type MaskedRowPolicy,
  type Matrix,
  ShapeError,
  SizeLimitError,
  scale,
  toRows,
  transpose,
} from './matrix';

export { type ExpressionResult, type ExpressionValue, evaluateExpression } from './expression-sandbox';

export interface EvaluationStep {
  name: StepName;
  rows: number;
  cols: number;
  value: number[][];
}

export interface BindingInfo {
  rows: number;
  cols: number;
  /** 1-based line of the definition. */
  line: number;
  /** The value of a scalar (d_k, l_q ...); matrices are in the document. */
  value?: number;
}

export interface EvaluationError {
  message: string;
  /** Document offsets of the problem, when it has a place. */
  start?: number;
  end?: number;
  range?: Range;
}

export interface EvaluationWarning {
  code: 'binding' | 'fully-masked-rows' | 'zero-one-additive-mask' | 'core-disagrees';
  message: string;
}

export interface CoreCheck {
  agrees: boolean;
  /** The largest relative difference over every compared step. */
  maxRelativeDifference: number;
  compared: StepName[];
}

export interface FormulaEvaluation {
  regionIndex: number;
  /** 1-based line where the formula's region starts. */
  line: number;
  kind: AttentionKind;
  /** The mathjs expression evaluated, or null when the formula could not be translated. */
  expression: string | null;
  bindings: Record<string, BindingInfo>;
  /** Symbols the document gives no value. */
  unbound: string[];
  steps: EvaluationStep[];
  output: EvaluationStep | null;
  /** The same computation by the numeric core, for recognised attention forms. */
  check: CoreCheck | null;
  /** How the formula differs from standard attention; it is evaluated as written all the same. */
  notes: string[];
  warnings: EvaluationWarning[];
  errors: EvaluationError[];
}

export interface EvaluateOptions {
  maskedRows?: MaskedRowPolicy;
  limits?: { maxDimension?: number };
  /** Turns document offsets into positions, so errors carry ranges. */
  positionAt?: (offset: number) => Position;
  /** The language of notes, warnings and errors; English by default. */
  language?: Language;
}

const AGREEMENT = 1e-9;

const stepOf = (name: StepName, v: ExpressionValue): EvaluationStep => {
  const value = typeof v === 'number' ? [[v]] : v;
  return { name, rows: value.length, cols: value[0]?.length ?? 0, value };
};

/** Largest |a - b| / max(|a|, |b|) over two equal-shaped matrices; NaN and infinities must match exactly. */
function relativeDifference(a: number[][], b: Matrix): number {
  if (a.length !== b.rows || (a[0]?.length ?? 0) !== b.cols) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < a[i].length; j++) {
      const [x, y] = [a[i][j], b.data[i * b.cols + j]];
      if (Object.is(x, y) || x === y) continue;
      // A NaN or an infinity on one side only is a disagreement of its own.
      if (!Number.isFinite(x) || !Number.isFinite(y)) return Number.POSITIVE_INFINITY;
      worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y)));
    }
  }
  return worst;
}

class FormulaRun {
  readonly result: FormulaEvaluation;
  private readonly scope: Record<string, ExpressionValue> = {};
  private readonly values = new Map<Expr, ExpressionValue>();
  private readonly tex: string;
  private readonly texOffset: number;
  private readonly msg: EvaluateMessages;
  /** `columns` where the note keeps tokens as columns (V softmax(K^T Q / sqrt(d))). */
  private axis: 'rows' | 'columns' = 'rows';
  /** Query rows the expression's softmax found fully masked. */
  private maskedRows: number[] = [];

  constructor(
    private readonly doc: ScannedDocument,
    private readonly regionIndex: number,
    private readonly options: EvaluateOptions,
  ) {
    const region = doc.regions[regionIndex];
    this.tex = region.tex;
    this.texOffset = region.texOffset;
    this.msg = evaluateMessages[options.language ?? 'en'];
    this.result = {
      regionIndex,
      line: region.range.start.line + 1,
      kind: 'none',
      expression: null,
      bindings: {},
      unbound: [],
      steps: [],
      output: null,
      check: null,
      notes: [],
      warnings: [],
      errors: [],
    };
  }

  private error(message: string, at?: { start: number; end: number }): void {
    const e: EvaluationError = { message };
    if (at) {
      e.start = this.texOffset + at.start;
      e.end = this.texOffset + at.end;
      if (this.options.positionAt)
        e.range = { start: this.options.positionAt(e.start), end: this.options.positionAt(e.end) };
    }
    this.result.errors.push(e);
  }

  /** The value of a sub-expression, evaluated by mathjs as written; null (with an error) when it fails. */
  private value(e: Expr): ExpressionValue | null {
    const known = this.values.get(e);
    if (known !== undefined) return known;
    let text: string;
    try {
      text = toMathjs(e);
    } catch (err) {
      if (!(err instanceof TexError)) throw err;
      this.error(err.message, err);
      return null;
    }
    const r = evaluateExpression(text, this.scope, { maskedRows: this.options.maskedRows, softmaxAxis: this.axis });
    if (!r.ok) {
      this.error(this.msg.inExpression(this.tex.slice(e.start, e.end).trim(), r.error), e);
      return null;
    }
    if (r.fullyMaskedRows.length > 0) this.maskedRows = r.fullyMaskedRows;
    this.values.set(e, r.value);
    return r.value;
  }

  run(c: Classification): FormulaEvaluation {
    this.result.kind = c.kind;
    this.axis = c.axis ?? 'rows';
    if (c.error) {
      this.error(c.error.message, c.error);
      return this.result;
    }
    const target = targetOf(c);
    if (!target) {
      this.error(this.msg.noFormula());
      return this.result;
    }
    if (!this.bind(c, target) || !this.checkShapes(target)) return this.result;
    try {
      this.result.expression = toMathjs(target);
    } catch (err) {
      if (!(err instanceof TexError)) throw err;
      this.error(err.message, err);
      return this.result;
    }
    const isAttention = isSoftmaxForm(c);
    const parts: [StepName, Expr | undefined][] = isAttention
      ? [
          ['logits', c.parts.logits],
          ['scaled', c.parts.scaled],
          ['masked', c.parts.masked],
          ['weights', c.parts.weights],
          ['output', c.parts.output ?? target],
        ]
      : [['output', target]];
    for (const [name, part] of parts) {
      if (!part) continue;
      const v = this.value(part);
      if (v === null) return this.result;
      this.result.steps.push(stepOf(name, v));
    }
    this.result.output = this.result.steps[this.result.steps.length - 1] ?? null;
    if (isAttention) {
      this.compareWithCore(c);
      this.notes(c);
    }
    if (!this.result.warnings.some((w) => w.code === 'fully-masked-rows') && this.maskedRows.length > 0) {
      const weights = this.result.steps.find((s) => s.name === 'weights');
      const policy = this.options.maskedRows ?? 'zeros';
      const total = weights?.rows ?? this.maskedRows.length;
      const rows = this.maskedRows.map((r) => r + 1);
      this.result.warnings.push({ code: 'fully-masked-rows', message: this.msg.fullyMaskedRows(rows, total, policy) });
    }
    return this.result;
  }

  private bindWarning(w: BindWarning): string {
    if (w.kind === 'declared-shape')
      return this.msg.declaredShapeDiffers(w.symbol, w.declared, w.declaredLine, w.line, w.actual);
    if (w.kind === 'reassigned') return this.msg.reassignedInCode(w.symbol, w.line, w.codeLine);
    return this.msg.scalarDiffers(w.symbol, w.value, w.line, w.implied);
  }

  private coreWarning(w: AttentionWarning): string {
    if (w.code === 'zero-one-additive-mask') return this.msg.zeroOneMask();
    const weights = this.result.steps.find((s) => s.name === 'weights');
    return this.msg.fullyMaskedRows(
      w.rows.map((r) => r + 1),
      weights?.rows ?? w.rows.length,
      w.policy,
    );
  }

  private bind(c: Classification, target: Expr): boolean {
    const bound = boundInputs(this.doc, this.regionIndex, c, target);
    const limit = this.options.limits?.maxDimension ?? DEFAULT_MAX_DIMENSION;
    const firstUse = (symbol: string) => [...walk(target)].find((n) => n.type === 'symbol' && n.name === symbol);
    for (const [symbol, b] of bound.bindings) this.accept(symbol, b, limit, firstUse(symbol));
    for (const w of bound.warnings) this.result.warnings.push({ code: 'binding', message: this.bindWarning(w) });
    for (const p of bound.problems) this.error(this.msg.unusableMatrix(p.symbol, p.line, p.reason), firstUse(p.symbol));
    for (const symbol of bound.unbound) this.error(this.msg.noValue(symbol), firstUse(symbol));
    // A matrix written with symbols gives the symbol no value either: the formula is not a worked example.
    const symbolic = bound.problems.filter((p) => p.reason.kind === 'symbolic').map((p) => p.symbol);
    this.result.unbound = [...bound.unbound, ...symbolic];
    return this.result.errors.length === 0;
  }

  private accept(symbol: string, b: Binding, limit: number, at: Expr | undefined): void {
    this.result.bindings[symbol] = {
      rows: b.rows,
      cols: b.cols,
      line: b.line,
      ...(typeof b.value === 'number' ? { value: b.value } : {}),
    };
    if (b.rows > limit || b.cols > limit) {
      this.error(this.msg.sizeLimit(symbol, b.rows, b.cols, limit), at);
      return;
    }
    this.scope[identifierOf(symbol)] = b.value;
  }

  private checkShapes(target: Expr): boolean {
    const shapeOf = (symbol: string): Shape | undefined => {
      const b = this.result.bindings[symbol];
      if (!b) return undefined;
      return b.value !== undefined ? 'scalar' : { rows: b.rows, cols: b.cols };
    };
    try {
      new ShapeChecker(this.tex, shapeOf).check(target);
      return true;
    } catch (err) {
      if (!(err instanceof TexError)) throw err;
      this.error(err.message, err);
      return false;
    }
  }

  /** The scale as a number: 1 without one, 1/x for `/ x`, x for `x *`. */
  private scaleValue(c: Classification): number | null {
    const scale = c.scale;
    if (!scale || scale.written === 'none') return 1;
    const v = this.value(scale.by);
    if (typeof v !== 'number') return null;
    return scale.written === 'divide' ? 1 / v : v;
  }

  private notes(c: Classification): void {
    const q = c.operands.query && this.value(c.operands.query);
    const k = c.operands.key && this.value(c.operands.key);
    const { query, key } = c.roles;
    if (c.keyTransposed === false) {
      this.result.notes.push(this.msg.notTransposed(query ?? 'Q', key ?? 'K'));
    }
    const dk = Array.isArray(q) ? q[0].length : null;
    // With K written untransposed, its columns are the keys.
    const lk = Array.isArray(k) ? (c.keyTransposed === false ? k[0].length : k.length) : null;
    const s = this.scaleValue(c);
    if (c.scale?.written === 'none') {
      this.result.notes.push(this.msg.notScaled(dk));
    } else if (c.scale && s !== null) {
      const under = 1 / (s * s);
      const close = (a: number | null) => a !== null && Math.abs(under - a) <= 1e-9 * Math.max(1, a);
      const written = c.scale.sqrtOf !== null ? `1/sqrt(${c.scale.sqrtOf})` : `${s}`;
      if ((c.scale.sqrtOf !== null && isSequenceLength(c.scale.sqrtOf)) || (close(lk) && !close(dk))) {
        this.result.notes.push(this.msg.scaledBySequenceLength(written, lk, dk));
      } else if (dk !== null && !close(dk)) {
        this.result.notes.push(this.msg.scaledByOther(written, s, dk));
      }
    }
  }

  /**
   * The mask as the core adds it to the scaled logits. Written before the scale, (Q K^T + M) / sqrt(d_k), it is
   * scaled too; written as a product, Q K^T \odot M, it is the change the product makes to the scaled logits,
   * s L (M - 1). None when the logits it multiplies cannot be computed.
   */
  private additiveMask(
    c: Classification,
    m: Matrix,
    s: number,
    core: (rows: number[][]) => Matrix,
  ): Matrix | undefined {
    const masked = c.parts.masked;
    const inner = masked?.type === 'divide' ? masked.numerator : masked;
    if (inner?.type !== 'hadamard') return masked?.type === 'divide' ? scale(m, s) : m;
    const logits = c.parts.logits && this.value(c.parts.logits);
    if (!Array.isArray(logits)) return undefined;
    const l = core(logits);
    if (l.rows !== m.rows || l.cols !== m.cols) return undefined;
    return fromRows(toRows(l).map((row, i) => row.map((x, j) => s * x * (m.data[i * m.cols + j] - 1))));
  }

  /** Recomputes the formula with the numeric core, from the operands as the formula writes them. */
  private compareWithCore(c: Classification): void {
    const { query, key, value, mask } = c.operands;
    const q = query && this.value(query);
    const k = key && this.value(key);
    const s = this.scaleValue(c);
    if (!Array.isArray(q) || !Array.isArray(k) || s === null) return;
    // With tokens as columns every operand is the transpose of the core's, and so is every step.
    const columns = this.axis === 'columns';
    const core = (rows: number[][]) => (columns ? transpose(fromRows(rows)) : fromRows(rows));
    const K = c.keyTransposed === false || columns ? transpose(fromRows(k)) : fromRows(k);
    const v = value ? this.value(value) : null;
    const m = mask ? this.value(mask) : null;
    const lq = columns ? q[0].length : q.length;
    // Without values the weights are the result; the identity stands in for V so the core can run.
    const V = Array.isArray(v)
      ? core(v)
      : fromRows(Array.from({ length: K.rows }, (_, i) => Array.from({ length: K.rows }, (_, j) => (i === j ? 1 : 0))));
    const written =
      m === null
        ? undefined
        : typeof m === 'number'
          ? fromRows(Array.from({ length: lq }, () => Array(K.rows).fill(m)))
          : core(m);
    const M = written && this.additiveMask(c, written, s, core);
    try {
      const trace = attention({
        Q: core(q),
        K,
        V,
        scale: s,
        mask: M && { kind: 'additive', values: M },
        maskedRows: this.options.maskedRows,
        limits: this.options.limits,
      });
      const compared = this.result.steps.filter((st) => st.name !== 'output' || value);
      const differences = compared.map((st) => {
        const computed = trace.steps.find((t) => t.name === st.name)?.value;
        return computed ? relativeDifference(columns ? toRows(transpose(fromRows(st.value))) : st.value, computed) : 0;
      });
      const worst = Math.max(0, ...differences);
      this.result.check = {
        agrees: worst <= AGREEMENT,
        maxRelativeDifference: worst,
        compared: compared.map((st) => st.name),
      };
      if (worst > AGREEMENT) {
        const where = compared.filter((_, i) => differences[i] > AGREEMENT).map((st) => st.name);
        this.result.warnings.push({
          code: 'core-disagrees',
          message: this.msg.coreDisagrees(where, worst.toExponential(2)),
        });
      }
      for (const w of trace.warnings) this.result.warnings.push({ code: w.code, message: this.coreWarning(w) });
    } catch (err) {
      if (!(err instanceof ShapeError || err instanceof SizeLimitError || err instanceof RangeError)) throw err;
      this.error(this.msg.coreFailed(err.message));
    }
  }
}

/** Evaluates the formula of one region. Problems are reported in the result, never thrown. */
export function evaluateRegion(
  doc: ScannedDocument,
  regionIndex: number,
  options: EvaluateOptions = {},
): FormulaEvaluation {
  return new FormulaRun(doc, regionIndex, options).run(classifyRegion(doc, regionIndex));
}

/** `evaluateRegion` writing its notes, warnings and errors in `language` unless a call names another. */
export function evaluatorIn(language: Language): typeof evaluateRegion {
  return (doc, regionIndex, options = {}) => evaluateRegion(doc, regionIndex, { language, ...options });
}

/**
 * With `line` (1-based): the formula whose region contains that line, evaluated whatever its kind. Without it:
 * every attention formula whose symbols the document gives values to.
 */
export function evaluateDocument(
  doc: ScannedDocument,
  options: EvaluateOptions & { line?: number } = {},
): FormulaEvaluation[] {
  const { line } = options;
  if (line !== undefined) {
    const index = doc.regions.findIndex((r) => r.range.start.line + 1 <= line && line <= r.range.end.line + 1);
    return index === -1 ? [] : [evaluateRegion(doc, index, options)];
  }
  const results: FormulaEvaluation[] = [];
  doc.regions.forEach((_, index) => {
    const c = classifyRegion(doc, index);
    if (c.kind === 'none') return;
    const r = new FormulaRun(doc, index, options).run(c);
    if (r.unbound.length === 0) results.push(r);
  });
  return results;
}
