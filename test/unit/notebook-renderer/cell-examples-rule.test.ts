// The notebook renderer's markdown-it rule, with markdown-it as VS Code's notebook Markdown renderer runs it (the cell
// given as `env.outputItem`): the examples the host sent go after the block of their formula, typeset by the math
// plugin when there is one; a cell is matched by its exact text and id, cells alike by their place in the notebook;
// what the host sends is checked and escaped.
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
import { cellKey, type ExamplesMessage } from '../../../src/notebook-renderer/protocol';
import {
  CellExampleStore,
  cellExamplesPlugin,
  type PlaceAmongAlike,
  renderedKey,
} from '../../../src/notebook-renderer/webview/cell-examples-rule';
import { untranslated } from '../../../src/preview/preview-text';
import { pwnedGlobal } from '../../support/hostile';

function hostMessage(
  enabled = true,
  precision = 4,
  name = 'masked-attention.ipynb',
  cellId?: (index: number) => string | undefined,
): ExamplesMessage {
  const json = readFileSync(new URL(`../../fixtures/workspace/notebooks/${name}`, import.meta.url), 'utf8');
  const read = readNotebook(json);
  assert.ok(read.ok);
  const lines = new LineIndex(read.notebook.text);
  const scan = scanNotebook(read.notebook, {}, lines);
  const settings = { enabled, precision, maskedRows: 'zeros' as const, maxDimension: 512, maxMatrixSize: 32 };
  return new NotebookExamples(untranslated, (err) => assert.fail(String(err))).message(
    { notebook: read.notebook, lines, scan, macros: {}, cellId },
    settings,
    evaluateRegion,
  );
}

const message = hostMessage();
const formulaCell = message.cells[0].text;

/** A cell the renderer has rendered: its output id and metadata, and how far down the notebook it is. */
type Shown = { id: string; text: string; metadata?: unknown; top: number };

/** Renders a cell as the notebook's Markdown renderer does. */
const render = (md: InstanceType<typeof MarkdownIt>, text: string, cell?: Shown) =>
  md.render(text, { outputItem: { id: cell?.id ?? 'cell', metadata: cell?.metadata, text: () => text } });

/** A renderer whose rendered cells are `shown` (else only the one being rendered), placed by their tops. */
function renderer(math: boolean, shown: Shown[] = []) {
  const md = new MarkdownIt({ html: true });
  if (math) md.use(texmath, { engine: katex, delimiters: ['dollars'] });
  const store = new CellExampleStore();
  const place: PlaceAmongAlike = (item, key) => {
    const alike = (shown.length > 0 ? shown : [{ id: item.id, text: item.text(), top: 0 }])
      .filter((c) => renderedKey({ ...c, text: () => c.text }) === key)
      .sort((a, b) => a.top - b.top);
    return { rank: alike.findIndex((c) => c.id === item.id), count: alike.length };
  };
  md.use(cellExamplesPlugin, store, place);
  return { md, store };
}

const examples = (html: string) => html.match(/<div class="attention-lens">/g)?.length ?? 0;

describe('notebook renderer rule', () => {
  it('puts each example after the block of its formula, its names typeset by the math plugin', () => {
    const { md, store } = renderer(true);
    assert.equal(examples(render(md, formulaCell)), 0, 'nothing before the host has sent anything');
    const changed = store.update(message);
    assert.ok(changed?.(cellKey(formulaCell, undefined)));
    assert.equal(changed?.(cellKey('another text', undefined)), false);
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
    assert.ok(
      store.update(off)?.(cellKey(formulaCell, undefined)),
      'turning off changes the cells that showed examples',
    );
    assert.equal(examples(render(md, formulaCell)), 0);
  });

  it('tells which cells a new message changes: a new precision changes every cell with examples', () => {
    const store = new CellExampleStore();
    store.update(message);
    assert.equal(store.update(hostMessage()), null, 'the same examples again change nothing');
    const changed = store.update(hostMessage(true, 1));
    assert.deepEqual(
      [changed?.(cellKey(formulaCell, undefined)), changed?.(cellKey('a cell without examples', undefined))],
      [true, false],
    );
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

  describe('cells with the same text', () => {
    const same = hostMessage(true, 4, 'same-formula.ipynb');
    const formula = same.cells[0].text;
    /** The output of each example in `html`, as text. */
    const outputs = (html: string) =>
      [...html.matchAll(/data-step="output".*?<\/table>/gs)].map((m) => m[0].match(/<td>[^<]*<\/td>/g)?.join(''));
    const first = '<td>3</td><td>4</td><td>3.4067</td><td>4.4067</td>';
    const second = '<td>5.4067</td><td>4</td><td>4.5933</td><td>4.4067</td>';

    it('each shows the example of the matrices above it, told apart by its place in the notebook', () => {
      assert.deepEqual(
        same.cells.map((c) => c.text),
        [formula, formula],
      );
      const upper = { id: 'upper', text: formula, top: 40 };
      const lower = { id: 'lower', text: formula, top: 300 };
      const { md, store } = renderer(false, [lower, upper]);
      store.update(same);
      assert.deepEqual(outputs(render(md, formula, upper)), [first]);
      assert.deepEqual(outputs(render(md, formula, lower)), [second]);
    });

    it('shows nothing in one of them until all are rendered, rather than another cell’s example', () => {
      const lower = { id: 'lower', text: formula, top: 300 };
      const { md, store } = renderer(false, [lower]);
      store.update(same);
      assert.equal(examples(render(md, formula, lower)), 0);
      assert.ok(store.alike(cellKey(formula, undefined)));
    });

    it('are told apart by the ids their metadata gives them', () => {
      const ids = hostMessage(true, 4, 'same-formula.ipynb', (index) => `cell-${index}`);
      assert.deepEqual(
        ids.cells.map((c) => c.id),
        ['cell-2', 'cell-4'],
      );
      // Only the lower cell is rendered: its id is enough.
      const lower = { id: 'lower', text: formula, metadata: { id: 'cell-4' }, top: 300 };
      const { md, store } = renderer(false, [lower]);
      store.update(ids);
      assert.equal(store.alike(cellKey(formula, 'cell-4')), false);
      assert.deepEqual(outputs(render(md, formula, lower)), [second]);
      assert.equal(examples(render(md, formula, { ...lower, metadata: { id: 'elsewhere' } })), 0);
    });

    it('a new order of the cells changes both', () => {
      const store = new CellExampleStore();
      store.update(same);
      const swapped = { ...same, cells: [same.cells[1], same.cells[0]] };
      assert.ok(store.update(swapped)?.(cellKey(formula, undefined)));
    });
  });
});
