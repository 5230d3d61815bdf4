// The texts of evaluation (its notes, warnings and errors), in English and Simplified Chinese. The details that
// come from the TeX reader or the sandbox (a formula that cannot be read, a function that is not allowed) are
// quoted as they are.
import type { Catalog } from '../i18n';
import type { MaskedRowPolicy } from './matrix';

/** Why a matrix literal cannot be used. */
export type UnusableReason =
  | { kind: 'ragged'; rows: number[] }
  | { kind: 'non-numeric'; entries: string[] }
  /** Every entry a symbol (`e_{1,1}`): the matrix shows a shape, not numbers. */
  | { kind: 'symbolic'; entries: string[] }
  | { kind: 'empty' };

export type EvaluateMessages = {
  unusableMatrix(symbol: string, line: number, reason: UnusableReason): string;
  declaredShapeDiffers(symbol: string, declared: string, declaredLine: number, line: number, actual: string): string;
  scalarDiffers(symbol: string, value: number, line: number, implied: number): string;
  reassignedInCode(symbol: string, line: number, codeLine: number): string;
  noValue(symbol: string): string;
  noFormula(): string;
  /** `detail` is the reader's or the sandbox's own words. */
  inExpression(tex: string, detail: string): string;
  sizeLimit(symbol: string, rows: number, cols: number, limit: number): string;
  coreFailed(detail: string): string;
  coreDisagrees(steps: string[], difference: string): string;
  notTransposed(query: string, key: string): string;
  notScaled(dk: number | null): string;
  scaledBySequenceLength(written: string, lk: number | null, dk: number | null): string;
  scaledByOther(written: string, scale: number, dk: number): string;
  /** `rows` 1-based. */
  fullyMaskedRows(rows: number[], total: number, policy: MaskedRowPolicy): string;
  zeroOneMask(): string;
  /** A value code draws at random (`call`), itself or through `via`. */
  randomInCode(symbol: string, call: string, via?: string): string;
  /** The code names the formula's roles stand for: `Q = querys`. */
  codeNames(names: [role: string, name: string][]): string;
};

const sqrtDk = (dk: number | null) => (dk !== null ? ` = 1/sqrt(${dk})` : '');

