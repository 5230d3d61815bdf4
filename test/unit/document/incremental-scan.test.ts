import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DocumentFormat } from '../../../src/core/document/document-model';
import { ChangedSpan, rescan, type Scanned } from '../../../src/core/document/incremental-scan';
import { LineIndex } from '../../../src/core/document/positions';
import { type ScanOptions, scanDocument, scanTracked } from '../../../src/core/document/scan';
import { fuzzIncremental } from '../../fuzz/incremental.fuzz';
import { plainScan } from '../../support/plain-scan';

const paragraph = (i: number) =>
  `Paragraph ${i} weighs values by $\\mathrm{softmax}(QK^\\top)$ where $d_k = ${i}$ and the rest is prose. `.repeat(4);
/** A note long enough to have many resync points, with a marker at its end that the tests change. */
const note = (end = '$Z_{end}$') => `${Array.from({ length: 80 }, (_, i) => paragraph(i)).join('\n\n')}\n\n${end}\n`;

function scanned(text: string, format: DocumentFormat = 'markdown', options: ScanOptions = {}): Scanned {
  const lines = new LineIndex(text);
  return { ...scanTracked(text, format, options, lines), lines };
}

/** `text` with `insert` at `at` replacing `remove` characters, rescanned from `previous`. */
function edited(
  previous: Scanned,
  text: string,
  at: number,
  remove: number,
  insert: string,
  options: ScanOptions = {},
) {
  const next = text.slice(0, at) + insert + text.slice(at + remove);
  const span = new ChangedSpan(text.length);
  span.add([{ rangeOffset: at, rangeLength: remove, text: insert }]);
  return { next, result: rescan(previous, next, span.edit, options) };
}

