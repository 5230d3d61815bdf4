// The notebook renderer's markdown-it rule, with markdown-it as VS Code's notebook Markdown renderer runs it (the cell
// given as `env.outputItem`): the examples the host sent go after the block of their formula, typeset by the math
// plugin when there is one; a cell is matched by its exact text; what the host sends is checked and escaped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import katex from 'katex';
import MarkdownIt from 'markdown-it';
import texmath from 'markdown-it-texmath';
import { evaluateRegion } from '../../../src/core/attention/evaluate';
import { readNotebook, scanNotebook } from '../../../src/core/document/notebook';
import { LineIndex } from '../../../src/core/document/positions';
import { NotebookExamples } from '../../../src/notebook-renderer/cell-examples';
import type { ExamplesMessage } from '../../../src/notebook-renderer/protocol';
import { CellExampleStore, cellExamplesPlugin } from '../../../src/notebook-renderer/webview/cell-examples-rule';
import { untranslated } from '../../../src/preview/preview-text';
import { pwnedGlobal } from '../../support/hostile';

function hostMessage(enabled = true, precision = 4): ExamplesMessage {
  const json = readFileSync(
    new URL('../../fixtures/workspace/notebooks/masked-attention.ipynb', import.meta.url),
    'utf8',
  );
  const read = readNotebook(json);
  assert.ok(read.ok);
  const lines = new LineIndex(read.notebook.text);
  const scanned = { notebook: read.notebook, lines, scan: scanNotebook(read.notebook, {}, lines), macros: {} };
  const settings = { enabled, precision, maskedRows: 'zeros' as const, maxDimension: 512, maxMatrixSize: 32 };
  return new NotebookExamples(untranslated, (err) => assert.fail(String(err))).message(
    scanned,
    settings,
    evaluateRegion,
  );
}

const message = hostMessage();
const formulaCell = message.cells[0].text;

/** Renders a cell as the notebook's Markdown renderer does. */
const render = (md: InstanceType<typeof MarkdownIt>, text: string) =>
  md.render(text, { outputItem: { id: 'cell', text: () => text } });

function renderer(math: boolean) {
  const md = new MarkdownIt({ html: true });
  if (math) md.use(texmath, { engine: katex, delimiters: ['dollars'] });
  const store = new CellExampleStore();
  md.use(cellExamplesPlugin, store);
  return { md, store };
}

const examples = (html: string) => html.match(/<div class="attention-lens">/g)?.length ?? 0;

describe('notebook renderer rule', () => {
  it('puts each example after the block of its formula, its names typeset by the math plugin', () => {
    const { md, store } = renderer(true);
    assert.equal(examples(render(md, formulaCell)), 0, 'nothing before the host has sent anything');
    const changed = store.update(message);
    assert.ok(changed?.(formulaCell));
    assert.equal(changed?.('another text'), false);
    const html = render(md, formulaCell);
    // Heading, the masked formula's block, its example, the paragraph with the inline formula, its example.
    const order = [...html.matchAll(/<h2>|<section><eqn>|<div class="attention-lens">|<p>Forgetting/g)].map(
      (m) => m[0],
    );
    assert.deepEqual(order, [
      '<h2>',
      '<section><eqn>',
      '<div class="attention-lens">',
      '<p>Forgetting',
      '<div class="attention-lens">',
    ]);
    assert.match(html, /<td>1\.6605<\/td><td>2\.6605<\/td>/);
    assert.match(
      html,
      /<div class="attention-lens"><div class="example"><div class="group"><div class="group-title">Inputs/,
    );
    assert.ok((html.match(/class="katex"/g)?.length ?? 0) > 10, 'the names of inputs and steps are typeset');
  });

  it('without a math plugin the names are TeX as code and the numbers tables', () => {
    const { md, store } = renderer(false);
    store.update(message);
    const html = render(md, formulaCell);
    assert.equal(examples(html), 2);
    assert.match(html, /<code class="tex">Q =<\/code>/);
    assert.doesNotMatch(html, /katex/);
  });

  it('matches a cell by its exact text, and shows nothing when the setting is off', () => {
    const { md, store } = renderer(false);
    store.update(message);
    assert.equal(examples(render(md, `${formulaCell} `)), 0);
    assert.equal(examples(render(md, formulaCell)), 2);
    const off = hostMessage(false);
    assert.ok(store.update(off)?.(formulaCell), 'turning off changes the cells that showed examples');
    assert.equal(examples(render(md, formulaCell)), 0);
  });

  it('tells which cells a new message changes: a new precision changes every cell with examples', () => {
    const store = new CellExampleStore();
    store.update(message);
    assert.equal(store.update(hostMessage()), null, 'the same examples again change nothing');
    const changed = store.update(hostMessage(true, 1));
    assert.deepEqual([changed?.(formulaCell), changed?.('a cell without examples')], [true, false]);
  });

  it('ignores messages that are not the host’s, and never writes what they carry unescaped', () => {
    const { md, store } = renderer(false);
    for (const bad of [
      null,
      'examples',
      { type: 'examples' },
      { ...message, cells: [{ text: 1 }] },
      { ...message, precision: 'x' },
    ])
      assert.equal(store.update(bad), null);
    assert.equal(examples(render(md, formulaCell)), 0);
    const payload = `<img src=x onerror="window.${pwnedGlobal}=1">`;
    const hostile = structuredClone(message);
    hostile.labels.inputs = payload;
    const example = hostile.cells[0].examples[0].example;
    example.inputs[0].tex = `</code>${payload}`;
    example.warnings.push(payload);
    // An example of another shape: left out, the cell still renders.
    hostile.cells[0].examples[1].example = { steps: 7 } as never;
    store.update(hostile);
    const html = render(md, formulaCell);
    assert.equal(examples(html), 1);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;img src=x onerror=&quot;window/);
  });
});
