// The commands on a Jupyter notebook: places are `cell N:line:column` within the cell, in text and JSON.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { terminalSafe } from '../../../src/cli/terminal-text';
import { runCli as run } from '../../support/cli';
import { hostileDocuments } from '../../support/hostile';

const fixture = join(__dirname, '../../fixtures/notebook/cross-attention.ipynb');

describe('the command line on notebooks', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'attention-lens-notebook-'));
    copyFileSync(fixture, join(root, 'a.ipynb'));
    writeFileSync(join(root, 'b-broken.ipynb'), '{"cells": [');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('scan prints cell, line and column of each region, matrix and shape', async () => {
    const { code, out } = await run(['scan', fixture]);
    assert.equal(code, 0);
    const lines = out.trimEnd().split('\n');
    assert.equal(lines[0], `${fixture} (notebook): 6 regions, 3 matrices, 1 shape, 0 errors`);
    assert.deepEqual(
      lines.slice(1).map((l) => l.slice(fixture.length + 1).split('  ')[0]),
      ['cell 1:3:1', 'cell 1:3:72', 'cell 3:1:1', 'cell 5:1:35', 'cell 5:3:1', 'cell 5:5:24'].concat([
        'cell 3:2:5',
        'cell 3:3:5',
        'cell 3:4:5',
        'cell 5:1:36',
      ]),
    );
    const [json] = JSON.parse((await run(['scan', fixture, '--json'])).out);
    assert.equal(json.format, 'notebook');
    assert.deepEqual(json.regions[4].start, { cell: 5, line: 3, column: 1 });
    assert.equal(json.regions[4].attention, 'scaled_dot_product');
  });

  it('check finds the notebooks of a folder and reports places within cells', async () => {
    const { code, out } = await run(['check', join(root, 'a.ipynb'), '--format', 'json']);
    assert.equal(code, 1);
    assert.deepEqual(
      JSON.parse(out)[0].findings.map((f: Record<string, unknown>) => [
        f.cell,
        f.line,
        f.column,
        f.endLine,
        f.endColumn,
        f.code,
      ]),
      [[5, 5, 49, 5, 50, 'AL004']],
    );
    const text = await run(['check', join(root, 'a.ipynb')]);
    assert.match(text.out, /a\.ipynb:cell 5:5:49 error AL004 /);
    const folder = await run(['check', root]);
    assert.equal(folder.code, 2);
    assert.match(folder.err, /cannot read .*b-broken\.ipynb: not valid JSON/);
  });

  it('eval evaluates a formula of a cell on the matrices of the cells above', async () => {
    const { code, out } = await run(['eval', fixture, '--cell', '5', '--line', '3', '--json']);
    assert.equal(code, 0);
    const [formula] = JSON.parse(out);
    assert.equal(formula.cell, 5);
    assert.equal(formula.line, 3);
    assert.deepEqual(formula.bindings.K, { rows: 3, cols: 2, line: 3, cell: 3 });
    assert.deepEqual(formula.bindings.d_k, { rows: 1, cols: 1, line: 3, value: 2, cell: 1 });
    assert.deepEqual(formula.output.value[0], [4, 5, 6]);
    const text = await run(['eval', fixture]);
    assert.match(text.out, /^.*cross-attention\.ipynb:cell 5:3 {2}scaled_dot_product /m);
    assert.match(text.out, /bindings: Q 2x2 \(cell 3 line 2\), K 3x2 \(cell 3 line 3\)/);
    assert.match(text.out, /error: .*cross-attention\.ipynb:cell 5:5:48: QK: /);
  });

  it('eval and explain need --cell with --line in a notebook, and only there', async () => {
    assert.equal((await run(['eval', fixture, '--line', '3'])).code, 2);
    assert.equal((await run(['eval', fixture, '--cell', '5'])).code, 2);
    assert.equal((await run(['explain', fixture, '--line', '3', '--column', '1'])).code, 2);
    const md = join(__dirname, '../../fixtures/eval/cross-attention.md');
    assert.equal((await run(['explain', md, '--cell', '1', '--line', '15', '--column', '3'])).code, 2);
    const codeCell = await run(['eval', fixture, '--cell', '2', '--line', '1']);
    assert.equal(codeCell.code, 1);
    assert.match(codeCell.err, /no formula at cell 2 line 1/);
    const missing = await run(['eval', fixture, '--cell', '99', '--line', '1']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /has no cell 99/);
  });

  it('explain explains the symbol at a place of a cell, and nothing past the cell', async () => {
    const { code, out } = await run(['explain', fixture, '--cell', '5', '--line', '3', '--column', '45']);
    assert.equal(code, 0);
    assert.match(out, /^\*\*√d\\_k\*\* — scale/);
    const past = await run(['explain', fixture, '--cell', '5', '--line', '6', '--column', '1']);
    assert.equal(past.code, 1);
    assert.equal(past.err, `attention-lens explain: nothing to explain at ${fixture}:cell 5:6:1\n`);
  });
});

describe('the command line on hostile notebooks', () => {
  const root = mkdtempSync(join(tmpdir(), 'attention-lens-hostile-notebook-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  // Each hostile Markdown document as a notebook: its text split into three Markdown cells around a code cell.
  for (const doc of hostileDocuments(1).filter((d) => d.format === 'markdown')) {
    it(`scan, check and eval finish cleanly on '${doc.name}'`, async () => {
      const third = Math.floor(doc.text.length / 3);
      const cells = [
        { cell_type: 'markdown', metadata: {}, source: doc.text.slice(0, third) },
        { cell_type: 'code', metadata: {}, outputs: [], source: doc.text.slice(0, 100) },
        { cell_type: 'markdown', metadata: {}, source: doc.text.slice(third, 2 * third).split(/(?<=\n)/) },
        { cell_type: 'markdown', metadata: {}, source: doc.text.slice(2 * third) },
      ];
      const path = join(root, `${doc.name.replace(/\W+/g, '-')}.ipynb`);
      writeFileSync(path, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }));
      for (const command of ['scan', 'check', 'eval']) {
        const { code, out, err } = await run([command, path]);
        assert.ok(code === 0 || code === 1, `${command}: exit ${code}\n${err.slice(0, 2000)}`);
        assert.equal(terminalSafe(out), out, `${command} prints no control character`);
      }
    });
  }
});
