// The texts of explanations, in English and Simplified Chinese. They follow `../shared/notes/attention-semantics.md`.
// Arguments are already escaped Markdown; the texts themselves are Markdown.
import type { AttentionKind } from '../attention/classify';
import { isLengthKind } from '../document/dimension-meanings';
import type { Catalog } from '../i18n';
import type { Correction, NoteKind, Role, Topic } from './explain-model';

type Kind = Exclude<AttentionKind, 'none'>;
type Dimension = Extract<Topic, { type: 'dimension' }>['dimension'];

export type ExplainMessages = {
  kind(kind: Kind): string;
  /** What the form computes, for the kinds that are not softmax(s QK^T + M) V; empty for those. */
  kindDetail(kind: Kind): string;
  presentedAsCross(): string;
  computation(masked: boolean): string;
  scaleSqrt(of: string): string;
  scaleOther(of: string): string;
  scaleNone(): string;
  tableHeader(column: 'symbol' | 'role' | 'shape'): string;
  role(role: Role, cross: boolean): string;
  output(): string;
  crossHeading(): string;
  crossQuery(): string;
  crossKeyValue(): string;
  crossLengths(): string;
  crossMask(): string;
  correctionHeading(): string;
  correction(claim: Correction['claim'], quote: string): string;
  shapeHere(shape: string): string;
  valueHere(symbol: string, value: string): string;
  noShape(): string;
  roleTopic(role: Role): string;
  /** One vector of a role (`k_2`): what it is, in the formula's table and as a hover's title. */
  vectorRole(role: Role, cross: boolean): string;
  /** What one vector of a role is, for the hover of the symbol or of its literal. */
  vectorTopic(role: Role): string;
  /** A vector's length in the shape column: `vector of length d\_k = 3`. */
  vectorShape(length: string): string;
  lengthHere(length: string): string;
  vectorLiteral(form: string, orientation: 'row' | 'column', length: number): string;
  roleInCross(role: Role): string;
  roleInSelf(role: Role): string;
  dimension(dimension: Dimension): string;
  /** Empty when the dimension means the same in cross-attention. */
  dimensionInCross(dimension: Dimension): string;
  projection(target: 'Q' | 'K' | 'V', head: string | null, shape: string): string;
  outputProjection(): string;
  head(index: string): string;
  softmax(): string;
  scaling(): string;
  scalingValue(of: string, value: string): string;
  scalingNotStandard(of: string): string;
  /** What the note says a dimension is, quoting it. */
  noteSays(kind: NoteKind, quote: string): string;
  matrix(form: string, shape: string): string;
  raggedRows(rows: string): string;
  nonNumeric(entries: string): string;
  topicWord(topic: Topic): string;
};

