import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli as run } from '../../support/cli';

const NOTE = `# Example

$$Q = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}, \\quad K = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\\\ 1 & 1 \\end{bmatrix}$$

$$V = \\begin{bmatrix} 1 \\\\ 2 \\\\ 3 \\end{bmatrix}$$

$$X = \\begin{bmatrix} 0 & 0 \\\\ 0 & 0 \\end{bmatrix}$$

$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$
`;

describe('attention-lens eval --lines', () => {
  let file: string;
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'attention-lens-lines-'));
    file = join(dir, 'note.md');
    writeFileSync(file, NOTE);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('evaluates the matrices of the lines as Q, K, V, with the lines of the note', async () => {
    const { code, out, err } = await run(['eval', file, '--lines', '3-5', '--json']);
    assert.equal(err, '');
    assert.equal(code, 0);
    const [r] = JSON.parse(out);
    assert.equal(r.line, 3);
    assert.equal(r.kind, 'scaled_dot_product');
    assert.deepEqual(r.bindings, {
      Q: { rows: 2, cols: 2, line: 3 },
      K: { rows: 3, cols: 2, line: 3 },
      V: { rows: 3, cols: 1, line: 5 },
      d_k: { rows: 1, cols: 1, line: 3, value: 2 },
    });
    assert.deepEqual(
      r.output.value.map((row: number[]) => row.map((v) => Number(v.toFixed(4)))),
      [[2], [2.2033]],
    );
  });

  it('one matrix is self-attention; a formula in the lines is evaluated as written', async () => {
    const [self] = JSON.parse((await run(['eval', file, '--lines', '7-7', '--json'])).out);
    assert.deepEqual(Object.keys(self.bindings), ['X', 'd_k']);
    assert.deepEqual(self.output.value, [
      [0, 0],
      [0, 0],
    ]);
    const [formula] = JSON.parse((await run(['eval', file, '--lines', '7-9', '--json'])).out);
    assert.equal(formula.line, 9);
    assert.equal(formula.expression, 'softmax((Q * transpose(K)) / sqrt(d_k)) * V');
  });

  it('exits 1 when the lines do not say which matrix is which, 2 on a bad range', async () => {
    const two = await run(['eval', file, '--lines', '3-3']);
    assert.equal(two.code, 1);
    assert.match(two.err, /lines 3-3 of .* hold 2 matrices and no attention formula/);
    assert.equal((await run(['eval', file, '--lines', '5-3'])).code, 2);
    assert.equal((await run(['eval', file, '--lines', 'x'])).code, 2);
    assert.equal((await run(['eval', file, '--lines', '3-5', '--line', '3'])).code, 2);
  });
});