export const evaluateMessages: Catalog<EvaluateMessages> = {
  en: {
    unusableMatrix: (symbol, line, reason) =>
      `the matrix ${symbol} on line ${line} cannot be used: ${
        reason.kind === 'ragged'
          ? `its rows have different lengths (rows ${reason.rows.join(', ')})`
          : reason.kind === 'non-numeric'
            ? `it has entries that are not numbers (${reason.entries.join(', ')})`
            : reason.kind === 'symbolic'
              ? `it is written with symbols, not numbers (${reason.entries.slice(0, 4).join(', ')}${reason.entries.length > 4 ? ', …' : ''})`
              : 'it is empty'
      }`,
    declaredShapeDiffers: (symbol, declared, declaredLine, line, actual) =>
      `${symbol} is declared ${declared} on line ${declaredLine} but the matrix on line ${line} is ${actual}`,
    scalarDiffers: (symbol, value, line, implied) =>
      `${symbol} = ${value} on line ${line}, but the matrices give ${symbol} = ${implied}; the formula is evaluated with ${value} as written`,
    reassignedInCode: (symbol, line, codeLine) =>
      `${symbol} is assigned again on line ${codeLine} by code whose value is not computed here; the example uses ${symbol} from line ${line}`,
    noValue: (symbol) => `${symbol} has no value: the document defines no matrix or number called ${symbol}`,
    noFormula: () => 'the region holds no formula',
    inExpression: (tex, detail) => `${tex}: ${detail}`,
    sizeLimit: (symbol, rows, cols, limit) => `${symbol} is ${rows}x${cols}, above the limit of ${limit} per dimension`,
    coreFailed: (detail) => `the numeric core could not compute this formula: ${detail}`,
    coreDisagrees: (steps, difference) =>
      `The formula as written and the numeric core disagree on ${steps.join(', ')} (largest relative difference ${difference}).`,
    notTransposed: (q, k) =>
      `${k} is not transposed: the logits are written ${q}${k}, where standard attention has ${q}${k}^T. Evaluated as written.`,
    notScaled: (dk) =>
      `The logits are not scaled; standard attention multiplies them by 1/sqrt(d_k)${sqrtDk(dk)}. Evaluated as written.`,
    scaledBySequenceLength: (written, lk, dk) =>
      `The logits are scaled by ${written}, the square root of a sequence length${lk !== null ? ` (l_k = ${lk})` : ''}; standard attention uses 1/sqrt(d_k)${sqrtDk(dk)}. Evaluated as written.`,
    scaledByOther: (written, scale, dk) =>
      `The logits are scaled by ${written} = ${scale}, where standard attention uses 1/sqrt(d_k) = 1/sqrt(${dk}). Evaluated as written.`,
    fullyMaskedRows: (rows, total, policy) => {
      const their = rows.length === 1 ? 'its' : 'their';
      const effect =
        policy === 'zeros'
          ? `${their} weights and output are 0`
          : policy === 'nan'
            ? `${their} weights and output are NaN`
            : `${their} weights are uniform and ${their} output is the column mean of V`;
      const subject =
        rows.length === 1 ? `Query row ${rows[0]} of ${total} is` : `Query rows ${rows.join(', ')} of ${total} are`;
      return `${subject} fully masked (every logit is -Infinity); softmax is undefined there, and under the '${policy}' policy ${effect}.`;
    },
    zeroOneMask: () =>
      'The additive mask holds only 0 and 1: added to the logits it drops nothing. A mask that drops keys uses -Infinity (or a boolean mask with an explicit polarity).',
    randomInCode: (symbol, call, via) =>
      `${symbol} is not evaluated: ${via ? `it is computed from ${via}, which is drawn at random (${call})` : `it is drawn at random (${call})`}, so the note gives it no numbers`,
    codeNames: (names) => `As the code names them: ${names.map(([role, name]) => `${role} is ${name}`).join(', ')}.`,
  },
  'zh-cn': {
    unusableMatrix: (symbol, line, reason) =>
      `第 ${line} 行的矩阵 ${symbol} 无法使用：${
        reason.kind === 'ragged'
          ? `各行长度不同（第 ${reason.rows.join('、')} 行）`
          : reason.kind === 'non-numeric'
            ? `有些元素不是数字（${reason.entries.join('、')}）`
            : reason.kind === 'symbolic'
              ? `它由符号而非数字写成（${reason.entries.slice(0, 4).join('、')}${reason.entries.length > 4 ? '、…' : ''}）`
              : '它是空的'
      }`,
    declaredShapeDiffers: (symbol, declared, declaredLine, line, actual) =>
      `${symbol} 在第 ${declaredLine} 行声明为 ${declared}，但第 ${line} 行的矩阵是 ${actual}`,
    scalarDiffers: (symbol, value, line, implied) =>
      `第 ${line} 行写的是 ${symbol} = ${value}，但由矩阵得出 ${symbol} = ${implied}；公式按所写的 ${value} 计算`,
    reassignedInCode: (symbol, line, codeLine) =>
      `第 ${codeLine} 行的代码重新给 ${symbol} 赋了值，这里不计算该值；本例用的是第 ${line} 行的 ${symbol}`,
    noValue: (symbol) => `${symbol} 没有值：文档中没有定义名为 ${symbol} 的矩阵或数`,
    noFormula: () => '这里没有公式',
    inExpression: (tex, detail) => `${tex}：${detail}`,
    sizeLimit: (symbol, rows, cols, limit) => `${symbol} 是 ${rows}x${cols}，超出了每维 ${limit} 的上限`,
    coreFailed: (detail) => `数值核心无法计算这个公式：${detail}`,
    coreDisagrees: (steps, difference) =>
      `按所写公式的计算与数值核心在 ${steps.join('、')} 上不一致（最大相对差 ${difference}）。`,
    notTransposed: (q, k) => `${k} 没有转置：logits 写作 ${q}${k}，而标准注意力是 ${q}${k}^T。按所写公式计算。`,
    notScaled: (dk) => `logits 没有缩放；标准注意力将其乘以 1/sqrt(d_k)${sqrtDk(dk)}。按所写公式计算。`,
    scaledBySequenceLength: (written, lk, dk) =>
      `logits 按 ${written} 缩放，这是序列长度的平方根${lk !== null ? `（l_k = ${lk}）` : ''}；标准注意力用 1/sqrt(d_k)${sqrtDk(dk)}。按所写公式计算。`,
    scaledByOther: (written, scale, dk) =>
      `logits 按 ${written} = ${scale} 缩放，而标准注意力用 1/sqrt(d_k) = 1/sqrt(${dk})。按所写公式计算。`,
    fullyMaskedRows: (rows, total, policy) => {
      const effect =
        policy === 'zeros'
          ? '其权重和输出为 0'
          : policy === 'nan'
            ? '其权重和输出为 NaN'
            : '其权重是均匀的，输出是 V 的列平均';
      return `共 ${total} 个查询中，第 ${rows.join('、')} 行被完全遮蔽（所有 logit 都是 -Infinity）：softmax 在此没有定义，按 '${policy}' 策略${effect}。`;
    },
    zeroOneMask: () =>
      '加性掩码只含 0 和 1：加到 logits 上不会遮蔽任何位置。要遮蔽键，掩码应使用 -Infinity（或明确极性的布尔掩码）。',
    randomInCode: (symbol, call, via) =>
      `${symbol} 不计算：${via ? `它由 ${via} 算出，而 ${via} 是随机生成的（${call}）` : `它是随机生成的（${call}）`}，笔记没有给出它的数值`,
    codeNames: (names) => `代码中的名称：${names.map(([role, name]) => `${role} 即 ${name}`).join('，')}。`,
  },
};
