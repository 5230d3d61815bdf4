// A notebook as the editor reads it: each Markdown cell a document of its own, read with the cells above it.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { definitionsOf } from '../../../src/core/attention/formula-inputs';
import { diagnoseDocument } from '../../../src/core/diagnose/diagnose';
import type { IndexedDocument } from '../../../src/core/document/document-index';
import { type NotebookSource, readNotebook, scanNotebook } from '../../../src/core/document/notebook';
import { IndexedNotebook } from '../../../src/core/document/notebook-index';
import { LineIndex } from '../../../src/core/document/positions';
import { explainAt } from '../../../src/core/explain/explain';
import { hostileDocuments } from '../../support/hostile';
import { notebookSources } from '../../support/notebook-sources';
import { plainScan } from '../../support/plain-scan';

const fixtures = join(__dirname, '../../fixtures/workspace/notebooks');

const sourceAt = (sources: NotebookSource[], index: number) => sources.find((s) => s.index === index) as NotebookSource;
const cellText = (sources: NotebookSource[], index: number) => sourceAt(sources, index).text;

/** `line:character severity code` of the findings in `cell`, as the editor's diagnostics of that cell list them. */
function findingsIn(cell: IndexedDocument | undefined): string[] {
  assert.ok(cell);
  const all = diagnoseDocument(cell.scan, { text: cell.text, positionAt: (o) => cell.positionAt(o) });
  return all
    .filter((f) => cell.holds(f.startOffset, f.endOffset))
    .map((f) => `${f.range.start.line}:${f.range.start.character} ${f.severity} ${f.code}`);
}

