// The prose's statements of the softmax's name, read again after an edit only in the paragraphs it touches: no
// statement, nor any attempt at one, reads across a blank line, and the result is always a whole reading's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TextEdit } from '../../../src/core/document/readings';
import { softmaxStatements } from '../../../src/core/document/softmax-names';
import type { Matches } from '../../../src/core/document/text-matches';
import { prng, randomInt } from '../../support/random';

/** A reading as plain values, to compare with a whole reading. */
function plain(m: Matches<string>) {
  return { length: m.length, starts: [...m.starts], ends: [...m.ends], items: [...m.items] };
}

/** `text` with [at, at + remove) replaced by `insert`, and the edit that says so. */
function edited(text: string, at: number, remove: number, insert: string): { text: string; edit: TextEdit } {
  return {
    text: text.slice(0, at) + insert + text.slice(at + remove),
    edit: { start: at, oldEnd: at + remove, newEnd: at + insert.length },
  };
}

/**
 * Where the global expressions `read` runs start their search and how much text they are given: the least
 * `lastIndex` an `exec` is called with, and the longest input.
 */
function searchedBy(read: () => void): { from: number; to: number } | undefined {
  const exec = RegExp.prototype.exec;
  let reach: { from: number; to: number } | undefined;
  RegExp.prototype.exec = function (this: RegExp, input: string) {
    if (this.global)
      reach = {
        from: Math.min(reach?.from ?? this.lastIndex, this.lastIndex),
        to: Math.max(reach?.to ?? 0, input.length),
      };
    return exec.call(this, input);
  };
  try {
    read();
  } finally {
    RegExp.prototype.exec = exec;
  }
  return reach;
}

/** Paragraphs of inline math and prose, as a math-heavy note has them: a `$` starts an attempt every few words. */
function mathNote(paragraphs: number): string {
  const para = (i: number) =>
    `Row ${i} of $QK^\\top$ is scaled by $\\sqrt{d_k}$,\nthen $\\sigma(x_${i})$ and $W_${i}$ give the output.`;
  return [
    'Here $\\sigma$ denotes the row-wise softmax.',
    ...Array.from({ length: paragraphs }, (_, i) => para(i)),
  ].join('\n\n');
}

describe('statements of the softmax read again after edits', () => {
  it('reads a statement wrapped over a line break, never one across a blank line', () => {
    const names = (text: string) => softmaxStatements(text).items;
    assert.deepEqual(names('where $\\sigma$ is\nthe softmax.'), ['sigma']);
    assert.deepEqual(names('where σ 表示\r\nsoftmax。'), ['sigma']);
    assert.deepEqual(names('the softmax, denoted\n  by $\\phi$.'), ['phi']);
    assert.deepEqual(names('$\\sigma(\n\\cdot) = \\mathrm{softmax}(\\cdot)$'), ['sigma']);
    for (const blank of ['\n\n', '\n \t\n', '\r\n\r\n', '\n\n\n'])
      for (const text of [
        `where $\\sigma$ is${blank}the softmax.`,
        `where σ 表示${blank}softmax。`,
        `the softmax, denoted${blank}by $\\phi$.`,
        `We write $\\sigma$${blank}for the softmax.`,
        `the row-${blank}wise softmax is σ`,
      ])
        assert.deepEqual(names(text), [], JSON.stringify(text));
  });

  it('reads as a whole reading does after 400 random edits, blank lines and statements among them', () => {
    const inserts = [
      '\n\n',
      '\n',
      '\n \n',
      '\r\n\r\n',
      ' ',
      'x',
      '$',
      'where $\\sigma$ is\nthe softmax.',
      'σ 表示 softmax',
      'the softmax, denoted\nby $\\phi$',
      '\n\nWe write $\\varphi$ for the\nrow-wise softmax.\n\n',
      'softmax, denoted\n',
      ' is the softmax',
      'σ',
    ];
    const next = prng(17);
    let text = mathNote(40);
    let reading = softmaxStatements(text);
    for (let step = 0; step < 400; step++) {
      // Often at a line break, where paragraphs are made, joined and split.
      const breaks = [...text.matchAll(/\n/g)].map((m) => m.index);
      const near = next() < 0.5 && breaks.length > 0 ? breaks[randomInt(next, 0, breaks.length - 1)] : undefined;
      const at = Math.min(text.length, near ?? randomInt(next, 0, text.length));
      const remove = next() < 0.4 ? Math.min(text.length - at, randomInt(next, 1, 40)) : 0;
      const insert = next() < 0.2 ? '' : inserts[randomInt(next, 0, inserts.length - 1)];
      const after = edited(text, at, remove, insert);
      reading = softmaxStatements(after.text, { reading, edit: after.edit });
      text = after.text;
      assert.deepEqual(plain(reading), plain(softmaxStatements(text)), `step ${step}: ${JSON.stringify(after.edit)}`);
    }
    assert.ok(reading.count > 3, `${reading.count} statements`);
  });

  it('searches only the paragraph of an edit far from every statement', () => {
    const text = mathNote(2000);
    const earlier = softmaxStatements(text);
    assert.deepEqual(earlier.items, ['sigma']);
    // A character typed in paragraph 1000, which starts after a blank line and ends before one.
    const paragraph = text.indexOf('Row 1000 ');
    const end = text.indexOf('\n\n', paragraph);
    const at = text.indexOf('\\sqrt', paragraph);
    const typed = edited(text, at, 0, 'x');
    let again: Matches<string> | undefined;
    const reach = searchedBy(() => {
      again = softmaxStatements(typed.text, { reading: earlier, edit: typed.edit });
    });
    // From the paragraph's start to past the line break that ends the blank line after it.
    assert.deepEqual(reach, { from: paragraph, to: end + 1 + 2 });
    assert.ok(again);
    assert.deepEqual(plain(again), plain(softmaxStatements(typed.text)));
    // The whole reading runs over all the text.
    assert.deepEqual(
      searchedBy(() => softmaxStatements(typed.text)),
      { from: 0, to: typed.text.length },
    );
  });

  it('searches both paragraphs a deleted blank line joins, and on past a statement that ran across a new one', () => {
    const text = mathNote(20);
    const earlier = softmaxStatements(text);
    const second = text.indexOf('Row 10 ');
    const first = text.lastIndexOf('\n\n', second - 3) + 2;
    const joined = edited(text, second - 2, 1, '');
    const reach = searchedBy(() => softmaxStatements(joined.text, { reading: earlier, edit: joined.edit }));
    assert.deepEqual(reach, { from: first, to: joined.text.indexOf('\n\n', second) + 2 });
    // The line holding the edit is made blank: a statement of the earlier text ran across its line break, so the
    // earlier text is no guide from there, and the search goes on to the next blank line of both.
    const wrapped = 'softmax, denoted\nσ is the softmax.\n\nMore.\n\nWhere $\\phi$ is the softmax.';
    const before = softmaxStatements(wrapped);
    assert.deepEqual(plain(before), {
      length: wrapped.length,
      starts: [0, 49],
      ends: [18, 70],
      items: ['sigma', 'phi'],
    });
    const blanked = edited(wrapped, 0, 'softmax, denoted'.length, '');
    const after = softmaxStatements(blanked.text, { reading: before, edit: blanked.edit });
    assert.deepEqual(plain(after), plain(softmaxStatements(blanked.text)));
    assert.deepEqual(after.items, ['sigma', 'phi']);
  });
});
