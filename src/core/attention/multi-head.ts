// Multi-head attention: head_i = Attention(X_q W_i^Q, X_k W_i^K, X_v W_i^V), MultiHead = Concat(head_1..head_h) W^O.
// Grouped key/value heads (GQA; MQA when there is one) are shared by consecutive query heads, as torch's
// enable_gqa and most implementations do (query head i uses key/value head floor(i / (h / g))).
import { type AttentionInput, type AttentionTrace, type AttentionWarning, attention } from './attention';
import { checkSize, DEFAULT_MAX_DIMENSION, type Matrix, matmul, ShapeError, zeros } from './matrix';

export interface MultiHeadInput extends Omit<AttentionInput, 'Q' | 'K' | 'V'> {
  /** l_q x d_model: the sequence the queries come from (the decoder's, in cross-attention). */
  query: Matrix;
  /** l_k x d_model: the sequence keys come from (the encoder output, in cross-attention). */
  key: Matrix;
  /** l_k x d_model: usually the same matrix as `key`. */
  value: Matrix;
  /** h projections, each d_model x d_k. */
  WQ: readonly Matrix[];
  /** g projections (g divides h; g = h is plain multi-head, g = 1 is multi-query), each d_model x d_k. */
  WK: readonly Matrix[];
  /** g projections, each d_model x d_v. */
  WV: readonly Matrix[];
  /** (h d_v) x d_model. */
  WO: Matrix;
}

export interface HeadTrace {
  /** Zero-based query head. */
  head: number;
  /** Zero-based key/value head it reads. */
  kvHead: number;
  Q: Matrix;
  K: Matrix;
  V: Matrix;
  trace: AttentionTrace;
}

export interface MultiHeadTrace {
  heads: HeadTrace[];
  /** l_q x (h d_v) */
  concat: Matrix;
  /** l_q x d_model */
  output: Matrix;
  warnings: { head: number; warning: AttentionWarning }[];
}

function concatColumns(parts: readonly Matrix[]): Matrix {
  const rows = parts[0].rows;
  const cols = parts.reduce((n, p) => n + p.cols, 0);
  const out = zeros(rows, cols);
  let offset = 0;
  for (const p of parts) {
    for (let i = 0; i < rows; i++) out.data.set(p.data.subarray(i * p.cols, (i + 1) * p.cols), i * cols + offset);
    offset += p.cols;
  }
  return out;
}

export function multiHeadAttention(input: MultiHeadInput): MultiHeadTrace {
  const h = input.WQ.length;
  const g = input.WK.length;
  if (h === 0) throw new RangeError('multi-head attention needs at least one query projection W_i^Q');
  if (input.WV.length !== g) {
    throw new RangeError(
      `there are ${g} key projections W^K but ${input.WV.length} value projections W^V; they must pair up`,
    );
  }
  if (g === 0 || h % g !== 0) {
    throw new RangeError(
      `${h} query heads cannot share ${g} key/value heads: the number of key/value heads must divide h`,
    );
  }
  const limit = input.limits?.maxDimension ?? DEFAULT_MAX_DIMENSION;
  for (const [m, name] of [
    [input.query, 'X_q'],
    [input.key, 'X_k'],
    [input.value, 'X_v'],
    [input.WO, 'W^O'],
  ] as const) {
    checkSize({ name, rows: m.rows, cols: m.cols }, limit);
  }

  // Each key/value head is projected once, however many query heads share it.
  const keys = input.WK.map((w, j) => matmul(input.key, w, ['X_k', `W_${j + 1}^K`]));
  const values = input.WV.map((w, j) => matmul(input.value, w, ['X_v', `W_${j + 1}^V`]));
  const perGroup = h / g;
  const heads: HeadTrace[] = input.WQ.map((w, i) => {
    const kvHead = Math.floor(i / perGroup);
    const Q = matmul(input.query, w, ['X_q', `W_${i + 1}^Q`]);
    const K = keys[kvHead];
    const V = values[kvHead];
    const trace = attention({ ...input, Q, K, V });
    return { head: i, kvHead, Q, K, V, trace };
  });

  const concat = concatColumns(heads.map((t) => t.trace.output));
  if (concat.cols !== input.WO.rows) {
    throw new ShapeError(
      'Concat(head_1, ..., head_h) W^O',
      { name: 'Concat(head_1, ..., head_h)', rows: concat.rows, cols: concat.cols },
      { name: 'W^O', rows: input.WO.rows, cols: input.WO.cols },
      'W^O needs one row per concatenated value column (h d_v)',
    );
  }
  const output = matmul(concat, input.WO, ['Concat(head_1, ..., head_h)', 'W^O']);
  const warnings = heads.flatMap((t) => t.trace.warnings.map((warning) => ({ head: t.head, warning })));
  return { heads, concat, output, warnings };
}
