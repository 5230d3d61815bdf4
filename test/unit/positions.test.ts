import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../src/core/positions';

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
});
