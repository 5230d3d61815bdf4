// The sandboxed mathjs instance formulas are evaluated in. It is the only core module that imports mathjs, so the
// host can load it (and mathjs) lazily as a separate chunk, with the evaluation run that uses it.
//
// The instance is built from the few factories evaluation needs. Expressions are checked node by node before they
// run (numbers, known symbols, operators and an allow-list of functions only), and, as mathjs's security notes
// advise, the functions that could change the instance or parse more text are replaced by ones that throw.
import {
  absDependencies,
  addDependencies,
  compileDependencies,
  create,
  divideDependencies,
  dotMultiplyDependencies,
  type EvalFunction,
  InfinityDependencies,
  type MathJsInstance,
  type Matrix as MathMatrix,
  type MathNode,
  matrixDependencies,
  multiplyDependencies,
  normDependencies,
  parseDependencies,
  powDependencies,
  sqrtDependencies,
  subtractDependencies,
  transposeDependencies,
  unaryMinusDependencies,
  unaryPlusDependencies,
} from 'mathjs';
import { type BooleanPolarity, booleanToAdditive, type CausalAlignment, causalMask, keyPaddingMask } from './mask';
import { fromRows, type MaskedRowPolicy, type Matrix, toRows } from './matrix';

export type ExpressionValue = number | number[][];

export type ExpressionResult =
  | { ok: true; value: ExpressionValue; fullyMaskedRows: number[] }
  | { ok: false; error: string };

/** What the running expression's softmax reads and reports: set for the length of one evaluation. */
interface RunContext {
  policy: MaskedRowPolicy;
  /** `columns` where the note keeps tokens as columns: each column's weights sum to 1. */
  axis: 'rows' | 'columns';
  fullyMaskedRows: Set<number>;
}

const transposeRows = (rows: number[][]): number[][] => (rows[0] ?? []).map((_, j) => rows.map((r) => r[j]));
let running: RunContext | null = null;

const rowsOf = (x: unknown, what: string): number[][] => {
  const value = isMathMatrix(x) ? x.valueOf() : x;
  if (typeof value === 'number') return [[value]];
  if (Array.isArray(value) && value.every((r) => Array.isArray(r))) return value as number[][];
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return [value as number[]];
  throw new TypeError(`${what} needs a matrix`);
};
const isMathMatrix = (x: unknown): x is MathMatrix =>
  typeof x === 'object' && x !== null && typeof (x as MathMatrix).valueOf === 'function' && 'size' in x;

/**
 * Row-wise softmax for expressions. Written out here rather than calling the core's, so that comparing the two
 * paths checks one implementation against another.
 */
function softmaxPlain(rows: number[][]): number[][] {
  const context = running as RunContext;
  return rows.map((row, i) => {
    if (row.some(Number.isNaN)) return row.map(() => Number.NaN);
    const max = Math.max(...row);
    if (max === Number.NEGATIVE_INFINITY) {
      context.fullyMaskedRows.add(i);
      const fill = context.policy === 'zeros' ? 0 : context.policy === 'nan' ? Number.NaN : 1 / row.length;
      return row.map(() => fill);
    }
    const e = row.map((x) => Math.exp(x - max));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / sum);
  });
}

