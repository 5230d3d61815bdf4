// The markdown-it plugin as VS Code's Markdown preview uses it (`atRender`): parses, which VS Code's Markdown
// extension runs at every change for its own features, look for no example; renders do, from the host's scan when
// it has one. And the plugin's own scans after edits, which read the note's prose again around the edit only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { evaluatorIn } from '../../src/core/attention/evaluate';
import type { ScannedDocument } from '../../src/core/document/document-model';
import { scanDocument } from '../../src/core/document/scan';
import { attentionLens } from '../../src/markdown/markdown-it';
import { attentionLensPlugin, type PluginCounts, type PluginHost } from '../../src/markdown/markdown-it-plugin';
import { untranslated } from '../../src/preview/preview-text';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/workspace/${name}`, import.meta.url), 'utf8');
const note = fixture('cross-attention.md');
const prose = fixture('prose-example.md');
const EXAMPLE = '<div class="attention-lens">';

const settings = { precision: 4, maskedRows: 'zeros', maxMatrixSize: 32, maxDimension: 512, macros: {} } as const;

/** A markdown-it with the plugin as a host that renders less often than it parses gives it. */
function atRender(scanOf: (text: string, env: unknown) => ScannedDocument | undefined = () => undefined) {
  const counts: PluginCounts = { parses: 0, lookups: 0 };
  const evaluate = evaluatorIn('en');
  const host: PluginHost = {
    settings: () => settings,
    evaluator: () => evaluate,
    translate: untranslated,
    atRender: { scanOf },
    counts,
  };
  const md = new MarkdownIt();
  attentionLensPlugin(md, host);
  return { md, counts };
}

describe('markdown-it plugin with the examples looked for at render time', () => {
  it('parses without looking for examples, and renders them as the published plugin does', () => {
    const { md, counts } = atRender();
    const tokens = md.parse(note, {});
    assert.deepEqual(counts, { parses: 1, lookups: 0 });
    assert.ok(!tokens.some((t) => t.type === 'attention_lens_example'), 'no example among the tokens parsed');
    const html = md.renderer.render(tokens, md.options, {});
    assert.deepEqual(counts, { parses: 1, lookups: 1 });
    assert.equal(html, new MarkdownIt().use(attentionLens).render(note));
    assert.equal(html.split(EXAMPLE).length, 2, 'one example');
  });

  it('leaves the parsed tokens as they were, so that they can be rendered again', () => {
    const { md } = atRender();
    const tokens = md.parse(note, {});
    const types = tokens.map((t) => t.type);
    const first = md.renderer.render(tokens, md.options, {});
    assert.deepEqual(
      tokens.map((t) => t.type),
      types,
    );
    assert.equal(md.renderer.render(tokens, md.options, {}), first);
  });

  it("uses the host's scan of the note rendered, given the text parsed and the render's env", () => {
    const asked: { text: string; env: unknown }[] = [];
    const env = { currentDocument: 'note.md' };
    // A scan the plugin could not have made of the text it parsed: V's first entry is 7 there.
    const edited = note.replace('V = \\begin{bmatrix} 1 & 2', 'V = \\begin{bmatrix} 7 & 2');
    const { md } = atRender((text, e) => {
      asked.push({ text, env: e });
      return scanDocument(edited, 'markdown');
    });
    const html = md.renderer.render(md.parse(note, {}), md.options, env);
    assert.deepEqual(asked, [{ text: note, env }]);
    assert.match(html, /<td>7<\/td><td>2<\/td>/);
  });

  it('renders tokens it did not parse, and tokens of a note without formulas, without examples', () => {
    const { md, counts } = atRender();
    const plain = new MarkdownIt();
    assert.equal(md.renderer.render(plain.parse(note, {}), md.options, {}), plain.render(note));
    assert.equal(md.render('# Title\n\nText.\n'), plain.render('# Title\n\nText.\n'));
    assert.deepEqual(counts, { parses: 1, lookups: 1 });
  });
});

describe('markdown-it plugin after edits', () => {
  it('renders each version of an edited note with prose examples as a new renderer renders it', () => {
    const md = new MarkdownIt().use(attentionLens);
    const versions = [
      prose,
      prose.replace('We now apply', 'We now  apply'),
      prose.replace('V = \\begin{bmatrix} 1 & 2', 'V = \\begin{bmatrix} 7 & 2'),
      prose.replace('We now apply scaled dot-product attention', 'We now look'),
      prose.replace('对下面的矩阵做缩放点积注意力', '对下面的矩阵'),
      prose,
    ];
    for (const [i, text] of versions.entries()) {
      const html = md.render(text);
      assert.equal(html, new MarkdownIt().use(attentionLens).render(text), `version ${i}`);
    }
    assert.ok(md.render(prose).split(EXAMPLE).length > 2, 'the prose names examples');
  });
});
