// NumPy and PyTorch expressions as notes write them in code (`scores = Q @ K.T / np.sqrt(d_k)`,
// `torch.softmax(x, dim=-1)`, `np.array([[1, 0], [0, 1]])`), read into the expression tree of TeX formulas so the
// same evaluator computes them. Only arithmetic on names, numbers and arrays is read; anything else (a call of an
// unknown function, slicing, a softmax over another axis) makes the line unreadable, and it is ignored.
import { Lru } from '../lru';
import type { Expr } from '../tex/expr';

export interface PythonLine {
  /** The name assigned, or null for a bare expression. */
  target: string | null;
  expr: Expr;
}

/** Lines longer than this are not formulas worth reading. */
const MAX_LINE = 20_000;
const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(\*\*|[-+*/@().,=[\]^]))/y;
const SQRT = new Set(['sqrt']);
const EXP = new Set(['exp']);
const SOFTMAX = new Set(['softmax']);
const MATMUL = new Set(['matmul', 'dot', 'mm', 'bmm']);
const ARRAY = new Set(['array', 'tensor', 'asarray', 'Tensor', 'FloatTensor', 'constant', 'convert_to_tensor']);
/** Constants of the modules: `torch.inf`, `np.pi`. A dtype (`torch.float32`) reads as a name no formula uses. */
const CONSTANTS: Readonly<Record<string, number>> = { inf: Number.POSITIVE_INFINITY, pi: Math.PI, e: Math.E };
/** Module prefixes of those functions; a method call on a value (`x.softmax(dim=-1)`) is read too. */
const MODULES = new Set(['np', 'numpy', 'torch', 'F', 'nn', 'functional', 'math', 'tf', 'jnp', 'jax', 'linalg']);

type Token = { kind: 'number'; value: number } | { kind: 'name'; text: string } | { kind: 'op'; text: string };

function tokenize(line: string): Token[] | null {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < line.length) {
    // What is left is blanks, or a comment: the line ends here. Read in place, without copying the rest.
    let next = TOKEN.lastIndex;
    while (next < line.length && /\s/.test(line[next])) next++;
    if (next === line.length || line[next] === '#') break;
    const m = TOKEN.exec(line);
    if (!m) return null;
    if (m[1] !== undefined) tokens.push({ kind: 'number', value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: 'name', text: m[2] });
    // `e^0.577` and `K^T` in prose code are a power and a transpose, as notes mean them, not Python's exclusive or.
    else tokens.push({ kind: 'op', text: m[3] });
  }
  return tokens;
}

/**
 * Lines read, by their text: after an edit a note's code is read again, and most of its lines are as they were.
 * The trees are shared, so callers never change them.
 */
const readLines = new Lru<string, PythonLine | null>(20_000);

/** `target = expr` or `expr`, or null when the line is not arithmetic this reader knows. Never throws. */
export function parsePythonLine(line: string): PythonLine | null {
  if (line.length > MAX_LINE) return null;
  const known = readLines.get(line);
  if (known !== undefined) return known;
  const read = parseLine(line);
  readLines.set(line, read);
  return read;
}

function parseLine(line: string): PythonLine | null {
  const tokens = tokenize(line);
  if (!tokens || tokens.length === 0) return null;
  let target: string | null = null;
  let start = 0;
  if (tokens.length > 2 && tokens[0].kind === 'name' && tokens[1].kind === 'op' && tokens[1].text === '=') {
    target = tokens[0].text;
    start = 2;
  } else start = afterDefinedCall(tokens);
  // A line writing `^` is a formula in code's letters (`softmax(Q * K^T / sqrt(d_k)) * V`): `*` is its product.
  const pseudo = tokens.some((t) => t.kind === 'op' && t.text === '^');
  const parser = new Parser(tokens, start, pseudo);
  const expr = parser.expression(0);
  return expr && parser.done() ? { target, expr } : null;
}

/** Past `Attention(Q, K, V) =`, the name of what a formula written in code defines; 0 when the line has none. */
function afterDefinedCall(tokens: Token[]): number {
  if (tokens[0]?.kind !== 'name' || tokens[1]?.kind !== 'op' || tokens[1].text !== '(') return 0;
  let i = 2;
  for (let t = tokens[i]; t && (t.kind === 'name' || (t.kind === 'op' && t.text === ',')); t = tokens[++i]);
  const close = tokens[i];
  const eq = tokens[i + 1];
  return close?.kind === 'op' && close.text === ')' && eq?.kind === 'op' && eq.text === '=' ? i + 2 : 0;
}

