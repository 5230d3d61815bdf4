import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli as run } from '../../support/cli';

const fixture = join(__dirname, '../../fixtures/scan/masked.md');

const at = (line: number, column: number) => ({ line, column });

describe('attention-lens scan', () => {
  it('prints the exact JSON, with 1-based positions and non-finite numbers as strings', async () => {
    const { code, out, err } = await run(['scan', fixture, '--json']);
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out), [
      {
        path: fixture,
        format: 'markdown',
        regions: [
          {
            kind: 'inline',
            delimiter: '$',
            start: at(3, 5),
            end: at(3, 36),
            tex: 'Q \\in \\mathbb{R}^{2 \\times 3}',
            attention: 'none',
          },
          {
            kind: 'display',
            delimiter: '$$',
            start: at(5, 1),
            end: at(7, 3),
            tex: '\nM = \\begin{bmatrix} 0 & -\\infty \\\\ 0 & 0 \\end{bmatrix}\n',
            attention: 'none',
          },
          {
            kind: 'inline',
            delimiter: '$',
            start: at(9, 15),
            end: at(9, 57),
            tex: '\\begin{pmatrix} 1 & 2 \\\\ 3 \\end{pmatrix}',
            attention: 'none',
          },
          {
            kind: 'display',
            delimiter: '$$',
            start: at(11, 1),
            end: at(11, 65),
            tex: '\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right)V',
            attention: 'masked_scaled_dot_product',
          },
        ],
        matrices: [
          {
            name: 'M',
            rows: 2,
            cols: 2,
            values: [
              [0, '-Infinity'],
              [0, 0],
            ],
            start: at(6, 5),
          },
          { name: null, rows: 2, cols: 2, values: [[1, 2], [3]], start: at(9, 16) },
        ],
        shapes: [{ symbol: 'Q', rows: '2', cols: '3', start: at(3, 6) }],
        errors: [
          { message: 'Row 2 of the matrix has 1 entry; the widest row has 2', start: at(9, 40), end: at(9, 43) },
        ],
      },
    ]);
  });

  it('prints one readable line per finding without --json', async () => {
    const { code, out } = await run(['scan', fixture]);
    assert.equal(code, 0);
    const lines = out.trimEnd().split('\n');
    assert.equal(lines[0], `${fixture} (markdown): 4 regions, 2 matrices, 1 shape, 1 error`);
    assert.ok(
      lines.includes(
        `${fixture}:11:1  display $$  \\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right)V  (masked_scaled_dot_product)`,
      ),
    );
    assert.ok(lines.includes(`${fixture}:6:5  matrix M 2x2  [[0, -Infinity], [0, 0]]`));
    assert.ok(lines.includes(`${fixture}:3:6  shape Q in R^{2 x 3}`));
    assert.equal(lines.length, 9);
  });

  it('reports unreadable files on stderr with exit code 1 and still scans the others', async () => {
    const { code, out, err } = await run(['scan', 'no-such-file.md', fixture, '--json']);
    assert.equal(code, 1);
    assert.match(err, /^attention-lens scan: cannot read no-such-file\.md: /);
    assert.equal(JSON.parse(out).length, 1);
  });

  it('rejects missing files and unknown options as usage errors', async () => {
    assert.equal((await run(['scan'])).code, 2);
    assert.equal((await run(['scan', fixture, '--yaml'])).code, 2);
  });
});
