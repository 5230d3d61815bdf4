// A notebook read again after an edit of one cell gives exactly what reading it from scratch gives.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { codeDefinitionsOf } from '../../../src/core/attention/code-definitions';
import { proseExamples } from '../../../src/core/attention/selection-example';
import {
  joinCells,
  type NotebookScan,
  type NotebookSource,
  scanNotebookTracked,
} from '../../../src/core/document/notebook';
import { IndexedNotebook } from '../../../src/core/document/notebook-index';
import { rescanCell } from '../../../src/core/document/notebook-rescan';
import { sourceOf } from '../../../src/core/document/source-text';
import { notebookSources } from '../../support/notebook-sources';
import { plainRegion } from '../../support/plain-scan';
import { Prng } from '../../support/prng';

/** Everything a notebook's features read of its scan: results, cell table, line table and the recorded text. */
function readable(s: NotebookScan) {
  const { scan, lines } = s;
  return {
    notebook: s.notebook,
    regions: scan.regions.map(plainRegion),
    matrices: scan.matrices,
    shapes: scan.shapes,
    scalars: scan.scalars,
    macros: scan.macros,
    problems: scan.problems,
    definedIn: s.definedIn,
    outsideDefinitions: s.outsideDefinitions,
    lineStarts: Array.from({ length: lines.lineCount }, (_, line) => lines.offsetAt({ line, character: 0 })),
    text: lines.text,
    source: sourceOf(scan)?.text,
  };
}

/**
 * What is read of the text besides the scan: the code's and prose's definitions and the examples prose names. After
 * a rescan, read again around the edit from the readings carried from the previous scan.
 */
function readings(s: NotebookScan) {
  return { code: codeDefinitionsOf(s.scan), examples: proseExamples(s.scan, s.lines.text) };
}

/**
 * Applies `edit` to cell `position` both ways, checks they agree (and, when `read`, what is read of them besides),
 * and returns the rescan.
 */
function editCell(
  previous: NotebookScan,
  sources: NotebookSource[],
  position: number,
  edit: (text: string) => string,
  what: string,
  read = true,
): NotebookScan {
  sources[position] = { ...sources[position], text: edit(sources[position].text) };
  const rescanned = rescanCell(previous, position, sources[position].text);
  const fresh = scanNotebookTracked(joinCells(sources));
  assert.deepEqual(readable(rescanned), readable(fresh), what);
  if (read) assert.deepEqual(readings(rescanned), readings(fresh), `${what}: the readings`);
  return rescanned;
}

const insert = (at: number, s: string) => (t: string) => t.slice(0, Math.min(at, t.length)) + s + t.slice(at);
const remove = (at: number, n: number) => (t: string) => t.slice(0, at) + t.slice(at + n);
const replace = (from: string, to: string) => (t: string) => {
  assert.ok(t.includes(from), `the cell holds ${from}`);
  return t.replace(from, to);
};

