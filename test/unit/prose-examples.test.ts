// The examples the prose names without a formula, as the preview panel and the Markdown preview show them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { scanDocument } from '../../src/core/document/scan';
import { attentionLens } from '../../src/markdown/markdown-it';
import { PreviewContentBuilder } from '../../src/preview/preview-content';
import { contentOptions } from '../preview-page/messages';

const note = readFileSync(new URL('../fixtures/workspace/prose-example.md', import.meta.url), 'utf8');

const FROM_WORDS = (words: string) =>
  `Evaluated from the words “${words}”: the note writes no formula, so the matrices after them are its inputs.`;

describe('examples the prose names', () => {
  it('are shown in the preview where their words are, evaluated on the matrices after them', () => {
    const builder = new PreviewContentBuilder();
    const content = builder.build(note, scanDocument(note, 'markdown'), contentOptions, 0);
    assert.deepEqual(
      content.layout.map((s) => [s.heading, s.formulas.map((f) => [f.id[0], f.line])]),
      [
        [
          'Attention over three tokens',
          [
            ['w', 2],
            ['f', 2],
            ['f', 4],
          ],
        ],
        [
          '同样的例子',
          [
            ['w', 12],
            ['f', 14],
          ],
        ],
        ['A formula of its own', [['f', 22]]],
      ],
    );
    const [english, chinese] = content.formulas.filter((f) => f.id.startsWith('w'));
    assert.equal(english.tex, '\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V');
    assert.equal(english.kind, 'scaled dot-product attention');
    assert.equal(english.example?.fromWords, FROM_WORDS('scaled dot-product'));
    // The inputs are on the note's lines, so a click shows them in the editor.
    assert.deepEqual(
      english.example?.inputs.map((i) => [i.tex, i.line]),
      [
        ['Q', 5],
        ['K', 6],
        ['V', 7],
      ],
    );
    assert.deepEqual(
      english.example?.steps.map((s) => [s.name, s.matrix.rows, s.matrix.cols]),
      [
        ['logits', 2, 3],
        ['scaled', 2, 3],
        ['weights', 2, 3],
        ['output', 2, 2],
      ],
    );
    assert.deepEqual(english.example?.steps[0].matrix.cells, [
      [1, 0, 1],
      [0, 1, 1],
    ]);
    assert.equal(chinese.example?.fromWords, FROM_WORDS('缩放点积'));
    // The cursor on the words highlights their example.
    const words = note.indexOf('scaled dot-product');
    assert.deepEqual(
      [words - 1, words, words + 'scaled dot-product'.length].map((o) => builder.proseIdAt(o)),
      [null, english.id, english.id],
    );
    assert.deepEqual(chinese.example?.steps.at(-1)?.matrix.cells, [[1.3911406349860864]]);
  });

  it('keep their id and example while an edit elsewhere leaves their words and matrices as they were', () => {
    const builder = new PreviewContentBuilder();
    const before = builder.build(note, scanDocument(note, 'markdown'), contentOptions, 0);
    const edited = `Intro.\n\n${note.replace('## A formula of its own', '## Another title')}`;
    const after = builder.build(edited, scanDocument(edited, 'markdown'), contentOptions, 0);
    const words = (c: typeof before) => c.formulas.filter((f) => f.id.startsWith('w'));
    assert.deepEqual(
      words(after).map((f) => f.id),
      words(before).map((f) => f.id),
    );
    assert.deepEqual(
      words(after)[0].example?.inputs.map((i) => i.line),
      [7, 8, 9],
    );
    const changed = edited.replace('2 & 0 \\end{bmatrix}', '3 & 0 \\end{bmatrix}');
    const again = builder.build(changed, scanDocument(changed, 'markdown'), contentOptions, 0);
    assert.equal(words(again)[0].example, words(after)[0].example);
    assert.notEqual(words(again)[1].id, words(after)[1].id);
  });

  it('are written by the markdown-it plugin after the block of their last matrix, marked as read from the words', () => {
    const html = new MarkdownIt().use(attentionLens, { language: 'zh-cn' }).render(note);
    const marks = [...html.matchAll(/<p class="from-words">([^<]*)<\/p>/g)].map((m) => m[1]);
    assert.deepEqual(marks, [
      '按文字“scaled dot-product”计算：笔记没有写出公式，其后的矩阵即为输入。',
      '按文字“缩放点积”计算：笔记没有写出公式，其后的矩阵即为输入。',
    ]);
    const order = ['We now apply', 'from-words', '同样的例子', 'from-words', 'A formula of its own', 'class="example"'];
    let at = 0;
    for (const part of order) {
      const next = html.indexOf(part, at);
      assert.ok(next > at, `${part} follows in order`);
      at = next;
    }
  });
});
