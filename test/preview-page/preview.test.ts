// The built preview page in real Chromium, fed protocol messages built from real documents.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { root } from '../harness/code-server';
import { corpusDir, corpusFiles, corpusSkipReason } from '../support/corpus';
import { documentMessage } from './messages';
import { suitePage } from './preview-page';

const crossAttention = readFileSync(join(root, 'test/fixtures/workspace/cross-attention.md'), 'utf8');

/** softmax(Q K^T / sqrt(d_k)) computed independently of the project's code. */
function referenceWeights(Q: number[][], K: number[][]): number[][] {
  const dk = Q[0].length;
  return Q.map((q) => {
    const logits = K.map((k) => k.reduce((s, kj, j) => s + kj * q[j], 0) / Math.sqrt(dk));
    const max = Math.max(...logits);
    const e = logits.map((x) => Math.exp(x - max));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / sum);
  });
}

describe('preview webview in Chromium', () => {
  const preview = suitePage();

  it('renders every formula of the seed Q&A page with KaTeX', {
    skip: corpusFiles() ? false : corpusSkipReason,
  }, async () => {
    const text = readFileSync(join(corpusDir, '000_a7627e25294652ba.txt'), 'utf8');
    const message = documentMessage(text);
    assert.ok(message.formulas.length >= 10, `the seed page has many formulas (${message.formulas.length})`);
    const rendered = await preview().exchange(message, 'rendered');
    assert.deepEqual(rendered.errors, []);
    assert.deepEqual(new Set(rendered.rendered), new Set(message.formulas.map((f) => f.id)));
    const counts = await preview().page.evaluate(() => ({
      formulas: document.querySelectorAll('.formula').length,
      katex: document.querySelectorAll('.formula > .math > .katex, .formula > .math > .katex-display').length,
    }));
    assert.equal(counts.formulas, message.formulas.length);
    assert.equal(counts.katex, message.formulas.length);
    const attention = message.formulas.find((f) => f.tex.includes('\\text{Attention}(Q,K,V,M)'));
    assert.ok(attention, 'the masked attention formula is found');
    const kind = await preview().page.locator(`[data-id="${attention.id}"] > .kind`).textContent();
    assert.match(kind ?? '', /attention/);
    assert.deepEqual(preview().errors, []);
  });

  it('shows a cross-attention example step by step, with a heatmap of the weights', async () => {
    const message = documentMessage(crossAttention);
    const formula = message.formulas.find((f) => f.example?.steps.length);
    assert.ok(formula?.example, 'the attention formula has a worked example');
    await preview().exchange(message, 'rendered');
    const block = preview().page.locator(`[data-id="${formula.id}"]`);
    const steps = await block.locator('li.step').evaluateAll((items) =>
      items.map((li) => ({
        step: (li as HTMLElement).dataset.step,
        katex: li.querySelectorAll('.katex').length,
        shape: li.querySelector('.shape')?.textContent,
      })),
    );
    assert.deepEqual(steps, [
      { step: 'logits', katex: 1, shape: '2 × 3' },
      { step: 'scaled', katex: 1, shape: '2 × 3' },
      { step: 'weights', katex: 1, shape: '2 × 3' },
      { step: 'output', katex: 1, shape: '2 × 2' },
    ]);
    const inputs = await block.locator('.input .shape').allTextContents();
    assert.deepEqual(inputs.sort(), ['2 × 2', '3 × 2', '3 × 2']);

    const cells = await block
      .locator('.heatmap td.weight')
      .evaluateAll((tds) => tds.map((td) => ({ text: td.textContent, title: (td as HTMLElement).title })));
    const expected = referenceWeights(
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
    ).flat();
    assert.equal(cells.length, 6, 'one cell per (query, key) pair');
    cells.forEach((cell, i) => {
      assert.ok(Math.abs(Number(cell.title) - expected[i]) < 1e-12, `cell ${i}: ${cell.title} vs ${expected[i]}`);
      assert.equal(cell.text, String(Number(expected[i].toFixed(4))));
    });
    assert.equal(await block.locator('.heatmap tbody tr').count(), 2);
  });

  it('marks masked cells and flags a fully masked row', async () => {
    const text = `${crossAttention}
$$
M = \\begin{bmatrix} 0 & -\\infty & 0 \\\\ -\\infty & -\\infty & -\\infty \\end{bmatrix}
$$

$$
\\mathrm{Attention}(Q, K, V, M) = \\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right) V
$$
`;
    const message = documentMessage(text);
    const masked = message.formulas.find((f) => f.example?.steps.some((s) => s.name === 'masked'));
    assert.ok(masked?.example?.heatmap, 'the masked formula is evaluated');
    await preview().exchange(message, 'rendered');
    const block = preview().page.locator(`[data-id="${masked.id}"]`);
    assert.equal(await block.locator('.heatmap td.masked').count(), 4);
    assert.equal(await block.locator('.heatmap tr.fully-masked').count(), 1);
    assert.match((await block.locator('.heatmap tr.fully-masked th').textContent()) ?? '', /fully masked/);
    assert.ok((await block.locator('.warnings li').count()) >= 1, 'the fully masked row is reported');
  });

  it('shows what is missing under a formula whose symbols are partly bound', async () => {
    const text = crossAttention.replace(/V = \\begin\{bmatrix\}[^$]*?\\end\{bmatrix\}/, 'W = 1');
    const message = documentMessage(text);
    await preview().exchange(message, 'rendered');
    const missing = await preview().page.locator('.missing li').allTextContents();
    assert.deepEqual(missing, ['V is not defined in this document.']);
  });

  it("shows KaTeX's error in place and renders the other formulas", async () => {
    const text = ['# Errors', '', '$a + b$', '', '$\\frac{1}{$', '', '$$\\undefinedcommand{x}$$', '', '$c^2$'].join(
      '\n',
    );
    const message = documentMessage(text);
    const rendered = await preview().exchange(message, 'rendered');
    assert.equal(rendered.errors.length, 2);
    const errors = await preview().page.locator('.formula.has-error .katex-error').allTextContents();
    assert.equal(errors.length, 2);
    assert.ok(errors.every((e) => e.startsWith('KaTeX parse error')));
    assert.match(errors[1], /undefinedcommand/);
    assert.equal(await preview().page.locator('.formula:not(.has-error) .katex').count(), 2);
    assert.equal(await preview().page.locator('h1.heading').textContent(), 'Errors');
  });

  it("renders with the document's macros, including in the formula that defines one", async () => {
    const text = [
      '\\section{Macros}',
      '\\DeclareMathOperator{\\sm}{softmax}',
      '$\\sm(x)$',
      '$$\\newcommand{\\Q}{\\mathbf{Q}} \\Q K^\\top$$',
      '$\\Q$',
    ].join('\n');
    const message = documentMessage(text, { format: 'latex' });
    assert.equal(message.formulas.length, 3);
    const rendered = await preview().exchange(message, 'rendered');
    assert.deepEqual(rendered.errors, []);
    assert.equal(await preview().page.locator('.formula .katex .mop').first().textContent(), 'softmax');
    assert.equal(await preview().page.locator('h1.heading').textContent(), 'Macros');
  });

  it('updates only the formula that changed, and highlights the formula at the cursor', async () => {
    const first = documentMessage(crossAttention, { version: 10 });
    await preview().exchange(first, 'rendered');
    const edited = documentMessage(crossAttention.replace('3 & 4', '3 & 9'), { version: 11 });
    const changed = edited.formulas.filter((f) => !first.formulas.some((g) => JSON.stringify(g) === JSON.stringify(f)));
    const rendered = await preview().exchange(
      {
        type: 'update',
        version: 11,
        macros: edited.macros,
        layout: edited.layout,
        formulas: changed,
        notice: null,
      },
      'rendered',
    );
    assert.equal(rendered.version, 11);
    assert.equal(rendered.rendered.length, 1, 'only the edited matrix literal is typeset again');
    const output = edited.formulas.find((f) => f.example?.steps.length);
    assert.ok(output);
    const inspection = await preview().exchange({ type: 'inspect', requestId: 1 }, 'inspection');
    const shown = inspection.formulas.find((f) => f.id === output.id);
    assert.match(shown?.example ?? '', /Output/);

    const highlighted = await preview().exchange({ type: 'cursor', id: output.id, reveal: true }, 'highlighted');
    assert.equal(highlighted.id, output.id);
    assert.equal(await preview().page.locator('.formula.current').getAttribute('data-id'), output.id);

    const before = await preview().send({ type: 'cursor', id: null, reveal: false });
    await preview().waitFor('highlighted', before);
    assert.equal(await preview().page.locator('.formula.current').count(), 0);

    const clicked = await preview().page.evaluate(() => (window as unknown as { posted: unknown[] }).posted.length);
    await preview().page.locator(`[data-id="${output.id}"] > .math`).click();
    const reveal = await preview().waitFor('reveal', clicked);
    assert.equal(reveal.line, edited.layout[0].formulas.find((f) => f.id === output.id)?.line);
  });

  it('keeps what the panel serializer needs to restore it after a reload', async () => {
    await preview().exchange(documentMessage(crossAttention), 'rendered');
    await preview().send({ type: 'lock', locked: true });
    const saved = await preview().page.waitForFunction(() => {
      const state = (window as unknown as { savedState?: { locked: boolean } }).savedState;
      return state?.locked ? state : undefined;
    });
    // The scroll position is the page's own: the same note shown again keeps where the previous test scrolled it.
    const scrollY = await preview().page.evaluate(() => window.scrollY);
    assert.deepEqual(await saved.jsonValue(), { uri: 'file:///notes/test.md', locked: true, scrollY });
  });

  it('summarises matrices above the size limit', async () => {
    const message = documentMessage(crossAttention, { content: { maxMatrixSize: 2 } });
    await preview().exchange(message, 'rendered');
    const summaries = await preview().page.locator('.example .summary').allTextContents();
    assert.ok(summaries.some((s) => /larger than 2/.test(s)));
  });
});
