// Dense row-major matrices of doubles: the numeric core every attention computation runs on.
import type { MaskedRowPolicy } from './conventions';

export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major: entry (i, j) is data[i * cols + j]. */
  readonly data: Float64Array;
}

/** A matrix as people name it in messages: `Q`, `K^T`, `M`. */
export interface NamedShape {
  name: string;
  rows: number;
  cols: number;
}

export const shapeText = (m: { rows: number; cols: number }): string => `${m.rows}x${m.cols}`;

/** Two operands whose shapes do not fit, with the operation and the rule they break. */
export class ShapeError extends Error {
  constructor(
    readonly operation: string,
    readonly left: NamedShape,
    readonly right: NamedShape,
    readonly rule: string,
  ) {
    super(`${operation}: ${left.name} is ${shapeText(left)} but ${right.name} is ${shapeText(right)}; ${rule}`);
    this.name = 'ShapeError';
  }
}

/** A dimension above the configured limit: refused up front so a typo cannot freeze the editor. */
export class SizeLimitError extends Error {
  constructor(
    readonly operand: NamedShape,
    readonly limit: number,
  ) {
    super(`${operand.name} is ${shapeText(operand)}, above the limit of ${limit} per dimension`);
    this.name = 'SizeLimitError';
  }
}

export const DEFAULT_MAX_DIMENSION = 512;

export function checkSize(operand: NamedShape, limit = DEFAULT_MAX_DIMENSION): void {
  if (operand.rows > limit || operand.cols > limit) throw new SizeLimitError(operand, limit);
}

export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** From nested arrays; every row must have the same length. */
export function fromRows(values: readonly (readonly number[])[]): Matrix {
  const rows = values.length;
  const cols = rows === 0 ? 0 : values[0].length;
  const m = zeros(rows, cols);
  for (let i = 0; i < rows; i++) {
    const row = values[i];
    if (row.length !== cols) throw new RangeError(`row ${i} has ${row.length} entries but row 0 has ${cols}`);
    m.data.set(row, i * cols);
  }
  return m;
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export const at = (m: Matrix, i: number, j: number): number => m.data[i * m.cols + j];

const named = (m: Matrix, name: string): NamedShape => ({ name, rows: m.rows, cols: m.cols });

/** A B, looping i-k-j so the inner loop walks both B and the result row contiguously. */
export function matmul(a: Matrix, b: Matrix, names: [string, string] = ['A', 'B']): Matrix {
  if (a.cols !== b.rows) {
    throw new ShapeError(
      `${names[0]}${names[1]}`,
      named(a, names[0]),
      named(b, names[1]),
      `the column count of ${names[0]} must equal the row count of ${names[1]}`,
    );
  }
  return product(a, b);
}

/**
 * The i-k-j kernel, with k unrolled by eight: each pass over a row of the result adds eight rows of B at once,
 * so the result row is loaded and stored an eighth as often. This is what makes it several times faster than
 * the plain loop for the sizes attention sees.
 */
function product(a: Matrix, b: Matrix): Matrix {
  const n = a.cols;
  const p = b.cols;
  const out = zeros(a.rows, p);
  const A = a.data;
  const B = b.data;
  const C = out.data;
  const n8 = n - (n % 8);
  for (let i = 0; i < a.rows; i++) {
    const ci = i * p;
    const ai = i * n;
    let k = 0;
    for (; k < n8; k += 8) {
      const a0 = A[ai + k];
      const a1 = A[ai + k + 1];
      const a2 = A[ai + k + 2];
      const a3 = A[ai + k + 3];
      const a4 = A[ai + k + 4];
      const a5 = A[ai + k + 5];
      const a6 = A[ai + k + 6];
      const a7 = A[ai + k + 7];
      const b0 = k * p;
      const b1 = b0 + p;
      const b2 = b1 + p;
      const b3 = b2 + p;
      const b4 = b3 + p;
      const b5 = b4 + p;
      const b6 = b5 + p;
      const b7 = b6 + p;
      for (let j = 0; j < p; j++) {
        C[ci + j] +=
          a0 * B[b0 + j] +
          a1 * B[b1 + j] +
          a2 * B[b2 + j] +
          a3 * B[b3 + j] +
          a4 * B[b4 + j] +
          a5 * B[b5 + j] +
          a6 * B[b6 + j] +
          a7 * B[b7 + j];
      }
    }
    for (; k < n; k++) {
      const aik = A[ai + k];
      const bk = k * p;
      for (let j = 0; j < p; j++) C[ci + j] += aik * B[bk + j];
    }
  }
  return out;
}

/**
 * A B^T, the shape of Q K^T. B is transposed first (quadratic) so the product runs in the cubic kernel above,
 * which is faster than row-by-row dot products.
 */
export function matmulTransposed(a: Matrix, b: Matrix, names: [string, string] = ['A', 'B']): Matrix {
  if (a.cols !== b.cols) {
    throw new ShapeError(
      `${names[0]}${names[1]}^T`,
      named(a, names[0]),
      named(b, names[1]),
      'their column counts must match',
    );
  }
  return product(a, transpose(b));
}

export function transpose(m: Matrix): Matrix {
  const out = zeros(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) out.data[j * m.rows + i] = m.data[i * m.cols + j];
  }
  return out;
}

export function scale(m: Matrix, s: number): Matrix {
  const out = zeros(m.rows, m.cols);
  for (let i = 0; i < m.data.length; i++) out.data[i] = m.data[i] * s;
  return out;
}

export function add(a: Matrix, b: Matrix, names: [string, string] = ['A', 'B']): Matrix {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new ShapeError(
      `${names[0]} + ${names[1]}`,
      named(a, names[0]),
      named(b, names[1]),
      'their shapes must be equal',
    );
  }
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = a.data[i] + b.data[i];
  return out;
}

export type { MaskedRowPolicy };

export interface SoftmaxResult {
  value: Matrix;
  /** Rows whose every entry was -Infinity, zero-based, in order. */
  fullyMaskedRows: number[];
}

/**
 * Softmax along each row. The row maximum is subtracted first so no exp overflows; -Infinity logits then give
 * exp(-Infinity) = 0 exactly. NaN logits propagate to the whole row, as in every library.
 */
export function softmaxRows(m: Matrix, policy: MaskedRowPolicy = 'zeros'): SoftmaxResult {
  const out = zeros(m.rows, m.cols);
  const fullyMaskedRows: number[] = [];
  const { cols } = m;
  const X = m.data;
  const Y = out.data;
  for (let i = 0; i < m.rows; i++) {
    const o = i * cols;
    let max = Number.NEGATIVE_INFINITY;
    let hasNaN = false;
    for (let j = 0; j < cols; j++) {
      const v = X[o + j];
      if (v > max) max = v;
      else if (Number.isNaN(v)) hasNaN = true;
    }
    if (hasNaN) {
      Y.fill(Number.NaN, o, o + cols);
      continue;
    }
    if (max === Number.NEGATIVE_INFINITY) {
      fullyMaskedRows.push(i);
      Y.fill(policy === 'zeros' ? 0 : policy === 'nan' ? Number.NaN : 1 / cols, o, o + cols);
      continue;
    }
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(X[o + j] - max);
      Y[o + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < cols; j++) Y[o + j] *= inv;
  }
  return { value: out, fullyMaskedRows };
}
