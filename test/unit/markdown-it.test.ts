// The markdown-it plugin as a static site uses it: markdown-it 14 and 15, alone or with a math plugin.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import katex from 'katex';
import MarkdownIt, { type RendererRule } from 'markdown-it';

import MarkdownIt14 from 'markdown-it-14';
import texmath from 'markdown-it-texmath';
import { type AttentionLensOptions, attentionLens } from '../../src/markdown/markdown-it';
import { hostileDocuments, pwnedGlobal } from '../support/hostile';

const note = readFileSync(new URL('../fixtures/workspace/cross-attention.md', import.meta.url), 'utf8');

const masked = `$$
Q = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}, K = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix},
V = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}, M = \\begin{bmatrix} 0 & -\\infty \\\\ -\\infty & -\\infty \\end{bmatrix}
$$

$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right)V$$
`;

/** The HTML of each example the plugin wrote, read from its render rule. */
function examplesOf(md: InstanceType<typeof MarkdownIt>, text: string): string[] {
  const rule = md.renderer.rules.attention_lens_example;
  assert.ok(rule, 'the plugin adds its render rule');
  const written: string[] = [];
  md.renderer.rules.attention_lens_example = (...args: Parameters<RendererRule>) => {
    const html = rule(...args);
    written.push(html);
    return html;
  };
  md.render(text);
  md.renderer.rules.attention_lens_example = rule;
  return written;
}

const versions = { 'markdown-it 15': MarkdownIt, 'markdown-it 14': MarkdownIt14 } as const;

