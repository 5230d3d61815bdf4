// The expression tree a TeX formula is read into, and its printing as a mathjs expression. Every node keeps
// the offsets of the TeX it came from, so later stages can point at the exact place of a problem.

export interface Span {
  /** Offset of the node's first character in the TeX. */
  start: number;
  /** Offset just past its last character. */
  end: number;
}

export type Expr = Span &
  (
    | { type: 'number'; value: number }
    /**
     * A variable. Bold, calligraphic and upright forms of a letter are the same symbol; subscripts and
     * superscripts that are not operations belong to the name (`W_i^Q`, `d_k`, `head_1`).
     */
    | { type: 'symbol'; name: string; base: string; sub: string | null; sup: string | null }
    /** A number set such as `\mathbb{R}`, in `Q \in \mathbb{R}^{l_q \times d_k}`. */
    | { type: 'set'; name: string }
    /** Matrix product, written by juxtaposition, `\cdot`, `\times` or `*`. */
    | { type: 'product'; written: string; left: Expr; right: Expr }
    /** Entrywise product, `\odot`. */
    | { type: 'hadamard'; left: Expr; right: Expr }
    | { type: 'divide'; written: 'frac' | '/'; numerator: Expr; denominator: Expr }
    | { type: 'add'; op: '+' | '-'; left: Expr; right: Expr }
    | { type: 'negate'; arg: Expr }
    | { type: 'transpose'; written: string; arg: Expr }
    | { type: 'power'; base: Expr; exponent: Expr }
    | { type: 'sqrt'; arg: Expr; index: Expr | null }
    /** A function applied to arguments; `name` is as written, `fn` the lower-case key it is known by. */
    | { type: 'call'; name: string; fn: string; sub: string | null; args: Expr[] }
    | { type: 'sum'; index: string | null; lower: Expr | null; upper: Expr | null; body: Expr }
    | { type: 'norm'; bars: '|' | '\\|'; arg: Expr }
    /** `[a, b]`, `[s; h]`, `(k_1, v_1)`: a list that is not a call's arguments. */
    | { type: 'list'; open: string; items: Expr[] }
    /** A matrix environment inside a formula: `\begin{bmatrix} h_1 \\ \vdots \\ h_h \end{bmatrix}`. */
    | { type: 'matrix'; env: string; cells: Expr[][] }
    | { type: 'ellipsis' }
    /** A subscript on something that is not a name: `(QK^T)_{ij}`. */
    | { type: 'index'; base: Expr; sub: string }
  );

export type ExprOf<T extends Expr['type']> = Extract<Expr, { type: T }>;

/** One line of a formula: `a = b = c`, or `Q \in \mathbb{R}^{n \times d}`, or a lone expression. */
export interface Equation extends Span {
  sides: Expr[];
  /** The relations between consecutive sides, as written: `=`, `\in`, `\leq`, ... */
  relations: string[];
}

export interface Formula {
  tex: string;
  equations: Equation[];
}

/** A problem in the TeX, with the place it is at (offsets into the TeX). */
export class TexError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
    this.name = 'TexError';
  }
}

export function children(e: Expr): Expr[] {
  switch (e.type) {
    case 'number':
    case 'symbol':
    case 'set':
    case 'ellipsis':
      return [];
    case 'product':
    case 'hadamard':
    case 'add':
      return [e.left, e.right];
    case 'divide':
      return [e.numerator, e.denominator];
    case 'negate':
    case 'transpose':
    case 'norm':
      return [e.arg];
    case 'power':
      return [e.base, e.exponent];
    case 'sqrt':
      return e.index ? [e.arg, e.index] : [e.arg];
    case 'call':
      return e.args;
    case 'sum':
      return [e.lower, e.upper, e.body].filter((x): x is Expr => x !== null);
    case 'list':
      return e.items;
    case 'matrix':
      return e.cells.flat();
    case 'index':
      return [e.base];
  }
}

/** Every node, parents before children. */
export function* walk(e: Expr): Generator<Expr> {
  yield e;
  for (const c of children(e)) yield* walk(c);
}

/** The names of the symbols an expression uses, in order of first use. */
export function symbolsOf(e: Expr): string[] {
  const names = new Set<string>();
  for (const n of walk(e)) if (n.type === 'symbol') names.add(n.name);
  return [...names];
}

