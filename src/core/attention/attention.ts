// Scaled dot-product attention, softmax(s Q K^T + M) V, keeping every intermediate step so a worked example
// can show each one with its shape.
import { evaluateMessages } from './evaluate-messages';
import { looksBoolean, type Mask, toAdditive } from './mask';
import {
  add,
  checkSize,
  DEFAULT_MAX_DIMENSION,
  type MaskedRowPolicy,
  type Matrix,
  matmul,
  matmulTransposed,
  type NamedShape,
  ShapeError,
  scale as scaleMatrix,
  shapeText,
  softmaxRows,
} from './matrix';

export interface AttentionLimits {
  /** The largest row or column count accepted for any operand. */
  maxDimension?: number;
}

export interface AttentionInput {
  /** l_q x d_k */
  Q: Matrix;
  /** l_k x d_k */
  K: Matrix;
  /** l_k x d_v */
  V: Matrix;
  /** Several masks add up (a causal mask plus a key padding mask). */
  mask?: Mask | readonly Mask[];
  /** Multiplies Q K^T; 1/sqrt(d_k) when absent. */
  scale?: number;
  maskedRows?: MaskedRowPolicy;
  limits?: AttentionLimits;
}

export type StepName = 'logits' | 'scaled' | 'masked' | 'weights' | 'output';

export interface TraceStep {
  name: StepName;
  value: Matrix;
}

export type AttentionWarning =
  | { code: 'fully-masked-rows'; rows: number[]; policy: MaskedRowPolicy; message: string }
  | { code: 'zero-one-additive-mask'; message: string };

export interface AttentionTrace {
  /** The factor applied to Q K^T. */
  scale: number;
  /** Every step in order: logits, scaled, masked (only with a mask), weights, output. */
  steps: TraceStep[];
  logits: Matrix;
  scaled: Matrix;
  masked: Matrix | null;
  weights: Matrix;
  output: Matrix;
  /** Zero-based query rows whose every logit was -Infinity. */
  fullyMaskedRows: number[];
  warnings: AttentionWarning[];
}

const shapeOf = (m: Matrix, name: string): NamedShape => ({ name, rows: m.rows, cols: m.cols });

/** Refuses shapes that cannot be combined, before any arithmetic, naming the operation and both shapes. */
function checkShapes({ Q, K, V }: AttentionInput): void {
  for (const [m, name] of [
    [Q, 'Q'],
    [K, 'K'],
    [V, 'V'],
  ] as const) {
    if (m.rows === 0 || m.cols === 0)
      throw new RangeError(`${name} is ${shapeText(m)}: attention needs non-empty matrices`);
  }
  if (Q.cols !== K.cols) {
    throw new ShapeError('QK^T', shapeOf(Q, 'Q'), shapeOf(K, 'K'), 'their column counts (d_k) must match');
  }
  if (V.rows !== K.rows) {
    throw new ShapeError('softmax(...)V', shapeOf(K, 'K'), shapeOf(V, 'V'), 'V needs one row per key, as K has (l_k)');
  }
}

/** Names the fully masked query rows (1-based in the text) and what the policy made of them. */
export function fullyMaskedWarning(rows: number[], policy: MaskedRowPolicy, total: number): AttentionWarning {
  const message = evaluateMessages.en.fullyMaskedRows(
    rows.map((r) => r + 1),
    total,
    policy,
  );
  return { code: 'fully-masked-rows', rows, policy, message };
}

export function attention(input: AttentionInput): AttentionTrace {
  const { Q, K, V } = input;
  const limit = input.limits?.maxDimension ?? DEFAULT_MAX_DIMENSION;
  checkSize(shapeOf(Q, 'Q'), limit);
  checkSize(shapeOf(K, 'K'), limit);
  checkSize(shapeOf(V, 'V'), limit);
  checkShapes(input);
  const s = input.scale ?? 1 / Math.sqrt(Q.cols);
  if (!Number.isFinite(s)) throw new RangeError(`the scale must be a finite number, not ${s}`);
  const policy = input.maskedRows ?? 'zeros';
  const warnings: AttentionWarning[] = [];

  const logits = matmulTransposed(Q, K, ['Q', 'K']);
  const scaled = scaleMatrix(logits, s);
  let masked: Matrix | null = null;
  if (input.mask !== undefined) {
    const masks: readonly Mask[] = Array.isArray(input.mask) ? input.mask : [input.mask as Mask];
    masked = scaled;
    for (const mask of masks) {
      if (mask.kind === 'additive' || mask.kind === 'boolean') checkSize(shapeOf(mask.values, 'M'), limit);
      if (mask.kind === 'additive' && looksBoolean(mask.values)) {
        warnings.push({
          code: 'zero-one-additive-mask',
          message:
            'The additive mask holds only 0 and 1: added to the logits it drops nothing. A mask that drops keys uses -Infinity (or a boolean mask with an explicit polarity).',
        });
      }
      masked = add(masked, toAdditive(mask, Q.rows, K.rows), ['scaled logits', 'M']);
    }
  }
  const { value: weights, fullyMaskedRows } = softmaxRows(masked ?? scaled, policy);
  if (fullyMaskedRows.length > 0) warnings.push(fullyMaskedWarning(fullyMaskedRows, policy, Q.rows));
  const output = matmul(weights, V, ['softmax(...)', 'V']);

  const steps: TraceStep[] = [
    { name: 'logits', value: logits },
    { name: 'scaled', value: scaled },
  ];
  if (masked) steps.push({ name: 'masked', value: masked });
  steps.push({ name: 'weights', value: weights }, { name: 'output', value: output });
  return { scale: s, steps, logits, scaled, masked, weights, output, fullyMaskedRows, warnings };
}
