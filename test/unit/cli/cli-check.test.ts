import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli as run } from '../../support/cli';

const UNTRANSPOSED = '$$\\mathrm{softmax}\\left(\\frac{QK}{\\sqrt{d_k}}\\right)V$$\n';
const MISMATCHED = `Two keys, three values:

$$K = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}, V = \\begin{bmatrix} 1 \\\\ 2 \\\\ 3 \\end{bmatrix}$$

$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$
`;
const LATEX = '\\begin{equation}\n\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{n}}\\right)V\n\\end{equation}\n';

describe('attention-lens check', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'attention-lens-check-'));
    const write = (path: string, text: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write('notes/a-clean.md', 'Nothing to see: $x^2$.\n');
    write('notes/b-shapes.md', MISMATCHED);
    write('notes/chapter/paper.tex', LATEX);
    write('notes/chapter/todo.txt', UNTRANSPOSED);
    write('notes/data.json', UNTRANSPOSED);
    write('notes/node_modules/pkg/readme.md', MISMATCHED);
    write('notes/.cache/copy.md', MISMATCHED);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('walks a folder, skipping node_modules, dot folders and other files, one line per finding', async () => {
    const notes = join(root, 'notes');
    const { code, out, err } = await run(['check', notes]);
    assert.equal(code, 1);
    assert.deepEqual(out.trimEnd().split('\n'), [
      `${notes}/b-shapes.md:5:58 error AL001 softmax(...)V cannot be computed: the weights are l_q×2 (one column per key) but V is 3×1; V needs one row per key (l_k).`,
      `${notes}/chapter/paper.tex:2:38 warning AL003 The logits are scaled by 1/√n, the square root of a sequence length; standard attention scales by 1/√d_k, the key dimension, which keeps the logits' variance near 1 whatever the length.`,
      `${notes}/chapter/todo.txt:1:32 warning AL004 K is not transposed: keys are the rows of K, so the logits are QK^T, not QK.`,
    ]);
    assert.equal(err, '3 findings (1 error) in 4 files\n0 printed values checked, 0 differ\n');
  });

  it('exits 0 when the findings are only warnings, and prints JSON in the chosen language', async () => {
    const file = join(root, 'notes/chapter/todo.txt');
    const { code, out } = await run(['check', file, '--format', 'json', '--lang', 'zh-cn']);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out), [
      {
        file,
        findings: [
          {
            file,
            line: 1,
            column: 32,
            endLine: 1,
            endColumn: 33,
            severity: 'warning',
            code: 'AL004',
            name: 'missing-transpose',
            message: 'K 没有转置：键是 K 的行，因此 logits 是 QK^T，而不是 QK。',
          },
        ],
        checked: [],
      },
    ]);
  });

  it('exits 0 with no output for a clean file', async () => {
    const { code, out, err } = await run(['check', join(root, 'notes/a-clean.md')]);
    assert.equal(code, 0);
    assert.equal(out, '');
    assert.equal(err, '0 findings (0 errors) in 1 file\n0 printed values checked, 0 differ\n');
  });

  it('exits 2 on bad usage or a path that does not exist', async () => {
    assert.equal((await run(['check'])).code, 2);
    assert.equal((await run(['check', root, '--format', 'xml'])).code, 2);
    assert.equal((await run(['check', root, '--lang', 'fr'])).code, 2);
    assert.equal((await run(['check', root, '--fix'])).code, 2);
    const missing = await run(['check', join(root, 'missing.md')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /missing\.md/);
  });
});
