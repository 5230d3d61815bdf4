// Names the kind of attention a formula writes, from the shape of its expression tree rather than from the
// words in it, and records what later checks need: the scale, whether K is transposed, which symbols play
// Q, K, V and M, and the sub-expressions that are the steps of the computation.
//
// What counts as attention: a formula that computes weights of queries over keys or their use on values, in any of
// its steps (scores, scaled logits, weights, outputs, heads, projections into Q, K and V written together).
// FlashAttention's running statistics (m_i, l_i) and their rescaling are kept as `none`: they are bookkeeping that
// makes a softmax exact in tiles, and checking them as attention would flag every one of them as malformed.
// Derivations, LayerNorm, FFN, positional encodings and RNN cells are `none` even where they share symbols.
import type { Equation, Expr, ExprOf, Formula, TexError } from '../tex/expr';
import { walk } from '../tex/expr';
import { symbolName as symbolNameOf, tryParseTex } from '../tex/tex-to-expr';
import { isSoftmaxName } from '../tex/vocabulary';
import type { Role, SoftmaxAxis } from './conventions';
import * as conventions from './conventions';

// Bound once at load: CommonJS transpilation (tests, benchmarks) would otherwise read every imported name
// through a property getter inside the hot loops.
const {
  ATTENTION_WEIGHT_NAMES,
  isHeadName,
  isOutputProjection,
  isProjectionName,
  KEY_NAMES,
  LOGITS_NAMES,
  namesCrossAttention,
  OUTPUT_NAMES,
  QUERY_LETTERS,
  QUERY_NAMES,
  roleOfLetter,
  STATE_NAMES,
  softmaxAxisOf,
  VALUE_NAMES,
} = conventions;

export type AttentionKind =
  | 'scaled_dot_product'
  | 'masked_scaled_dot_product'
  | 'multi_head'
  | 'head_projection'
  | 'additive_bahdanau'
  | 'luong_general_or_dot'
  | 'softmax_weights_elementwise'
  | 'linear_attention'
  | 'cross_attention_definition'
  | 'other_attention'
  | 'none';

/** How the logits are scaled, as written. `sqrtOf` is the TeX under the square root, when there is one. */
export type ScaleInfo =
  | { written: 'none' }
  | { written: 'divide'; by: Expr; sqrtOf: string | null }
  | { written: 'multiply'; by: Expr; sqrtOf: string | null };

export interface Roles {
  query: string | null;
  key: string | null;
  value: string | null;
  mask: string | null;
}

/** The sub-expressions that compute each step, for the forms softmax(s Q K^T + M) V. */
export interface StepParts {
  logits?: Expr;
  scaled?: Expr;
  masked?: Expr;
  weights?: Expr;
  output?: Expr;
}

/** The sub-expressions that play Q, K, V and M in softmax(s Q K^T + M) V. */
export interface Operands {
  query?: Expr;
  key?: Expr;
  value?: Expr;
  mask?: Expr;
}

export interface Classification {
  kind: AttentionKind;
  /** One sentence saying which structure gave the kind. */
  reason: string;
  /** The equation and side the kind was read from, or -1 when there is none. */
  equation: number;
  side: number;
  roles: Roles;
  /** Null where the form has no scale to speak of. */
  scale: ScaleInfo | null;
  /** Whether the key side of the logits is transposed (Q K^T), or null when there are no logits. */
  keyTransposed: boolean | null;
  /**
   * The axis the softmax normalises over: `rows` for softmax(Q K^T) V, `columns` for notes that keep tokens as
   * columns (V softmax(K^T Q)); null when there is no softmax of logits. Operands are only given for `rows`.
   */
  axis: SoftmaxAxis | null;
  parts: StepParts;
  operands: Operands;
  formula: Formula | null;
  error: TexError | null;
}

/** Most specific first: when sides of one formula disagree, the earliest kind in this list wins. */
const PRIORITY: readonly AttentionKind[] = [
  'multi_head',
  'head_projection',
  'cross_attention_definition',
  'masked_scaled_dot_product',
  'scaled_dot_product',
  'linear_attention',
  // Luong's scores are listed together, his concat score among them: the list is Luong's.
  'luong_general_or_dot',
  'additive_bahdanau',
  'softmax_weights_elementwise',
  'other_attention',
  'none',
];

type Finding = Pick<Classification, 'kind' | 'reason'> &
  Partial<Pick<Classification, 'roles' | 'scale' | 'keyTransposed' | 'axis' | 'parts' | 'operands'>>;

const GENERIC_NONE = 'no attention structure';
const NO_ROLES: Roles = { query: null, key: null, value: null, mask: null };

const isCall = (e: Expr, ...fns: string[]): e is ExprOf<'call'> =>
  e.type === 'call' && (fns.length === 0 || fns.includes(e.fn));
const isSymbol = (e: Expr): e is ExprOf<'symbol'> => e.type === 'symbol';
const ATTENTION_FUNCTIONS = ['attention', 'selfattention', 'crossattention'];
/** exp(x) or e^{x}. */
const isExp = (e: Expr): boolean => isCall(e, 'exp') || (e.type === 'power' && isSymbol(e.base) && e.base.name === 'e');
const isSoftmax = (e: Expr): e is ExprOf<'call'> => e.type === 'call' && isSoftmaxName(e.fn);
const FEATURE_MAPS = new Set(['phi', 'varphi', 'psi', 'f', 'g', 'sigma', 'elu', 'relu']);
/** The base letter of a symbol, through a transpose and a feature map: `\phi(K)^\top` -> K. */
function baseOf(e: Expr): string | null {
  if (e.type === 'transpose') return baseOf(e.arg);
  if (e.type === 'call' && e.args.length === 1 && FEATURE_MAPS.has(e.fn)) return baseOf(e.args[0]);
  if (!isSymbol(e)) return null;
  // \overline{Q}, \tilde{s}: a transformed query or state still plays its role.
  return /^\\(?:overline|bar|hat|tilde|widehat|widetilde)\{(.+)\}$/.exec(e.base)?.[1] ?? e.base;
}
const named = (names: ReadonlySet<string>) => (e: Expr) => {
  const b = baseOf(e);
  return b !== null && names.has(b);
};
const isKeyLike = named(KEY_NAMES);
const isValueLike = named(VALUE_NAMES);
/** A learned matrix (W, U, W_a, W^{(q)}): a projection, never a query, key or value of its own. */
const isWeightMatrix = (e: Expr): boolean => {
  const inner = e.type === 'transpose' ? e.arg : e;
  return isSymbol(inner) && isProjectionName(inner.base);
};

/** Whether a scale has a square root in it: 1/\sqrt{d_k}, \sqrt{d}. */
const hasRoot = (e: Expr): boolean => nodesOf(e).some((n) => n.type === 'sqrt');
const STATES = new Set([...STATE_NAMES, ...KEY_NAMES]);
/** Matrix names whose entries (Q_{ik}) a kernelised formula sums over. */
const QUERY_CAPITALS = new Set(['Q']);
const KEY_CAPITALS = new Set(['K']);
const VALUE_CAPITALS = new Set(['V']);