describe('a notebook read again after an edit of one cell', () => {
  const fixture = join(__dirname, '../../fixtures/notebook/cell-edits.ipynb');

  it('reads the whole notebook when a scan whose results a rescan moved on is rescanned again', () => {
    const sources = notebookSources(fixture);
    const scan = scanNotebookTracked(joinCells(sources));
    const edited = [...sources];
    editCell(scan, edited, 0, insert(14, '\n\nTwo new lines.'), 'lines added above');
    // The same scan edited otherwise: its regions below the first cell were moved on to the first rescan.
    const again = [...sources];
    editCell(scan, again, 2, replace('1 & 0 & 1 \\\\ 0', '1 & 0 & 5 \\\\ 0'), 'the superseded scan edited');
  });

  it('keeps the cells above, moves those below, and reads the edited cell as a whole scan does', () => {
    const sources = notebookSources(fixture);
    assert.deepEqual(
      sources.map((s) => [s.index, s.outputs ? 'code' : 'markdown']),
      [0, 1, 2, 3, 4, 5, 6].map((i) => [i, i === 1 ? 'code' : 'markdown']),
    );
    let scan = scanNotebookTracked(joinCells(sources));
    let first = scan.scan.regions[0];

    // A character typed in the last cell: everything before it is kept as it was.
    scan = editCell(scan, sources, 6, insert(5, 'x'), 'typed in the last cell');
    assert.equal(scan.scan.regions[0], first, 'the first cell is not read again');
    assert.equal(scan.scan.regions.at(-1)?.tex, 'W \\in \\R^{3 \\times 2}');

    // A matrix entry changed in cell 2: its matrix has the new values; the cells below, which did not move, are
    // kept as they were.
    const last = scan.scan.regions.at(-1);
    scan = editCell(scan, sources, 2, replace('1 & 0 & 1 \\\\ 0', '1 & 0 & 7 \\\\ 0'), 'a matrix entry');
    assert.equal(scan.scan.regions[0], first);
    assert.equal(scan.scan.regions.at(-1), last);
    const q = scan.scan.matrices.find((m) => m.name === 'Q');
    assert.deepEqual(q?.values, [
      [1, 0, 7],
      [0, 1, 1],
    ]);

    // Lines added to the first cell: every later cell starts further down.
    const lastLine = scan.notebook.cells[6].firstLine;
    scan = editCell(scan, sources, 0, insert(14, '\n\nTwo new lines.'), 'lines added above');
    assert.equal(scan.notebook.cells[6].firstLine, lastLine + 2);
    assert.notEqual(scan.scan.regions[0], first, 'the first cell is read again');
    first = scan.scan.regions[0];

    // The cell with two unclosed `$$`: their problems stay in it, and go as each is closed.
    const unclosed = (s: NotebookScan) =>
      s.scan.problems
        .filter((p) => p.message.includes('never closed'))
        .map((p) => p.startOffset - s.notebook.cells[3].start);
    assert.deepEqual(unclosed(scan), [20, 30]);
    scan = editCell(scan, sources, 3, insert(28, '$$'), 'the inline display closed');
    assert.deepEqual(unclosed(scan), [32]);
    scan = editCell(scan, sources, 3, insert(99, '\n$$'), 'the block closed');
    assert.deepEqual(unclosed(scan), []);
    assert.equal(scan.scan.regions.filter((r) => r.delimiter === '$$').length, 4);

    // The empty cell gets an unclosed `$$` of its own, which ends with that cell.
    scan = editCell(scan, sources, 5, insert(0, '$$ a'), 'an empty cell typed in');
    assert.deepEqual(
      scan.scan.problems.map((p) => p.startOffset - scan.notebook.cells[5].start),
      [0],
      'its problem is the only one',
    );

    // The code cell: nothing of it is math, everything after it moves.
    scan = editCell(scan, sources, 1, replace('[0, 1, 0]', '[0, 1, 0], [1, 1, 1]'), 'code edited');
    scan = editCell(scan, sources, 4, remove(0, 7), 'the cell ending in a lone carriage return');
    scan = editCell(scan, sources, 4, insert(0, '\r\n\r'), 'carriage returns typed');
    assert.equal(scan.scan.regions[0], first);

    // A macro's body changed: every later formula reads it, so the cells from the first on are read again.
    const lastRegion = scan.scan.regions.at(-1);
    scan = editCell(scan, sources, 0, replace('{softmax}', '{softmaX}'), 'a macro redefined');
    assert.notEqual(scan.scan.regions.at(-1), lastRegion);
    assert.deepEqual(
      scan.scan.macros.map((m) => `${m.name} ${m.body}`),
      ['\\sm \\operatorname{softmaX}', '\\R \\mathbb{R}'],
    );

    // A macro defined again in cell 4, then changed and removed: the cells above are kept as they were, the last
    // cell reads the definition in force.
    const above = scan.scan.regions.filter((r) => r.startOffset < scan.notebook.cells[4].start);
    const macros = (s: NotebookScan) => s.scan.macros.map((m) => `${m.name} ${m.body}`);
    const cell4 = sources[4].text;
    scan = editCell(scan, sources, 4, insert(0, '$\\def\\sm{\\mathrm{sm}}$ '), 'a macro defined below');
    assert.deepEqual(scan.scan.regions.slice(0, above.length), above);
    for (const [k, region] of above.entries()) assert.equal(scan.scan.regions[k], region, 'kept, not read again');
    assert.deepEqual(macros(scan), ['\\sm \\operatorname{softmaX}', '\\R \\mathbb{R}', '\\sm \\mathrm{sm}']);
    scan = editCell(scan, sources, 4, replace('{sm}', '{sM}'), 'that macro changed');
    for (const [k, region] of above.entries()) assert.equal(scan.scan.regions[k], region, 'still kept');
    assert.deepEqual(macros(scan).at(-1), '\\sm \\mathrm{sM}');
    scan = editCell(scan, sources, 4, () => cell4, 'that macro removed');
    for (const [k, region] of above.entries()) assert.equal(scan.scan.regions[k], region, 'kept again');
    assert.deepEqual(macros(scan), ['\\sm \\operatorname{softmaX}', '\\R \\mathbb{R}']);
    // A cell emptied, then given its text back.
    const text = sources[2].text;
    scan = editCell(scan, sources, 2, () => '', 'a cell emptied');
    scan = editCell(scan, sources, 2, () => text, 'its text back');
  });

  it('is what the notebook index gives, the edited cell at its new text', () => {
    const sources = notebookSources(fixture);
    const before = new IndexedNotebook('nb', sources);
    const edited = before.withCell(6, `${sources[6].text} $K$`);
    sources[6] = { ...sources[6], text: `${sources[6].text} $K$` };
    const fresh = new IndexedNotebook('nb', sources);
    assert.deepEqual(edited.text, fresh.text);
    assert.deepEqual(edited.scan.regions.map(plainRegion), fresh.scan.regions.map(plainRegion));
    const cell = edited.cell(6, 2);
    assert.ok(cell);
    assert.equal(cell.regionAt(cell.offsetAt({ line: 0, character: sources[6].text.length - 2 }))?.tex, 'K');
  });

  // Every real notebook, edited as someone typing would: characters typed and deleted in Markdown and code cells,
  // delimiters, blank lines and line breaks, a cell cleared. Each step is compared with a scan from scratch.
  const realNotes = resolve(__dirname, '../../../../shared/real-notes');
  const skip = existsSync(realNotes) ? false : `real notes folder ${realNotes} is absent`;
  const typed = [
    'x',
    '$',
    '$$',
    '\n',
    '\n\n',
    '\\',
    '{',
    '}',
    '`',
    '```',
    '~~~',
    '\\begin{bmatrix}',
    '&',
    '\r\n',
    'Q = ',
    '$\\def\\R{\\mathbb{Z}}$',
  ];
  for (const file of existsSync(realNotes) ? readdirSync(realNotes).filter((f) => f.endsWith('.ipynb')) : ['']) {
    it(`reads ${file || 'the real notebooks'} again after each of 120 edits as from scratch`, { skip }, () => {
      const sources = notebookSources(join(realNotes, file));
      const random = new Prng(sources.length);
      let scan = scanNotebookTracked(joinCells(sources));
      for (let step = 0; step < 120; step++) {
        const position = random.int(sources.length);
        const text = sources[position].text;
        const at = random.int(text.length + 1);
        const roll = random.next();
        const edit =
          roll < 0.6
            ? insert(at, random.pick(typed))
            : roll < 0.95
              ? remove(at, 1 + random.int(3))
              : () => (random.next() < 0.5 ? '' : text.slice(at));
        const what = `${file}, step ${step}: cell ${sources[position].index + 1}`;
        // The readings of some steps only, so that others are carried over several edits.
        scan = editCell(scan, sources, position, edit, what, step % 3 === 0);
      }
    });
  }
});
