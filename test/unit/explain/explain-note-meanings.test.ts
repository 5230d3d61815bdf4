import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explanationToMarkdown } from '../../../src/core/explain/explain-markdown';
import { explainText, offsetOf } from '../../support/explain-at';

const NOTE = String.raw`Here $n$ is the number of tokens and $D$ is the embedding size.

$$\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{D}}\right)V \quad n$$
`;

describe('explain: what the note says its dimensions are', () => {
  it('explains a name the conventions do not know by the note’s own sentence', () => {
    const e = explainText(NOTE, offsetOf(NOTE, 'n$$'), 'markdown');
    assert.ok(e?.type === 'symbol');
    assert.deepEqual(e.topic, { type: 'note-dimension', kind: 'length' });
    assert.deepEqual(e.noteSays, {
      kind: 'length',
      quote: 'Here $n$ is the number of tokens and $D$ is the embedding size',
    });
    assert.equal(
      explanationToMarkdown(e, 'en').trim().split('\n\n').slice(-1)[0],
      'The note says it is a sequence length, a number of tokens: “Here \\$n\\$ is the number of tokens and \\$D\\$ is the embedding size”',
    );
    assert.match(explanationToMarkdown(e, 'zh-cn'), /笔记中说它是序列长度，即 token 的个数：“Here/);
  });

  it('calls a scale by a width the note names standard, as the checks do', () => {
    const formula = explainText(NOTE, offsetOf(NOTE, '$$\\mathrm'), 'markdown');
    assert.ok(formula?.type === 'formula');
    assert.deepEqual(formula.scale, { type: 'sqrt', of: 'D', standard: true });
    const root = explainText(NOTE, offsetOf(NOTE, '\\sqrt{D}'), 'markdown');
    assert.ok(root?.type === 'symbol');
    assert.deepEqual(root.topic, { type: 'scaling', of: 'D', standard: true });
    assert.equal(root.noteSays?.kind, 'model-width');
  });

  it('says nothing of names the note does not define', () => {
    const bare = '$$\\mathrm{softmax}(QK^\\top)V \\quad n$$\n';
    const e = explainText(bare, offsetOf(bare, 'n$$'), 'markdown');
    assert.equal(e?.type, 'formula');
  });
});

describe('explain: the scale, as the checks read it', () => {
  it('calls the key widths of the conventions standard (d_h, d), as the checks do', () => {
    for (const root of ['d_h', 'd']) {
      const text = `$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{${root}}}\\right)V$$\n`;
      const e = explainText(text, offsetOf(text, '$$\\mathrm'), 'markdown');
      assert.ok(e?.type === 'formula');
      assert.deepEqual(e.scale, { type: 'sqrt', of: root, standard: true });
    }
  });
});
