// Markdown tables read as matrices: the names the line before a table gives it, and the tables of a note read again
// after edits, always exactly what reading the whole new text gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentIndex } from '../../../src/core/document/document-index';
import { scanDocument } from '../../../src/core/document/scan';
import { captionName } from '../../../src/core/document/table-captions';
import { tableMatricesOf } from '../../../src/core/document/table-matrices';

const caption = (line: string) => captionName(line, 0, line.length, scanDocument(line, 'markdown').regions);

describe('table captions', () => {
  it('reads the name a label line gives, as the math names it', () => {
    const named: [string, string][] = [
      ['Q:', 'Q'],
      ['**Keys K**', 'K'],
      ['_Keys K_', 'K'],
      ['### Value matrix $V$', 'V'],
      ['## Step 2: Q', 'Q'],
      ['The queries $\\mathbf{Q}$ are:', 'Q'],
      ['The keys K are given by:', 'K'],
      ['Queries (Q):', 'Q'],
      ['Attention weights A (rows sum to 1):', 'A'],
      ['$S = QK^\\top$:', 'S'],
      ['$Q \\in \\mathbb{R}^{2\\times 3}$:', 'Q'],
      ['Mask $\\tilde{M}$ =', '\\tilde{M}'],
      ['`W_Q`:', 'W_Q'],
      ['- Here are the queries, Q:', 'Q'],
      ['$Q$', 'Q'],
      ['查询矩阵 Q：', 'Q'],
      ['键 $K$ 为：', 'K'],
      ['输入 $X$（每行一个词元）：', 'X'],
    ];
    for (const [line, name] of named) assert.equal(caption(line), name, line);
  });

  it('reads no name where the symbol is an operand, one of several, or not a label', () => {
    for (const line of [
      'Multiply by $W_Q$:',
      'softmax of $S$:',
      'Transposed K:',
      'X W_Q:',
      'Q = X W_Q:',
      'Q and K:',
      'Add -∞ to positions where j > i (future positions):',
      'Step 3: softmax(S)',
      'We compute the keys K',
      'Keys: K',
      '经过 W_Q：',
      '<b>Q</b>:',
      'Raw scores for "The cat":',
      'Example 4×4 causal mask:',
      `${'word '.repeat(80)}Q:`,
    ])
      assert.equal(caption(line), null, line);
  });
});

describe('tables named by their columns', () => {
  const tables = (text: string) =>
    tableMatricesOf(scanDocument(text, 'markdown')).map((m) => `${m.name} ${JSON.stringify(m.values)}`);

  it('reads entries named in math or bold, and vectors per cell, as the math names them', () => {
    assert.deepEqual(
      tables('| token | $q_{1}$ | **$q_2$** | `k1` | k₂ |\n| --- | --- | --- | --- | --- |\n| I | 1 | 2 | 3 | 4 |\n'),
      ['Q [[1,2]]', 'K [[3,4]]'],
    );
    assert.deepEqual(
      tables(
        '| # | $\\mathbf{x}_i$ | **$\\vec{h}_i$** |\n| --- | --- | --- |\n| 1 | [1, 0.5] | (2 3) |\n| 2 | [0, 1] | (4 5) |\n',
      ),
      ['X [[1,0.5],[0,1]]', 'H [[2,3],[4,5]]'],
    );
  });

  it('passes over positions under an index or a word, and keeps a first column of data named like the others', () => {
    assert.deepEqual(tables('Q:\n\n| i | x | y |\n| --- | --- | --- |\n| 1 | 5 | 0 |\n| 2 | 6 | 1 |\n'), [
      'Q [[5,0],[6,1]]',
    ]);
    assert.deepEqual(tables('Q:\n\n| position | x | y |\n| --- | --- | --- |\n| 0 | 5 | 0 |\n| 1 | 6 | 1 |\n'), [
      'Q [[5,0],[6,1]]',
    ]);
    assert.deepEqual(tables('Q:\n\n| dim 1 | dim 2 |\n| --- | --- |\n| 1 | 0 |\n| 2 | 1 |\n'), ['Q [[1,0],[2,1]]']);
  });

  it("reads a role's word over vectors as the role's matrix", () => {
    assert.deepEqual(
      tables(
        '| Token | Query | Keys | value |\n|---|---|---|---|\n| I | [1, 0] | [1, 1] | [0, 2] |\n| tea | [0, 1] | [2, 0] | [1, 1] |\n',
      ),
      ['Q [[1,0],[0,1]]', 'K [[1,1],[2,0]]', 'V [[0,2],[1,1]]'],
    );
    assert.deepEqual(tables('| token | embedding | key |\n|---|---|---|\n| I | [1, 0] | [1, 1] |\n'), []);
    assert.deepEqual(
      tables(
        '| 词元 | 查询向量 | 键 | 值 |\n|---|---|---|---|\n| 我 | [1, 0] | [1, 1] | [0, 2] |\n| 爱 | [0, 1] | [2, 0] | [1, 1] |\n',
      ),
      ['Q [[1,0],[0,1]]', 'K [[1,1],[2,0]]', 'V [[0,2],[1,1]]'],
    );
    assert.deepEqual(tables('| 토큰 | 쿼리 | 키 | 값 |\n|---|---|---|---|\n| 나 | [1, 0] | [1, 1] | [0, 2] |\n'), [
      'Q [[1,0]]',
      'K [[1,1]]',
      'V [[0,2]]',
    ]);
    // A table of settings holds numbers, not one vector per token: it names no matrix, in any language.
    assert.deepEqual(tables('| 参数 | 值 |\n|---|---|\n| d_k | 64 |\n| h | 8 |\n'), []);
  });

  it('reads no vector named d, mixed columns, or vectors of different lengths', () => {
    assert.deepEqual(tables('| token | d1 | d2 |\n| --- | --- | --- |\n| I | 1 | 2 |\n'), []);
    assert.deepEqual(tables('| token | $q$ | k1 |\n| --- | --- | --- |\n| I | [1, 2] | 3 |\n'), []);
    assert.deepEqual(tables('| token | $q$ |\n| --- | --- |\n| I | [1, 2] |\n| tea | [1] |\n'), []);
  });
});