/** a(q, k_j), score(s_t, h_j): a function of a query and a key. */
function isScoreCall(e: Expr): boolean {
  if (!isCall(e) || e.args.length < 2) return false;
  const bases = e.args.map(baseOf);
  return bases.some(
    (q, i) => q !== null && QUERY_NAMES.has(q) && bases.some((k, j) => j !== i && k !== null && STATES.has(k)),
  );
}

const NODES = new WeakMap<Expr, readonly Expr[]>();
/** Every node of an expression, parents first: listed once per expression and shared by all the rules. */
function nodesOf(e: Expr): readonly Expr[] {
  let nodes = NODES.get(e);
  if (!nodes) {
    nodes = [...walk(e)];
    NODES.set(e, nodes);
  }
  return nodes;
}

/** Vectors a score may compare besides queries and keys: the tokens x, y themselves. */
const SCORED = new Set(['x', 'y']);

/** Whether a subscript (`ij`, `j,j'`, `t,i`) mentions the index of a sum (`j`, `j'`). */
function mentions(sub: string, index: string | null): boolean {
  if (index === null) return false;
  const parts = sub.split(',');
  return parts.includes(index) || (index.length === 1 && /^[a-z]+$/.test(sub) && sub.includes(index));
}

/** The factors of a chain of matrix products, left to right: `x^T W_k^T W_q y` -> [x^T, W_k^T, W_q, y]. */
function factorsOf(e: Expr): Expr[] {
  if (e.type !== 'product') return [e];
  return [...factorsOf(e.left), ...factorsOf(e.right)];
}

/** Where an operand comes from: `X W^Q`, `W_q x`, `(Y W^{(q)})` -> X, x, Y; null when it is not one projection. */
function sourceOf(e: Expr, name: (e: Expr) => string): string | null {
  if (e.type === 'transpose') return sourceOf(e.arg, name);
  const factors = factorsOf(e);
  const rest = factors.filter((f) => !isWeightMatrix(f));
  if (rest.length !== 1 || rest.length === factors.length) return null;
  return isSymbol(rest[0]) ? sequenceName(rest[0]) : name(rest[0]);
}

/**
 * The sequence a token symbol belongs to: S_1 and S_2, H_{enc} and X are different sequences, but x_i and x_j
 * (or x^{(i)}) are tokens of one; a single-letter index names a position, not a sequence.
 */
