import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'attention-lens-macros-'));
const file = (name: string, text: string) => {
  mkdirSync(join(dir, name, '..'), { recursive: true });
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

const MATRICES =
  '\\Qm = \\begin{bmatrix} 1 & 0 \\end{bmatrix}, \\Km = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}, \\Vm = \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}';
const FORMULA = '\\mathrm{softmax}\\left(\\frac{Q K^\\top}{\\sqrt{d_k}}\\right) V';
const sty = file('course.sty', '\\newcommand{\\Qm}{Q}\n\\def\\Vm{V}\n');
const json = file('katex.json', '{ "\\\\Km": "K" }');
const note = file('note.md', `$$${MATRICES}$$\n\n$$${FORMULA}$$\n`);
file('defs/macros.tex', '\\newcommand{\\Qm}{Q}\\input{more}');
file('defs/more.tex', '\\def\\Km{K}\\def\\Vm{V}');
const tex = file(
  'paper.tex',
  `\\documentclass{article}\n\\input{defs/macros}\n\\input{gone}\n\\begin{document}\n\\[ ${MATRICES} \\]\n\\[ ${FORMULA} \\]\n\\end{document}\n`,
);

const names = async (args: string[]) => {
  const r = await runCli(['scan', ...args, '--json']);
  assert.equal(r.code, 0, r.err);
  const [scanned] = JSON.parse(r.out) as { matrices: { name: string | null }[] }[];
  return { names: scanned.matrices.map((m) => m.name), err: r.err };
};

describe('--macros on the command line', () => {
  it('names matrices with the macros of a .sty and a KaTeX .json, on any command', async () => {
    assert.deepEqual((await names([note])).names, [null, null, null]);
    assert.deepEqual((await names([note, '--macros', sty, '--macros', json])).names, ['Q', 'K', 'V']);
    const evaluated = await runCli(['eval', '--macros', sty, note, '--macros', json, '--json']);
    assert.equal(evaluated.code, 0, evaluated.err);
    const [result] = JSON.parse(evaluated.out) as { kind: string; errors: unknown[]; bindings: object }[];
    assert.deepEqual(
      [result.kind, result.errors, Object.keys(result.bindings)],
      ['scaled_dot_product', [], ['Q', 'K', 'V', 'd_k']],
    );
  });

  it('reads a LaTeX file with the files it brings in; one that is missing is a warning at its \\input', async () => {
    const r = await names([tex]);
    assert.deepEqual(r.names, ['Q', 'K', 'V']);
    assert.equal(r.err, `attention-lens: ${tex}:3:1: macros: ${join(dir, 'gone.tex')}: cannot be read\n`);
  });

  it('a --macros file that cannot be read, or --macros without a file, is bad usage', async () => {
    const missing = await runCli(['scan', note, '--macros', join(dir, 'nope.sty')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope\.sty: cannot be read/);
    assert.equal((await runCli(['check', note, '--macros'])).code, 2);
    const help = await runCli(['explain', '--help']);
    assert.match(help.out, /--macros FILE \(repeatable\)/);
  });
});