const en: ExplainMessages = {
  kind: (kind) =>
    ({
      scaled_dot_product: 'Scaled dot-product attention',
      masked_scaled_dot_product: 'Masked scaled dot-product attention',
      multi_head: 'Multi-head attention',
      head_projection: 'One head of multi-head attention',
      additive_bahdanau: 'Additive (Bahdanau) attention score',
      luong_general_or_dot: "Luong's dot or general attention score",
      softmax_weights_elementwise: 'Attention weights: a softmax, written per element',
      linear_attention: 'Linear attention (no softmax; not equal to softmax attention)',
      cross_attention_definition: 'Cross-attention: queries from one sequence, keys and values from another',
      other_attention: 'Attention, in a less common form',
    })[kind],
  kindDetail: (kind) =>
    ({
      multi_head:
        'MultiHead(Q, K, V) = Concat(head\\_1, …, head\\_h) W^O with head\\_i = Attention(QW\\_i^Q, KW\\_i^K, VW\\_i^V). In the paper h = 8 and d\\_k = d\\_v = d\\_model / h = 64.',
      head_projection:
        'Each head attends with its own projections W\\_i^Q, W\\_i^K (d\\_model × d\\_k) and W\\_i^V (d\\_model × d\\_v).',
      additive_bahdanau:
        'e\\_ij = vᵀ tanh(W s\\_{i−1} + U h\\_j): a small feed-forward network scores each query–key pair.',
      luong_general_or_dot: 'score(s, h) = sᵀh (dot) or sᵀWh (general), without the 1/√d\\_k scale.',
      softmax_weights_elementwise:
        'α\\_ij = exp(e\\_ij) / Σ\\_j exp(e\\_ij): each query’s weights are non-negative and sum to 1.',
      linear_attention: 'φ(Q)(φ(K)ᵀV): keys and values are combined first, so the cost grows linearly with the length.',
      cross_attention_definition: '',
      other_attention: '',
      scaled_dot_product: '',
      masked_scaled_dot_product: '',
    })[kind],
  presentedAsCross: () => 'cross-attention, as the text presents it',
  computation: (masked) =>
    `softmax(s · QKᵀ${masked ? ' + M' : ''}) V, with the softmax taken along each row (over the keys).`,
  scaleSqrt: (of) => `Scale: 1/√${of}.`,
  scaleOther: (of) => `Scale: ${of} (the usual scale is 1/√d\\_k).`,
  scaleNone: () => 'No scaling (as in T5); the usual scale is 1/√d\\_k.',
  tableHeader: (column) => ({ symbol: 'Symbol', role: 'Role', shape: 'Shape' })[column],
  role: (role, cross) =>
    ({
      query: cross ? 'queries, from the decoder' : 'queries',
      key: cross ? "keys, from the encoder's final output" : 'keys',
      value: cross ? "values, from the encoder's final output" : 'values',
      mask: cross ? 'additive mask: padding over source keys only' : 'additive mask (0 keeps, −∞ drops)',
    })[role],
  output: () => 'output',
  crossHeading: () => 'Cross-attention',
  crossQuery: () => 'Q comes from the decoder: the output of the previous decoder sub-layer.',
  crossKeyValue: () =>
    "K and V come from the encoder's final output, the same memory for every decoder layer (computed once per source and cached while decoding).",
  crossLengths: () =>
    'l\\_q is the target length and l\\_k the source length; they may differ, so the weights are l\\_q × l\\_k.',
  crossMask: () =>
    "Only a padding mask over source keys belongs here. The causal (look-ahead) mask belongs to the decoder's self-attention, not to cross-attention.",
  correctionHeading: () => 'Correction',
  correction: (claim, quote) =>
    claim === 'cross-future-mask'
      ? `The text says: “${quote}” — cross-attention does not mask future tokens. Its keys are the source tokens, all known in advance; the causal mask belongs to the decoder's self-attention. Cross-attention uses only a padding mask over source keys, if any.`
      : `The text says: “${quote}” — in cross-attention K and V are not the previous layer's output of the same stream: they come from the encoder's final output, and only Q comes from the decoder (the previous decoder sub-layer).`,
  shapeHere: (shape) => `Shape here: ${shape}`,
  valueHere: (symbol, value) => `Here ${symbol} = ${value}.`,
  noShape: () => 'The document gives no shape for it.',
  roleTopic: (role) =>
    ({
      query:
        'The queries: one row per position that asks. Each row of QKᵀ compares one query with every key; the output has one row per query.',
      key: 'The keys: one row per position that can be attended to. QKᵀ compares every query with every key, so K has the width d\\_k of Q.',
      value:
        'The values: one row per key. The attention weights average them, one weighted average per query, so the output is l\\_q × d\\_v.',
      mask: 'An additive mask of shape l\\_q × l\\_k added to the logits: 0 keeps a query–key pair, −∞ drops it (its weight becomes exactly 0). A 0/1 matrix added this way is almost certainly a mistake.',
    })[role],
  vectorRole: (role, cross) =>
    ({
      query: cross ? 'one query, from the decoder' : 'one query',
      key: cross ? "one key, from the encoder's final output" : 'one key',
      value: cross ? "one value, from the encoder's final output" : 'one value',
      mask: 'one row of the additive mask',
    })[role],
  vectorTopic: (role) =>
    ({
      query:
        'One query: a vector of length d\\_k, one row of Q. Its dot product with each key, q·k, is one logit; the softmax of those logits weights the values for this query.',
      key: 'One key: a vector of length d\\_k, one row of K. Its dot product with a query, q·k, is one logit of that query.',
      value:
        "One value: a vector of length d\\_v, one row of V. A query's output is the sum of the values, each weighted by the query's attention to its key.",
      mask: "One row of the mask, of length l\\_k: added to one query's logits, 0 keeps a key and −∞ drops it.",
    })[role],
  vectorShape: (length) => `vector of length ${length}`,
  lengthHere: (length) => `Length here: ${length}`,
  vectorLiteral: (form, orientation, length) => `${orientation} vector of length ${length} (${form})`,
  roleInCross: (role) =>
    ({
      query: 'In cross-attention Q comes from the decoder: the output of the previous decoder sub-layer.',
      key: "In cross-attention K comes from the encoder's final output (the same for every decoder layer).",
      value: "In cross-attention V comes from the encoder's final output, like K.",
      mask: "In cross-attention only a padding mask over source keys belongs here; the causal mask is for the decoder's self-attention.",
    })[role],
  roleInSelf: (role) =>
    ({
      query: 'In self-attention Q = XW^Q, a projection of the same sequence X as K and V.',
      key: 'In self-attention K = XW^K; in cross-attention K comes from the encoder.',
      value: 'In self-attention V = XW^V; in cross-attention V comes from the encoder.',
      mask: 'A causal mask (decoder self-attention) drops the keys after each query; a padding mask drops padded keys.',
    })[role],
  dimension: (d) =>
    ({
      d_k: 'd\\_k: the width of queries and keys (the number of columns of Q and of K). Each logit q·k sums d\\_k products, which is why the logits are divided by √d\\_k.',
      d_v: 'd\\_v: the width of the values, and so of the output (l\\_q × d\\_v).',
      l_q: 'l\\_q: the number of queries, the rows of Q, of the weights and of the output.',
      l_k: 'l\\_k: the number of keys and values, the rows of K and V and the columns of the weights.',
      d_model:
        "d\\_model: the width of the model's hidden states; the projections map it to d\\_k and d\\_v, and W^O maps the heads back to it.",
      h: 'h: the number of heads. In the paper h = 8 and d\\_k = d\\_v = d\\_model / h = 64.',
    })[d],
  dimensionInCross: (d) =>
    d === 'l_q'
      ? 'In cross-attention l\\_q is the target length.'
      : d === 'l_k'
        ? 'In cross-attention l\\_k is the source length; it may differ from l\\_q.'
        : '',
  projection: (target, head, shape) =>
    `The ${{ Q: 'query', K: 'key', V: 'value' }[target]} projection${head ? ` of head ${head}` : ''}, ${shape}: head\\_i = Attention(QW\\_i^Q, KW\\_i^K, VW\\_i^V).`,
  outputProjection: () =>
    'The output projection, (h·d\\_v) × d\\_model: it maps the concatenated heads back to d\\_model. MultiHead = Concat(head\\_1, …, head\\_h) W^O.',
  head: (index) =>
    `The output of head ${index}: Attention(QW\\_i^Q, KW\\_i^K, VW\\_i^V), l\\_q × d\\_v. The heads are concatenated and multiplied by W^O.`,
  softmax: () =>
    'Softmax along each row, over the keys: each query gets non-negative weights that sum to 1, and −∞ logits get weight exactly 0. A row whose logits are all −∞ has no defined softmax; libraries differ (zeros, NaN or uniform).',
  scaling: () =>
    'The scale √d\\_k. If the entries of q and k have mean 0 and variance 1, q·k is a sum of d\\_k such products and has variance d\\_k; dividing by √d\\_k brings it back to variance 1, so the softmax does not saturate and its gradients do not vanish.',
  scalingValue: (of, value) => `Here √${of} = ${value}.`,
  scalingNotStandard: (of) =>
    `This formula scales by √${of}; the usual scale is √d\\_k, the width of queries and keys, not a sequence length.`,
  noteSays: (kind, quote) =>
    `The note says it is ${
      {
        'key-width': 'the width of queries and keys (d\\_k)',
        'value-width': 'the width of the values (d\\_v)',
        'model-width': "the model's width (d\\_model)",
        width: 'a width',
        heads: 'the number of heads (h)',
        'query-length': 'the number of queries (l\\_q)',
        'key-length': 'the number of keys (l\\_k)',
        length: 'a sequence length, a number of tokens',
      }[kind]
    }: “${quote}”`,
  matrix: (form, shape) => `matrix ${shape} (${form})`,
  raggedRows: (rows) => `Rows ${rows} have a different length from the others.`,
  nonNumeric: (entries) => `Entries that are not numbers: ${entries}.`,
  topicWord: (topic) => {
    switch (topic.type) {
      case 'role':
        return { query: 'queries', key: 'keys', value: 'values', mask: 'mask' }[topic.role];
      case 'dimension':
        return topic.dimension === 'h' ? 'number of heads' : 'dimension';
      case 'projection':
        return 'projection';
      case 'output-projection':
        return 'output projection';
      case 'head':
        return 'one head';
      case 'softmax':
        return 'row-wise softmax';
      case 'scaling':
        return 'scale';
      case 'note-dimension':
        return isLengthKind(topic.kind) ? 'sequence length' : topic.kind === 'heads' ? 'number of heads' : 'dimension';
    }
  },
};

