// Attention written in code rather than in math: `softmax(Q @ K.T / np.sqrt(d_k)) @ V`, a chain of assignments
// (`scores = inputs @ inputs.T`, `weights = torch.softmax(scores, dim=-1)`, `out = weights @ inputs`), or a
// formula in code's letters in a code span (`Attention(Q, K, V) = softmax((Q * K^T) / sqrt(d_k)) * V`). Each chain
// that ends in a softmax of scores is written as TeX over the values the note gives its inputs: an example that
// Evaluate Selection, `eval` and the preview evaluate as they evaluate matrices, with the same steps, checks and notes
// as a formula written in math.
import { noteCode } from '../document/code-blocks';
import type { MatrixLiteral, ScannedDocument } from '../document/document-model';
import { sourceOf } from '../document/source-text';
import { numberTex } from '../numbers';
import { type Expr, walk } from '../tex/expr';
import { codeDefinitionsOf, type RandomDefinition } from './code-definitions';
import { mayMatter, parsedStatement } from './code-statements';
import { definitionsOf } from './formula-inputs';
import type { SelectionTarget } from './selection-example';

export interface CodeFormula {
  /** Document offsets of the statement. */
  start: number;
  end: number;
  /** 1-based line of the statement. */
  line: number;
  /** The statement as written. */
  written: string;
  /** The formula with the names it was computed through written out. */
  expr: Expr;
}

/** Names are followed through assignments this deep. */
const MAX_INLINE = 6;
const MAX_FORMULAS = 200;

const isExpr = (x: unknown): x is Expr => typeof x === 'object' && x !== null && 'type' in x && 'start' in x;

/** `e` with each name that `through` defines replaced by its definition, itself written out. */
function inline(e: Expr, through: ReadonlyMap<string, Expr>, depth = 0): Expr {
  if (e.type === 'symbol') {
    const d = through.get(e.name);
    return d && depth < MAX_INLINE ? inline(d, through, depth + 1) : e;
  }
  const out: Record<string, unknown> = { ...e };
  for (const [key, value] of Object.entries(e)) {
    if (isExpr(value)) out[key] = inline(value, through, depth);
    else if (Array.isArray(value))
      out[key] = value.map((x) =>
        Array.isArray(x)
          ? x.map((y) => (isExpr(y) ? inline(y, through, depth) : y))
          : isExpr(x)
            ? inline(x, through, depth)
            : x,
      );
  }
  return out as unknown as Expr;
}

const softmaxOf = (e: Expr) => [...walk(e)].find((n) => n.type === 'call' && n.fn === 'softmax');
/** Scores: a product with a transpose in it (`Q @ K.T`), alone or scaled. */
const isScores = (e: Expr) =>
  [...walk(e)].some((n) => n.type === 'product' && [...walk(n)].some((m) => m.type === 'transpose'));
const uses = (e: Expr) => new Set([...walk(e)].flatMap((n) => (n.type === 'symbol' ? [n.name] : [])));

/** The attention formulas a note writes in code, each at the end of its chain of assignments, in order. */
export function codeFormulas(scan: ScannedDocument): CodeFormula[] {
  const lines = sourceOf(scan);
  if (!lines || scan.format !== 'markdown') return [];
  /** Names assigned scores, weights or a softmax: followed through when a later line uses them. */
  const through = new Map<string, Expr>();
  const found: (CodeFormula & { target: string | null; own: Set<string> })[] = [];
  noteCode(scan)?.forEachStatement((st, start, end) => {
    const parsed = parsedStatement(st);
    for (const name of parsed.assigned) through.delete(name);
    const read = parsed.line;
    if (!read) return;
    const expr = inline(read.expr, through);
    const softmax = softmaxOf(expr);
    if (read.target !== null && (softmax || isScores(expr))) through.set(read.target, expr);
    if (!softmax || !isScores(softmax) || found.length >= MAX_FORMULAS) return;
    found.push({
      start,
      end,
      line: lines.positionAt(start).line + 1,
      written: st.text.trim(),
      expr,
      target: read.target,
      own: new Set(parsed.uses),
    });
  }, mayMatter);
  // A chain is evaluated where it ends: a formula whose result a later one uses is a step of that one.
  return found
    .filter((f, i) => f.target === null || !found.slice(i + 1).some((later) => later.own.has(f.target as string)))
    .map(({ target: _, own: __, ...f }) => f);
}

