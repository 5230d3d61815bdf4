// The scale of the logits (AL003): standard attention multiplies Q K^T by 1/sqrt(d_k), d_k the dimension of the
// queries and keys. Scaling by the square root of a sequence length, by another dimension, or by d_k without the
// square root are common slips; an unscaled formula is only flagged when the text calls it scaled dot-product.
import type { Classification } from '../attention/classify';
import type { Definitions, Dim, InputShape } from '../attention/formula-inputs';
import type { MathRegion } from '../document/document-model';
import { presentsScaledDotProduct } from '../document/prose';
import { type Expr, type ExprOf, walk } from '../tex/expr';
import type { DiagnoseMessages } from './diagnose-messages';

export interface ScaleContext {
  text: string;
  region: MathRegion;
  index: number;
  defs: Definitions;
  q: InputShape | undefined;
  k: InputShape | undefined;
  /** The number of keys, when known. */
  lk: Dim | undefined;
}

/** A problem with the scale; offsets are into the region's TeX. */
export interface ScaleProblem {
  start: number;
  end: number;
  message(m: DiagnoseMessages): string;
  fix?: { start: number; end: number; from: string; to: string };
}

/** Names of the key dimension: the scale of standard attention is one over the square root of these. */
const KEY_DIMENSIONS = new Set(['d_k', 'd', 'd_q', 'd_h', 'd_head', 'd_{head}']);
const SEQUENCE_LENGTHS = new Set(['l_k', 'l_q', 'l_v', 'n', 'm', 'N', 'L', 'T', 'l', 'n_k', 'n_q', 'T_x', 'T_y']);

export function checkScale(c: Classification, ctx: ScaleContext, report: (p: ScaleProblem) => void): void {
  const scale = c.scale;
  if (!scale) return;
  const tex = ctx.region.tex;
  if (scale.written === 'none') {
    const logits = c.parts.logits;
    if (logits && presentsScaledDotProduct(ctx.text, ctx.region))
      report({ start: logits.start, end: logits.end, message: (m) => m.scaleMissing() });
    return;
  }
  // The document's own name for d_k, from the declared shapes of Q or K (`d` in Q \in R^{n x d}).
  const declared = [ctx.q?.declaration?.cols, ctx.k?.declaration?.cols].find((d) => d && KEY_DIMENSIONS.has(d));
  const keyDim = declared ?? 'd_k';
  const dk: Dim | undefined = ctx.q?.cols ?? (c.keyTransposed !== false ? ctx.k?.cols : undefined);
  const root = [...walk(scale.by)].find((n): n is ExprOf<'sqrt'> => n.type === 'sqrt' && n.index === null);

  if (scale.sqrtOf !== null && root) {
    const under = scale.sqrtOf;
    if (KEY_DIMENSIONS.has(under) || under === dk) return;
    const fix = { start: root.start, end: root.end, from: tex.slice(root.start, root.end), to: `\\sqrt{${keyDim}}` };
    const problem = (message: (m: DiagnoseMessages) => string) =>
      report({ start: root.start, end: root.end, message, fix });
    const value = ctx.defs.dimension(under, ctx.index);
    const isLength = SEQUENCE_LENGTHS.has(under) || [ctx.q?.rows, ctx.k?.rows].includes(under);
    if (typeof value === 'number' && typeof dk === 'number') {
      if (value === dk) return;
      if (isLength || value === ctx.lk) problem((m) => m.scaleBySequenceLength(under));
      else if (/^\d+$/.test(under)) problem((m) => m.scaleByNumber(`1/√${under}`, dk));
      else problem((m) => m.scaleByOtherDimension(under));
    } else if (isLength) problem((m) => m.scaleBySequenceLength(under));
    else if (/^d_/.test(under)) problem((m) => m.scaleByOtherDimension(under));
    return;
  }
  const plain = unrootedDimension(scale.by);
  if (plain && (KEY_DIMENSIONS.has(plain.name) || plain.name === dk)) {
    const from = tex.slice(plain.start, plain.end);
    report({
      start: plain.start,
      end: plain.end,
      message: (m) => m.scaleWithoutRoot(plain.name),
      fix: { start: plain.start, end: plain.end, from, to: `\\sqrt{${from}}` },
    });
  }
}

/** `d_k` in `/ d_k` or `\frac{1}{d_k}`: a dimension used as the scale without its square root. */
function unrootedDimension(by: Expr): ExprOf<'symbol'> | null {
  if (by.type === 'symbol') return by;
  if (
    by.type === 'divide' &&
    by.numerator.type === 'number' &&
    by.numerator.value === 1 &&
    by.denominator.type === 'symbol'
  )
    return by.denominator;
  return null;
}