const zhCn: ExplainMessages = {
  kind: (kind) =>
    ({
      scaled_dot_product: '缩放点积注意力',
      masked_scaled_dot_product: '带掩码的缩放点积注意力',
      multi_head: '多头注意力',
      head_projection: '多头注意力中的一个头',
      additive_bahdanau: '加性（Bahdanau）注意力评分',
      luong_general_or_dot: 'Luong 点积或一般（双线性）注意力评分',
      softmax_weights_elementwise: '注意力权重：逐元素写出的 softmax',
      linear_attention: '线性注意力（没有 softmax，与 softmax 注意力不等价）',
      cross_attention_definition: '交叉注意力：查询来自一个序列，键和值来自另一个序列',
      other_attention: '注意力（不太常见的写法）',
    })[kind],
  kindDetail: (kind) =>
    ({
      multi_head:
        'MultiHead(Q, K, V) = Concat(head\\_1, …, head\\_h) W^O，其中 head\\_i = Attention(QW\\_i^Q, KW\\_i^K, VW\\_i^V)。论文中 h = 8，d\\_k = d\\_v = d\\_model / h = 64。',
      head_projection: '每个头用自己的投影 W\\_i^Q、W\\_i^K（d\\_model × d\\_k）和 W\\_i^V（d\\_model × d\\_v）。',
      additive_bahdanau: 'e\\_ij = vᵀ tanh(W s\\_{i−1} + U h\\_j)：用一个小的前馈网络给每一对查询–键打分。',
      luong_general_or_dot: 'score(s, h) = sᵀh（点积）或 sᵀWh（一般形式），没有 1/√d\\_k 缩放。',
      softmax_weights_elementwise: 'α\\_ij = exp(e\\_ij) / Σ\\_j exp(e\\_ij)：每个查询的权重非负且和为 1。',
      linear_attention: 'φ(Q)(φ(K)ᵀV)：先把键和值结合起来，所以代价随长度线性增长。',
      cross_attention_definition: '',
      other_attention: '',
      scaled_dot_product: '',
      masked_scaled_dot_product: '',
    })[kind],
  presentedAsCross: () => '正文把它作为交叉注意力',
  computation: (masked) => `softmax(s · QKᵀ${masked ? ' + M' : ''}) V，softmax 沿每一行（对所有键）计算。`,
  scaleSqrt: (of) => `缩放：1/√${of}。`,
  scaleOther: (of) => `缩放：${of}（通常的缩放是 1/√d\\_k）。`,
  scaleNone: () => '没有缩放（如 T5）；通常的缩放是 1/√d\\_k。',
  tableHeader: (column) => ({ symbol: '符号', role: '作用', shape: '形状' })[column],
  role: (role, cross) =>
    ({
      query: cross ? '查询，来自解码器' : '查询',
      key: cross ? '键，来自编码器的最终输出' : '键',
      value: cross ? '值，来自编码器的最终输出' : '值',
      mask: cross ? '加性掩码：只遮挡源序列的填充键' : '加性掩码（0 保留，−∞ 去掉）',
    })[role],
  output: () => '输出',
  crossHeading: () => '交叉注意力',
  crossQuery: () => 'Q 来自解码器：解码器上一个子层的输出。',
  crossKeyValue: () =>
    'K 和 V 来自编码器的最终输出，每个解码器层用的都是这同一份记忆（每个源序列只算一次，解码时缓存）。',
  crossLengths: () => 'l\\_q 是目标序列长度，l\\_k 是源序列长度，两者可以不同，所以权重是 l\\_q × l\\_k。',
  crossMask: () => '这里只应有对源序列键的填充掩码。因果（前瞻）掩码属于解码器的自注意力，不属于交叉注意力。',
  correctionHeading: () => '更正',
  correction: (claim, quote) =>
    claim === 'cross-future-mask'
      ? `正文说：“${quote}”——交叉注意力并不遮挡未来的 token。它的键是源序列的 token，事先全部已知；因果掩码属于解码器的自注意力。交叉注意力最多只用一个对源序列键的填充掩码。`
      : `正文说：“${quote}”——在交叉注意力中，K 和 V 不是同一路的“前一层的输出”：它们来自编码器的最终输出，只有 Q 来自解码器（解码器上一个子层）。`,
  shapeHere: (shape) => `此处形状：${shape}`,
  valueHere: (symbol, value) => `此处 ${symbol} = ${value}。`,
  noShape: () => '文档没有给出它的形状。',
  roleTopic: (role) =>
    ({
      query: '查询：每个发出询问的位置一行。QKᵀ 的每一行把一个查询与所有键比较；输出每个查询一行。',
      key: '键：每个可被关注的位置一行。QKᵀ 把每个查询与每个键比较，所以 K 的宽度与 Q 相同，都是 d\\_k。',
      value: '值：每个键对应一行。注意力权重对它们加权平均，每个查询得到一个加权平均，所以输出是 l\\_q × d\\_v。',
      mask: '加性掩码，形状 l\\_q × l\\_k，加到 logits 上：0 保留一对查询–键，−∞ 去掉它（权重恰好为 0）。把 0/1 矩阵这样相加几乎一定是错的。',
    })[role],
  vectorRole: (role, cross) =>
    ({
      query: cross ? '一个查询，来自解码器' : '一个查询',
      key: cross ? '一个键，来自编码器的最终输出' : '一个键',
      value: cross ? '一个值，来自编码器的最终输出' : '一个值',
      mask: '加性掩码的一行',
    })[role],
  vectorTopic: (role) =>
    ({
      query:
        '一个查询：长度为 d\\_k 的向量，即 Q 的一行。它与每个键的点积 q·k 是一个 logit；这些 logit 的 softmax 为这个查询给各个值加权。',
      key: '一个键：长度为 d\\_k 的向量，即 K 的一行。它与一个查询的点积 q·k 是该查询的一个 logit。',
      value: '一个值：长度为 d\\_v 的向量，即 V 的一行。一个查询的输出是各个值的加权和，权重是该查询对相应键的注意力。',
      mask: '掩码的一行，长度为 l\\_k：加到一个查询的 logits 上，0 保留一个键，−∞ 去掉它。',
    })[role],
  vectorShape: (length) => `长度为 ${length} 的向量`,
  lengthHere: (length) => `此处长度：${length}`,
  vectorLiteral: (form, orientation, length) => `${orientation === 'row' ? '行' : '列'}向量，长度 ${length}（${form}）`,
  roleInCross: (role) =>
    ({
      query: '在交叉注意力中，Q 来自解码器：解码器上一个子层的输出。',
      key: '在交叉注意力中，K 来自编码器的最终输出（每个解码器层都相同）。',
      value: '在交叉注意力中，V 与 K 一样来自编码器的最终输出。',
      mask: '在交叉注意力中这里只应有对源序列键的填充掩码；因果掩码用于解码器的自注意力。',
    })[role],
  roleInSelf: (role) =>
    ({
      query: '在自注意力中 Q = XW^Q，与 K、V 是同一序列 X 的投影。',
      key: '在自注意力中 K = XW^K；在交叉注意力中 K 来自编码器。',
      value: '在自注意力中 V = XW^V；在交叉注意力中 V 来自编码器。',
      mask: '因果掩码（解码器自注意力）去掉每个查询之后的键；填充掩码去掉填充的键。',
    })[role],
  dimension: (d) =>
    ({
      d_k: 'd\\_k：查询和键的宽度（Q 和 K 的列数）。每个 logit q·k 是 d\\_k 个乘积之和，所以 logits 要除以 √d\\_k。',
      d_v: 'd\\_v：值的宽度，也是输出的宽度（l\\_q × d\\_v）。',
      l_q: 'l\\_q：查询的个数，即 Q、权重和输出的行数。',
      l_k: 'l\\_k：键和值的个数，即 K 和 V 的行数、权重的列数。',
      d_model: 'd\\_model：模型隐藏状态的宽度；投影把它映射到 d\\_k 和 d\\_v，W^O 再把各个头映射回它。',
      h: 'h：头的个数。论文中 h = 8，d\\_k = d\\_v = d\\_model / h = 64。',
    })[d],
  dimensionInCross: (d) =>
    d === 'l_q'
      ? '在交叉注意力中 l\\_q 是目标序列长度。'
      : d === 'l_k'
        ? '在交叉注意力中 l\\_k 是源序列长度，可以与 l\\_q 不同。'
        : '',
  projection: (target, head, shape) =>
    `${head ? `第 ${head} 个头的` : ''}${{ Q: '查询', K: '键', V: '值' }[target]}投影，${shape}：head\\_i = Attention(QW\\_i^Q, KW\\_i^K, VW\\_i^V)。`,
  outputProjection: () =>
    '输出投影，(h·d\\_v) × d\\_model：把拼接起来的各个头映射回 d\\_model。MultiHead = Concat(head\\_1, …, head\\_h) W^O。',
  head: (index) =>
    `第 ${index} 个头的输出：Attention(QW\\_i^Q, KW\\_i^K, VW\\_i^V)，l\\_q × d\\_v。各个头拼接后乘以 W^O。`,
  softmax: () =>
    '沿每一行（对所有键）做 softmax：每个查询得到非负且和为 1 的权重，−∞ 的 logit 权重恰好为 0。整行都是 −∞ 时 softmax 没有定义，各个库的做法不同（全 0、NaN 或均匀分布）。',
  scaling: () =>
    '缩放因子 √d\\_k。若 q 和 k 的元素均值为 0、方差为 1，则 q·k 是 d\\_k 个这样的乘积之和，方差为 d\\_k；除以 √d\\_k 使方差回到 1，softmax 就不会饱和，梯度也不会消失。',
  scalingValue: (of, value) => `此处 √${of} = ${value}。`,
  scalingNotStandard: (of) => `这个公式除以 √${of}；通常的缩放是 √d\\_k（查询和键的宽度），而不是序列长度。`,
  noteSays: (kind, quote) =>
    `笔记中说它是${
      {
        'key-width': '查询和键的宽度（d\\_k）',
        'value-width': '值的宽度（d\\_v）',
        'model-width': '模型的宽度（d\\_model）',
        width: '一个宽度',
        heads: '头数（h）',
        'query-length': '查询的个数（l\\_q）',
        'key-length': '键的个数（l\\_k）',
        length: '序列长度，即 token 的个数',
      }[kind]
    }：“${quote}”`,
  matrix: (form, shape) => `矩阵 ${shape}（${form}）`,
  raggedRows: (rows) => `第 ${rows} 行的长度与其他行不同。`,
  nonNumeric: (entries) => `不是数字的元素：${entries}。`,
  topicWord: (topic) => {
    switch (topic.type) {
      case 'role':
        return { query: '查询', key: '键', value: '值', mask: '掩码' }[topic.role];
      case 'dimension':
        return topic.dimension === 'h' ? '头数' : '维度';
      case 'projection':
        return '投影';
      case 'output-projection':
        return '输出投影';
      case 'head':
        return '一个头';
      case 'softmax':
        return '按行 softmax';
      case 'scaling':
        return '缩放';
      case 'note-dimension':
        return isLengthKind(topic.kind) ? '序列长度' : topic.kind === 'heads' ? '头数' : '维度';
    }
  },
};

export const explainMessages: Catalog<ExplainMessages> = { en, 'zh-cn': zhCn };