function sequenceName(s: ExprOf<'symbol'>): string {
  const position = (script: string | null) => script === null || /^\(?[a-z]'*\)?$/.test(script);
  return symbolNameOf(s.base, position(s.sub) ? null : s.sub, position(s.sup) ? null : s.sup);
}

class Reader {
  constructor(private readonly tex: string) {}

  /** A name for a sub-expression in messages: the symbol's name, else its TeX. */
  name(e: Expr): string {
    return isSymbol(e) ? e.name : this.tex.slice(e.start, e.end).trim();
  }

  /** Square roots under a scale: sqrt(x) -> x; 1/sqrt(x) -> x when `inverted`. */
  sqrtOf(e: Expr, inverted: boolean): string | null {
    if (!inverted && e.type === 'sqrt' && e.index === null) return this.name(e.arg);
    if (inverted && e.type === 'divide' && e.numerator.type === 'number' && e.numerator.value === 1)
      return this.sqrtOf(e.denominator, false);
    return null;
  }

  /** A factor that scales a matrix: numbers, roots, fractions of them, and lower-case scalar names. */
  scalarLike(e: Expr): boolean {
    switch (e.type) {
      case 'number':
        return true;
      case 'sqrt':
        return true;
      case 'divide':
        return this.scalarLike(e.numerator) && this.scalarLike(e.denominator);
      case 'power':
        return this.scalarLike(e.base);
      case 'symbol':
        return /^[a-z]/.test(e.base) && !QUERY_NAMES.has(e.base) && !KEY_NAMES.has(e.base) && !VALUE_NAMES.has(e.base);
      default:
        return false;
    }
  }

  /**
   * The logits: Q K^T; Q K with a key written without its transpose; K^T Q where tokens are columns. A product
   * that starts or ends with a learned matrix (W_y s_t) is a projection, not logits.
   */
  logits(e: Expr): { query: Expr; key: Expr; keyTransposed: boolean; axis: SoftmaxAxis } | null {
    if (e.type !== 'product' || isWeightMatrix(e.right)) return null;
    const factors = factorsOf(e);
    const first = factors[0];
    if (first.type === 'transpose' && !isWeightMatrix(first) && factors.length > 1 && isSymbol(e.right)) {
      // Tokens as columns: K^T Q, or x^T W_k^T W_q y with the projections inside; q_i^T k_j names its query first.
      const queryFirst = factors.length === 2 && named(QUERY_LETTERS)(first.arg) && isKeyLike(e.right);
      const [query, key] = queryFirst ? [first.arg, e.right] : [e.right, first.arg];
      return { query, key, keyTransposed: true, axis: 'columns' };
    }
    if (this.scalarLike(e.left) || this.scalarLike(e.right)) return null;
    if (e.right.type === 'transpose' && !isWeightMatrix(e.left))
      return { query: e.left, key: e.right.arg, keyTransposed: true, axis: 'rows' };
    const last = factors[factors.length - 1];
    const projectedQuery = factors.slice(1, -1).some(isWeightMatrix);
    if (last.type === 'transpose' && projectedQuery && !isWeightMatrix(last) && !isWeightMatrix(first)) {
      // Y W_Q (X W_K)^T reads as Y (W_Q (X W_K)^T) by juxtaposition: the query is everything before the key.
      const query = factors
        .slice(1, -1)
        .reduce<Expr>(
          (l, r) => ({ type: 'product', written: '', left: l, right: r, start: l.start, end: r.end }),
          first,
        );
      return { query, key: last.arg, keyTransposed: true, axis: 'rows' };
    }
    // Written without its transpose, the key is still a key, or a projection of one (Q (X W^K)).
    if (isWeightMatrix(e.left) || !(isKeyLike(e.right) || sourceOf(e.right, (x) => this.name(x)) !== null)) return null;
    return { query: e.left, key: e.right, keyTransposed: false, axis: 'rows' };
  }

  /** s Q K^T in any of its written forms, with the scale found. */
  scaled(e: Expr): { logits: Expr; scale: ScaleInfo } | null {
    if (e.type === 'divide' && this.logits(e.numerator)) {
      return {
        logits: e.numerator,
        scale: { written: 'divide', by: e.denominator, sqrtOf: this.sqrtOf(e.denominator, false) },
      };
    }
    if (e.type === 'product' && e.left.type === 'product' && this.scalarLike(e.left.left)) {
      // (c Q) K^T, as juxtaposition groups it: the logits are Q K^T, a node that is not in the tree.
      const logits: Expr = {
        type: 'product',
        written: e.written,
        left: e.left.right,
        right: e.right,
        start: e.left.right.start,
        end: e.end,
      };
      if (this.logits(logits))
        return { logits, scale: { written: 'multiply', by: e.left.left, sqrtOf: this.sqrtOf(e.left.left, true) } };
    }
    if (e.type === 'product') {
      for (const [l, f] of [
        [e.left, e.right],
        [e.right, e.left],
      ] as const) {
        if (this.scalarLike(f) && this.logits(l))
          return { logits: l, scale: { written: 'multiply', by: f, sqrtOf: this.sqrtOf(f, true) } };
      }
    }
    return this.logits(e) ? { logits: e, scale: { written: 'none' } } : null;
  }

  /** The score under a softmax split into the scaled logits and an additive (`+ M`) or multiplicative (`⊙ M`) mask. */
  private masked(
    score: Expr,
  ): { found: NonNullable<ReturnType<Reader['scaled']>>; scaled: Expr; mask: Expr | null } | null {
    const found = this.scaled(score);
    if (found) return { found, scaled: score, mask: null };
    if ((score.type === 'add' && score.op === '+') || score.type === 'hadamard') {
      for (const [s, m] of [
        [score.left, score.right],
        [score.right, score.left],
      ] as const) {
        const inner = this.scaled(s);
        if (inner) return { found: inner, scaled: s, mask: m };
      }
    }
    // (Q K^T + M) / sqrt(d_k), (Q K^T \odot M) / sqrt(d_k): masked before the scale, which a -inf mask survives.
    if (score.type !== 'divide') return null;
    const { numerator, denominator } = score;
    if ((numerator.type === 'add' && numerator.op === '+') || numerator.type === 'hadamard') {
      for (const [l, m] of [
        [numerator.left, numerator.right],
        [numerator.right, numerator.left],
      ] as const) {
        if (!this.logits(l)) continue;
        const scale: ScaleInfo = {
          written: 'divide',
          by: denominator,
          sqrtOf: this.sqrtOf(denominator, false),
        };
        return { found: { logits: l, scale }, scaled: score, mask: m };
      }
    }
    return null;
  }

  /** softmax(s Q K^T + M) V, V softmax(K^T Q / s) with tokens as columns, or the weights softmax(...) alone. */
  softmaxForm(side: Expr): Finding | null {
    let weights: ExprOf<'call'> | null = null;
    let output: ExprOf<'product'> | null = null;
    let valueExpr: Expr | null = null;
    const chain = factorsOf(side);
    if (side.type === 'product' && chain.length > 2 && isSoftmax(chain[0])) {
      // softmax(...) X W^V: the values are the whole projection after the weights, not X alone.
      [output, weights] = [side, chain[0]];
      valueExpr = chain
        .slice(2)
        .reduce<Expr>(
          (l, r) => ({ type: 'product', written: '', left: l, right: r, start: l.start, end: r.end }),
          chain[1],
        );
    }
    for (const n of output ? [] : nodesOf(side)) {
      if (n.type === 'product' && isSoftmax(n.left)) {
        [output, weights, valueExpr] = [n, n.left, n.right];
        break;
      }
      if (n.type === 'product' && isSoftmax(n.right) && !this.scalarLike(n.left)) {
        [output, weights, valueExpr] = [n, n.right, n.left];
        break;
      }
      if (!weights && isSoftmax(n)) weights = n;
    }
    if (weights?.args.length !== 1) return null;
    const score = weights.args[0];
    const read = this.masked(score);
    if (!read) {
      const lead = nodesOf(score.type === 'add' ? score.left : score).find(isSymbol);
      // softmax(W_y s_t + b): an output layer over a projection, not weights over keys.
      if (lead && isProjectionName(lead.base)) return null;
      if (
        isSymbol(score) &&
        score.sub === null &&
        (LOGITS_NAMES.has(score.base) || (/^[A-Z]$/.test(score.base) && valueExpr !== null && isValueLike(valueExpr)))
      ) {
        // softmax(S), softmax(\text{scores}), softmax(X) V: the logits were written out in another formula of the
        // note; softmax(Z) alone is a classifier's output.
        return {
          kind: 'scaled_dot_product',
          reason: `softmax of the logits ${score.name}${valueExpr ? ` times ${this.name(valueExpr)}` : ''}, written as one matrix`,
        };
      }
      // A score per pair is indexed or computed (e_{ij}, \hat{a}_t, a(q, k_j), [s_1, ..., s_n]); softmax(z) alone
      // is a classifier's output.
      const perPair = nodesOf(score).some(
        (n) => (isSymbol(n) && (n.sub !== null || n.base.startsWith('\\'))) || n.type === 'call' || n.type === 'index',
      );
      if (!perPair) return null;
      return {
        kind: 'softmax_weights_elementwise',
        reason: `softmax of the score ${this.name(score)} of one query and one key: the attention weights, written per pair`,
      };
    }
    const { found, mask: maskExpr } = read;
    const logits = this.logits(found.logits) as NonNullable<ReturnType<Reader['logits']>>;
    const axis = softmaxAxisOf(weights.sub) ?? logits.axis;
    const { query, key, keyTransposed } = logits;
    const masked = maskExpr ? (score as Expr) : null;
    const parts: StepParts = {};
    const operands: Operands = {};
    if (axis === 'rows' && (output === null || factorsOf(output)[0] === weights)) {
      // Only the reference layout has steps the evaluator can compute and operands the checks can size.
      Object.assign(parts, { logits: found.logits, weights });
      // Masked before the scale, (Q K^T + M) / sqrt(d_k), has no step of the scaled logits alone.
      if (found.scale.written !== 'none' && !(masked && read.scaled === score)) parts.scaled = read.scaled;
      if (masked) parts.masked = masked;
      if (output) parts.output = output;
      Object.assign(operands, { query, key, value: valueExpr ?? undefined, mask: maskExpr ?? undefined });
    }
    const value = valueExpr ? this.name(valueExpr) : null;
    const mask = maskExpr ? this.name(maskExpr) : null;
    const scaleText =
      found.scale.written === 'none'
        ? 'with no scaling'
        : found.scale.sqrtOf !== null
          ? `scaled by 1/sqrt(${found.scale.sqrtOf})`
          : `scaled by ${found.scale.written === 'divide' ? '1/' : ''}${this.name(found.scale.by)}`;
    const maskText = masked ? ` plus the additive mask ${mask}` : '';
    const valueText = valueExpr ? `, times ${value}` : ' (the weights only, no values)';
    const columnsText = axis === 'columns' ? ', with tokens as columns' : '';
    const finding: Finding = {
      kind: masked ? 'masked_scaled_dot_product' : 'scaled_dot_product',
      reason: `softmax of ${this.name(found.logits)} ${scaleText}${maskText}${valueText}${columnsText}`,
      roles: { query: this.name(query), key: this.name(key), value, mask },
      scale: found.scale,
      keyTransposed,
      axis,
      parts,
      operands,
    };
    // Projections inside the formula say where Q and K, V come from: softmax((Y W^Q)(X W^K)^T / s)(X W^V).
    const [qs, ks] = [sourceOf(query, (e) => this.name(e)), sourceOf(key, (e) => this.name(e))];
    const vs = valueExpr && sourceOf(valueExpr, (e) => this.name(e));
    if (qs !== null && ks !== null && qs !== ks && (vs === null || vs === ks)) {
      finding.kind = 'cross_attention_definition';
      finding.reason = `queries are projected from ${qs}, keys${vs ? ' and values' : ''} from ${ks} inside the softmax: cross-attention (${finding.reason})`;
    }
    return finding;
  }

  /** exp(score) / sum_j exp(score_j): softmax written out per element. */
  elementwiseSoftmax(side: Expr): Finding | null {
    for (const n of nodesOf(side)) {
      if (
        n.type === 'divide' &&
        isExp(n.numerator) &&
        n.denominator.type === 'sum' &&
        nodesOf(n.denominator.body).some(isExp)
      ) {
        return {
          kind: 'softmax_weights_elementwise',
          reason: `exp of a score divided by the sum of exp over the keys: softmax weights written per element`,
        };
      }
    }
    return null;
  }

  /** v^T tanh(W q + U k): a feed-forward score over the sum of projected query and key. */
  additive(side: Expr): Finding | null {
    const transposedVectorBefore = new Set<Expr>();
    for (const n of nodesOf(side))
      if (n.type === 'product' && n.left.type === 'transpose' && isSymbol(n.left.arg))
        transposedVectorBefore.add(n.right);
    for (const n of nodesOf(side)) {
      if (!isCall(n, 'tanh') || n.args.length !== 1) continue;
      const arg = n.args[0];
      // W s_{i-1} + U h_j: a decoder state and an encoder state, each projected (an RNN cell adds other inputs).
      let terms = arg.type === 'add' ? [arg.left, arg.right] : [];
      // v^T tanh(W_1 h_j + W_2 s_{t-1} + b): with v^T in front, a bias added to the two projections is still the
      // score (an RNN cell adds one too, but has no v^T).
      const bias = (t: Expr) => isSymbol(t) && /^(b|bias)$/.test(t.base);
      if (
        arg.type === 'add' &&
        arg.op === '+' &&
        arg.left.type === 'add' &&
        bias(arg.right) &&
        transposedVectorBefore.has(n)
      )
        terms = [arg.left.left, arg.left.right];
      const vectors = terms.map((t) => (t.type === 'product' ? baseOf(factorsOf(t).at(-1) as Expr) : null));
      const sumOfProjections =
        vectors.length === 2 &&
        vectors.some((b) => b !== null && QUERY_NAMES.has(b)) &&
        vectors.some((b) => b !== null && STATES.has(b));
      // v^T tanh(W [s; h]): Luong's concat score.
      const projectedConcat = arg.type === 'product' && arg.right.type === 'list' && transposedVectorBefore.has(n);
      // tanh(attn(s_{t-1}, H)): a layer over the decoder state and the encoder states.
      const scoredPair = isCall(arg) && arg.args.length === 2 && arg.args.some((a) => STATES.has(baseOf(a) ?? ''));
      if (sumOfProjections || projectedConcat || scoredPair) {
        return {
          kind: 'additive_bahdanau',
          reason: `tanh of ${projectedConcat ? 'a projection of the concatenated query and key' : 'projections of a query and a key'}: the additive (Bahdanau) score`,
        };
      }
    }
    return null;
  }

  /**
   * x^T y, x^T W y, x^T W_k^T W_q y between vectors (or x y^T with row vectors): Luong's dot or general score;
   * with a 1/sqrt(d) scale and no matrix between, the scaled dot product of one query and one key.
   */
  bilinear(side: Expr): Finding | null {
    let core = side;
    let scale: ScaleInfo = { written: 'none' };
    if (side.type === 'divide') {
      core = side.numerator;
      scale = { written: 'divide', by: side.denominator, sqrtOf: this.sqrtOf(side.denominator, false) };
    }
    let factors = factorsOf(core);
    if (factors.length > 2 && this.scalarLike(factors[0]) && factors[0].type !== 'symbol') {
      scale = { written: 'multiply', by: factors[0], sqrtOf: this.sqrtOf(factors[0], true) };
      factors = factors.slice(1);
    }
    if (factors.length < 2) return null;
    const [first, last] = [factors[0], factors[factors.length - 1]];
    const middle = factors.slice(1, -1);
    const vector = (e: Expr) => e.type === 'symbol' && !isProjectionName(e.base);
    let pair: [ExprOf<'symbol'>, ExprOf<'symbol'>] | null = null;
    // Between the vectors only matrices that are not themselves Q, K or V: W_a, W_k^T W_q, a chosen M.
    const inBetween = (m: Expr) => {
      const b = baseOf(m);
      return isWeightMatrix(m) || (b !== null && /^[A-Z]$/.test(b) && !'QKV'.includes(b));
    };
    if (first.type === 'transpose' && vector(first.arg) && vector(last) && middle.every(inBetween))
      pair = [first.arg as ExprOf<'symbol'>, last as ExprOf<'symbol'>];
    else if (factors.length === 2 && vector(first) && last.type === 'transpose' && vector(last.arg)) {
      // Row vectors, x q^T; upper-case Q K^T is the matrix of logits, not one score.
      const [x, y] = [first as ExprOf<'symbol'>, last.arg as ExprOf<'symbol'>];
      // A prime is as often a second symbol (x x') as a transpose; x x^T is an outer product.
      if (/^[a-z]/.test(x.base) && /^[a-z]/.test(y.base) && x.base !== y.base && last.written !== "'") pair = [x, y];
    } else if (
      factors.length === 2 &&
      core.type === 'product' &&
      ['\\cdot', '*', '\\langle'].includes(core.written) &&
      named(QUERY_LETTERS)(first) &&
      isKeyLike(last)
    ) {
      // q \cdot k_j: the dot product written as such.
      pair = [first as ExprOf<'symbol'>, last as ExprOf<'symbol'>];
    }
    if (!pair) return null;
    const [q, k] = pair;
    // Queries and keys by name; other vectors (x, y) only through the projections of a score (x^T W_k^T W_q y):
    // x^T A x is a quadratic form, x^T y an inner product.
    const queryOrKey = (e: ExprOf<'symbol'>) => QUERY_NAMES.has(e.base) || KEY_NAMES.has(e.base);
    const projected = middle.some(isWeightMatrix) && (SCORED.has(q.base) || SCORED.has(k.base));
    if (!(queryOrKey(q) || queryOrKey(k) || projected)) return null;
    const roles = { ...NO_ROLES, query: q.name, key: k.name };
    if (scale.written !== 'none' && middle.length === 0) {
      return {
        kind: 'scaled_dot_product',
        reason: `${roles.query}^T ${roles.key} scaled by ${this.name(scale.by)}: the scaled dot-product score of one query and one key`,
        roles,
        scale,
        keyTransposed: false,
      };
    }
    const between = middle.map((m) => ` ${this.name(m)}`).join('');
    return {
      kind: 'luong_general_or_dot',
      reason: `${roles.query}^T${between} ${roles.key}: a ${middle.length > 0 ? 'general (bilinear)' : 'dot'} score of two vectors, as in Luong attention`,
      roles,
      scale,
      keyTransposed: false,
    };
  }

  /**
   * Attention with no softmax: phi(Q)(phi(K)^T V) with keys and values combined first, a feature map of the
   * keys, v_j (k_j^T q) summed as a recurrence, or (Q K^T ⊙ M) V.
   */
  linear(side: Expr): Finding | null {
    const nodes = nodesOf(side);
    if (nodes.some((n) => isSoftmax(n) || isCall(n, 'exp'))) return null;
    for (const n of nodes) {
      // phi(K)^T, or phi(K) beside the queries: a feature map defined alone (\bar K = phi(K)) computes nothing yet.
      const mapsKeys = (e: Expr) => isCall(e) && FEATURE_MAPS.has(e.fn) && e.args.length === 1 && isKeyLike(e.args[0]);
      if (
        (n.type === 'transpose' && mapsKeys(n.arg)) ||
        (mapsKeys(n) &&
          nodes.some((x) => x.type === 'call' && FEATURE_MAPS.has(x.fn) && x.args.some(named(QUERY_NAMES))))
      ) {
        return {
          kind: 'linear_attention',
          reason: `a feature map ${this.name(n)} of the keys, with no softmax: linear attention`,
        };
      }
      if (n.type !== 'product') continue;
      const factors = factorsOf(n);
      const keysWithValues = factors.some(
        (f, i) =>
          f.type === 'transpose' &&
          isKeyLike(f) &&
          (isValueLike(factors[i + 1] ?? f.arg) || (i > 0 && isValueLike(factors[i - 1]))),
      );
      if (keysWithValues && factors.some(named(QUERY_NAMES))) {
        return {
          kind: 'linear_attention',
          reason: `${this.name(n)} multiplies keys^T with values and the queries, with no softmax: linear attention`,
        };
      }
      const weights = n.left.type === 'hadamard' ? n.left.left : n.left;
      if (isValueLike(n.right) && this.logits(weights)?.keyTransposed) {
        return {
          kind: 'linear_attention',
          reason: `${this.name(n)} weights the values by the logits themselves, with no softmax: linear attention`,
        };
      }
    }
    return null;
  }

  /** Concat(head_1, ..., head_h) W^O, or the heads stacked and multiplied by the output projection W_o. */
  multiHead(side: Expr): Finding | null {
    const indexed = (e: Expr): e is ExprOf<'symbol'> => isSymbol(e) && (e.sub !== null || e.sup !== null);
    const projected = new Set<Expr>();
    for (const n of nodesOf(side)) {
      if (n.type !== 'product') continue;
      if (isSymbol(n.right) && isOutputProjection(n.right)) projected.add(n.left);
      if (isSymbol(n.left) && isOutputProjection(n.left)) projected.add(n.right);
    }
    const isHead = (e: Expr) => isSymbol(e) && (e.sub !== null || e.sup !== null) && e.base === 'head';
    for (const n of projected) {
      // H_{concat} W^O, Z_{multi} W_O: the heads joined in another formula, projected back here.
      if (isSymbol(n) && /concat|multi|heads|cat/i.test(`${n.sub ?? ''} ${n.sup ?? ''}`))
        return { kind: 'multi_head', reason: `${this.name(n)} (the heads joined) times the output projection` };
      // Concat_{i=1}^{h}(head_i) W^O; [head_1 \| ... \| head_h] W^O and head_1 \oplus ... \oplus head_h: the heads
      // joined by an operator of concatenation rather than listed.
      const joined = factorsOf(n).filter(
        (f) =>
          !(
            f.type === 'ellipsis' ||
            (f.type === 'norm' && f.arg.type === 'ellipsis') ||
            (isSymbol(f) && f.base === 'oplus')
          ),
      );
      // With its range written, Concat_{i=1}^{h} reads as a name before its argument.
      const concatOfRange =
        n.type === 'product' && isSymbol(n.left) && /^concat$/i.test(n.left.base) && isHead(n.right);
      const single = (isCall(n, 'concat') && n.args.length === 1 && isHead(n.args[0])) || concatOfRange;
      if (single || (joined.length >= 2 && joined.length < factorsOf(n).length && joined.every(isHead)))
        return { kind: 'multi_head', reason: `${this.name(n)} joins the outputs of the heads: multi-head attention` };
    }
    for (const n of nodesOf(side)) {
      const concat = isCall(n, 'concat');
      const items = concat ? n.args : n.type === 'matrix' ? n.cells.flat() : n.type === 'list' ? n.items : [];
      const calls = items.filter((i) => isCall(i, ...ATTENTION_FUNCTIONS));
      if (
        calls.length >= 1 &&
        items.length >= 2 &&
        items.every((i) => isCall(i, ...ATTENTION_FUNCTIONS) || i.type === 'ellipsis')
      )
        return projected.has(n) || concat
          ? { kind: 'multi_head', reason: `${this.name(n)} joins several attention outputs: multi-head attention` }
          : { kind: 'other_attention', reason: `${this.name(n)} applies attention once per query` };
      const heads = items.filter(indexed);
      if (heads.length < 2 || heads.some((h) => h.base !== heads[0].base)) continue;
      // Hidden states h_1 .. h_n are listed the same way: only "head", a concatenation or W^O make them heads.
      if (
        heads[0].base === 'head' ||
        concat ||
        (projected.has(n) && (isHeadName(heads[0].base) || heads[0].sup !== null))
      )
        return {
          kind: 'multi_head',
          reason: `${this.name(n)} joins the outputs of several heads: multi-head attention`,
        };
    }
    return null;
  }

  /** The source and projection of one argument of Attention(X W^Q, ...), or null when it is not projected. */
  private projection(e: Expr): { source: string; projection: ExprOf<'symbol'> } | null {
    if (e.type !== 'product') return null;
    const isW = (x: Expr): x is ExprOf<'symbol'> =>
      isSymbol(x) && /^W/i.test(x.base) && (x.sub !== null || x.sup !== null);
    if (isW(e.right)) return { source: this.name(e.left), projection: e.right };
    if (isW(e.left)) return { source: this.name(e.right), projection: e.left };
    return null;
  }

  /** Attention(X W^Q, Z W^K, Z W^V) and head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V). */
  projectedCall(side: Expr, lhs: Expr | null): Finding | null {
    for (const n of nodesOf(side)) {
      if (!isCall(n) || n.args.length !== 3) continue;
      const p = n.args.map((a) => this.projection(a));
      if (p.some((x) => x === null)) continue;
      const [q, k, v] = p as NonNullable<(typeof p)[number]>[];
      const roles = { ...NO_ROLES, query: q.source, key: k.source, value: v.source };
      if (k.source === v.source && q.source !== k.source) {
        return {
          kind: 'cross_attention_definition',
          reason: `queries are projected from ${q.source}, keys and values from ${k.source}: cross-attention`,
          roles,
        };
      }
      const perHead = (lhs !== null && isSymbol(lhs) && lhs.sub !== null) || p.some((x) => x?.projection.sub !== null);
      if (perHead) {
        return {
          kind: 'head_projection',
          reason: `${this.name(n)} applies attention to per-head projections of its inputs: one head`,
          roles,
        };
      }
      return {
        kind: 'other_attention',
        reason: `${this.name(n)} applies attention to projections of ${q.source === k.source ? `one sequence ${q.source} (self-attention)` : 'its inputs'}`,
        roles,
      };
    }
    return null;
  }

  /**
   * f(q, (k_1, v_1), ..., (k_n, v_n)): attention pooling over key-value pairs; and the output of one query as a
   * weighted sum of values, sum_j alpha_{ij} v_j or sum_j softmax(...) v_j.
   */
  pooling(side: Expr): Finding | null {
    for (const n of nodesOf(side)) {
      if (!isCall(n) || n.args.length < 2) continue;
      const [query, ...rest] = n.args;
      const pairs = rest.filter((a): a is ExprOf<'list'> => a.type === 'list' && a.items.length === 2);
      if (pairs.length === 0) continue;
      const base = (e: Expr) => (isSymbol(e) ? e.base : this.name(e));
      const pairSource = base(pairs[0].items[0]);
      if (base(query) !== pairSource) {
        return {
          kind: 'cross_attention_definition',
          reason: `the query ${this.name(query)} attends over key-value pairs from another sequence (${pairSource})`,
        };
      }
      return {
        kind: 'other_attention',
        reason: `${this.name(n)} pools key-value pairs of the same sequence its query comes from: self-attention`,
      };
    }
    for (const n of nodesOf(side)) {
      if (n.type !== 'sum' || n.body.type !== 'product') continue;
      const [weight, ...values] = factorsOf(n.body);
      const indexOf = (e: Expr) => nodesOf(e).some((x) => isSymbol(x) && x.sub !== null && mentions(x.sub, n.index));
      // The summed terms are values or states (v_j, h_j), or for \alpha-weights a projection of the tokens
      // (W_v x_j); \sum_i w_i x_i and a mixture \sum_i \alpha_i N(x | \mu_i) are not attention.
      const greek = isSymbol(weight) && weight.base.startsWith('\\');
      const valueLike = (v: Expr) => isValueLike(v) || STATES.has(baseOf(v) ?? '');
      const projectedTokens =
        greek && values.some(isWeightMatrix) && values.every((v) => isWeightMatrix(v) || isSymbol(v));
      const valued = values.length > 0 && (values.every(valueLike) || projectedTokens) && values.some(indexOf);
      // softmax(s_ij), or the softmax written out, exp(s_ij) / sum_l exp(s_il).
      const written =
        weight.type === 'divide' && isCall(weight.numerator, 'exp') && this.elementwiseSoftmax(weight) !== null
          ? weight.numerator
          : null;
      if ((isSoftmax(weight) || written) && valued) {
        const args = isSoftmax(weight) ? weight.args : (written as ExprOf<'call'>).args;
        const score = args.length === 1 ? this.bilinear(args[0]) : null;
        return score?.kind === 'scaled_dot_product'
          ? {
              kind: 'scaled_dot_product',
              reason: `${this.name(n)} sums the values weighted by the softmax of the scaled dot product: one query's output`,
            }
          : {
              kind: 'softmax_weights_elementwise',
              reason: `${this.name(n)} sums the values weighted by a softmax of per-pair scores`,
            };
      }
      const weighted =
        (isCall(weight) && (weight.args.length === 2 || isSoftmax(weight))) ||
        (isSymbol(weight) &&
          ATTENTION_WEIGHT_NAMES.has(weight.base) &&
          weight.sub !== null &&
          mentions(weight.sub, n.index));
      if (weighted && valued) {
        return {
          kind: 'other_attention',
          reason: `${this.name(n)} sums values weighted by the attention of the query to each key: attention pooling`,
        };
      }
    }
    return null;
  }

  /** Q K^T / sqrt(d_k) on its own: the scaled logits, a step of scaled dot-product attention. */
  scaledLogits(side: Expr): Finding | null {
    const found = this.scaled(side);
    if (!found || found.scale.written === 'none' || !hasRoot(found.scale.by)) return null;
    const logits = this.logits(found.logits);
    // Keys by name or projected: X X^T / \sqrt{d} is a Gram matrix until a note says otherwise.
    if (!logits?.keyTransposed || !(isKeyLike(logits.key) || sourceOf(logits.key, (x) => this.name(x)) !== null))
      return null;
    return {
      kind: 'scaled_dot_product',
      reason: `${this.name(side)}: the scaled logits of every query and key, without the softmax`,
      roles: { ...NO_ROLES, query: this.name(logits.query), key: this.name(logits.key) },
      scale: found.scale,
      keyTransposed: true,
      axis: logits.axis,
    };
  }

  /**
   * Q K^T and A V written out with vectors as rows and columns: [- q_i -] [| k_j |] over a root is the scaled
   * logits, [- alpha_i -] [| v_j |] the weights times the values.
   */
  vectorMatrices(side: Expr, lhs: Expr | null): Finding | null {
    const factors = factorsOf(side);
    const scaled = factors.some((f) => f.type !== 'matrix' && this.scalarLike(f) && hasRoot(f));
    // S = \frac{1}{\sqrt{2}} [numbers of Q] [numbers of K^T]: the scaled logits of a worked example, written with
    // the numbers in place of the matrices. Only under the name of the logits: two matrices alone multiply anything.
    const numeric = (e: Expr) =>
      e.type === 'matrix' &&
      e.cells.every((row) => row.every((c) => c.type === 'number' || (c.type === 'negate' && c.arg.type === 'number')));
    const logitsName = lhs !== null && isSymbol(lhs) && LOGITS_NAMES.has(lhs.base) && lhs.sub === null;
    if (
      logitsName &&
      factors.length === 3 &&
      factors[0].type !== 'matrix' &&
      this.scalarLike(factors[0]) &&
      factors.slice(1).every(numeric)
    )
      return {
        kind: 'scaled_dot_product',
        reason: `${this.name(side)}: the scaled logits ${this.name(lhs)}, written with the numbers of the queries and keys`,
      };
    for (let i = 0; i + 1 < factors.length; i++) {
      const [rows, cols] = [factors[i], factors[i + 1]];
      if (rows.type !== 'matrix' || cols.type !== 'matrix') continue;
      const holds = (m: Expr, test: (e: Expr) => boolean) => nodesOf(m).some((n) => isSymbol(n) && test(n));
      if (scaled && holds(rows, named(QUERY_LETTERS)) && holds(cols, isKeyLike))
        return {
          kind: 'scaled_dot_product',
          reason: `the scaled logits, the rows of the queries times the columns of the keys`,
        };
      if (holds(rows, (n) => isSymbol(n) && ATTENTION_WEIGHT_NAMES.has(n.base)) && holds(cols, isValueLike))
        return { kind: 'other_attention', reason: `the rows of the weights times the columns of the values` };
    }
    return null;
  }

  /** A V, a_t H: the attention weights times the values. */
  weightedValues(side: Expr, lhs: Expr | null): Finding | null {
    // Only as the definition of an output (O = A V, c_t = a_t H): A V = V \Lambda is linear algebra.
    if (!lhs || lhs === side || !isSymbol(lhs) || !OUTPUT_NAMES.has(baseOf(lhs) ?? '')) return null;
    const factors = factorsOf(side);
    if (factors.length !== 2) return null;
    const isWeights = (e: Expr) => isSymbol(e) && ATTENTION_WEIGHT_NAMES.has(e.base);
    const isValues = (e: Expr) => isValueLike(e) || STATES.has(baseOf(e) ?? '');
    const [a, b] = factors;
    if (!((isWeights(a) && isValues(b)) || (isValues(a) && isWeights(b)))) return null;
    return { kind: 'other_attention', reason: `${this.name(side)}: the attention weights times the values` };
  }

  /**
   * Kernelised attention written with sums over entries: a sum whose terms multiply query, key and value
   * entries with no softmax is linear attention; query and key entries alone make a score of its own.
   */
  kernelSums(side: Expr): Finding | null {
    const nodes = nodesOf(side);
    if (nodes.some((n) => isSoftmax(n) || isCall(n, 'exp'))) return null;
    for (const n of nodes) {
      if (n.type === 'divide' && n.numerator.type === 'sum' && n.denominator.type === 'sum') {
        // sum_j (S_ij V_jd) / sum_j S_ij: values weighted by scores and normalised by their sum.
        const [w, ...rest] = factorsOf(n.numerator.body);
        if (rest.some(isValueLike) && this.name(w) === this.name(n.denominator.body))
          return {
            kind: 'linear_attention',
            reason: `${this.name(n)} normalises a weighted sum of values by the sum of the weights, with no softmax: kernelised attention`,
          };
      }
      if (n.type !== 'sum') continue;
      const leaves = nodesOf(n.body).filter(isSymbol);
      const has = (names: ReadonlySet<string>) => leaves.some((l) => names.has(baseOf(l) ?? ''));
      // Keys summed inside, before the query multiplies them: the regrouping that makes attention linear.
      const keysFirst = nodesOf(n.body).some(
        (x) =>
          x !== n && x.type === 'sum' && nodesOf(x.body).some((l) => isSymbol(l) && KEY_CAPITALS.has(baseOf(l) ?? '')),
      );
      if (has(QUERY_CAPITALS) && has(KEY_CAPITALS))
        return has(VALUE_CAPITALS) || keysFirst
          ? {
              kind: 'linear_attention',
              reason: `${this.name(n)} sums products of query, key and value entries, with no softmax: kernelised attention`,
            }
          : {
              kind: 'other_attention',
              reason: `${this.name(n)} sums products of query and key entries: a score of its own`,
            };
    }
    return null;
  }

  /** S + M, E \odot M: logits (named as such) with a mask, before the softmax; or E^{masked} written out. */
  maskedLogits(side: Expr, lhs: Expr | null): Finding | null {
    if (lhs && isSymbol(lhs) && LOGITS_NAMES.has(lhs.base) && /mask/i.test(`${lhs.sub ?? ''}${lhs.sup ?? ''}`))
      return { kind: 'masked_scaled_dot_product', reason: `${lhs.name} = ${this.name(side)}: the masked logits` };
    for (const n of nodesOf(side)) {
      if (!((n.type === 'add' && n.op === '+') || n.type === 'hadamard')) continue;
      for (const [l, m] of [
        [n.left, n.right],
        [n.right, n.left],
      ] as const) {
        if (isSymbol(l) && LOGITS_NAMES.has(l.base) && isSymbol(m) && (m.base === 'M' || /^mask/i.test(m.base)))
          return {
            kind: 'masked_scaled_dot_product',
            reason: `${this.name(n)}: the logits ${l.name} with the mask ${m.name}, before the softmax`,
            roles: { ...NO_ROLES, mask: m.name },
          };
      }
    }
    return null;
  }

  /** O^{(m)} = F^{attn}(X, Y; \theta^{(m)}): attention applied with the parameters of one head. */
  headCall(side: Expr, lhs: Expr | null): Finding | null {
    const index = lhs && isSymbol(lhs) ? (lhs.sub ?? lhs.sup) : null;
    if (index === null || !isCall(side) || !/attn|attention/i.test(side.name)) return null;
    const perHead = side.args.some((a) => nodesOf(a).some((x) => isSymbol(x) && (x.sub === index || x.sup === index)));
    return perHead
      ? { kind: 'head_projection', reason: `${this.name(side)} with the parameters of head ${index}: one head` }
      : null;
  }

  /** `scoreCall` is a side of the same equation that names a score of a query and a key, `a(q, k_j)`. */
  side(side: Expr, lhs: Expr | null, scoreCall: Expr | null): Finding {
    const found =
      this.multiHead(side) ??
      this.projectedCall(side, lhs) ??
      this.pooling(side) ??
      this.softmaxForm(side) ??
      this.elementwiseSoftmax(side) ??
      this.additive(side) ??
      this.linear(side) ??
      this.kernelSums(side) ??
      this.bilinear(side) ??
      this.scaledLogits(side) ??
      this.maskedLogits(side, lhs) ??
      this.headCall(side, lhs) ??
      this.vectorMatrices(side, lhs) ??
      this.weightedValues(side, lhs);
    if (found) return found;
    if (scoreCall && scoreCall !== side && !['list', 'matrix'].includes(side.type)) {
      return {
        kind: 'other_attention',
        reason: `${this.name(scoreCall)} defines a score of a query and a key by ${this.name(side)}, not one of the common forms`,
      };
    }
    const items = side.type === 'list' ? side.items : side.type === 'matrix' ? side.cells.flat() : [];
    const scored = items.find(isScoreCall);
    if (scored) {
      return {
        kind: 'other_attention',
        reason: `${this.name(side)} lists the scores ${this.name(scored)} of one query against each key`,
      };
    }
    if (side.type === 'product' && side.right.type === 'transpose') {
      return {
        kind: 'none',
        reason: `${this.name(side)} alone is the logits of attention, not an attention formula of its own`,
      };
    }
    return { kind: 'none', reason: GENERIC_NONE };
  }
}

/**
 * `Q = X W^Q`, `K = H W^K`, `V = H W^V` (or `q_i = W_q x_i`, ...) as separate equations of one formula: cross-
 * attention when queries come from another sequence than keys and values, whatever the sequences are named.
 */
function projectionEquations(formula: Formula, reader: Reader): Finding | null {
  const sources = new Map<Role, string>();
  for (const eq of formula.equations) {
    const [lhs, ...rest] = eq.sides;
    const role = isSymbol(lhs) ? roleOfLetter(lhs.base) : null;
    if (eq.relations[0] !== '=' || !role || role === 'mask') continue;
    for (const rhs of rest) {
      const source = rhs.type === 'product' ? sourceOf(rhs, (e) => reader.name(e)) : null;
      if (source !== null) {
        sources.set(role, source);
        break;
      }
    }
  }
  const [q, k, v] = (['query', 'key', 'value'] as const).map((r) => sources.get(r));
  if (!q || !k || !v) return null;
  const roles = { ...NO_ROLES, query: q, key: k, value: v };
  if (k === v && q !== k)
    return {
      kind: 'cross_attention_definition',
      reason: `Q is projected from ${q}, K and V from ${k}: cross-attention`,
      roles,
    };
  return {
    kind: 'other_attention',
    reason: `Q, K and V are projections of ${q === k && k === v ? `the same sequence ${q} (self-attention)` : `${q}, ${k} and ${v}`}`,
    roles,
  };
}

/**
 * S_t = S_{t-1} + v_t k_t^T with o_t = S_t q_t: linear attention as a recurrence, a state that sums values times
 * keys^T and is read out by the query.
 */
function recurrentState(formula: Formula): Finding | null {
  const sides = formula.equations.flatMap((eq) => eq.sides);
  const nodes = sides.flatMap((s) => nodesOf(s));
  if (nodes.some((n) => isSoftmax(n) || isCall(n, 'exp'))) return null;
  const states = new Set<string>();
  for (const eq of formula.equations) {
    const [lhs, ...rest] = eq.sides;
    if (!isSymbol(lhs)) continue;
    const outer = (n: Expr) => {
      const f = factorsOf(n);
      return f.some((x, i) => isValueLike(x) && f[i + 1]?.type === 'transpose' && isKeyLike(f[i + 1]));
    };
    if (rest.some((r) => nodesOf(r).some((n) => n.type === 'product' && outer(n)))) states.add(lhs.base);
  }
  if (states.size === 0) return null;
  const readOut = nodes.find((n) => {
    const f = n.type === 'product' ? factorsOf(n) : [];
    return f.length === 2 && isSymbol(f[0]) && states.has(f[0].base) && named(QUERY_LETTERS)(f[1]);
  });
  return readOut
    ? {
        kind: 'linear_attention',
        reason: `a state that adds values times keys^T, read out by the query, with no softmax: linear attention as a recurrence`,
      }
    : null;
}

/** A copy of `e` with the symbols of `defined` replaced by their definitions, themselves replaced `depth` deep. */
function substitute(e: Expr, defined: ReadonlyMap<string, Expr>, depth: number): Expr {
  if (e.type === 'symbol') {
    const d = defined.get(e.name);
    return d && depth > 0 ? substitute(d, defined, depth - 1) : e;
  }
  const copy: Record<string, unknown> = { ...e };
  for (const [key, value] of Object.entries(e)) {
    if (Array.isArray(value))
      copy[key] = value.map((x) =>
        Array.isArray(x) ? x.map((y: Expr) => substitute(y, defined, depth)) : substitute(x as Expr, defined, depth),
      );
    else if (value !== null && typeof value === 'object' && 'type' in value)
      copy[key] = substitute(value as Expr, defined, depth);
  }
  return copy as unknown as Expr;
}

/**
 * The steps of one computation written as lines of one block, `S = Q K^T / \sqrt{d_k}`, `A = softmax(S)`,
 * `O = A V`: the last line with the steps above put in, `O = softmax(Q K^T / \sqrt{d_k}) V`, so the block is
 * evaluated to its output. Only names of steps are put in: Q, K, V and M keep whatever values the note gives them.
 */
function chainedEquation(formula: Formula): Equation | null {
  const defined = new Map<string, Expr>();
  let last: Equation | null = null;
  for (const eq of formula.equations) {
    const [lhs, rhs] = eq.sides;
    if (eq.relations[0] !== '=' || !rhs || !isSymbol(lhs) || roleOfLetter(lhs.base) !== null) continue;
    const uses = nodesOf(rhs).filter(isSymbol);
    if (uses.length === 0 || uses.some((u) => u.name === lhs.name)) continue;
    if (uses.some((u) => defined.has(u.name))) last = eq;
    defined.set(lhs.name, rhs);
  }
  if (!last) return null;
  const [lhs, rhs] = last.sides;
  const side = substitute(rhs, defined, formula.equations.length);
  return { sides: [lhs, side], relations: ['='], start: last.start, end: last.end };
}

const rank = (k: AttentionKind) => PRIORITY.indexOf(k);

function blank(kind: AttentionKind, reason: string, formula: Formula | null, error: TexError | null): Classification {
  return {
    kind,
    reason,
    equation: -1,
    side: -1,
    roles: NO_ROLES,
    scale: null,
    keyTransposed: null,
    axis: null,
    parts: {},
    operands: {},
    formula,
    error,
  };
}

/** Sides after `\in` are shapes or sets, not values. */
const valueSides = (eq: Equation) => eq.sides.filter((_, i) => i === 0 || eq.relations[i - 1] !== '\\in');

export interface ClassifyOptions {
  /**
   * Names of functions the note says are the softmax (`sigma` for `\sigma`, σ), as the parser keys calls: their
   * calls are read, and evaluated, as softmax and as nothing else (not a sigmoid, not a feature map).
   */
  softmaxNames?: readonly string[];
}

/** Calls of `names` become calls of the softmax; the name as written stays, for messages and explanations. */
function callSoftmax(formula: Formula, names: readonly string[]): void {
  for (const eq of formula.equations)
    for (const side of eq.sides)
      for (const n of walk(side)) if (n.type === 'call' && names.includes(n.fn)) n.fn = 'softmax';
}

/** Classifies one math region's TeX. Never throws on bad TeX: a TeX error gives kind `none` with the error. */
export function classifyFormula(tex: string, options: ClassifyOptions = {}): Classification {
  const parsed = tryParseTex(tex);
  if (!parsed.ok) return blank('none', `the TeX could not be read: ${parsed.error.message}`, null, parsed.error);
  const { formula } = parsed;
  if (options.softmaxNames?.length) callSoftmax(formula, options.softmaxNames);
  const reader = new Reader(tex);
  const findings: Classification[] = [];
  formula.equations.forEach((eq, e) => {
    const sides = valueSides(eq);
    // `k_i^T k_j = 0`, `\sum_j \alpha_{ij} = 1`: a property stated of an expression, not a definition.
    if (sides.length > 1 && sides.slice(1).every((x) => x.type === 'number')) return;
    const lhs = sides.length > 1 ? sides[0] : null;
    const crossNamed = sides.find((x) => (isCall(x) || isSymbol(x)) && namesCrossAttention(isCall(x) ? x.fn : x.name));
    for (const side of sides) {
      // A left side that only names the function (Attention(Q, K, V), head_i) says nothing by itself.
      if (side === lhs && (isCall(side) || isSymbol(side))) continue;
      const f = reader.side(side, lhs, sides.find(isScoreCall) ?? null);
      if (crossNamed && (f.kind === 'scaled_dot_product' || f.kind === 'masked_scaled_dot_product')) {
        f.reason = `${reader.name(crossNamed)} names cross-attention: ${f.reason}`;
        f.kind = 'cross_attention_definition';
      }
      findings.push({ ...blank(f.kind, f.reason, formula, null), ...f, equation: e, side: eq.sides.indexOf(side) });
    }
  });
  // A block of steps is read as the computation it ends with, when that is softmax attention of its own.
  const chained = chainedEquation(formula);
  const steps = chained && reader.side(chained.sides[1], chained.sides[0], null);
  if (chained && steps?.parts?.output && steps.parts.weights) {
    formula.equations.push(chained);
    const equation = formula.equations.length - 1;
    // First, so that it wins over a line of the same kind (S = Q K^T / \sqrt{d_k} alone is scaled_dot_product too).
    findings.unshift({ ...blank(steps.kind, steps.reason, formula, null), ...steps, equation, side: 1 });
  }
  const recurrent = recurrentState(formula);
  if (recurrent) findings.push({ ...blank(recurrent.kind, recurrent.reason, formula, null), ...recurrent });
  const defined = projectionEquations(formula, reader);
  if (defined) findings.push({ ...blank(defined.kind, defined.reason, formula, null), ...defined });
  // The most specific kind wins; among findings of no kind, a specific reason beats the generic one.
  const score = (c: Classification) => rank(c.kind) * 2 + (c.reason === GENERIC_NONE ? 1 : 0);
  return findings.reduce((best, c) => (score(c) < score(best) ? c : best), blank('none', GENERIC_NONE, formula, null));
}
