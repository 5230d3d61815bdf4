// Shapes of a formula's sub-expressions, checked before any arithmetic so that a mismatch is reported at its
// place in the TeX, naming the operation and both shapes.
import { type Expr, TexError } from '../tex/expr';

export type Shape = { rows: number; cols: number } | 'scalar';

const text = (s: Shape) => (s === 'scalar' ? 'a number' : `${s.rows}x${s.cols}`);

/** Shapes of every node, inferred bottom-up from the shapes of its symbols. */
export class ShapeChecker {
  private readonly shapes = new Map<Expr, Shape>();

  constructor(
    private readonly tex: string,
    private readonly shapeOf: (symbol: string) => Shape | undefined,
  ) {}

  private name(e: Expr): string {
    return e.type === 'symbol' ? e.name : this.tex.slice(e.start, e.end).trim();
  }

  private mismatch(at: Expr, left: [Expr, Shape], right: [Expr, Shape], rule: string): never {
    const [l, ls] = left;
    const [r, rs] = right;
    throw new TexError(
      `${this.name(at)}: ${this.name(l)} is ${text(ls)} but ${this.name(r)} is ${text(rs)}; ${rule}`,
      at.start,
      at.end,
    );
  }

  /** The shape of `e`; throws TexError at the first operation whose operands do not fit. */
  check(e: Expr): Shape {
    const known = this.shapes.get(e);
    if (known) return known;
    const shape = this.infer(e);
    this.shapes.set(e, shape);
    return shape;
  }

  private infer(e: Expr): Shape {
    switch (e.type) {
      case 'number':
        return 'scalar';
      case 'symbol': {
        const s = this.shapeOf(e.name);
        if (!s) throw new TexError(`${e.name} has no value`, e.start, e.end);
        return s;
      }
      case 'product':
        return this.product(e);
      case 'hadamard':
      case 'add': {
        const [a, b] = [this.check(e.left), this.check(e.right)];
        if (a === 'scalar' || b === 'scalar') return a === 'scalar' ? b : a;
        if (a.rows !== b.rows || a.cols !== b.cols) {
          this.mismatch(e, [e.left, a], [e.right, b], 'their shapes must be equal');
        }
        return a;
      }
      case 'divide': {
        const den = this.check(e.denominator);
        if (den !== 'scalar') {
          throw new TexError(
            `${this.name(e)}: dividing by ${this.name(e.denominator)}, a ${text(den)} matrix, is not defined`,
            e.start,
            e.end,
          );
        }
        return this.check(e.numerator);
      }
      case 'negate':
        return this.check(e.arg);
      case 'transpose': {
        const s = this.check(e.arg);
        return s === 'scalar' ? s : { rows: s.cols, cols: s.rows };
      }
      case 'power': {
        const [b, x] = [this.check(e.base), this.check(e.exponent)];
        if (x !== 'scalar') throw new TexError(`${this.name(e)}: the exponent must be a number`, e.start, e.end);
        if (b !== 'scalar' && b.rows !== b.cols) {
          throw new TexError(
            `${this.name(e)}: only a square matrix has powers, and ${this.name(e.base)} is ${text(b)}`,
            e.start,
            e.end,
          );
        }
        return b;
      }
      case 'sqrt': {
        const s = this.check(e.arg);
        if (s !== 'scalar')
          throw new TexError(
            `${this.name(e)}: the square root of a ${text(s)} matrix is not defined here`,
            e.start,
            e.end,
          );
        if (e.index) this.check(e.index);
        return s;
      }
      case 'norm':
        this.check(e.arg);
        return 'scalar';
      case 'call':
        // Functions the evaluator has act entry by entry (exp, tanh) or row by row (softmax): the shape stays.
        return e.args.length === 1 ? this.check(e.args[0]) : 'scalar';
      case 'matrix': {
        for (const cell of e.cells.flat()) {
          if (this.check(cell) !== 'scalar')
            throw new TexError('a matrix written inside a formula must hold numbers', cell.start, cell.end);
        }
        return { rows: e.cells.length, cols: Math.max(...e.cells.map((r) => r.length)) };
      }
      default:
        throw new TexError(`${this.name(e)} has no value that can be computed`, e.start, e.end);
    }
  }

  private product(e: Expr & { type: 'product' }): Shape {
    const [a, b] = [this.check(e.left), this.check(e.right)];
    if (e.written === '\\langle') {
      // An inner product: two vectors of one length, laid out as rows or columns.
      const length = (s: Shape) => (s !== 'scalar' && (s.rows === 1 || s.cols === 1) ? s.rows * s.cols : null);
      if (length(a) !== null && length(a) === length(b)) return 'scalar';
      return this.mismatch(e, [e.left, a], [e.right, b], 'an inner product needs two vectors of one length');
    }
    if (a === 'scalar' || b === 'scalar') return a === 'scalar' ? b : a;
    if (a.cols === b.rows) return { rows: a.rows, cols: b.cols };
    // `q_i \cdot k_j` of two vectors of one length that do not multiply as matrices: their dot product, as the
    // printed values read it (an operator written, not juxtaposition, which stays a matrix product).
    if (e.written !== '' && (a.rows === 1 || a.cols === 1) && (b.rows === 1 || b.cols === 1))
      if (a.rows * a.cols === b.rows * b.cols) return 'scalar';
    if (e.right.type === 'transpose') {
      // Q K^T: say it in terms of K, as the shapes are usually declared.
      const k = this.check(e.right.arg);
      this.mismatch(e, [e.left, a], [e.right.arg, k], 'their column counts (d_k) must match');
    }
    const hint = a.cols === b.cols ? ` (${this.name(e.right)}^T would fit: is a transpose missing?)` : '';
    return this.mismatch(
      e,
      [e.left, a],
      [e.right, b],
      `the column count of ${this.name(e.left)} must equal the row count of ${this.name(e.right)}${hint}`,
    );
  }
}
