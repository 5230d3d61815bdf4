import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex, LineStarts } from '../../../src/core/document/positions';
import { Prng } from '../../support/prng';

describe('line index', () => {
  it('maps offsets to lines and UTF-16 characters and back', () => {
    const text = 'ab\n中😀x\r\ny\rz';
    const lines = new LineIndex(text);
    assert.equal(lines.lineCount, 4);
    const cases: [number, number, number][] = [
      [0, 0, 0],
      [2, 0, 2],
      [3, 1, 0],
      [4, 1, 1],
      [6, 1, 3],
      [7, 1, 4],
      [9, 2, 0],
      [11, 3, 0],
      [12, 3, 1],
    ];
    for (const [offset, line, character] of cases) {
      assert.deepEqual(lines.positionAt(offset), { line, character }, `offset ${offset}`);
      assert.equal(lines.offsetAt({ line, character }), offset);
    }
    assert.deepEqual(lines.positionAt(99), { line: 3, character: 1 });
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 3);
  });

  it('updates the table after an edit, however it splits or joins CRLF line ends', () => {
    const text = 'ab\r\ncd\ref\n\ngh\r\n';
    for (let start = 0; start <= text.length; start++)
      for (let end = start; end <= Math.min(text.length, start + 3); end++)
        for (const insert of ['', '\n', '\r', 'x\r\ny', '\n\r']) {
          const next = text.slice(0, start) + insert + text.slice(end);
          const lines = new LineIndex(text).edited(next, start, end, start + insert.length);
          const fresh = new LineIndex(next);
          assert.equal(lines.lineCount, fresh.lineCount, JSON.stringify([start, end, insert]));
          for (let o = 0; o <= next.length; o++) assert.deepEqual(lines.positionAt(o), fresh.positionAt(o));
        }
  });

  it('answers offsets asked in any order, near and far from the last one, as a line-by-line count does', () => {
    const text = Array.from({ length: 300 }, (_, i) => 'x'.repeat(i % 7) + (i % 5 === 0 ? '\r\n' : '\n')).join('');
    const lines = new LineIndex(text);
    const fresh = (offset: number) => {
      const before = text.slice(0, offset).split(/\r\n|\r|\n/);
      return { line: before.length - 1, character: before[before.length - 1].length };
    };
    const random = new Prng(7);
    let offset = 0;
    for (let k = 0; k < 3000; k++) {
      const step = random.int(4);
      offset = step === 0 ? random.int(text.length + 1) : Math.min(text.length, offset + random.int(step * 20));
      // An offset between `\r` and `\n` is not asked: it belongs to neither line.
      if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
      assert.deepEqual(lines.positionAt(offset), fresh(offset), `offset ${offset}`);
    }
  });

  it('keeps line starts in chunks that edits share and move, equal to a plain list after random edits', () => {
    const random = new Prng(11);
    for (let trial = 0; trial < 40; trial++) {
      let plain = [0];
      for (let i = 1; i < 1 + random.int(60); i++) plain.push(plain[i - 1] + 1 + random.int(9));
      let chunked = LineStarts.of(Int32Array.from(plain), 1 + random.int(6));
      for (let edit = 0; edit < 60; edit++) {
        // Lines up to `keep` kept, new lines in the gap up to the first line moved, the rest moved by `delta`.
        const keep = random.int(plain.length);
        const movedFrom = keep + 1 + random.int(Math.min(4, plain.length - keep));
        const reach = movedFrom < plain.length ? plain[movedFrom] : plain[plain.length - 1] + 5;
        const delta = random.int(30) - 10;
        const changed: number[] = [];
        for (
          let at = plain[keep] + 1 + random.int(3);
          at < reach + delta && changed.length < 12;
          at += 1 + random.int(3)
        )
          changed.push(at);
        if (movedFrom < plain.length && plain[movedFrom] + delta <= (changed.at(-1) ?? plain[keep])) continue;
        plain = [...plain.slice(0, keep + 1), ...changed, ...plain.slice(movedFrom).map((o) => o + delta)];
        chunked = chunked.edited(keep, changed, movedFrom, delta);
        assert.equal(chunked.count, plain.length);
        assert.deepEqual(
          plain.map((_, line) => chunked.start(line)),
          plain,
        );
        for (const offset of [0, plain[random.int(plain.length)], random.int(plain.at(-1) ?? 0) + 3])
          assert.equal(
            plain[chunked.lastAtOrBefore(offset)],
            [...plain].reverse().find((o) => o <= offset),
          );
      }
    }
  });
});