const span = { start: 0, end: 0 };
const num = (value: number): Expr => ({ type: 'number', value, ...span });
const sym = (name: string): Expr => ({ type: 'symbol', name, base: name, sub: null, sup: null, ...span });
const call = (fn: string, arg: Expr): Expr => ({ type: 'call', name: fn, fn, sub: null, args: [arg], ...span });

const BINARY: Readonly<Record<string, [precedence: number, build: (l: Expr, r: Expr) => Expr]>> = {
  '+': [1, (left, right) => ({ type: 'add', op: '+', left, right, ...span })],
  '-': [1, (left, right) => ({ type: 'add', op: '-', left, right, ...span })],
  '*': [2, (left, right) => ({ type: 'hadamard', left, right, ...span })],
  '/': [2, (numerator, denominator) => ({ type: 'divide', written: '/', numerator, denominator, ...span })],
  '@': [2, (left, right) => ({ type: 'product', written: '@', left, right, ...span })],
};

class Parser {
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private i: number,
    /** `*` is a matrix product, as in formulas written with code's letters. */
    private readonly pseudo = false,
  ) {}

  done(): boolean {
    return this.i === this.tokens.length;
  }

  private op(text: string): boolean {
    const t = this.tokens[this.i];
    if (t?.kind !== 'op' || t.text !== text) return false;
    this.i++;
    return true;
  }

  expression(min: number): Expr | null {
    if (++this.depth > 64) return null;
    let left = this.unary();
    while (left) {
      const t = this.tokens[this.i];
      const rule = t?.kind === 'op' ? BINARY[t.text] : undefined;
      if (!rule || rule[0] <= min) break;
      this.i++;
      const right = this.expression(rule[0]);
      const build: (l: Expr, r: Expr) => Expr =
        this.pseudo && t.kind === 'op' && t.text === '*'
          ? (l, r) => ({ type: 'product', written: '*', left: l, right: r, ...span })
          : rule[1];
      left = right && build(left, right);
    }
    this.depth--;
    return left;
  }

  private unary(): Expr | null {
    if (this.op('-')) {
      const arg = this.unary();
      return arg && { type: 'negate', arg, ...span };
    }
    const base = this.postfix();
    const t = this.tokens[this.i];
    if (base && t?.kind === 'op' && t.text === '^' && this.tokens[this.i + 1]?.kind === 'name') {
      const name = this.tokens[this.i + 1] as { text: string };
      if (name.text === 'T' || name.text === 'top') {
        this.i += 2;
        return { type: 'transpose', written: '^T', arg: base, ...span };
      }
    }
    if (base && (this.op('**') || this.op('^'))) {
      const exponent = this.unary();
      if (!exponent) return null;
      return exponent.type === 'number' && exponent.value === 0.5
        ? { type: 'sqrt', arg: base, index: null, ...span }
        : { type: 'power', base, exponent, ...span };
    }
    return base;
  }

  private postfix(): Expr | null {
    let e = this.atom();
    while (e && this.op('.')) {
      const t = this.tokens[this.i++];
      if (t?.kind !== 'name') return null;
      if (t.text === 'T') e = { type: 'transpose', written: '.T', arg: e, ...span };
      else if (t.text === 'shape') {
        // `keys.shape[-1]`, `x.shape[0]`: a width or a length, read from the value.
        const axis = this.op('[') ? this.expression(0) : null;
        const n = axis && numberOf(axis);
        if (n === null || n === undefined || !this.op(']')) return null;
        if (n === -1 || n === 1) e = call('cols', e);
        else if (n === 0 || n === -2) e = call('rows', e);
        else return null;
      } else {
        const args = this.arguments();
        if (!args) return null;
        e = this.method(t.text, e, args);
      }
    }
    return e;
  }

  /** `x.transpose(-2, -1)`, `x.t()`, `x.softmax(dim=-1)`, `a.dot(b)`. */
  private method(name: string, self: Expr, args: Arguments): Expr | null {
    if (name === 'transpose' || name === 't') return { type: 'transpose', written: `.${name}`, arg: self, ...span };
    if (SOFTMAX.has(name) && args.values.length === 0 && lastAxis(args)) return call('softmax', self);
    if (MATMUL.has(name) && args.values.length === 1)
      return { type: 'product', written: '@', left: self, right: args.values[0], ...span };
    if (EXP.has(name) && args.values.length === 0) return call('exp', self);
    return null;
  }

  private atom(): Expr | null {
    const t = this.tokens[this.i];
    if (!t) return null;
    if (t.kind === 'number') {
      this.i++;
      return num(t.value);
    }
    if (t.kind === 'op') {
      if (this.op('(')) {
        const inner = this.expression(0);
        return inner && this.op(')') ? inner : null;
      }
      if (t.text === '[') return this.array();
      return null;
    }
    this.i++;
    const next = this.tokens[this.i];
    const called = next?.kind === 'op' && next.text === '(';
    if (!MODULES.has(t.text) && !called) return sym(t.text);
    // `np.sqrt(..)`, `torch.nn.functional.softmax(..)`: the module path, then the function; or `softmax(..)`.
    let fn = called ? t.text : '';
    while (!called && this.op('.')) {
      const name = this.tokens[this.i++];
      if (name?.kind !== 'name') return null;
      fn = name.text;
      if (!MODULES.has(fn)) break;
    }
    const open = this.tokens[this.i];
    if (!called && (open?.kind !== 'op' || open.text !== '('))
      return fn in CONSTANTS ? num(CONSTANTS[fn]) : sym(`${t.text}.${fn}`);
    const args = this.arguments();
    if (!args) return null;
    const [first, second] = args.values;
    if (SQRT.has(fn) && args.values.length === 1) return { type: 'sqrt', arg: first, index: null, ...span };
    if (EXP.has(fn) && args.values.length === 1) return call('exp', first);
    if (SOFTMAX.has(fn) && args.values.length <= 2 && first && lastAxis(args)) return call('softmax', first);
    if (MATMUL.has(fn) && args.values.length === 2) {
      // `tf.matmul(q, k, transpose_b=True)`
      const flag = (key: string) => {
        const v = args.keywords.get(key);
        return v?.type === 'symbol' && v.name === 'True';
      };
      const t = (x: Expr, on: boolean): Expr => (on ? { type: 'transpose', written: '.T', arg: x, ...span } : x);
      return {
        type: 'product',
        written: '@',
        left: t(first, flag('transpose_a')),
        right: t(second, flag('transpose_b')),
        ...span,
      };
    }
    if (fn === 'transpose' && args.values.length >= 1) return { type: 'transpose', written: '.T', arg: first, ...span };
    // `np.array([[..]])`, `torch.tensor(x, dtype=torch.float32)`: the values as they are.
    if (ARRAY.has(fn) && args.values.length === 1 && ['matrix', 'list', 'symbol'].includes(first.type)) return first;
    return null;
  }

  /** `[[1, 2], [3, 4]]` (a matrix) or `[1, 0, 0]` (a row). */
  private array(): Expr | null {
    this.op('[');
    const items: Expr[] = [];
    if (!this.op(']')) {
      do {
        // A trailing comma, as lists written one row a line often have.
        if (
          items.length > 0 &&
          this.tokens[this.i]?.kind === 'op' &&
          (this.tokens[this.i] as { text: string }).text === ']'
        )
          break;
        const item = this.expression(0);
        if (!item) return null;
        items.push(item);
      } while (this.op(','));
      if (!this.op(']')) return null;
    }
    if (items.length > 0 && items.every((x) => x.type === 'list'))
      return { type: 'matrix', env: 'array', cells: items.map((x) => (x as { items: Expr[] }).items), ...span };
    return { type: 'list', open: '[', items, ...span };
  }

  /** `(a, b, dim=-1)`: positional values and keyword arguments (only numbers are kept). */
  private arguments(): Arguments | null {
    const args: Arguments = { values: [], keywords: new Map() };
    if (!this.op('(')) return null;
    if (this.op(')')) return args;
    do {
      const t = this.tokens[this.i];
      const next = this.tokens[this.i + 1];
      if (t?.kind === 'name' && next?.kind === 'op' && next.text === '=') {
        this.i += 2;
        const value = this.expression(0);
        if (!value) return null;
        args.keywords.set(t.text, value);
      } else {
        const value = this.expression(0);
        if (!value) return null;
        args.values.push(value);
      }
    } while (this.op(','));
    return this.op(')') ? args : null;
  }
}

interface Arguments {
  values: Expr[];
  keywords: Map<string, Expr>;
}

/** The integer an index or an axis is (`1`, `-1`), or null. */
function numberOf(e: Expr): number | null {
  if (e.type === 'number') return e.value;
  return e.type === 'negate' && e.arg.type === 'number' ? -e.arg.value : null;
}

/** A softmax over the last axis, the one attention normalises: no axis given, or -1 (or 1 of a matrix). */
function lastAxis(args: Arguments): boolean {
  const axis = args.keywords.get('dim') ?? args.keywords.get('axis') ?? args.values[1];
  if (!axis) return true;
  const n = numberOf(axis);
  return n === -1 || n === 1;
}
