import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../../src/core/document/positions';

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
});
