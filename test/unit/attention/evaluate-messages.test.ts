import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateDocument } from '../../../src/core/attention/evaluate';
import { scanDocument } from '../../../src/core/document/scan';

const NOTE = `$$Q = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}, K = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}, M = \\begin{bmatrix} 0 & 0 \\\\ -\\infty & -\\infty \\end{bmatrix}$$

$$\\mathrm{softmax}\\left(QK + M\\right)V$$

$$V = \\begin{bmatrix} 1 & 2 \\end{bmatrix}$$
`;

describe('evaluation messages', () => {
  const evaluate = (language: 'en' | 'zh-cn') =>
    evaluateDocument(scanDocument(NOTE, 'markdown'), { line: 3, language })[0];

  it("quote the formula reader's own words as they are, in either language", () => {
    const [en, zh] = [evaluate('en'), evaluate('zh-cn')];
    assert.match(en.errors[0].message, /is 2x2 but V is 1x2/);
    assert.deepEqual(
      zh.errors.map((e) => e.message),
      en.errors.map((e) => e.message),
    );
  });

  it('notes, warnings and errors are in Chinese when asked', () => {
    const text = NOTE.replace(
      'V = \\begin{bmatrix} 1 & 2 \\end{bmatrix}',
      'V = \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}',
    );
    const en = evaluateDocument(scanDocument(text, 'markdown'), { line: 3 })[0];
    const zh = evaluateDocument(scanDocument(text, 'markdown'), { line: 3, language: 'zh-cn' })[0];
    assert.deepEqual(en.notes, [
      'K is not transposed: the logits are written QK, where standard attention has QK^T. Evaluated as written.',
      'The logits are not scaled; standard attention multiplies them by 1/sqrt(d_k) = 1/sqrt(2). Evaluated as written.',
    ]);
    assert.deepEqual(zh.notes, [
      'K 没有转置：logits 写作 QK，而标准注意力是 QK^T。按所写公式计算。',
      'logits 没有缩放；标准注意力将其乘以 1/sqrt(d_k) = 1/sqrt(2)。按所写公式计算。',
    ]);
    assert.deepEqual(
      zh.warnings.map((w) => w.message),
      [
        "共 2 个查询中，第 2 行被完全遮蔽（所有 logit 都是 -Infinity）：softmax 在此没有定义，按 'zeros' 策略其权重和输出为 0。",
      ],
    );
    const missing = evaluateDocument(scanDocument('$$\\mathrm{softmax}(QK^\\top)V$$', 'markdown'), {
      line: 1,
      language: 'zh-cn',
    })[0];
    assert.equal(missing.errors[0].message, 'Q 没有值：文档中没有定义名为 Q 的矩阵或数');
  });
});