describe('incremental rescan', () => {
  it('equals a whole scan after thousands of random edits of real and generated documents', {
    timeout: 300_000,
  }, () => {
    const report = fuzzIncremental(1200, 20_240_602);
    assert.ok(report.batches > 2500, `${report.batches} batches of changes`);
    assert.deepEqual(
      report.failures.map((f) => `${f.index}: ${f.problem} after ${JSON.stringify(f.changes)}`),
      [],
    );
  });

  it('reads only around the edit: text it was not told about is not read', () => {
    const text = note();
    const previous = scanned(text);
    // The end changes too, unreported: a rescan that stopped early still shows the old marker.
    const at = text.indexOf('Paragraph 40');
    const { next, result } = edited(previous, text.replace('Z_{end}', 'Y_{end}'), at, 0, '$x$ ');
    assert.equal(result.doc.regions.at(-1)?.tex, 'Z_{end}');
    assert.equal(result.doc.regions.length, scanDocument(next, 'markdown').regions.length);
  });

  for (const [name, insert, format] of [
    ['a $$ block opened', '\n$$\n', 'markdown'],
    ['a code fence opened', '\n```\n', 'markdown'],
    ['an HTML comment opened', '\n<!--\n', 'markdown'],
    ['front matter opened', '---\n', 'markdown'],
    ['an equation environment opened', '\\begin{equation}', 'latex'],
    ['a comment started', '% ', 'latex'],
  ] as const) {
    it(`follows ${name} to the end of the document, and its closing`, () => {
      const text = note();
      const at = name.startsWith('front') ? 0 : text.indexOf('Paragraph 20');
      const { next, result } = edited(scanned(text, format), text, at, 0, insert);
      assert.deepEqual(plainScan(result.doc), plainScan(scanDocument(next, format)));
      const closer = insert.replace('<!--', '-->').replace('begin', 'end');
      const closeAt = next.indexOf('Paragraph 60');
      const closed = edited(result, next, closeAt, 0, closer);
      assert.deepEqual(plainScan(closed.result.doc), plainScan(scanDocument(closed.next, format)));
    });
  }

  it('moves regions whose range and TeX were read before the edit, and those not read yet, alike', () => {
    const text = note();
    const previous = scanned(text);
    // Every third region read: the others are moved before their range or TeX was ever made.
    const read = previous.doc.regions.filter((_, i) => i % 3 === 0).map((r) => [r.range, r.tex]);
    assert.ok(read.length > 100);
    const first = edited(previous, text, text.indexOf('Paragraph 20'), 0, 'two\nlines $y$ ');
    assert.deepEqual(plainScan(first.result.doc), plainScan(scanDocument(first.next, 'markdown')));
    const again = edited(first.result, first.next, first.next.indexOf('Paragraph 10'), 0, '\n\n');
    assert.deepEqual(plainScan(again.result.doc), plainScan(scanDocument(again.next, 'markdown')));
    const last = again.result.doc.regions.at(-1);
    assert.deepEqual([last?.tex, last?.range.start.line], ['Z_{end}', again.next.split('\n').length - 2]);
  });

  it('hands the results after the edit on, moved in place, and scans whole when one scan is rescanned twice', () => {
    const text = note();
    const previous = scanned(text);
    const at = text.indexOf('Paragraph 40');
    const last = previous.doc.regions.at(-1);
    const lastRange = last?.range;
    const first = edited(previous, text, at, 0, 'a\nline ');
    // The same object, now at the new text's offsets; the range handed out before keeps its place.
    assert.equal(first.result.doc.regions.at(-1), last);
    assert.equal(last?.startOffset, first.next.lastIndexOf('$Z_{end}$'));
    assert.equal(lastRange?.start.line, (last?.range.start.line ?? 0) - 1);
    // A second rescan of the superseded scan, whose lists now hold moved results, reads the whole text instead.
    const second = edited(previous, text, text.indexOf('Paragraph 60'), 0, 'other $w$ ');
    assert.deepEqual(plainScan(second.result.doc), plainScan(scanDocument(second.next, 'markdown')));
    assert.notEqual(second.result.doc.regions.at(-1), last);
  });

  it('rescans a $$ line whose reading depends on a $$ paragraphs later when that $$ is removed', () => {
    const text = `$$a$$\n$$\n\n${note('foo $$ bar')}`;
    const at = text.lastIndexOf('$$');
    const { next, result } = edited(scanned(text), text, at, 2, '');
    assert.deepEqual(plainScan(result.doc), plainScan(scanDocument(next, 'markdown')));
  });

  it('scans whole again when a definition changes, since definitions apply to every later region', () => {
    const text = `$$\\newcommand{\\R}{\\mathbb{R}}$$\n\n${note('$K \\in \\R^{n \\times d}$')}`;
    const previous = scanned(text);
    assert.equal(previous.doc.shapes.at(-1)?.symbol, 'K');
    // `\R` no longer means the reals: the shape at the end is gone.
    const { next, result } = edited(previous, text, text.indexOf('mathbb'), 6, 'mathcal');
    assert.deepEqual(plainScan(result.doc), plainScan(scanDocument(next, 'markdown')));
    assert.equal(result.doc.shapes.length, 0);
  });

  it('keeps user macros, LaTeX preamble definitions and CRLF line ends', () => {
    const text = `\\newcommand{\\Q}{Q}\r\n\r\n${note('$\\Q = [[1, 2]]$').replaceAll('\n', '\r\n')}`;
    const options = { macros: { '\\R': '\\mathbb{R}' } };
    const previous = scanned(text, 'latex', options);
    const { next, result } = edited(previous, text, text.indexOf('\r\n', 5000), 2, '\n$\\Q \\in \\R^{2 \\times 3}$\r');
    assert.deepEqual(plainScan(result.doc), plainScan(scanDocument(next, 'latex', options)));
    assert.deepEqual(result.lines.positionAt(next.length), new LineIndex(next).positionAt(next.length));
  });
});

describe('changed span', () => {
  it('covers a sequence of changes, each made to the text the previous one left', () => {
    const span = new ChangedSpan(100);
    assert.ok(span.add([{ rangeOffset: 80, rangeLength: 5, text: 'abc' }]));
    assert.ok(span.add([{ rangeOffset: 10, rangeLength: 0, text: 'xy' }]));
    assert.deepEqual(span.edit, { start: 10, oldEnd: 85, newEnd: 85 });
    assert.equal(span.length, 100);
    assert.equal(span.add([{ rangeOffset: 99, rangeLength: 5, text: '' }]), false);
  });
});