/** A name as TeX: `Q`, `W_{query}`, `\mathrm{keys}`. */
function nameTex(name: string): string {
  if (/^[A-Za-z]$/.test(name)) return name;
  const sub = /^([A-Za-z])_([A-Za-z0-9]+)$/.exec(name);
  if (sub) return `${sub[1]}_{${sub[2]}}`;
  return `\\mathrm{${name.replace(/_/g, '\\_')}}`;
}

/** The formula as TeX, or null when it holds what TeX would not read back the same. `shape` gives a name's shape,
 * for the widths code reads from values (`keys.shape[-1]`). */
function exprTex(
  e: Expr,
  names: ReadonlyMap<string, string>,
  shape: (name: string) => { rows: number; cols: number } | undefined,
): string | null {
  const sub = (x: Expr) => exprTex(x, names, shape);
  const wrapped = (x: Expr) => {
    const t = sub(x);
    return t === null
      ? null
      : ['add', 'negate', 'divide', 'product', 'hadamard'].includes(x.type)
        ? `\\left(${t}\\right)`
        : t;
  };
  switch (e.type) {
    case 'number':
      return numberTex(e.value, 6);
    case 'symbol':
      return names.get(e.name) ?? nameTex(e.name);
    case 'product':
    case 'hadamard': {
      const [l, r] = [wrapped(e.left), wrapped(e.right)];
      return l === null || r === null ? null : `${l} ${e.type === 'hadamard' ? '\\odot ' : ''}${r}`;
    }
    case 'add': {
      const [l, r] = [sub(e.left), sub(e.right)];
      return l === null || r === null ? null : `${l} ${e.op} ${r}`;
    }
    case 'divide': {
      const [n, d] = [sub(e.numerator), sub(e.denominator)];
      return n === null || d === null ? null : `\\frac{${n}}{${d}}`;
    }
    case 'negate': {
      const a = wrapped(e.arg);
      return a === null ? null : `-${a}`;
    }
    case 'transpose': {
      const a = e.arg.type === 'symbol' ? sub(e.arg) : wrapped(e.arg);
      return a === null ? null : `${a}^\\top`;
    }
    case 'sqrt': {
      const a = sub(e.arg);
      return a === null ? null : `\\sqrt{${a}}`;
    }
    case 'power': {
      const [b, x] = [wrapped(e.base), sub(e.exponent)];
      return b === null || x === null ? null : `{${b}}^{${x}}`;
    }
    case 'call': {
      const arg = e.args[0];
      if ((e.fn === 'cols' || e.fn === 'rows') && arg?.type === 'symbol') {
        const s = shape(arg.name);
        return s ? String(e.fn === 'cols' ? s.cols : s.rows) : null;
      }
      const a = e.args.length === 1 ? sub(arg) : null;
      if (a === null) return null;
      if (e.fn === 'softmax') return `\\mathrm{softmax}\\left(${a}\\right)`;
      return e.fn === 'exp' ? `\\exp\\left(${a}\\right)` : null;
    }
    default:
      return null;
  }
}

/** The roles of `softmax(A B^T ..) C` when A, B and C are names: they are written Q, K and V. */
function roleNames(e: Expr): Map<string, string> {
  const names = new Map<string, string>();
  const softmax = softmaxOf(e);
  const scores = softmax && [...walk(softmax)].find((n) => n.type === 'product' && n.right.type === 'transpose');
  if (scores?.type !== 'product' || scores.right.type !== 'transpose') return names;
  const [q, k] = [scores.left, scores.right.arg];
  const output = [...walk(e)].find((n) => n.type === 'product' && n.left.type === 'call' && n.left.fn === 'softmax');
  const v = output?.type === 'product' ? output.right : null;
  if (q.type !== 'symbol' || k.type !== 'symbol') return names;
  names.set('Q', q.name);
  names.set('K', k.name);
  if (v?.type === 'symbol') names.set('V', v.name);
  return names;
}

