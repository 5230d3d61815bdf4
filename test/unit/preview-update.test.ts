// The preview's work per update follows what changed: after an edit only the formulas whose TeX or inputs changed
// are evaluated again, ids of the others stay, only changed formulas are sent, and a note with more formulas than
// the preview shows at once is shown around the cursor with a notice.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateRegion } from '../../src/core/attention/evaluate';
import { DocumentIndex } from '../../src/core/document/document-index';
import { MAX_SHOWN } from '../../src/preview/formula-window';
import { type ContentOptions, PreviewContentBuilder, SentFormulas } from '../../src/preview/preview-content';
import { contentOptions } from '../preview-page/messages';

const BLOCKS = 400;

/** Sections of three matrices and the attention formula that binds them, each with its own numbers. */
function note(): string {
  const matrix = (a: number, b: number) => `\\begin{bmatrix} ${a} & ${b} \\\\ ${b} & ${a} \\end{bmatrix}`;
  return Array.from(
    { length: BLOCKS },
    (_, i) =>
      `## Part ${i}\n\n$$Q = ${matrix(i, 1)}, \\quad K = ${matrix(1, i)}, \\quad V = ${matrix(i, i + 1)}$$\n\n` +
      `$$\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{2}}\\right)V$$\n`,
  ).join('\n');
}

/** A document as the host holds it: edits go through the index, which rescans around them. */
class Note {
  private readonly index = new DocumentIndex();
  private version = 1;
  constructor(public text: string) {}
  get() {
    return this.index.get('note', this.version, 'markdown', () => this.text);
  }
  replace(at: number, length: number, insert: string): void {
    this.text = this.text.slice(0, at) + insert + this.text.slice(at + length);
    this.index.edit('note', ++this.version, [{ rangeOffset: at, rangeLength: length, text: insert }]);
  }
}

function counting(): { options: ContentOptions; evaluated: number[] } {
  const evaluated: number[] = [];
  const evaluate: typeof evaluateRegion = (scan, index, options) => {
    evaluated.push(index);
    return evaluateRegion(scan, index, options);
  };
  return { options: { ...contentOptions, evaluate }, evaluated };
}

describe('preview updates', () => {
  it('evaluate again only the formula whose input was edited, keep every other id and send only what changed', () => {
    const doc = new Note(note());
    const { options, evaluated } = counting();
    const builder = new PreviewContentBuilder(Number.POSITIVE_INFINITY);
    const sent = new SentFormulas();
    const first = doc.get();
    const before = builder.build(doc.text, first.scan, options, 0, first.lines);
    sent.reset(before.formulas);
    assert.equal(before.formulas.length, 2 * BLOCKS);
    assert.equal(evaluated.length, BLOCKS, 'each attention formula is evaluated once');
    assert.ok(before.formulas[1].example?.steps.length, 'the examples are computed');

    // Q of part 250 gets a new entry: its formula, and only it, has a new input.
    const at = doc.text.indexOf('Q = \\begin{bmatrix} 250 & 1');
    doc.replace(doc.text.indexOf('250', at), 3, '9999');
    evaluated.length = 0;
    const second = doc.get();
    const after = builder.build(doc.text, second.scan, options, 0, second.lines);
    const edited = second.scan.regions.findIndex((r) => r.tex.includes('Q = \\begin{bmatrix} 9999 & 1'));
    assert.deepEqual(evaluated, [edited + 1], 'only the formula below the edited matrix is evaluated again');

    const changedIds = before.formulas.map((f, i) => f.id !== after.formulas[i].id);
    assert.deepEqual(
      changedIds.flatMap((changed, i) => (changed ? [i] : [])),
      [edited],
      'only the edited region gets a new id',
    );
    assert.deepEqual(
      sent.changed(after.formulas).map((f) => f.id),
      [after.formulas[edited].id, after.formulas[edited + 1].id],
      'the edited matrix and the example under it are sent, nothing else',
    );
    assert.notDeepEqual(after.formulas[edited + 1].example, before.formulas[edited + 1].example);
  });

  it('evaluate nothing again after an edit in prose', () => {
    const doc = new Note(note());
    const { options, evaluated } = counting();
    const builder = new PreviewContentBuilder(Number.POSITIVE_INFINITY);
    const first = doc.get();
    builder.build(doc.text, first.scan, options, 0, first.lines);
    doc.replace(doc.text.indexOf('## Part 100') + 3, 0, 'x');
    evaluated.length = 0;
    const second = doc.get();
    const after = builder.build(doc.text, second.scan, options, 0, second.lines);
    assert.deepEqual(evaluated, []);
    assert.ok(
      after.layout.some((s) => s.heading === 'xPart 100'),
      'the edited heading is shown',
    );
  });

  it('show a large note around the cursor, say so, and move with the cursor', () => {
    const doc = new Note(note());
    const builder = new PreviewContentBuilder();
    const { scan, lines } = doc.get();
    const total = scan.regions.length;
    assert.ok(total > MAX_SHOWN);
    const cursor = scan.regions[600].startOffset;
    const content = builder.build(doc.text, scan, contentOptions, cursor, lines);
    assert.equal(content.formulas.length, MAX_SHOWN);
    const ids = content.formulas.map((f) => f.id);
    assert.ok(ids.includes(content.formulas[0].id) && builder.shows(600) && !builder.shows(0));
    const first = scan.regions.findIndex((r) => r.tex === content.formulas[0].tex) + 1;
    assert.equal(
      content.notice,
      `Formulas ${first}–${first + MAX_SHOWN - 1} of ${total} are shown, those around the cursor: move the cursor to see others.`,
    );
    const moved = builder.build(doc.text, scan, contentOptions, 0, lines);
    assert.equal(moved.formulas[0].tex, scan.regions[0].tex, 'the cursor at the top shows the first formulas');
    assert.ok(builder.shows(0));
  });

  it('keep the ids of the formulas shown when a formula outside them becomes a copy of one of them', () => {
    const doc = new Note(note());
    const builder = new PreviewContentBuilder();
    const first = doc.get();
    const cursor = first.scan.regions[600].startOffset;
    const before = builder.build(doc.text, first.scan, contentOptions, cursor, first.lines);
    assert.ok(!builder.shows(1), 'the second formula is outside the window');
    // The formula of part 0 gets the TeX of one shown, which counts as a copy only among the formulas shown.
    const shown = first.scan.regions[600].tex;
    const at = first.scan.regions[0].texOffset;
    doc.replace(at, first.scan.regions[0].tex.length, shown);
    const second = doc.get();
    const after = builder.build(
      doc.text,
      second.scan,
      contentOptions,
      second.scan.regions[600].startOffset,
      second.lines,
    );
    assert.deepEqual(
      after.formulas.map((f) => f.id),
      before.formulas.map((f) => f.id),
    );
    assert.equal(builder.idOf(second.scan, 600), after.formulas.find((f) => f.tex === shown)?.id);
    assert.equal(builder.idOf(second.scan, 0), null, 'a formula not shown has no id');
  });

  it('show a note within the bound whole, without a notice', () => {
    const doc = new Note(note().slice(0, 2000));
    const { scan, lines } = doc.get();
    const content = new PreviewContentBuilder().build(doc.text, scan, contentOptions, 0, lines);
    assert.equal(content.formulas.length, scan.regions.length);
    assert.equal(content.notice, null);
  });
});
