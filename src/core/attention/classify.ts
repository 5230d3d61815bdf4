// Names the kind of attention a formula writes, from the shape of its expression tree rather than from the
// words in it, and records what later checks need: the scale, whether K is transposed, which symbols play
// Q, K, V and M, and the sub-expressions that are the steps of the computation.
import type { Equation, Expr, ExprOf, Formula, TexError } from '../tex/expr';
import { walk } from '../tex/expr';
import { tryParseTex } from '../tex/tex-to-expr';

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
  'additive_bahdanau',
  'linear_attention',
  'luong_general_or_dot',
  'softmax_weights_elementwise',
  'other_attention',
  'none',
];

type Finding = Pick<Classification, 'kind' | 'reason'> &
  Partial<Pick<Classification, 'roles' | 'scale' | 'keyTransposed' | 'parts' | 'operands'>>;

const GENERIC_NONE = 'no attention structure';
const NO_ROLES: Roles = { query: null, key: null, value: null, mask: null };

const isCall = (e: Expr, ...fns: string[]): e is ExprOf<'call'> =>
  e.type === 'call' && (fns.length === 0 || fns.includes(e.fn));
const isSymbol = (e: Expr): e is ExprOf<'symbol'> => e.type === 'symbol';
const FEATURE_MAPS = new Set(['phi', 'varphi', 'psi', 'f', 'g', 'sigma', 'elu', 'relu']);
const QUERY_LETTERS = new Set(['q', 'Q', 'query', 's', 'h']);
const KEY_LETTERS = new Set(['k', 'K', 'key']);

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
        return /^[a-z]/.test(e.base) && !QUERY_LETTERS.has(e.base) && !KEY_LETTERS.has(e.base) && e.base !== 'v';
      default:
        return false;
    }
  }

  /** The logits X Y^T (or, written without the transpose, X Y). */
  logits(e: Expr): { query: Expr; key: Expr; keyTransposed: boolean } | null {
    if (e.type !== 'product' || this.scalarLike(e.left) || this.scalarLike(e.right)) return null;
    if (e.right.type === 'transpose') return { query: e.left, key: e.right.arg, keyTransposed: true };
    return { query: e.left, key: e.right, keyTransposed: false };
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

  /** softmax(s Q K^T + M) V, or the weights softmax(...) alone. */
  softmaxForm(side: Expr): Finding | null {
    let weights: ExprOf<'call'> | null = null;
    let output: ExprOf<'product'> | null = null;
    for (const n of walk(side)) {
      if (n.type === 'product' && isCall(n.left, 'softmax')) {
        output = n;
        weights = n.left;
        break;
      }
      if (!weights && isCall(n, 'softmax')) weights = n;
    }
    if (weights?.args.length !== 1) return null;
    const score = weights.args[0];
    let masked: ExprOf<'add'> | null = null;
    let maskExpr: Expr | null = null;
    let scaledNode = score;
    let found = this.scaled(score);
    if (!found && score.type === 'add' && score.op === '+') {
      for (const [s, m] of [
        [score.left, score.right],
        [score.right, score.left],
      ] as const) {
        found = this.scaled(s);
        if (found) {
          [masked, maskExpr, scaledNode] = [score, m, s];
          break;
        }
      }
    }
    if (!found) {
      return {
        kind: 'softmax_weights_elementwise',
        reason: `softmax of the score ${this.name(score)} of one query and one key: the attention weights, written per pair`,
      };
    }
    const { query, key, keyTransposed } = this.logits(found.logits) as NonNullable<ReturnType<Reader['logits']>>;
    const parts: StepParts = { logits: found.logits, weights };
    if (found.scale.written !== 'none') parts.scaled = scaledNode;
    if (masked) parts.masked = masked;
    if (output) parts.output = output;
    const value = output ? this.name(output.right) : null;
    const mask = maskExpr ? this.name(maskExpr) : null;
    const kind: AttentionKind = masked ? 'masked_scaled_dot_product' : 'scaled_dot_product';
    const scaleText =
      found.scale.written === 'none'
        ? 'with no scaling'
        : found.scale.sqrtOf !== null
          ? `scaled by 1/sqrt(${found.scale.sqrtOf})`
          : `scaled by ${found.scale.written === 'divide' ? '1/' : ''}${this.name(found.scale.by)}`;
    const maskText = masked ? ` plus the additive mask ${mask}` : '';
    const valueText = output ? `, times ${value}` : ' (the weights only, no values)';
    return {
      kind,
      reason: `softmax of ${this.name(found.logits)} ${scaleText}${maskText}${valueText}`,
      roles: { query: this.name(query), key: this.name(key), value, mask },
      scale: found.scale,
      keyTransposed,
      parts,
      operands: { query, key, value: output?.right, mask: maskExpr ?? undefined },
    };
  }

  /** exp(score) / sum_j exp(score_j): softmax written out per element. */
  elementwiseSoftmax(side: Expr): Finding | null {
    for (const n of walk(side)) {
      if (
        n.type === 'divide' &&
        isCall(n.numerator, 'exp') &&
        n.denominator.type === 'sum' &&
        [...walk(n.denominator.body)].some((x) => isCall(x, 'exp'))
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
    for (const n of walk(side)) {
      if (!isCall(n, 'tanh') || n.args.length !== 1) continue;
      const arg = n.args[0];
      const sumOfProjections = arg.type === 'add' && arg.left.type === 'product' && arg.right.type === 'product';
      const projectedConcat = arg.type === 'product' && arg.right.type === 'list';
      if (sumOfProjections || projectedConcat) {
        return {
          kind: 'additive_bahdanau',
          reason: `tanh of ${sumOfProjections ? 'a sum of projected query and key' : 'a projection of their concatenation'}: the additive (Bahdanau) score`,
        };
      }
    }
    return null;
  }

  /** x^T y or x^T W y between vectors: Luong's dot or general score; with a 1/sqrt(d) scale, the scaled dot product. */
  bilinear(side: Expr): Finding | null {
    let core = side;
    let scale: ScaleInfo = { written: 'none' };
    if (side.type === 'divide') {
      core = side.numerator;
      scale = { written: 'divide', by: side.denominator, sqrtOf: this.sqrtOf(side.denominator, false) };
    }
    if (core.type !== 'product') return null;
    const general = core.left.type === 'product' && core.left.left.type === 'transpose';
    const left = general ? (core.left as ExprOf<'product'>).left : core.left;
    if (left.type !== 'transpose' || !isSymbol(left.arg) || !isSymbol(core.right)) return null;
    const roles = { ...NO_ROLES, query: left.arg.name, key: core.right.name };
    if (scale.written !== 'none' && !general) {
      return {
        kind: 'scaled_dot_product',
        reason: `${roles.query}^T ${roles.key} divided by ${this.name(scale.by)}: the scaled dot-product score of one query and one key`,
        roles,
        scale,
        keyTransposed: false,
      };
    }
    const middle = general ? ` ${this.name((core.left as ExprOf<'product'>).right)}` : '';
    return {
      kind: 'luong_general_or_dot',
      reason: `${roles.query}^T${middle} ${roles.key}: a ${general ? 'general (bilinear)' : 'dot'} score of two vectors, as in Luong attention`,
      roles,
      scale,
      keyTransposed: false,
    };
  }

  /** phi(Q)(phi(K)^T V): keys and values are combined first, with no softmax. */
  linear(side: Expr): Finding | null {
    const nodes = [...walk(side)];
    if (nodes.some((n) => isCall(n, 'softmax', 'exp'))) return null;
    for (const n of nodes) {
      const regrouped = n.type === 'product' && n.right.type === 'product' && n.right.left.type === 'transpose';
      const featureMapped = n.type === 'transpose' && isCall(n.arg) && FEATURE_MAPS.has(n.arg.fn);
      if (regrouped || featureMapped) {
        return {
          kind: 'linear_attention',
          reason: regrouped
            ? `${this.name(n)} multiplies keys^T by values before the queries, with no softmax: linear attention`
            : `a feature map ${this.name(n)} of the keys, with no softmax: linear attention`,
        };
      }
    }
    return null;
  }

  /** Concat(head_1, ..., head_h) W^O, or W_o stacked over the heads. */
  multiHead(side: Expr): Finding | null {
    const isHead = (e: Expr) => isSymbol(e) && (e.base === 'head' || e.base === 'h') && e.sub !== null;
    for (const n of walk(side)) {
      const heads = isCall(n, 'concat')
        ? n.args
        : n.type === 'matrix'
          ? n.cells.flat()
          : n.type === 'list'
            ? n.items
            : [];
      if (heads.filter(isHead).length >= 2) {
        return {
          kind: 'multi_head',
          reason: `${this.name(n)} joins the outputs of several heads: multi-head attention`,
        };
      }
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
    for (const n of walk(side)) {
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

  /** f(q, (k_1, v_1), ..., (k_n, v_n)): attention pooling over key-value pairs. */
  pooling(side: Expr): Finding | null {
    for (const n of walk(side)) {
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
    for (const n of walk(side)) {
      if (n.type === 'sum' && n.body.type === 'product' && isCall(n.body.left) && n.body.left.args.length === 2) {
        return {
          kind: 'other_attention',
          reason: `${this.name(n)} sums values weighted by a function of the query and each key: attention pooling`,
        };
      }
    }
    return null;
  }

  side(side: Expr, lhs: Expr | null): Finding {
    const found =
      this.multiHead(side) ??
      this.projectedCall(side, lhs) ??
      this.pooling(side) ??
      this.softmaxForm(side) ??
      this.elementwiseSoftmax(side) ??
      this.additive(side) ??
      this.linear(side) ??
      this.bilinear(side);
    if (found) return found;
    const scoreOf = (letters: string[]) => (a: Expr) => isSymbol(a) && letters.includes(a.base);
    if (
      lhs &&
      isCall(lhs) &&
      lhs.args.some(scoreOf(['q', 'query'])) &&
      lhs.args.some(scoreOf(['k', 'key'])) &&
      !['list', 'matrix'].includes(side.type)
    ) {
      return {
        kind: 'other_attention',
        reason: `${this.name(lhs)} defines a score of a query and a key by ${this.name(side)}, not one of the common forms`,
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

/** `Q = X W^Q`, `K = H W^K`, `V = H W^V` as separate equations of one formula. */
function projectionEquations(formula: Formula, reader: Reader): Finding | null {
  const sources = new Map<string, string>();
  for (const eq of formula.equations) {
    const [lhs, rhs] = eq.sides;
    if (
      eq.relations[0] !== '=' ||
      !rhs ||
      !isSymbol(lhs) ||
      !['Q', 'K', 'V'].includes(lhs.base) ||
      rhs.type !== 'product'
    )
      continue;
    const source =
      isSymbol(rhs.right) && rhs.right.base === 'W'
        ? rhs.left
        : isSymbol(rhs.left) && rhs.left.base === 'W'
          ? rhs.right
          : null;
    if (source) sources.set(lhs.base, reader.name(source));
  }
  const [q, k, v] = ['Q', 'K', 'V'].map((r) => sources.get(r));
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
    parts: {},
    operands: {},
    formula,
    error,
  };
}

/** Sides after `\in` are shapes or sets, not values. */
const valueSides = (eq: Equation) => eq.sides.filter((_, i) => i === 0 || eq.relations[i - 1] !== '\\in');

/** Classifies one math region's TeX. Never throws on bad TeX: a TeX error gives kind `none` with the error. */
export function classifyFormula(tex: string): Classification {
  const parsed = tryParseTex(tex);
  if (!parsed.ok) return blank('none', `the TeX could not be read: ${parsed.error.message}`, null, parsed.error);
  const { formula } = parsed;
  const reader = new Reader(tex);
  const findings: Classification[] = [];
  formula.equations.forEach((eq, e) => {
    const sides = valueSides(eq);
    const lhs = sides.length > 1 ? sides[0] : null;
    for (const side of sides) {
      // A left side that only names the function (Attention(Q, K, V), head_i) says nothing by itself.
      if (side === lhs && (isCall(side) || isSymbol(side))) continue;
      const f = reader.side(side, lhs);
      findings.push({ ...blank(f.kind, f.reason, formula, null), ...f, equation: e, side: eq.sides.indexOf(side) });
    }
  });
  const defined = projectionEquations(formula, reader);
  if (defined) findings.push({ ...blank(defined.kind, defined.reason, formula, null), ...defined });
  // The most specific kind wins; among findings of no kind, a specific reason beats the generic one.
  const score = (c: Classification) => rank(c.kind) * 2 + (c.reason === GENERIC_NONE ? 1 : 0);
  return findings.reduce((best, c) => (score(c) < score(best) ? c : best), blank('none', GENERIC_NONE, formula, null));
}
