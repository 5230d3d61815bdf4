// The conventions of attention notation, in one place: which letters play Q, K, V and M, which names are
// sequence lengths and which are widths, the shapes each role has in softmax(s Q K^T + M) V, the axis a
// softmax runs along and what a fully masked row becomes. Classification, evaluation, diagnostics and
// explanations all read these tables, so a name that is a length to one of them is a length to all.
// See ../shared/notes/attention-semantics.md for the reference semantics.

import type { AttentionKind, Classification } from './classify';

export type Role = 'query' | 'key' | 'value' | 'mask';

/** The kinds written softmax(s Q K^T + M) V whose inputs and output have the shapes of the reference. */
export const REFERENCE_SOFTMAX_KINDS: ReadonlySet<AttentionKind> = new Set([
  'scaled_dot_product',
  'masked_scaled_dot_product',
]);

/**
 * The kinds a formula of the form softmax(s Q K^T + M) V may have: the reference forms, and cross-attention
 * written that way with its projections inside.
 */
export const SOFTMAX_KINDS: ReadonlySet<AttentionKind> = new Set([
  ...REFERENCE_SOFTMAX_KINDS,
  'cross_attention_definition',
]);

/**
 * Whether a classification is softmax(s Q K^T + M) V in the reference layout, with the steps the evaluator
 * computes: not a score of one query and one key, the logits alone, or softmax of logits written elsewhere.
 */
export function isSoftmaxForm(c: Pick<Classification, 'kind' | 'parts'>): boolean {
  return SOFTMAX_KINDS.has(c.kind) && c.parts.logits !== undefined && c.parts.weights !== undefined;
}

/** The roles in the order the reference formula names them. */
export const ROLES: readonly Role[] = ['query', 'key', 'value', 'mask'];

/** Letters that name a role when nothing else says what a symbol is (matrices upper case, vectors lower case). */
const ROLE_LETTERS: Readonly<Record<string, Role>> = {
  Q: 'query',
  K: 'key',
  V: 'value',
  M: 'mask',
  q: 'query',
  k: 'key',
  v: 'value',
};

/** The role a symbol's base letter conventionally plays (`Q`, `\mathbf{q}_i` -> query), or null. */
export function roleOfLetter(base: string): Role | null {
  return ROLE_LETTERS[base] ?? null;
}

/** Words and letters that stand for a query, or a decoder state used as one (s_{t-1} in Bahdanau's score). */
export const QUERY_NAMES: ReadonlySet<string> = new Set(['q', 'Q', 'query', 's', 'h']);
export const KEY_NAMES: ReadonlySet<string> = new Set(['k', 'K', 'key']);
export const VALUE_NAMES: ReadonlySet<string> = new Set(['v', 'V', 'value']);

/** Queries proper, for notation that says nothing else (q \cdot k). */
export const QUERY_LETTERS: ReadonlySet<string> = new Set(['q', 'Q', 'query']);

/** Encoder states, which additive and Luong scores compare the decoder state with and weighted sums add up. */
export const STATE_NAMES: ReadonlySet<string> = new Set(['h', 'H']);

/** What attention outputs are called: O = A V, c_t = \sum_j a_{tj} h_j, w_t = a_t H. */
export const OUTPUT_NAMES: ReadonlySet<string> = new Set([
  'O',
  'o',
  'Z',
  'z',
  'C',
  'c',
  'y',
  'Y',
  'w',
  'context',
  'output',
  'out',
  'head',
]);

/** Names notes give the matrix of logits: S = Q K^T / \sqrt{d_k}, E, scores. */
export const LOGITS_NAMES: ReadonlySet<string> = new Set(['S', 'E', 'scores', 'score', 'logits']);

/** Attention weights: α_{ij}, a_{tj}, w_{ij} per pair; A and P as the matrix of weights (O = A V). */
export const ATTENTION_WEIGHT_NAMES: ReadonlySet<string> = new Set(['\\alpha', 'a', 'w', 'A', 'P']);

/** Learned matrices: W^Q, W_k, W^{(v)}, and the U of Bahdanau's U_a h_j. */
export const isProjectionName = (base: string): boolean => base === 'W' || base === 'U';

/** The outputs of single heads: head_i, h_i (with an index). */
export const isHeadName = (base: string): boolean => base === 'head' || base === 'h';

const OUTPUT_SCRIPTS = new Set(['O', 'o', '(o)', 'out', 'output', '(out)']);

/** W^O, W_o, W^{(o)}, W_{out}: the output projection that maps the concatenated heads back to the model width. */
export function isOutputProjection(symbol: { base: string; sub: string | null; sup: string | null }): boolean {
  return (
    symbol.base === 'W' &&
    ((symbol.sup !== null && OUTPUT_SCRIPTS.has(symbol.sup)) || (symbol.sub !== null && OUTPUT_SCRIPTS.has(symbol.sub)))
  );
}

/** A function or result named as cross-attention: CrossAttention, EncDecAttention, 交叉注意力. */
export function namesCrossAttention(name: string): boolean {
  return /cross|encdec|encoderdecoder|交叉注意力|编码器-解码器注意力/i.test(name.replace(/[\s_{}-]/g, ''));
}

/** The kinds of dimension a formula's scale and shapes speak of. */
export type DimensionKind =
  | 'key-width'
  | 'value-width'
  | 'model-width'
  | 'heads'
  | 'query-length'
  | 'key-length'
  | 'length';

/**
 * Names by kind, in the form symbol names take after normalisation (`d_{\text{head}}` -> `d_{head}`).
 * `d` alone is the key width: notes that write one width for queries, keys and values call it d.
 */