/** Functions an expression may call; everything else is refused before it runs. */
const ALLOWED_FUNCTIONS = new Set([
  'softmax',
  'exp',
  'tanh',
  'log',
  'sqrt',
  'transpose',
  'norm',
  'abs',
  'causalMask',
  'causalMaskBottomRight',
  'maskFromKeep',
  'maskFromDrop',
  'keyPaddingMask',
  'inner',
]);
const ALLOWED_CONSTANTS = new Set(['Infinity']);
const DISABLED = ['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'compile', 'config'];

interface Sandbox {
  math: MathJsInstance;
  parse: (text: string) => MathNode;
}
let sandbox: Sandbox | null = null;

function getSandbox(): Sandbox {
  if (sandbox) return sandbox;
  const math = create({
    parseDependencies,
    compileDependencies,
    matrixDependencies,
    addDependencies,
    subtractDependencies,
    multiplyDependencies,
    divideDependencies,
    unaryMinusDependencies,
    unaryPlusDependencies,
    dotMultiplyDependencies,
    powDependencies,
    sqrtDependencies,
    transposeDependencies,
    normDependencies,
    absDependencies,
    InfinityDependencies,
  });
  const parse = math.parse;
  const matrix = (rows: number[][]) => math.matrix(rows);
  const entrywise = (name: string, f: (x: number) => number) =>
    math.typed(name, { number: f, Matrix: (m: MathMatrix) => m.map((v: number) => f(v)) });
  const toMatrix = (m: Matrix) => matrix(toRows(m));
  const causal = (alignment: CausalAlignment) => (lq: number, lk: number) => toMatrix(causalMask(lq, lk, alignment));
  const fromBoolean = (polarity: BooleanPolarity) => (b: unknown) =>
    toMatrix(booleanToAdditive(fromRows(rowsOf(b, 'a boolean mask')), polarity));
  math.import(
    {
      softmax: (x: unknown) => {
        const rows = rowsOf(x, 'softmax');
        return matrix(
          (running as RunContext).axis === 'columns'
            ? transposeRows(softmaxPlain(transposeRows(rows)))
            : softmaxPlain(rows),
        );
      },
      exp: entrywise('exp', Math.exp),
      tanh: entrywise('tanh', Math.tanh),
      log: entrywise('log', Math.log),
      // `\langle a, b \rangle`, once the shapes are checked: two vectors of one length.
      inner: (a: unknown, b: unknown) => {
        const [x, y] = [rowsOf(a, 'an inner product').flat(), rowsOf(b, 'an inner product').flat()];
        if (x.length !== y.length) throw new TypeError('an inner product needs two vectors of one length');
        return x.reduce((sum, v, i) => sum + v * y[i], 0);
      },
      causalMask: causal('top-left'),
      causalMaskBottomRight: causal('bottom-right'),
      maskFromKeep: fromBoolean('keep'),
      maskFromDrop: fromBoolean('drop'),
      keyPaddingMask: (lq: number, flags: unknown) =>
        toMatrix(
          keyPaddingMask(
            lq,
            rowsOf(flags, 'keyPaddingMask')
              .flat()
              .map((f) => f !== 0),
          ),
        ),
    },
    { override: true },
  );
  // `q \cdot k` of two vectors laid out alike reaches `*` only once the shape check has read it as their dot
  // product; every other product is mathjs's own.
  const multiply = math.multiply;
  math.import(
    {
      multiply: math.typed('multiply', {
        'Matrix, Matrix': (a: MathMatrix, b: MathMatrix) => {
          const [x, y] = [a.size(), b.size()];
          const vector = (s: number[]) => s.length === 2 && (s[0] === 1 || s[1] === 1);
          if (x[1] === y[0] || !vector(x) || !vector(y) || x[0] * x[1] !== y[0] * y[1]) return multiply(a, b);
          const [p, q] = [rowsOf(a, 'a product').flat(), rowsOf(b, 'a product').flat()];
          return p.reduce((sum, v, i) => sum + v * q[i], 0);
        },
        'any, any': (a: unknown, b: unknown) => multiply(a as MathMatrix, b as MathMatrix),
      }),
    },
    { override: true },
  );
  const disabled = Object.fromEntries(
    DISABLED.map((name) => [
      name,
      () => {
        throw new Error(`Function ${name} is disabled`);
      },
    ]),
  );
  math.import(disabled, { override: true });
  sandbox = { math, parse };
  return sandbox;
}

const REFUSED_NODES: Readonly<Record<string, string>> = {
  AccessorNode: 'property access (such as .constructor)',
  AssignmentNode: 'assignments',
  FunctionAssignmentNode: 'function definitions',
  ObjectNode: 'objects',
  RangeNode: 'ranges',
  IndexNode: 'indexes',
  BlockNode: 'several expressions',
  ConditionalNode: 'conditionals',
  RelationalNode: 'comparisons',
};

/** Refuses any node that is not arithmetic on known values: no assignments, property access, strings or ranges. */
function checkNode(root: MathNode, scope: ReadonlyMap<string, unknown>): void {
  root.traverse((node: MathNode, _path: string, parent: MathNode | null) => {
    switch (node.type) {
      case 'ConstantNode': {
        const value = (node as MathNode & { value: unknown }).value;
        if (typeof value !== 'number') throw new Error(`only numbers are allowed, not ${JSON.stringify(value)}`);
        return;
      }
      case 'SymbolNode': {
        const name = (node as MathNode & { name: string }).name;
        const isCallee = parent?.type === 'FunctionNode' && (parent as MathNode & { fn: MathNode }).fn === node;
        if (isCallee) {
          if (!ALLOWED_FUNCTIONS.has(name)) throw new Error(`the function '${name}' is not available in formulas`);
        } else if (!scope.has(name) && !ALLOWED_CONSTANTS.has(name)) {
          throw new Error(`'${name}' has no value`);
        }
        return;
      }
      case 'FunctionNode': {
        const fn = (node as MathNode & { fn: MathNode }).fn;
        if (fn.type !== 'SymbolNode') throw new Error('only named functions can be called');
        return;
      }
      case 'OperatorNode':
      case 'ParenthesisNode':
      case 'ArrayNode':
        return;
      default:
        throw new Error(
          `${REFUSED_NODES[node.type] ?? node.type} ${node.type === 'AccessorNode' ? 'is' : 'are'} not allowed in formulas`,
        );
    }
  });
}

const toValue = (x: unknown): ExpressionValue => {
  if (typeof x === 'number') return x;
  if (isMathMatrix(x)) {
    const rows = x.valueOf() as unknown[];
    // A one-dimensional result (from a vector literal) is a column.
    return rows.every(Array.isArray) ? (rows as number[][]) : (rows as number[]).map((v) => [v]);
  }
  throw new TypeError(`the result is not a number or a matrix (${typeof x})`);
};

/**
 * Parsed and compiled expressions by text. A document is evaluated again on every edit while its formulas rarely
 * change, and parsing dominates the cost of small examples. Bounded: the oldest entry goes first.
 */
const compiledCache = new Map<string, { node: MathNode; code?: EvalFunction }>();
const CACHE_SIZE = 256;

function parsed(text: string, parse: Sandbox['parse']): { node: MathNode; code?: EvalFunction } {
  let entry = compiledCache.get(text);
  if (!entry) {
    entry = { node: parse(text) };
    if (compiledCache.size >= CACHE_SIZE) compiledCache.delete(compiledCache.keys().next().value as string);
    compiledCache.set(text, entry);
  }
  return entry;
}

/**
 * Evaluates a mathjs expression in the sandbox. Scope values are numbers or matrices as rows. Never throws:
 * refused or failing expressions give `ok: false` with the reason.
 */
export function evaluateExpression(
  text: string,
  scope: Readonly<Record<string, ExpressionValue>>,
  options: { maskedRows?: MaskedRowPolicy; softmaxAxis?: 'rows' | 'columns' } = {},
): ExpressionResult {
  const { math, parse } = getSandbox();
  const values = new Map<string, unknown>(
    Object.entries(scope).map(([k, v]) => [k, typeof v === 'number' ? v : math.matrix(v)]),
  );
  const context: RunContext = {
    policy: options.maskedRows ?? 'zeros',
    axis: options.softmaxAxis ?? 'rows',
    fullyMaskedRows: new Set(),
  };
  running = context;
  try {
    const entry = parsed(text, parse);
    // Checked on every call: whether a symbol has a value depends on the scope.
    checkNode(entry.node, values);
    entry.code ??= entry.node.compile();
    const value = toValue(entry.code.evaluate(values));
    return { ok: true, value, fullyMaskedRows: [...context.fullyMaskedRows].sort((a, b) => a - b) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    running = null;
  }
}
