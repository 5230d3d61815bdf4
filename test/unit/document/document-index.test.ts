import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitionsOf } from '../../../src/core/attention/formula-inputs';
import { DocumentIndex } from '../../../src/core/document/document-index';
import { scanDocument } from '../../../src/core/document/scan';
import { plainScan } from '../../support/plain-scan';

const text = 'Intro $x$.\n\n$$K = [[1, 2]]$$\n\n$$K = [[3, 4]], d_k = 2, Q \\in \\mathbb{R}^{n \\times d}$$\n';

describe('document index', () => {
  it('scans a document again only when its version changes', () => {
    const index = new DocumentIndex();
    let reads = 0;
    const read = () => {
      reads++;
      return text;
    };
    const first = index.get('file:///a.md', 1, 'markdown', read);
    assert.equal(index.get('file:///a.md', 1, 'markdown', read), first);
    assert.deepEqual([index.scans, reads], [1, 1]);
    const second = index.get('file:///a.md', 2, 'markdown', () => `${text}$y$`);
    assert.notEqual(second, first);
    assert.equal(second.scan.regions.length, 4);
    assert.equal(index.scans, 2);
    index.forget('file:///a.md');
    assert.equal(index.peek('file:///a.md'), undefined);
  });

  it('rescans everything when the options change', () => {
    const index = new DocumentIndex();
    index.get('a', 1, 'markdown', () => '$Q \\in \\RR^{a \\times b}$');
    index.setOptions({ macros: { '\\RR': '\\mathbb{R}' } });
    assert.equal(index.get('a', 1, 'markdown', () => '$Q \\in \\RR^{a \\times b}$').scan.shapes.length, 1);
    assert.equal(index.scans, 2);
  });

  it('reads one document with macros of its own, which win over the shared ones and outlive its edits', () => {
    const index = new DocumentIndex({ macros: { '\\Km': 'M' } });
    const note = '$$\\Km = [[1, 2]]$$\n';
    const names = (key: string, version: number, body = note) =>
      index.get(key, version, 'latex', () => body).scan.matrices.map((m) => m.name);
    assert.deepEqual([names('a', 1), names('b', 1)], [['M'], ['M']]);
    index.setDocumentMacros('a', { '\\Km': 'K' });
    // Read again at the same version; the other document keeps its scan.
    assert.deepEqual([names('a', 1), names('b', 1), index.scans], [['K'], ['M'], 3]);
    index.edit('a', 2, [{ rangeOffset: note.length, rangeLength: 0, text: '\n' }]);
    assert.deepEqual([names('a', 2, `${note}\n`), index.rescans], [['K'], 1]);
    // The document's own definition wins over both.
    const own = `\\newcommand{\\Km}{V}\n${note}`;
    assert.deepEqual(names('a', 3, own), ['V']);
    index.forget('a');
    assert.deepEqual(names('a', 4), ['M']);
    index.setDocumentMacros('b', null);
    assert.deepEqual(names('b', 1), ['M']);
  });

  it('answers region lookups by offset, and the definitions in force for a region', () => {
    const doc = new DocumentIndex().get('a', 1, 'markdown', () => text);
    assert.equal(doc.regionAt(7)?.tex, 'x');
    assert.equal(doc.regionAt(10), undefined);
    assert.equal(doc.regionAt(text.indexOf('$$K')), doc.scan.regions[1]);
    const defs = definitionsOf(doc.scan);
    assert.equal(definitionsOf(doc.scan), defs, 'one table per scan');
    // For the intro, nothing is above: the first definition below is in force.
    assert.deepEqual(defs.matrix('K', 0)?.values, [[1, 2]]);
    // A region's own definitions never count for it; the nearest one above does.
    assert.deepEqual(defs.matrix('K', 2)?.values, [[1, 2]]);
    assert.deepEqual(defs.matrix('K', 1)?.values, [[3, 4]]);
    assert.equal(defs.declaration('Q', 0)?.cols, 'd');
    assert.equal(defs.scalar('d_k', 1)?.value, 2);
    assert.equal(defs.scalar('d_k', 2), undefined);
    assert.deepEqual(doc.positionAt(text.indexOf('Q \\in')), { line: 4, character: 25 });
    assert.equal(doc.offsetAt({ line: 4, character: 25 }), text.indexOf('Q \\in'));
  });

  it('rescans around the changes reported since the last scan, and whole when one was missed', () => {
    const index = new DocumentIndex();
    const long = `${'Prose with $x$ in it and more prose after that.\n\n'.repeat(400)}$$K = [[1, 2]]$$\n`;
    index.get('a', 1, 'markdown', () => long);
    const at = long.indexOf('$x$', 10_000);
    const changed = `${long.slice(0, at)}$y$ ${long.slice(at)}`;
    index.edit('a', 2, [{ rangeOffset: at, rangeLength: 0, text: '$y$' }]);
    index.edit('a', 3, [{ rangeOffset: at + 3, rangeLength: 0, text: ' ' }]);
    // A change reported again for a version already there is ignored.
    index.edit('a', 3, [{ rangeOffset: 0, rangeLength: 0, text: 'again' }]);
    const doc = index.get('a', 3, 'markdown', () => changed);
    assert.deepEqual([index.scans, index.rescans], [2, 1]);
    assert.deepEqual(plainScan(doc.scan), plainScan(scanDocument(changed, 'markdown')));

    index.edit('a', 4, [{ rangeOffset: changed.length + 5, rangeLength: 0, text: 'x' }]);
    index.get('a', 4, 'markdown', () => `${changed}x`);
    assert.deepEqual([index.scans, index.rescans], [3, 1]);
  });
});