const DIMENSIONS: Readonly<Record<DimensionKind, readonly string[]>> = {
  'key-width': ['d_k', 'd', 'd_q', 'd_h', 'd_{head}', 'd_{qk}', 'd_{key}', 'd_{attn}', 'd_{attention}'],
  'value-width': ['d_v', 'd_{value}'],
  'model-width': ['d_{model}', 'D', 'd_{emb}', 'd_{embed}', 'd_{in}', 'd_x', 'd_{hidden}'],
  heads: ['h', 'H', 'n_h', 'n_{heads}', 'n_{head}', 'N_h'],
  'query-length': ['l_q', 'n_q', 'L_q', 'N_q', 'T_q', 'S_q', 'T_y', 'J_y', 'm', 'n_{tgt}', 'L_{tgt}'],
  'key-length': ['l_k', 'l_v', 'n_k', 'L_k', 'N_k', 'T_k', 'S_k', 'T_x', 'J_x', 'n_{src}', 'L_{src}'],
  length: ['n', 'N', 'l', 'L', 'T', 'J', 't_{max}', 'L_{seq}', 'n_{seq}', 'n_{ctx}', 'N_{ctx}'],
};

const KIND_OF = new Map<string, DimensionKind>();
for (const [kind, names] of Object.entries(DIMENSIONS) as [DimensionKind, readonly string[]][])
  for (const name of names) KIND_OF.set(name, kind);

/** `d_{k}` -> `d_k`, `d_{\text{model}}` -> `d_{model}`, `d_\mathrm{head}` -> `d_{head}`: the form the tables use. */
export function normaliseDimension(written: string): string {
  const plain = written
    .replace(/\\(?:text|mathrm|operatorname|textrm|mathit|mathsf|mathbf)\s*\{([^{}]*)\}/g, '$1')
    .replace(/\\(?:text|mathrm|operatorname|textrm|mathit|mathsf|mathbf)\s*/g, '')
    .replace(/[\s{}]/g, '');
  const sub = /^([^_]+)_(.+)$/.exec(plain);
  if (!sub) return plain;
  return sub[2].length === 1 ? `${sub[1]}_${sub[2]}` : `${sub[1]}_{${sub[2]}}`;
}

/** What a dimension name means by convention, or null when it is no conventional name. */
export function dimensionKind(written: string): DimensionKind | null {
  return KIND_OF.get(normaliseDimension(written)) ?? null;
}

/** The width of queries and keys: what the logits are scaled by the square root of. */
export const isKeyWidth = (written: string): boolean => dimensionKind(written) === 'key-width';

/** A number of queries or keys, or of tokens in general: never the right thing under the scale's root. */
export function isSequenceLength(written: string): boolean {
  const kind = dimensionKind(written);
  return kind === 'length' || kind === 'query-length' || kind === 'key-length';
}

/** The shapes of the reference, by role: Q is l_q x d_k, K l_k x d_k, V l_k x d_v, M l_q x l_k. */
export const STANDARD_SHAPES: Readonly<Record<Role, readonly [string, string]>> = {
  query: ['l_q', 'd_k'],
  key: ['l_k', 'd_k'],
  value: ['l_k', 'd_v'],
  mask: ['l_q', 'l_k'],
};

/**
 * A name of one vector rather than a matrix: a lower-case letter with its scripts (`k_2`, `q_i`, `v_{j}`,
 * `q^{(1)}`), as notes name one token's query, key or value; `\mathbf{q}_i` is named `q_i` too.
 */
export const isVectorName = (name: string): boolean => VECTOR_NAME.test(name);
const SCRIPT = String.raw`(?:[A-Za-z0-9]|\{[^{}]*\})`;
const VECTOR_NAME = new RegExp(`^[a-z](?:_${SCRIPT})?(?:\\^${SCRIPT})?$`);

/** The length of one vector of each role: a row of Q or K is d_k long, a row of V d_v, a row of M l_k. */
export const STANDARD_LENGTHS: Readonly<Record<Role, string>> = {
  query: 'd_k',
  key: 'd_k',
  value: 'd_v',
  mask: 'l_k',
};

/** Which role's matrix, and which side of it, fixes a standard dimension when the document gives no number. */
export const DIMENSION_SOURCES: Readonly<Record<string, readonly (readonly [Role, 'rows' | 'cols'])[]>> = {
  l_q: [['query', 'rows']],
  d_k: [
    ['query', 'cols'],
    ['key', 'cols'],
  ],
  l_k: [
    ['key', 'rows'],
    ['value', 'rows'],
  ],
  d_v: [['value', 'cols']],
};

/**
 * The axis a softmax normalises over. `rows` is the reference (each query's weights over the keys sum to 1);
 * `columns` is the same computation in notes that keep tokens as columns (V softmax(K^T Q / sqrt(d))); an
 * explicit `softmax_j` or `softmax_{row}` names it.
 */
export type SoftmaxAxis = 'rows' | 'columns';

/** The axis a softmax's subscript names, or null when it names none (`softmax_i` over the keys of query i is rows). */
export function softmaxAxisOf(sub: string | null): SoftmaxAxis | null {
  if (sub === null) return null;
  const s = sub.toLowerCase().replace(/[\s{}]/g, '');
  if (/^(row|rows|dim=-1|axis=-1|-1|j|k|keys?)$/.test(s)) return 'rows';
  if (/^(col|cols|column|columns|dim=0|axis=0|0)$/.test(s)) return 'columns';
  return null;
}

/** What the softmax of a row whose every logit is -Infinity becomes; libraries disagree, so the user chooses. */
export type MaskedRowPolicy = 'zeros' | 'nan' | 'uniform';
