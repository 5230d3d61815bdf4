// The text of a document kept from the changes the editor reports: the same as the editor's, and read from the
// editor again only when the changes do not account for the version asked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EditedTexts } from '../../../src/core/document/edited-texts';

const document = {};

/** The texts kept and how often the editor's text was read. */
function kept(text: string) {
  const texts = new EditedTexts<object>();
  let reads = 0;
  let current = text;
  const read = () => {
    reads++;
    return current;
  };
  return {
    texts,
    reads: () => reads,
    set: (t: string) => {
      current = t;
    },
    textOf: (version: number) => texts.textOf(document, version, read, () => current.length),
  };
}

describe('texts kept from reported changes', () => {
  it('applies each change to the text the previous ones left, without reading the text again', () => {
    const k = kept('abcdef');
    assert.equal(k.textOf(1), 'abcdef');
    // Two changes in one event, the second after the first: "cd" becomes "XYZ", then "e" is deleted.
    k.set('abXYZf');
    k.texts.edit(document, 2, [
      { rangeOffset: 2, rangeLength: 2, text: 'XYZ' },
      { rangeOffset: 5, rangeLength: 1, text: '' },
    ]);
    assert.equal(k.textOf(2), 'abXYZf');
    // Two events before the next read.
    k.set('QabXYZf!');
    k.texts.edit(document, 3, [{ rangeOffset: 0, rangeLength: 0, text: 'Q' }]);
    k.texts.edit(document, 4, [{ rangeOffset: 7, rangeLength: 0, text: '!' }]);
    assert.equal(k.textOf(4), 'QabXYZf!');
    assert.equal(k.reads(), 1);
  });

  it('reads the text again after a change that does not fit, a version without changes or a length that differs', () => {
    const k = kept('abc');
    k.textOf(1);
    k.set('abcd');
    k.texts.edit(document, 2, [{ rangeOffset: 2, rangeLength: 5, text: 'cd' }]);
    assert.equal(k.textOf(2), 'abcd');
    assert.equal(k.reads(), 2);
    // The line ends replaced: a new version, no change reported.
    k.set('ab\r\ncd');
    k.texts.edit(document, 3, []);
    assert.equal(k.textOf(3), 'ab\r\ncd');
    assert.equal(k.reads(), 3);
    // A change missed: the kept text is one character short of the editor's.
    k.set('ab\r\ncde!');
    k.texts.edit(document, 4, [{ rangeOffset: 6, rangeLength: 0, text: '!' }]);
    assert.equal(k.textOf(4), 'ab\r\ncde!');
    assert.equal(k.reads(), 4);
    // Changes to a version already read are ignored; an older version asked is read.
    k.texts.edit(document, 4, [{ rangeOffset: 0, rangeLength: 0, text: 'zzz' }]);
    assert.equal(k.textOf(4), 'ab\r\ncde!');
    assert.equal(k.reads(), 4);
  });

  it('equals the edited text after 2000 random changes', () => {
    let text = 'The key width is d_k = 2.\n```python\nQ = [[1, 0], [0, 1]]\n```\n';
    const k = kept(text);
    k.textOf(1);
    let seed = 12_345;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed % n;
    };
    let version = 1;
    for (let i = 0; i < 2000; i++) {
      const changes = [];
      for (let j = 1 + next(3); j > 0; j--) {
        const at = next(text.length + 1);
        const remove = Math.min(text.length - at, next(4));
        const insert = ['', 'x', '\n', '```\n', 'é漢'][next(5)];
        text = text.slice(0, at) + insert + text.slice(at + remove);
        changes.push({ rangeOffset: at, rangeLength: remove, text: insert });
      }
      k.set(text);
      k.texts.edit(document, ++version, changes);
      if (next(4) === 0) assert.equal(k.textOf(version), text);
    }
    assert.equal(k.textOf(version), text);
    assert.equal(k.reads(), 1);
  });

  it('keeps many changes made between two reads, a change that does not fit among them included', () => {
    const k = kept('start');
    k.textOf(1);
    let text = 'start';
    for (let version = 2; version < 3000; version++) {
      k.texts.edit(document, version, [{ rangeOffset: text.length, rangeLength: 0, text: String(version % 10) }]);
      text += String(version % 10);
    }
    k.set(text);
    k.texts.catchUp(document);
    assert.equal(k.textOf(2999), text);
    assert.equal(k.reads(), 1);
    k.texts.edit(document, 3000, [{ rangeOffset: 0, rangeLength: 1, text: '' }]);
    k.texts.edit(document, 3001, [{ rangeOffset: text.length, rangeLength: 5, text: '' }]);
    k.set('tart');
    assert.equal(k.textOf(3001), 'tart');
    assert.equal(k.reads(), 2);
  });
});
