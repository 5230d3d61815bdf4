// The texts of the checks, in English and Simplified Chinese. Shapes arrive already written (`2×3`, `l_q×d_k`).
import type { Catalog } from '../i18n';

export type DiagnoseMessages = {
  logitsMismatch(q: string, qShape: string, k: string, kShape: string): string;
  productMismatch(left: string, leftShape: string, right: string, rightShape: string): string;
  valuesMismatch(v: string, weights: string, vShape: string): string;
  /** A mismatch inside an operand, in the shape checker's words. */
  operandMismatch(detail: string): string;
  maskShape(m: string, mShape: string, expected: string): string;
  scaleBySequenceLength(found: string, said: NoteEvidence | null): string;
  scaleByOtherDimension(found: string, said: NoteEvidence | null): string;
  scaleWithoutRoot(found: string): string;
  scaleByNumber(found: string, dk: number): string;
  scaleMissing(): string;
  scaleAfterSoftmax(): string;
  missingTranspose(q: string, k: string, kShape: string | null): string;
  binaryMask(m: string): string;
  /** The same matrix multiplying the logits entrywise (`\odot M`). */
  binaryMaskMultiplied(m: string): string;
  causalInCross(): string;
  scalarContradiction(
    dim: string,
    value: number,
    matrix: string,
    line: number,
    actual: number,
    side: 'rows' | 'cols',
  ): string;
  declarationContradiction(symbol: string, declared: string, line: number, actual: string): string;
  fullyMaskedRow(m: string, row: number): string;
  raggedRow(row: number, entries: number, widest: number): string;
  nonNumericEntry(row: number, col: number, text: string): string;
  mathSyntax(detail: string): string;
  /**
   * `against` is what the value was computed from (null when it is the name itself), `inputs` the earlier
   * definitions it read (`d_k (line 180)`), `entries` written by printedEntry or printedNumber, `more` those left out.
   */
  printedValueDiffers(name: string, against: string | null, inputs: string[], entries: string[], more: number): string;
  printedInput(name: string, line: number): string;
  printedEntry(row: number, col: number, printed: string, computed: string): string;
  printedNumber(printed: string, computed: string): string;
  fixPrintedValue(name: string): string;
  fixTranspose(k: string): string;
  fixReplace(from: string, to: string): string;
  fixMaskKeep(m: string): string;
  fixMaskDrop(m: string): string;
};

/** Where the note says what a symbol is: its line and the sentence, quoted. */
export interface NoteEvidence {
  line: number;
  quote: string;
}

/** ` (line 12: “where n is the number of tokens”)`, or nothing. */
const saidOn = (said: NoteEvidence | null) => (said ? ` (line ${said.line}: “${said.quote}”)` : '');
const saidOnZh = (said: NoteEvidence | null) => (said ? `（第 ${said.line} 行：“${said.quote}”）` : '');

/** `l_q×l_k`, with the numbers when they are known. */
const lqByLk = (shape: string) => (shape === 'l_q×l_k' ? shape : `l_q×l_k = ${shape}`);