/** A value drawn at random that a code formula uses: the formula has no numbers to evaluate. */
export interface RandomInput {
  name: string;
  source: string;
  via?: string;
}

/** A code formula as a small document of its own: the values of its inputs, then the formula in TeX. */
export interface CodeExample {
  formula: CodeFormula;
  /** The example, as Evaluate Selection evaluates matrices; each input is the note's code or math literal. */
  target: Extract<SelectionTarget, { kind: 'matrices' }>;
  /** The formula's roles written Q, K, V, and the code names they stand for. */
  roles: Map<string, string>;
  /** 1-based lines of the scalars the example copies, by name. */
  scalarLines: Map<string, number>;
  random: RandomInput[];
}

/** The attention formulas the note writes in code, each as an example to evaluate, in order. */
export function codeExamples(scan: ScannedDocument): CodeExample[] {
  let examples = examplesByScan.get(scan);
  if (examples) return examples;
  examples = [];
  const defs = definitionsOf(scan);
  const random = codeDefinitionsOf(scan).random;
  for (const formula of codeFormulas(scan)) {
    const roles = roleNames(formula.expr);
    const texNames = new Map<string, string>();
    for (const [role, name] of roles) if (!texNames.has(name)) texNames.set(name, role);
    const tex = exprTex(formula.expr, texNames, (name) => defs.matrixNear(name, formula.start));
    if (tex === null) continue;
    const parts: string[] = [];
    const inputs: Record<string, MatrixLiteral> = {};
    const drawnInputs: RandomInput[] = [];
    const scalarLines = new Map<string, number>();
    for (const name of uses(formula.expr)) {
      const drawn = latestRandom(random, name, formula.start);
      const literal = defs.matrixNear(name, formula.start);
      const scalar = defs.scalarNear(name, formula.start);
      const texName = texNames.get(name) ?? nameTex(name);
      if (drawn && (!literal || literal.startOffset < drawn.startOffset)) {
        drawnInputs.push({ name, source: drawn.source, ...(drawn.via ? { via: drawn.via } : {}) });
      } else if (literal && literal.nonNumeric.length === 0 && literal.raggedRows.length === 0) {
        const rows = literal.values.map((r) => r.map((x) => plainNumber(x)).join(' & ')).join(' \\\\ ');
        parts.push(`$$\n${texName} = \\begin{bmatrix} ${rows} \\end{bmatrix}\n$$`);
        inputs[texName] = literal;
      } else if (scalar) {
        parts.push(`$$\n${texName} = ${plainNumber(scalar.value)}\n$$`);
        scalarLines.set(name, scalar.range.start.line + 1);
      }
    }
    parts.push(`$$\n${tex}\n$$`);
    const target = { kind: 'matrices' as const, text: parts.join('\n\n'), inputs };
    examples.push({ formula, target, roles, scalarLines, random: drawnInputs });
  }
  examplesByScan.set(scan, examples);
  return examples;
}

const examplesByScan = new WeakMap<ScannedDocument, CodeExample[]>();

/** A number as the matrix reader reads it back: digits, never an exponent. */
export function plainNumber(x: number): string {
  if (!Number.isFinite(x)) return numberTex(x, 0);
  const s = String(x);
  return s.includes('e') ? x.toFixed(20).replace(/\.?0+$/, '') : s;
}

/** The latest assignment of `name` drawn at random before `offset`. */
function latestRandom(random: readonly RandomDefinition[], name: string, offset: number): RandomDefinition | undefined {
  let found: RandomDefinition | undefined;
  for (const r of random) if (r.name === name && r.startOffset < offset) found = r;
  return found;
}
