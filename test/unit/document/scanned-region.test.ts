import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { LineIndex } from '../../../src/core/document/positions';
import { scanDocument } from '../../../src/core/document/scan';
import { ScannedRegion } from '../../../src/core/document/scanned-region';

describe('scanned region', () => {
  const text = 'Intro\r\n\r\nwith $a+b$ and\n$$\nQ K^T\n$$\n';
  const lines = new LineIndex(text);
  const region = () => new ScannedRegion(14, 19, 'inline', '$', 15, 18, lines);

  it('reads its range and TeX from the text it was found in, once', () => {
    const r = region();
    assert.deepEqual(r.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 10 } });
    assert.equal(r.tex, 'a+b');
    assert.equal(r.range, r.range);
    const [inline, display] = scanDocument(text, 'markdown').regions;
    assert.deepEqual([inline.range, inline.tex], [r.range, r.tex]);
    assert.deepEqual([display.range.end, display.tex], [{ line: 5, character: 2 }, '\nQ K^T\n']);
  });

  it('moves in place by offsets and lines, whether or not its range and TeX were read', () => {
    const read = region();
    const given = read.range;
    assert.equal(given.start.line, 2);
    const unread = region();
    for (const m of [read, unread]) {
      m.move(7, 2);
      m.move(-1, -1);
      assert.deepEqual([m.startOffset, m.endOffset, m.texOffset, m.texEnd], [20, 25, 21, 24]);
      assert.deepEqual(m.range, { start: { line: 3, character: 5 }, end: { line: 3, character: 10 } });
      assert.equal(m.tex, 'a+b');
    }
    // The range handed out before keeps its place; one read after a move that keeps the lines stays the same.
    assert.equal(given.start.line, 2);
    const moved = read.range;
    read.move(3, 0);
    assert.equal(read.range, moved);
  });

  it('is placed in a longer text before it is located, as a notebook cell is in the joined cells', () => {
    const cell = new ScannedRegion(5, 10, 'inline', '$', 6, 9);
    assert.throws(() => cell.tex);
    cell.move(9);
    cell.locate(lines);
    assert.deepEqual([cell.startOffset, cell.texEnd, cell.tex], [14, 18, 'a+b']);
    assert.deepEqual(cell.range, region().range);
  });

  it('shows its data alone to copies and comparisons, read or not', () => {
    const read = region();
    assert.ok(read.range && read.tex);
    assert.ok(isDeepStrictEqual(read, region()));
    assert.deepEqual(Object.keys(read), ['startOffset', 'endOffset', 'kind', 'delimiter', 'texOffset']);
  });
});