for (const [version, Md] of Object.entries(versions)) {
  describe(`markdown-it plugin with ${version}`, () => {
    const plain = (options?: AttentionLensOptions) => new Md().use(attentionLens, options);

    it('puts the worked example after the formula, with its steps and heatmap', () => {
      const html = plain().render(note);
      const formula = html.indexOf('\\mathrm{Attention}(Q, K, V)');
      const example = html.indexOf('<div class="attention-lens">');
      assert.ok(formula > 0 && example > formula, 'the example follows the formula');
      assert.equal(html.split('<div class="attention-lens">').length, 2, 'one example: the literals are not attention');
      const steps = [...html.matchAll(/data-step="(\w+)"/g)].map((m) => m[1]);
      assert.deepEqual(steps, ['logits', 'scaled', 'weights', 'output']);
      assert.equal(html.match(/<td class="weight"/g)?.length, 6, 'a 2 × 3 heatmap');
      assert.match(html, /<td>3\.4067<\/td><td>4\.4067<\/td>/, 'the output, rounded to 4 places');
      assert.doesNotMatch(html, /data-line|Click to show/, 'nothing offers to reveal a line');
    });

    it('follows the precision, matrix size and masked-row settings', () => {
      assert.match(plain({ precision: 1 }).render(note), /<td>3\.4<\/td><td>4\.4<\/td>/);
      const summarised = plain({ maxMatrixSize: 2 }).render(note);
      assert.match(summarised, /not shown: larger than 2 rows or columns/);
      const zeros = plain().render(masked);
      assert.match(zeros, /class="query" title="fully masked"/);
      assert.equal(zeros.match(/td class="weight masked"/g)?.length, 3);
      assert.match(plain({ maskedRows: 'nan' }).render(masked), /class="weight nan masked"[^>]*>NaN</);
    });

    it('says what is missing when the note defines only some inputs', () => {
      const html = plain().render(note.replace(/V = \\begin\{bmatrix\}[^$]*?\\end\{bmatrix\}/, 'W = 1'));
      assert.match(html, /<ul class="missing"><li>V is not defined in this document\.<\/li>/);
    });

    it('writes nothing under a formula whose inputs the note does not define', () => {
      const html = plain().render('$$\\mathrm{softmax}(QK^\\top/\\sqrt{d_k})V$$\n');
      assert.doesNotMatch(html, /attention-lens/);
    });

    it('shows each render the note as it is now', () => {
      const md = plain();
      assert.match(md.render(note), /<td>3\.4067<\/td>/);
      const edited = md.render(note.replace('V = \\begin{bmatrix} 1 & 2', 'V = \\begin{bmatrix} 7 & 2'));
      assert.doesNotMatch(edited, /<td>3\.4067<\/td>/);
      assert.match(edited, /<td>7<\/td><td>2<\/td>/);
    });

    it('renders an edited note as a new renderer renders it', () => {
      const md = plain();
      const repeated = Array.from({ length: 6 }, () => note).join('\n');
      const versions = [
        repeated,
        repeated.replace('two target positions', 'two target  positions'),
        repeated.replace('V = \\begin{bmatrix} 1 & 2', 'V = \\begin{bmatrix} 7 & 2'),
        `# Title\n\n${repeated}`,
        repeated.replace('$$\n\\mathrm{Attention}', '\n\\mathrm{Attention}'),
        repeated.slice(0, repeated.length / 2),
        masked,
        repeated,
      ];
      for (const [i, text] of versions.entries()) assert.equal(md.render(text), plain().render(text), `version ${i}`);
      assert.equal(md.render(repeated).split('<div class="attention-lens">').length, 7, 'six examples');
    });

    it("typesets the matrices' names through the math plugin when the page has one, and their numbers as tables", () => {
      const md = new Md().use(texmath, { engine: katex, delimiters: ['dollars'] }).use(attentionLens);
      const [example] = examplesOf(md, note);
      // Three inputs and four steps: seven names typeset, seven tables, and no number set in TeX.
      assert.equal(example.match(/<span class="katex">/g)?.length, 7);
      assert.equal(example.match(/<table class="matrix">/g)?.length, 7);
      assert.doesNotMatch(example, /bmatrix|3\.4067<\/span>/);
      assert.match(example, /<td>3\.4067<\/td><td>4\.4067<\/td>/);
      assert.match(md.render(note), /<eq><span class="katex">/, "the note's own math is still the math plugin's");
    });

    it('speaks Chinese when asked, the evaluation as well', () => {
      assert.match(plain({ language: 'zh-cn' }).render(note), /Softmax 权重/);
      const unscaled = [
        '$$Q = \\begin{bmatrix} 1 & 0 \\end{bmatrix}, K = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}, V = K$$',
        '$$\\mathrm{softmax}(Q K^\\top) V$$',
      ].join('\n\n');
      assert.match(plain({ language: 'zh-cn' }).render(unscaled), /logits 没有缩放/);
      assert.match(plain().render(unscaled), /The logits are not scaled/);
    });

    it("escapes the note's TeX that the example quotes", () => {
      const payload = '\\text{<img src=x onerror=alert(1)>}';
      const hostile = note.replace('\\mathrm{Attention}(Q, K, V)', `\\mathrm{Attention}_{${payload}}(Q, K, V)`);
      const [example] = examplesOf(plain(), hostile);
      assert.match(example, /\\text\{&lt;img src=x onerror=alert\(1\)&gt;\}/, 'the output step quotes it, escaped');
      assert.doesNotMatch(example, /<img/);
    });

    it('writes no markup from the hostile corpus, and never throws', () => {
      const katexMd = new Md().use(texmath, { engine: katex, delimiters: ['dollars'] }).use(attentionLens);
      for (const doc of hostileDocuments(1)) {
        if (doc.format !== 'markdown') continue;
        // KaTeX typesetting the note's own megabytes of math is the math plugin's time, not the plugin's.
        for (const md of doc.text.length < 100_000 ? [plain(), katexMd] : [plain()])
          for (const html of examplesOf(md, doc.text)) {
            // KaTeX draws tall brackets as inline SVG paths: only markup that loads or runs something is refused.
            assert.doesNotMatch(html, /<script|<img|<iframe|\son\w+\s*=|javascript:/i, doc.name);
            assert.doesNotMatch(html, new RegExp(`<[^>]*${pwnedGlobal}`), doc.name);
          }
      }
    });
  });
}
