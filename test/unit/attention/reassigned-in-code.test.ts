// A matrix the math defines and code between it and a formula assigns again with a value the reader does not
// compute: the example still uses the math's, and says so, since the note may mean the code's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateDocument } from '../../../src/core/attention/evaluate';
import { scanDocument } from '../../../src/core/document/scan';

const INPUTS = [
  '$$Q = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}, K = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\\\ 5 & 6 \\end{bmatrix}, V = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\\\ 1 & 1 \\end{bmatrix}$$',
  '',
].join('\n');
const FORMULA = '$$O = \\mathrm{softmax}(QK^T/\\sqrt{2})V$$\n';
const code = (...lines: string[]) => `\`\`\`python\nimport numpy as np\n${lines.join('\n')}\n\`\`\`\n\n`;

function evaluated(text: string, language?: 'en' | 'zh-cn') {
  const results = evaluateDocument(scanDocument(text, 'markdown'), language ? { language } : {});
  return results.map((r) => ({ bindings: Object.keys(r.bindings), warnings: r.warnings.map((w) => w.message) }));
}

describe('matrices assigned again in code', () => {
  it('warns when code between the definition and the formula assigns the matrix a value not computed', () => {
    const text = `${INPUTS}\n${code('V = np.eye(3)[:, :2]')}${FORMULA}`;
    assert.deepEqual(evaluated(text), [
      {
        bindings: ['Q', 'K', 'V'],
        warnings: [
          'V is assigned again on line 5 by code whose value is not computed here; the example uses V from line 1',
        ],
      },
    ]);
    assert.deepEqual(evaluated(text, 'zh-cn')[0].warnings, [
      '第 5 行的代码重新给 V 赋了值，这里不计算该值；本例用的是第 1 行的 V',
    ]);
  });

  it('warns for a change in place, a loop and a value drawn at random', () => {
    for (const [lines, line] of [
      [['K += 1'], 5],
      [['for i in range(2):', '    K = K * 2'], 6],
      [['import torch', 'K = torch.rand(3, 2)'], 6],
    ] as const) {
      const [result] = evaluated(`${INPUTS}\n${code(...lines)}${FORMULA}`);
      assert.deepEqual(
        result.warnings.filter((w) => w.includes('assigned again')),
        [
          `K is assigned again on line ${line} by code whose value is not computed here; the example uses K from line 1`,
        ],
        lines.join('; '),
      );
    }
  });

  it('says nothing when the code is computed, or comes after the formula', () => {
    const computed = `${INPUTS}\n${code('V = np.array([[1, 0], [0, 1], [0, 0]])')}${FORMULA}`;
    assert.deepEqual(evaluated(computed), [{ bindings: ['Q', 'K', 'V'], warnings: [] }]);
    const after = `${INPUTS}\n${FORMULA}\n${code('V = np.eye(3)[:, :2]')}`;
    assert.deepEqual(evaluated(after), [{ bindings: ['Q', 'K', 'V'], warnings: [] }]);
  });
});
