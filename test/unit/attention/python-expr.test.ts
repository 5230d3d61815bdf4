import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeValue } from '../../../src/core/attention/expr-values';
import { fromRows, type Matrix, toRows } from '../../../src/core/attention/matrix';
import { parsePythonLine } from '../../../src/core/attention/python-expr';

const env: Record<string, Matrix | number> = {
  Q: fromRows([
    [1, 0],
    [0, 1],
  ]),
  K: fromRows([
    [1, 2],
    [3, 4],
  ]),
  d_k: 4,
};

function run(line: string) {
  const read = parsePythonLine(line);
  if (!read) return null;
  const v = computeValue(read.expr, { lookup: (n) => env[n] ?? null, maxEntries: 100 });
  return [read.target, v === null || typeof v === 'number' ? v : toRows(v)];
}

describe('parsePythonLine', () => {
  it('reads NumPy and PyTorch arithmetic on the note names', () => {
    assert.deepEqual(run('scores = Q @ K.T'), [
      'scores',
      [
        [1, 3],
        [2, 4],
      ],
    ]);
    assert.deepEqual(run('Q @ K.transpose(-2, -1) / np.sqrt(d_k)'), [
      null,
      [
        [0.5, 1.5],
        [1, 2],
      ],
    ]);
    assert.deepEqual(run('s = torch.matmul(Q, K.t()) / d_k ** 0.5  # scaled'), [
      's',
      [
        [0.5, 1.5],
        [1, 2],
      ],
    ]);
    assert.deepEqual(run('x = np.array([[1, 2.5], [3, -4]])'), [
      'x',
      [
        [1, 2.5],
        [3, -4],
      ],
    ]);
    assert.deepEqual(run('w = F.softmax(Q * 0, -1)'), [
      'w',
      [
        [0.5, 0.5],
        [0.5, 0.5],
      ],
    ]);
    assert.deepEqual(run('q1 = [1, 0, 0]'), ['q1', [[1, 0, 0]]]);
  });

  it('ignores what is not arithmetic it knows: other axes, indexing, calls, chains', () => {
    for (const line of [
      'torch.softmax(Q, dim=0)',
      'y = x[0]',
      'print(x)',
      'q1 . k1 = 1',
      'a = b = c',
      'import numpy as np',
      '((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((Q))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))',
      `x = ${'1 + '.repeat(5000)}1`,
    ])
      assert.equal(parsePythonLine(line), null, line);
  });
});