describe('a notebook cell read with the cells above it', () => {
  const masked = notebookSources(join(fixtures, 'masked-attention.ipynb'));
  const declared = notebookSources(join(fixtures, 'declared-shapes.ipynb'));

  it('reads the text the command line reads in the file', () => {
    for (const name of ['masked-attention.ipynb', 'declared-shapes.ipynb', 'code-defined.ipynb']) {
      const path = join(fixtures, name);
      const read = readNotebook(readFileSync(path, 'utf8'));
      assert.ok(read.ok);
      const notebook = new IndexedNotebook(path, notebookSources(path));
      assert.deepEqual(notebook.text, read.notebook);
      assert.deepEqual(
        plainScan(notebook.scan),
        plainScan(scanNotebook(read.notebook, {}, new LineIndex(read.notebook.text))),
      );
    }
  });

  it('counts positions within its cell and keeps to its own text', () => {
    const notebook = new IndexedNotebook('nb', masked);
    const last = notebook.cell(3, 1);
    assert.ok(last);
    assert.equal(notebook.cell(1, 1), undefined, 'cell 1 is a code cell');
    const source = cellText(masked, 3);
    const formula = source.indexOf('$$\\operatorname');
    const offset = last.span.start + formula;
    assert.deepEqual(last.positionAt(offset), { line: 2, character: 0 });
    assert.equal(last.offsetAt({ line: 2, character: 0 }), offset);
    // Places past the cell clamp to it; the cells above are not this document.
    assert.equal(last.offsetAt({ line: 99, character: 0 }), last.span.end);
    assert.equal(last.offsetAt({ line: -1, character: 5 }), last.span.start);
    assert.equal(last.holds(offset), true);
    assert.equal(last.holds(0), false);
    assert.equal(
      last.regionAt(offset)?.tex,
      '\\operatorname{softmax}\\left(\\frac{Q K^\\top}{\\sqrt{d_k}} + M\\right) V',
    );
    // Positions of another cell are within that cell too, as its own editor counts them.
    const q = notebook.scan.matrices.find((m) => m.name === 'Q');
    assert.ok(q);
    assert.deepEqual(last.positionAt(q.startOffset), { line: 3, character: 4 });
    assert.equal(notebook.cell(3, 1), last, 'the same view until the version changes');
    assert.notEqual(notebook.cell(3, 2), last);
  });

  it('binds the formula of a later cell to the matrices and d_k of earlier cells', () => {
    const last = new IndexedNotebook('nb', masked).cell(3, 1);
    assert.ok(last);
    const index = last.scan.regions.indexOf(
      last.regionAt(last.offsetAt({ line: 2, character: 3 })) ?? last.scan.regions[0],
    );
    const defs = definitionsOf(last.scan);
    assert.deepEqual(
      ['Q', 'K', 'V', 'M'].map((name) => {
        const s = defs.shapeOf(name, index);
        return s && `${name} ${s.rows}×${s.cols}`;
      }),
      ['Q 2×2', 'K 3×2', 'V 3×2', 'M 2×3'],
    );
    assert.equal(defs.scalar('d_k', index)?.value, 2);
    // Read alone, as each cell was before, the cell knows none of them.
    const alone = new IndexedNotebook('alone', [sourceAt(masked, 3)]).cell(3, 1);
    assert.ok(alone);
    assert.equal(definitionsOf(alone.scan).shapeOf('Q', 0), undefined);
  });

  it('diagnoses a later cell with the definitions of earlier ones, and lists its own findings only', () => {
    const notebook = new IndexedNotebook('nb', masked);
    // With the matrices of the cells above, Q K cannot be computed: an error, where the cell alone gets a warning.
    assert.deepEqual(findingsIn(notebook.cell(3, 1)), ['4:52 error AL004']);
    assert.deepEqual(findingsIn(notebook.cell(0, 1)), []);
    assert.deepEqual(findingsIn(new IndexedNotebook('alone', [sourceAt(masked, 3)]).cell(3, 1)), [
      '4:52 warning AL004',
    ]);

    // Shapes declared with a macro of the first cell: the mask of the last cell is the wrong shape.
    const shapes = new IndexedNotebook('nb', declared);
    assert.deepEqual(findingsIn(shapes.cell(3, 1)), ['0:48 error AL002']);
    assert.deepEqual(findingsIn(new IndexedNotebook('alone', [sourceAt(declared, 3)]).cell(3, 1)), []);
  });

  it('binds a formula to the matrices a code cell above makes', () => {
    const sources = notebookSources(join(fixtures, 'code-defined.ipynb'));
    const cell = new IndexedNotebook('nb', sources).cell(2, 1);
    assert.ok(cell);
    const index = cell.scan.regions.findIndex((r) => cell.holds(r.startOffset));
    const defs = definitionsOf(cell.scan);
    assert.deepEqual(
      ['Q', 'K', 'V'].map((name) => {
        const s = defs.shapeOf(name, index);
        return s && `${name} ${s.rows}×${s.cols}`;
      }),
      ['Q 2×2', 'K 3×2', 'V 3×2'],
    );
  });

  it('explains a symbol of a later cell with the shape an earlier cell gives it', () => {
    const last = new IndexedNotebook('nb', masked).cell(3, 1);
    assert.ok(last);
    const at = last.offsetAt({ line: 2, character: cellText(masked, 3).split('\n')[2].indexOf('K^') });
    const e = explainAt(last, at, (start, end) => last.text.slice(start, end));
    assert.ok(e?.type === 'symbol');
    assert.deepEqual([e.symbol, e.shape], ['K', { symbolic: ['l_k', 'd_k'], numeric: [3, 2] }]);
  });

  const realNotes = resolve(__dirname, '../../../../shared/real-notes');
  const skip = existsSync(realNotes) ? false : `real notes folder ${realNotes} is absent`;
  it('reads each cell of the real notebooks with the cells above, its findings those of the whole notebook in it', {
    skip,
  }, () => {
    const files = readdirSync(realNotes).filter((f) => f.endsWith('.ipynb'));
    assert.ok(files.length >= 6);
    for (const file of files) {
      const path = join(realNotes, file);
      const sources = notebookSources(path);
      const notebook = new IndexedNotebook(path, sources);
      const whole = diagnoseDocument(notebook.scan, { text: notebook.text.text });
      let listed = 0;
      for (const source of sources.filter((s) => !s.outputs)) {
        const cell = notebook.cell(source.index, 1);
        assert.ok(cell, `${file}: cell ${source.index + 1}`);
        assert.equal(cell.text.slice(cell.span.start, cell.span.end), source.text);
        // Every place of the cell maps to itself and back, as the cell's editor counts.
        const lines = new LineIndex(source.text);
        for (let offset = 0; offset <= source.text.length; offset += 97) {
          const p = lines.positionAt(offset);
          assert.deepEqual(
            cell.positionAt(cell.span.start + offset),
            p,
            `${file}: cell ${source.index + 1} @${offset}`,
          );
          assert.equal(cell.offsetAt(p), cell.span.start + offset);
        }
        listed += whole.filter((f) => cell.holds(f.startOffset, f.endOffset)).length;
      }
      // The others are in code cells and their outputs, which the editor does not diagnose.
      const inCode = whole.filter((f) =>
        notebook.text.cells.some((c) => c.code && f.startOffset >= c.start && f.startOffset <= c.end + 2000),
      );
      assert.equal(listed + inCode.length, whole.length, `${file}: every finding belongs to one cell`);
    }
  });

  // Each hostile Markdown document split into three cells around a code cell: every cell is read, its places map
  // within it and back, and the findings of the notebook fall in its cells.
  for (const doc of hostileDocuments(1).filter((d) => d.format === 'markdown')) {
    it(`reads the cells of a notebook made of '${doc.name}'`, () => {
      const third = Math.floor(doc.text.length / 3);
      const sources: NotebookSource[] = [
        { index: 0, text: doc.text.slice(0, third) },
        { index: 1, text: doc.text.slice(0, 100), outputs: [doc.text.slice(0, 100)] },
        { index: 2, text: doc.text.slice(third, 2 * third) },
        { index: 3, text: doc.text.slice(2 * third) },
      ];
      const notebook = new IndexedNotebook(doc.name, sources);
      const whole = diagnoseDocument(notebook.scan, { text: notebook.text.text });
      let listed = 0;
      for (const index of [0, 2, 3]) {
        const cell = notebook.cell(index, 1);
        assert.ok(cell);
        const { start, end } = cell.span;
        assert.equal(cell.offsetAt(cell.positionAt(start)), start);
        assert.equal(cell.offsetAt(cell.positionAt(end)), end);
        listed += whole.filter((f) => cell.holds(f.startOffset, f.endOffset)).length;
      }
      const code = notebook.text.cells[1];
      const inCode = whole.filter((f) => f.startOffset >= code.start && f.startOffset < notebook.text.cells[2].start);
      assert.equal(listed + inCode.length, whole.length);
    });
  }
});