export const diagnoseMessages: Catalog<DiagnoseMessages> = {
  en: {
    logitsMismatch: (q, qs, k, ks) =>
      `${q}${k}^T cannot be computed: ${q} is ${qs} and ${k} is ${ks}; their column counts (d_k) must be equal.`,
    productMismatch: (l, ls, r, rs) =>
      `${l}${r} cannot be computed: ${l} is ${ls} and ${r} is ${rs}; the column count of ${l} must equal the row count of ${r}.`,
    valuesMismatch: (v, w, vs) =>
      `softmax(...)${v} cannot be computed: the weights are ${w} (one column per key) but ${v} is ${vs}; ${v} needs one row per key (l_k).`,
    operandMismatch: (detail) => `Shapes that cannot be combined: ${detail}`,
    maskShape: (m, ms, expected) =>
      `The mask ${m} is ${ms}, but a mask is ${lqByLk(expected)}: one row per query, one column per key.`,
    scaleBySequenceLength: (found, said) =>
      `The logits are scaled by 1/√${found}, the square root of a sequence length${saidOn(said)}; standard attention scales by 1/√d_k, the key dimension, which keeps the logits' variance near 1 whatever the length.`,
    scaleByOtherDimension: (found, said) =>
      `The logits are scaled by 1/√${found}${saidOn(said)}; standard attention scales by 1/√d_k, where d_k is the dimension of the queries and keys.`,
    scaleWithoutRoot: (found) =>
      `The logits are divided by ${found} without a square root; standard attention divides by √${found}, which keeps their variance near 1.`,
    scaleByNumber: (found, dk) =>
      `The logits are scaled by ${found}, but d_k = ${dk} here; standard attention scales by 1/√${dk}.`,
    scaleMissing: () =>
      'The logits are not scaled, although the text describes scaled dot-product attention; standard attention divides QK^T by √d_k.',
    scaleAfterSoftmax: () =>
      'The scale is applied after the softmax: it shrinks the weights, which then no longer sum to 1, and leaves the logits unscaled. Standard attention scales the logits inside the softmax: softmax(QK^T/√d_k)V.',
    missingTranspose: (q, k, ks) =>
      `${k} is not transposed: keys are the rows of ${k}${ks ? ` (${ks})` : ''}, so the logits are ${q}${k}^T, not ${q}${k}.`,
    binaryMask: (m) =>
      `${m} holds only 0 and 1 and is added to the logits, where adding 1 drops nothing. An additive mask uses 0 to keep a key and -∞ to drop it.`,
    binaryMaskMultiplied: (m) =>
      `${m} holds only 0 and 1 and multiplies the logits: a logit set to 0 still gets the weight e^0 from the softmax, so no key is dropped. To drop keys, add a mask of 0 and -∞, or set the logits to -∞ where ${m} is 0.`,
    causalInCross: () =>
      'A causal ("future") mask is described for cross-attention. Its keys come from the encoder output, which every decoder position may see whole: only a padding mask over source keys belongs here. The causal mask belongs to the decoder self-attention.',
    scalarContradiction: (dim, value, matrix, line, actual, side) =>
      `${dim} = ${value} here, but the matrix ${matrix} on line ${line} has ${actual} ${side === 'rows' ? 'rows' : 'columns'}.`,
    declarationContradiction: (symbol, declared, line, actual) =>
      `${symbol} is declared ${declared}, but the matrix ${symbol} on line ${line} is ${actual}.`,
    fullyMaskedRow: (m, row) =>
      `Row ${row} of ${m} masks every key (all -∞): the softmax of that query is undefined. Libraries give zeros, NaN or uniform weights; the setting attentionLens.maskedRows chooses which the preview shows.`,
    raggedRow: (row, entries, widest) =>
      `Row ${row} of the matrix has ${entries} ${entries === 1 ? 'entry' : 'entries'}; the widest row has ${widest}.`,
    nonNumericEntry: (row, col, text) => `Entry (${row}, ${col}) of the matrix is not a number: ${text}.`,
    mathSyntax: (detail) => `${detail}.`,
    printedValueDiffers: (name, against, inputs, entries, more) =>
      `${name} as printed is not what ${against ?? name} gives${inputs.length > 0 ? ` with ${inputs.join(', ')}` : ''}: ${entries.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`,
    printedInput: (name, line) => `${name} from line ${line}`,
    printedEntry: (row, col, printed, computed) => `entry (${row}, ${col}) is printed ${printed} but is ${computed}`,
    printedNumber: (printed, computed) => `${printed} is printed but it is ${computed}`,
    fixPrintedValue: (name) => `Replace the printed ${name} by the computed value`,
    fixTranspose: (k) => `Transpose ${k}: ${k}^\\top`,
    fixReplace: (from, to) => `Replace ${from} by ${to}`,
    fixMaskKeep: (m) => `Make ${m} additive, reading 1 as keep: 1 → 0, 0 → -\\infty`,
    fixMaskDrop: (m) => `Make ${m} additive, reading 1 as masked: 1 → -\\infty, 0 stays`,
  },
  'zh-cn': {
    logitsMismatch: (q, qs, k, ks) => `无法计算 ${q}${k}^T：${q} 是 ${qs}，${k} 是 ${ks}；两者的列数（d_k）必须相等。`,
    productMismatch: (l, ls, r, rs) =>
      `无法计算 ${l}${r}：${l} 是 ${ls}，${r} 是 ${rs}；${l} 的列数必须等于 ${r} 的行数。`,
    valuesMismatch: (v, w, vs) =>
      `无法计算 softmax(...)${v}：权重是 ${w}（每个键一列），而 ${v} 是 ${vs}；${v} 必须每个键一行（l_k 行）。`,
    operandMismatch: (detail) => `形状无法组合：${detail}`,
    maskShape: (m, ms, expected) => `掩码 ${m} 是 ${ms}，但掩码应为 ${lqByLk(expected)}：每个查询一行，每个键一列。`,
    scaleBySequenceLength: (found, said) =>
      `logits 被缩放为 1/√${found}，这是序列长度的平方根${saidOnZh(said)}；标准注意力按 1/√d_k（键的维度）缩放，使 logits 的方差无论序列多长都保持在 1 左右。`,
    scaleByOtherDimension: (found, said) =>
      `logits 被缩放为 1/√${found}${saidOnZh(said)}；标准注意力按 1/√d_k 缩放，d_k 是查询和键的维度。`,
    scaleWithoutRoot: (found) =>
      `logits 直接除以 ${found}，没有开平方；标准注意力除以 √${found}，使方差保持在 1 左右。`,
    scaleByNumber: (found, dk) => `logits 被缩放为 ${found}，但这里 d_k = ${dk}；标准注意力按 1/√${dk} 缩放。`,
    scaleMissing: () => 'logits 没有缩放，但正文描述的是缩放点积注意力；标准注意力将 QK^T 除以 √d_k。',
    scaleAfterSoftmax: () =>
      '缩放写在了 softmax 之后：它缩小的是权重，使权重之和不再为 1，而 logits 没有被缩放。标准注意力在 softmax 内部缩放 logits：softmax(QK^T/√d_k)V。',
    missingTranspose: (q, k, ks) =>
      `${k} 没有转置：键是 ${k} 的行${ks ? `（${ks}）` : ''}，因此 logits 是 ${q}${k}^T，而不是 ${q}${k}。`,
    binaryMask: (m) =>
      `${m} 只含 0 和 1，却被加到 logits 上，加 1 不会遮蔽任何位置。加性掩码用 0 表示保留，用 -∞ 表示遮蔽。`,
    binaryMaskMultiplied: (m) =>
      `${m} 只含 0 和 1，并与 logits 逐元素相乘：被置为 0 的 logit 经 softmax 后仍得到 e^0 的权重，因此没有遮蔽任何键。要遮蔽键，应加上由 0 和 -∞ 组成的掩码，或在 ${m} 为 0 的位置把 logits 设为 -∞。`,
    causalInCross: () =>
      '这里为交叉注意力描述了因果（“未来”）掩码。交叉注意力的键来自编码器输出，解码器的每个位置都可以看到全部源序列：这里只应使用针对源序列填充位置的填充掩码。因果掩码属于解码器的自注意力。',
    scalarContradiction: (dim, value, matrix, line, actual, side) =>
      `这里 ${dim} = ${value}，但第 ${line} 行的矩阵 ${matrix} 有 ${actual} ${side === 'rows' ? '行' : '列'}。`,
    declarationContradiction: (symbol, declared, line, actual) =>
      `${symbol} 声明为 ${declared}，但第 ${line} 行的矩阵 ${symbol} 是 ${actual}。`,
    fullyMaskedRow: (m, row) =>
      `${m} 的第 ${row} 行遮蔽了所有键（全为 -∞）：该查询的 softmax 没有定义。不同的库给出全零、NaN 或均匀权重；设置 attentionLens.maskedRows 决定预览中显示哪一种。`,
    raggedRow: (row, entries, widest) => `矩阵第 ${row} 行有 ${entries} 个元素，而最宽的一行有 ${widest} 个。`,
    nonNumericEntry: (row, col, text) => `矩阵的元素 (${row}, ${col}) 不是数字：${text}。`,
    mathSyntax: (detail) => `公式语法问题：${detail}。`,
    printedValueDiffers: (name, against, inputs, entries, more) =>
      `${name} 的印出值与${inputs.length > 0 ? `用${inputs.join('、')} ` : ''}按 ${against ?? name} 算得的结果不符：${entries.join('；')}${more > 0 ? `；另有 ${more} 处` : ''}。`,
    printedInput: (name, line) => `第 ${line} 行的 ${name}`,
    printedEntry: (row, col, printed, computed) => `元素 (${row}, ${col}) 印为 ${printed}，实为 ${computed}`,
    printedNumber: (printed, computed) => `印为 ${printed}，实为 ${computed}`,
    fixPrintedValue: (name) => `将印出的 ${name} 替换为计算值`,
    fixTranspose: (k) => `转置 ${k}：${k}^\\top`,
    fixReplace: (from, to) => `将 ${from} 替换为 ${to}`,
    fixMaskKeep: (m) => `将 ${m} 改为加性掩码（1 表示保留）：1 → 0，0 → -\\infty`,
    fixMaskDrop: (m) => `将 ${m} 改为加性掩码（1 表示遮蔽）：1 → -\\infty，0 不变`,
  },
};
