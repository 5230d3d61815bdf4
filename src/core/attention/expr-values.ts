// Numbers and matrices of an expression tree, computed with the numeric core and without mathjs, so that checks
// running beside the diagnostics stay cheap. Only what a worked example writes is supported: products, sums,
// scaling, transposes, square roots, powers of numbers, exp and a row-wise softmax. Anything else, shapes that do
// not fit or sizes above the budget give null: the caller stays silent rather than guess.
import type { Expr } from '../tex/expr';
import { add, fromRows, type Matrix, matmul, scale, softmaxRows, transpose, zeros } from './matrix';

export type Value = number | Matrix;

export interface ValueContext {
  /** The value of a symbol where the expression stands, or null when it has none. */
  lookup(name: string): Value | null;
  /** Largest matrix (entries) and product (multiply-adds) computed. */
  maxEntries: number;
}

const MAX_WORK = 1_000_000;

const isMatrix = (v: Value): v is Matrix => typeof v !== 'number';

/** A 1x1 matrix is its number: `q k^T` of two row vectors is a score. */
const asNumber = (v: Value): number | null => (!isMatrix(v) ? v : v.rows === 1 && v.cols === 1 ? v.data[0] : null);

function entrywise(m: Matrix, f: (x: number) => number): Matrix {
  const out = zeros(m.rows, m.cols);
  for (let i = 0; i < m.data.length; i++) out.data[i] = f(m.data[i]);
  return out;
}

function combine(a: Value, b: Value, f: (x: number, y: number) => number): Value | null {
  if (!isMatrix(a) && !isMatrix(b)) return f(a, b);
  if (!isMatrix(a)) return entrywise(b as Matrix, (y) => f(a, y));
  if (!isMatrix(b)) return entrywise(a, (x) => f(x, b));
  if (a.rows !== b.rows || a.cols !== b.cols) return null;
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = f(a.data[i], b.data[i]);
  return out;
}

function product(a: Value, b: Value, written: string, ctx: ValueContext): Value | null {
  if (!isMatrix(a) || !isMatrix(b)) return combine(a, b, (x, y) => x * y);
  // `q \cdot k` of two vectors of one length is their dot product.
  const vector = (m: Matrix) => m.rows === 1 || m.cols === 1;
  if (a.cols !== b.rows && vector(a) && vector(b) && a.data.length === b.data.length && written !== '') {
    let s = 0;
    for (let i = 0; i < a.data.length; i++) s += a.data[i] * b.data[i];
    return s;
  }
  if (a.cols !== b.rows) {
    const x = asNumber(a) ?? asNumber(b);
    return x === null ? null : scale(asNumber(a) === null ? a : b, x);
  }
  if (a.rows * a.cols * b.cols > MAX_WORK || a.rows * b.cols > ctx.maxEntries) return null;
  return matmul(a, b);
}

/** The value of `e`, or null when it cannot be computed. Never throws. */
export function computeValue(e: Expr, ctx: ValueContext, depth = 0): Value | null {
  if (depth > 200) return null;
  const sub = (x: Expr) => computeValue(x, ctx, depth + 1);
  switch (e.type) {
    case 'number':
      return e.value;
    case 'symbol': {
      const v = ctx.lookup(e.name);
      if (v !== null) return v;
      return e.name === 'e' ? Math.E : null;
    }
    case 'matrix':
    case 'list': {
      const cells = e.type === 'matrix' ? e.cells : [e.items];
      if (e.type === 'list' && e.open !== '[') return null;
      const count = cells.reduce((n, row) => n + row.length, 0);
      if (count > ctx.maxEntries || cells.length === 0) return null;
      const rows: number[][] = [];
      for (const row of cells) {
        const values: number[] = [];
        for (const cell of row) {
          const v = sub(cell);
          const n = v === null ? null : asNumber(v);
          if (n === null) return null;
          values.push(n);
        }
        if (values.length !== cells[0].length) return null;
        rows.push(values);
      }
      return fromRows(rows);
    }
    case 'product': {
      const a = sub(e.left);
      const b = a === null ? null : sub(e.right);
      return a === null || b === null ? null : product(a, b, e.written, ctx);
    }
    case 'hadamard':
    case 'add': {
      const a = sub(e.left);
      const b = a === null ? null : sub(e.right);
      if (a === null || b === null) return null;
      if (e.type === 'hadamard') return combine(a, b, (x, y) => x * y);
      return isMatrix(a) && isMatrix(b) && (a.rows !== b.rows || a.cols !== b.cols)
        ? null
        : e.op === '+'
          ? isMatrix(a) && isMatrix(b)
            ? add(a, b)
            : combine(a, b, (x, y) => x + y)
          : combine(a, b, (x, y) => x - y);
    }
    case 'divide': {
      const a = sub(e.numerator);
      const b = a === null ? null : sub(e.denominator);
      const d = b === null ? null : asNumber(b);
      return a === null || d === null ? null : combine(a, d, (x, y) => x / y);
    }
    case 'negate': {
      const a = sub(e.arg);
      return a === null ? null : combine(a, -1, (x, y) => x * y);
    }
    case 'transpose': {
      const a = sub(e.arg);
      return a === null ? null : isMatrix(a) ? transpose(a) : a;
    }
    case 'sqrt': {
      const a = sub(e.arg);
      const n = a === null || e.index ? null : asNumber(a);
      return n === null ? null : Math.sqrt(n);
    }
    case 'power': {
      const base = sub(e.base);
      const exponent = base === null ? null : sub(e.exponent);
      if (base === null || exponent === null || isMatrix(base)) return null;
      // `e^{S}` of a matrix is entrywise, as notes write the softmax's numerators.
      return isMatrix(exponent) ? entrywise(exponent, (x) => base ** x) : base ** exponent;
    }
    case 'call': {
      if (e.args.length !== 1) return null;
      const a = sub(e.args[0]);
      if (a === null) return null;
      if (e.fn === 'exp') return isMatrix(a) ? entrywise(a, Math.exp) : Math.exp(a);
      if (e.fn === 'softmax') return isMatrix(a) ? softmaxRows(a).value : 1;
      // A shape read in code (`keys.shape[-1]`); the rows of a single row are its length only in TeX's reading.
      if (e.fn === 'cols') return isMatrix(a) ? a.cols : null;
      if (e.fn === 'rows') return isMatrix(a) && a.rows > 1 ? a.rows : null;
      return null;
    }
    default:
      return null;
  }
}
