// Entries as authors write them beyond plain decimals: decimal commas, powers, words set as text, comments; and math
// escaped for Markdown (`\\(..\\)`), read where a renderer would read it and nowhere else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { literalCells } from '../../../src/core/document/matrix-cells';
import { scanDocument } from '../../../src/core/document/scan';
import { plainScan } from '../../support/plain-scan';

/** Each matrix as name, values and the document's problems. */
const values = (text: string, format: 'markdown' | 'latex' = 'markdown') => {
  const scan = scanDocument(text, format);
  return scan.matrices.map((m) => [m.name, m.values, scan.problems.map((p) => p.message)]);
};

const bmatrix = (body: string) => `$$M = \\begin{bmatrix} ${body} \\end{bmatrix}$$`;

describe('matrix entries: decimal commas', () => {
  it('reads 1{,}5 anywhere, in brackets too', () => {
    assert.deepEqual(values(bmatrix('1{,}5 & -0{,}25 \\\\ 2 & 10{,}125')), [
      [
        'M',
        [
          [1.5, -0.25],
          [2, 10.125],
        ],
        [],
      ],
    ]);
    assert.deepEqual(values('$$a = [[1{,}5, 2], [3, 4{,}5]]$$')[0][1], [
      [1.5, 2],
      [3, 4.5],
    ]);
  });

  it('reads a plain 1,5 in an environment whose entries write no decimal point', () => {
    assert.deepEqual(values(bmatrix('1,5 & 0 \\\\ 0 & -0,5'))[0][1], [
      [1.5, 0],
      [0, -0.5],
    ]);
  });

  it('leaves 1,5 unread where it is ambiguous: beside a decimal point, before three digits, among more commas', () => {
    for (const [body, entry] of [
      ['1,5 & 0.5', '1,5'],
      ['1,500 & 2', '1,500'],
      ['1,2,3 & 2', '1,2,3'],
      ['1, 5 & 2', '1, 5'],
    ]) {
      const [[, rows, problems]] = values(bmatrix(body));
      assert.ok(Number.isNaN((rows as number[][])[0][0]), body);
      assert.deepEqual(problems, [`Entry (1, 1) of the matrix is not a number: ${entry}`], body);
    }
  });

  it('keeps commas as separators of bracket arrays and of scalar values', () => {
    assert.deepEqual(values('$$a = [[1,5], [2,3]]$$')[0][1], [
      [1, 5],
      [2, 3],
    ]);
    // `d_k = 1, d_v = 2` lists values: the scalar ends at its comma.
    assert.deepEqual(
      scanDocument('$d_k = 1,5$', 'markdown').scalars.map((s) => [s.symbol, s.value]),
      [['d_k', 1]],
    );
  });
});

describe('matrix entries: powers, words and infinities', () => {
  it('reads -10^{9}, 10^{-3}, 2^3, -1e9 and -1E+9 as the finite numbers they are', () => {
    assert.deepEqual(values(bmatrix('-10^{9} & 10^{-3} & 2^3 & -1e9 & -1E+9'))[0][1], [[-1e9, 0.001, 8, -1e9, -1e9]]);
  });

  it('reads -\\text{inf}, \\mathrm{-inf}, -\\infty and \\text{2} as written', () => {
    assert.deepEqual(values(bmatrix('-\\text{inf} & \\mathrm{-inf} & -\\infty & \\text{2}'))[0][1], [
      [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 2],
    ]);
  });

  it('leaves a power or a text that is no number unread', () => {
    const [[, rows]] = values(bmatrix('10^{x} & \\text{pad} & 2^{\\top}'));
    assert.ok((rows as number[][])[0].every(Number.isNaN));
  });
});

describe('matrix entries: % comments', () => {
  const tex = 'M = \\begin{pmatrix}\n  1 & 2 \\\\ % first & row \\\\ ends\n  3 & 4 % last\n\\end{pmatrix}';

  it('runs a comment to the end of its line, its & and \\\\ included, in LaTeX and Markdown math alike', () => {
    const expected = [
      [1, 2],
      [3, 4],
    ];
    assert.deepEqual(values(`\\[\n${tex}\n\\]`, 'latex')[0][1], expected);
    assert.deepEqual(values(`$$\n${tex}\n$$`)[0][1], expected);
  });

  it('places the cells of a commented matrix where they are, for fixes', () => {
    const text = `$$\n${tex}\n$$`;
    const [m] = scanDocument(text, 'markdown').matrices;
    const cells = literalCells(text, m);
    assert.deepEqual(
      cells?.map((row) => row.map((c) => text.slice(c.start, c.end))),
      [
        ['1', '2'],
        ['% first & row \\\\ ends\n  3', '4 % last'],
      ],
    );
  });

  it('reads \\% as a character, not a comment', () => {
    const [[, rows, problems]] = values(bmatrix('50\\% & 1 \\\\ 2 & 3'));
    assert.deepEqual(rows, [
      [Number.NaN, 1],
      [2, 3],
    ]);
    assert.deepEqual(problems, []);
  });
});

describe('math escaped for Markdown', () => {
  const regions = (text: string) =>
    plainScan(scanDocument(text, 'markdown')).regions.map((r) => [
      r.kind,
      r.delimiter,
      r.tex,
      r.startOffset,
      r.endOffset,
    ]);

  it('reads \\\\( \\\\) and \\\\[ \\\\] with the TeX Markdown leaves, and places matrices in the source', () => {
    const text = 'Let \\\\(Q = \\begin{bmatrix} 1 & 2 \\\\\\\\ 3 & 4 \\end{bmatrix}\\\\) and\n\\\\[ A\\_1 = 2 \\\\]\n';
    assert.deepEqual(regions(text), [
      ['inline', '\\\\(', 'Q = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}', 4, 60],
      ['display', '\\\\[', ' A_1 = 2 ', 65, 81],
    ]);
    const [q] = scanDocument(text, 'markdown').matrices;
    assert.deepEqual(
      [q.name, q.values, text.slice(q.startOffset, q.endOffset)],
      [
        'Q',
        [
          [1, 2],
          [3, 4],
        ],
        '\\begin{bmatrix} 1 & 2 \\\\\\\\ 3 & 4 \\end{bmatrix}',
      ],
    );
  });

  it('reads no escaped math in code, after an escaped backslash, or from a row break inside math', () => {
    for (const text of [
      '```\n\\\\(a\\\\)\n```\n',
      '`\\\\(a\\\\)`\n',
      '    \\\\(a\\\\)\n',
      'a \\\\\\\\(b\\\\\\\\) c\n',
      'a \\\\(b\n\nc\\\\) d\n',
    ])
      assert.deepEqual(regions(text), [], text);
    assert.deepEqual(regions('$$\\begin{aligned} a \\\\[2pt] b \\end{aligned}$$ \\\\]\n').length, 1);
    assert.deepEqual(regions('\\[ a \\\\[2pt] b \\]\n'), [['display', '\\[', ' a \\\\[2pt] b ', 0, 17]]);
  });
});
