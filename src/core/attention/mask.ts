// Attention masks in every form people use, all reduced to the additive l_q x l_k matrix M of
// softmax(s Q K^T + M) V: 0 keeps a logit, -Infinity drops it.
import { type Matrix, ShapeError, zeros } from './matrix';

/** What `true` (any nonzero entry) means in a boolean mask: APIs disagree, so it is always explicit. */
export type BooleanPolarity =
  /** torch SDPA, JAX, Keras, Hugging Face attention_mask: true takes part. */
  | 'keep'
  /** torch MultiheadAttention attn_mask and key_padding_mask: true is masked out. */
  | 'drop';

/** Where the diagonal of a causal mask sits when l_q != l_k. */
export type CausalAlignment =
  /** torch is_causal, Keras use_causal_mask: key j is visible to query i iff j <= i. */
  | 'top-left'
  /** flash-attn causal, torch causal_lower_right: key j is visible iff j <= i + l_k - l_q. */
  | 'bottom-right';

export type Mask =
  | { kind: 'additive'; values: Matrix }
  | { kind: 'boolean'; values: Matrix; polarity: BooleanPolarity }
  | { kind: 'causal'; alignment: CausalAlignment }
  /** One flag per key; true marks a padded source token, whose column is dropped for every query. */
  | { kind: 'key-padding'; padded: readonly boolean[] };

const DROP = Number.NEGATIVE_INFINITY;

export function causalMask(lq: number, lk: number, alignment: CausalAlignment): Matrix {
  const m = zeros(lq, lk);
  const offset = alignment === 'top-left' ? 0 : lk - lq;
  for (let i = 0; i < lq; i++) {
    for (let j = Math.max(0, i + offset + 1); j < lk; j++) m.data[i * lk + j] = DROP;
  }
  return m;
}

export function booleanToAdditive(values: Matrix, polarity: BooleanPolarity): Matrix {
  const m = zeros(values.rows, values.cols);
  for (let i = 0; i < values.data.length; i++) {
    const flag = values.data[i] !== 0;
    if (flag === (polarity === 'drop')) m.data[i] = DROP;
  }
  return m;
}

export function keyPaddingMask(lq: number, padded: readonly boolean[]): Matrix {
  const lk = padded.length;
  const m = zeros(lq, lk);
  for (let i = 0; i < lq; i++) {
    for (let j = 0; j < lk; j++) if (padded[j]) m.data[i * lk + j] = DROP;
  }
  return m;
}

/** The additive form of one mask for logits of shape l_q x l_k; a mismatched shape is a ShapeError. */
export function toAdditive(mask: Mask, lq: number, lk: number, name = 'M'): Matrix {
  switch (mask.kind) {
    case 'additive':
    case 'boolean': {
      const { values } = mask;
      if (values.rows !== lq || values.cols !== lk) {
        throw new ShapeError(
          'mask',
          { name: 'QK^T', rows: lq, cols: lk },
          { name, rows: values.rows, cols: values.cols },
          `${name} must be l_q x l_k`,
        );
      }
      return mask.kind === 'additive' ? values : booleanToAdditive(values, mask.polarity);
    }
    case 'causal':
      return causalMask(lq, lk, mask.alignment);
    case 'key-padding':
      if (mask.padded.length !== lk) {
        throw new ShapeError(
          'key padding mask',
          { name: 'QK^T', rows: lq, cols: lk },
          { name: 'the padding flags', rows: 1, cols: mask.padded.length },
          'there must be one flag per key (l_k)',
        );
      }
      return keyPaddingMask(lq, mask.padded);
  }
}

/**
 * True when an additive mask holds only 0 and 1 with at least one 1: added to logits it shifts them by one
 * instead of dropping anything, which almost always means a boolean mask was used as an additive one.
 */
export function looksBoolean(values: Matrix): boolean {
  let sawOne = false;
  for (const v of values.data) {
    if (v === 1) sawOne = true;
    else if (v !== 0) return false;
  }
  return sawOne;
}