/** Functions the mathjs printer can name; anything else is refused before mathjs ever sees it. */
export const PRINTABLE_FUNCTIONS: Readonly<Record<string, string>> = {
  softmax: 'softmax',
  exp: 'exp',
  tanh: 'tanh',
  log: 'log',
  ln: 'log',
};

/**
 * A mathjs identifier for a symbol name: `W_i^Q` -> `W_i__Q`, `d_k` -> `d_k`. Identifiers that would collide
 * with a function of the evaluator get a trailing underscore.
 */
export function identifierOf(name: string): string {
  const id = name
    .replace(/\^/g, '__')
    .replace(/[^A-Za-z0-9_]/g, '')
    .replace(/^(?=[0-9])/, '_');
  const reserved = new Set([...Object.values(PRINTABLE_FUNCTIONS), 'sqrt', 'transpose', 'norm', 'abs']);
  return reserved.has(id) || id === '' ? `${id}_` : id;
}

const ATOMIC = new Set<Expr['type']>(['number', 'symbol', 'call', 'sqrt', 'transpose', 'norm', 'matrix']);

/**
 * The expression as mathjs text. Operands that are not atoms are parenthesised, so the printed grouping is
 * exactly the tree's. Notation with no meaning as one value (sums over an index, ellipses, sets) is refused
 * with its position.
 */
export function toMathjs(e: Expr): string {
  // An inner product prints as a call, which needs no parentheses.
  const atomic = (x: Expr) => ATOMIC.has(x.type) || (x.type === 'product' && x.written === '\\langle');
  const wrap = (x: Expr) => (atomic(x) ? toMathjs(x) : `(${toMathjs(x)})`);
  switch (e.type) {
    case 'number':
      return Number.isFinite(e.value) ? String(e.value) : e.value > 0 ? 'Infinity' : '-Infinity';
    case 'symbol':
      return identifierOf(e.name);
    case 'product':
      // `\langle a, b \rangle`: the inner product of two vectors, whichever way each is laid out.
      if (e.written === '\\langle') return `inner(${toMathjs(e.left)}, ${toMathjs(e.right)})`;
      return `${wrap(e.left)} * ${wrap(e.right)}`;
    case 'hadamard':
      return `${wrap(e.left)} .* ${wrap(e.right)}`;
    case 'divide':
      return `${wrap(e.numerator)} / ${wrap(e.denominator)}`;
    case 'add':
      return `${toMathjs(e.left)} ${e.op} ${e.right.type === 'add' || e.right.type === 'negate' ? `(${toMathjs(e.right)})` : toMathjs(e.right)}`;
    case 'negate':
      return `-${wrap(e.arg)}`;
    case 'transpose':
      return `transpose(${toMathjs(e.arg)})`;
    case 'power':
      return `${wrap(e.base)} ^ ${wrap(e.exponent)}`;
    case 'sqrt':
      return e.index ? `${wrap(e.arg)} ^ (1 / ${wrap(e.index)})` : `sqrt(${toMathjs(e.arg)})`;
    case 'norm':
      return e.bars === '|' ? `abs(${toMathjs(e.arg)})` : `norm(${toMathjs(e.arg)})`;
    case 'matrix':
      return `[${e.cells.map((row) => `[${row.map(toMathjs).join(', ')}]`).join(', ')}]`;
    case 'call': {
      const fn = PRINTABLE_FUNCTIONS[e.fn];
      if (!fn) throw new TexError(`'${e.name}' is not a function that can be evaluated`, e.start, e.end);
      if (e.args.length !== 1)
        throw new TexError(`'${e.name}' takes one argument, not ${e.args.length}`, e.start, e.end);
      return `${fn}(${toMathjs(e.args[0])})`;
    }
    case 'sum':
      throw new TexError('a sum over an index cannot be evaluated as one matrix expression', e.start, e.end);
    case 'ellipsis':
      throw new TexError('an ellipsis cannot be evaluated', e.start, e.end);
    case 'set':
      throw new TexError(`the set ${e.name} is not a value`, e.start, e.end);
    case 'list':
      throw new TexError('a list cannot be evaluated as one matrix expression', e.start, e.end);
    case 'index':
      throw new TexError('indexing into an expression cannot be evaluated', e.start, e.end);
  }
}