/** A small random generator, so that every run makes the same edits. */
function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s % n;
  };
}

const NOTE = [
  '# Tables',
  '',
  'Q:',
  '',
  '| token | a | b |',
  '| --- | --- | --- |',
  '| I | 1 | 0 |',
  '| tea | 0 | 1 |',
  '',
  '| token | k1 | k2 | v1 | v2 |',
  '|---|---|---|---|---|',
  '| I | 1 | 2 | 3 | 4 |',
  '| tea | 5 | 6 | 7 | 8 |',
  '',
  '```',
  'M:',
  '| a | b |',
  '| --- | --- |',
  '| 0 | 0 |',
  '```',
  '',
  '$$\\mathrm{softmax}(QK^\\top)V$$',
  '',
].join('\n');

const INSERTS = ['|', ' | ', '---', '| --- ', '\n', '\n\n', '1', 'x', 'K:\n', '```\n', '$', ' -∞ '];

/**
 * One change: mostly one that keeps the tables tables (a digit changed, a row or a caption added at a line start),
 * sometimes any insertion anywhere, and now and then the whole note back as it was, so tables keep being read.
 */
function randomChange(
  text: string,
  step: number,
  next: (n: number) => number,
): { at: number; remove: number; insert: string } {
  if (step % 10 === 9) return { at: 0, remove: text.length, insert: NOTE };
  const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => (m.index as number) + 1)];
  const digits = [...text.matchAll(/\d/g)].map((m) => m.index as number);
  switch (next(4)) {
    case 0:
      if (digits.length > 0) return { at: digits[next(digits.length)], remove: 1, insert: String(next(10)) };
      break;
    case 1:
      return {
        at: lineStarts[next(lineStarts.length)],
        remove: 0,
        insert: ['| new | 1 | 2 |\n', 'V:\n', '\n'][next(3)],
      };
  }
  const at = next(text.length + 1);
  return {
    at,
    remove: next(3) === 0 ? Math.min(text.length - at, 1 + next(6)) : 0,
    insert: INSERTS[next(INSERTS.length)],
  };
}

describe('tables after edits', () => {
  it('reads the tables of a note as a whole reading does after 300 random edits', () => {
    const next = random(5);
    const index = new DocumentIndex();
    let version = 1;
    let text = NOTE;
    const names = (t: string) => tableMatricesOf(scanDocument(t, 'markdown')).map((m) => [m.name, m.values]);
    assert.deepEqual(names(text), [
      [
        'Q',
        [
          [1, 0],
          [0, 1],
        ],
      ],
      [
        'K',
        [
          [1, 2],
          [5, 6],
        ],
      ],
      [
        'V',
        [
          [3, 4],
          [7, 8],
        ],
      ],
    ]);
    tableMatricesOf(index.get('note', version, 'markdown', () => text).scan);
    let read = 0;
    for (let step = 0; step < 300; step++) {
      const { at, remove, insert } = randomChange(text, step, next);
      text = text.slice(0, at) + insert + text.slice(at + remove);
      index.edit('note', ++version, [{ rangeOffset: at, rangeLength: remove, text: insert }]);
      const indexed = index.get('note', version, 'markdown', () => text);
      assert.deepEqual(
        tableMatricesOf(indexed.scan).map((m) => [m.name, m.values, m.startOffset, m.endOffset]),
        tableMatricesOf(scanDocument(text, 'markdown')).map((m) => [m.name, m.values, m.startOffset, m.endOffset]),
        `step ${step}`,
      );
      read += tableMatricesOf(indexed.scan).length;
    }
    // Tables are read all along (the original note has three matrices): the edits change them rather than end them.
    assert.equal(read, 360);
  });
});
