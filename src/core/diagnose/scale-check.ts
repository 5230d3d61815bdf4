// The scale of the logits (AL003): standard attention multiplies Q K^T by 1/sqrt(d_k), d_k the dimension of the
// queries and keys. What a name under the root is comes from the note's own words and shapes first
// (dimension-meanings), then from the conventions; a width of the note (d_h, d_h + d_r, d_model / h, its own d) is
// never flagged, a sequence length, the number of heads or the value width is. A scale written outside the
// softmax is a mistake of its own; an unscaled formula is only flagged when the text calls it scaled dot-product.
import type { Classification } from '../attention/classify';
import { dimensionKind, isKeyWidth, isSequenceLength, normaliseDimension } from '../attention/conventions';
import type { Definitions, Dim, InputShape } from '../attention/formula-inputs';
import { type DimensionMeaning, isLengthKind, isScaleWidth } from '../document/dimension-meanings';
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
  /** What the note says a symbol is, near this formula; null when it does not say or says two things. */
  noteSays(symbol: string): DimensionMeaning | null;
  /** The 1-based line of a document offset, for quoting where the note said it. */
  lineAt(offset: number): number;
}

/** A problem with the scale; offsets are into the region's TeX. */
export interface ScaleProblem {
  start: number;
  end: number;
  message(m: DiagnoseMessages): string;
  fix?: { start: number; end: number; from: string; to: string };
}

/** A single name, as the conventions compare names: `d_{k}` and `d_k` are one. */
const SINGLE_NAME = /^\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?$/;

export function checkScale(c: Classification, ctx: ScaleContext, report: (p: ScaleProblem) => void): void {
  const scale = c.scale;
  if (!scale) return;
  const tex = ctx.region.tex;
  if (scale.written === 'none') {
    const outside = scaleOutsideSoftmax(c);
    if (outside) report({ start: outside.start, end: outside.end, message: (m) => m.scaleAfterSoftmax() });
    const logits = c.parts.logits;
    if (!outside && logits && presentsScaledDotProduct(ctx.text, ctx.region))
      report({ start: logits.start, end: logits.end, message: (m) => m.scaleMissing() });
    return;
  }
  // The note's own name for d_k: the columns of Q or K in their declared shapes (`d` in Q \in R^{n x d}).
  const declared = [ctx.q?.declaration?.cols, ctx.k?.declaration?.cols].find(
    (d): d is string => d !== undefined && !/^\d+$/.test(d),
  );
  const keyDim = declared ?? 'd_k';
  const dk: Dim | undefined = ctx.q?.cols ?? (c.keyTransposed !== false ? ctx.k?.cols : undefined);
  const root = [...walk(scale.by)].find((n): n is ExprOf<'sqrt'> => n.type === 'sqrt' && n.index === null);

  if (scale.sqrtOf !== null && root) {
    const under = scale.sqrtOf;
    if (isKeyWidth(under) || sameName(under, dk) || sameName(under, declared)) return;
    const fix = { start: root.start, end: root.end, from: tex.slice(root.start, root.end), to: `\\sqrt{${keyDim}}` };
    const problem = (message: (m: DiagnoseMessages) => string) =>
      report({ start: root.start, end: root.end, message, fix });
    const value = ctx.defs.dimension(under, ctx.index);
    if (typeof value === 'number' && typeof dk === 'number') {
      if (value === dk) return;
      if (/^\d+$/.test(under)) {
        problem((m) => m.scaleByNumber(`1/√${under}`, dk));
        return;
      }
    }
    // Sums and quotients of widths (`d_h + d_r`, `d_{model}/h`) are how notes write their key width.
    if (!SINGLE_NAME.test(under)) return;
    const said = ctx.noteSays(under);
    if (said?.kind === 'unknown') return;
    const evidence = said && { line: ctx.lineAt(said.startOffset), quote: said.quote };
    const kind = said?.kind ?? dimensionKind(under);
    const isLength =
      (said ? isLengthKind(said.kind) : isSequenceLength(under)) ||
      (!said && ([ctx.q?.rows, ctx.k?.rows].includes(under) || (typeof value === 'number' && value === ctx.lk)));
    // A number the document gives the name, unlike d_k, proves it another dimension whatever its kind.
    const provenOther = typeof value === 'number' && typeof dk === 'number';
    if (isLength) problem((m) => m.scaleBySequenceLength(under, evidence));
    else if (provenOther || (kind !== null && !isScaleWidth(kind)))
      problem((m) => m.scaleByOtherDimension(under, evidence));
    return;
  }
  const plain = unrootedDimension(scale.by);
  if (plain && (isKeyWidth(plain.name) || sameName(plain.name, dk) || sameName(plain.name, declared))) {
    const from = tex.slice(plain.start, plain.end);
    report({
      start: plain.start,
      end: plain.end,
      message: (m) => m.scaleWithoutRoot(plain.name),
      fix: { start: plain.start, end: plain.end, from, to: `\\sqrt{${from}}` },
    });
  }
}

/**
 * `softmax(QK^T) / \sqrt{d_k}` or `\frac{1}{\sqrt{d_k}} softmax(QK^T)`: a scale applied to the weights rather than
 * the logits, which leaves the logits unscaled and makes the weights no longer sum to 1. The scale, or null.
 */
function scaleOutsideSoftmax(c: Classification): Expr | null {
  const weights = c.parts.weights;
  const side = c.formula?.equations[c.equation]?.sides[c.side];
  if (!weights || !side) return null;
  // Every node holding the weights is outside the softmax: softmax(QK^T)V / sqrt(d_k) scales them too.
  const holdsWeights = (e: Expr) => [...walk(e)].includes(weights);
  for (const n of walk(side)) {
    if (n.type === 'divide' && isScale(n.denominator) && holdsWeights(n.numerator)) return n.denominator;
    if (n.type === 'product' && isScale(n.left) && holdsWeights(n.right)) return n.left;
    if (n.type === 'product' && isScale(n.right) && holdsWeights(n.left)) return n.right;
  }
  return null;
}

const sameName = (name: string, other: Dim | undefined): boolean =>
  typeof other === 'string' && normaliseDimension(name) === normaliseDimension(other);

/** A square root, or one over something: the forms a scale takes. */
const isScale = (e: Expr): boolean =>
  e.type === 'sqrt' || (e.type === 'divide' && e.numerator.type === 'number' && e.numerator.value === 1);

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
