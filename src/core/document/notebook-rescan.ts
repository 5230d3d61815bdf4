// A notebook read again after an edit of one cell, at the cost of that cell: the edit is one of the joined text at
// the cell's offset. The cell's math is found again in its text alone (as the whole scan finds each cell's) and
// read with the definitions of the cells above; the results of the cells before are kept and those of the cells
// after are moved, as incremental-scan.ts moves a document's. The cell table is shifted, not joined again. The
// result is exactly the whole scan's: an edit that changes the macros the cell defines, which every later cell
// reads, makes the cells from the edited one on read again, the results of the cells above kept. What was read of
// the text besides the scan (code, prose numbers) is carried to the new scan with the edit, to be read again around
// it only (readings.ts).
import type { ScannedDocument } from './document-model';
import {
  firstAtLeast,
  isSuperseded,
  joined,
  joinerByRegion,
  moveListed,
  moveMatrix,
  moveProblem,
  moveRegion,
  type Shift,
  sameMacros,
  supersede,
} from './incremental-scan';
import { findInCell, linesOf, type NotebookCell, type NotebookScan, scanNotebookTracked } from './notebook';
import { carryReadings, type TextEdit } from './readings';
import type { RegionScan } from './regions';
import { ResyncRecorder } from './resync-points';
import { outsideMacros, readRegions, type ScanOptions } from './scan';
import { rememberSource } from './source-text';

/** The scan of `previous`'s notebook with the text of its `position`-th cell (in `cells` order) now `cellText`. */
export function rescanCell(
  previous: NotebookScan,
  position: number,
  cellText: string,
  options: ScanOptions = {},
): NotebookScan {
  const { notebook, scan: doc, definedIn } = previous;
  const old = notebook.cells[position];
  const delta = cellText.length - (old.end - old.start);
  const text = notebook.text.slice(0, old.start) + cellText + notebook.text.slice(old.end);
  const edit = changedSpan(notebook.text, old, cellText);
  const lines = previous.lines.edited(text, edit.start, edit.oldEnd, edit.newEnd);
  const lineShift = lines.lineCount - previous.lines.lineCount;
  const cell: NotebookCell = { ...old, end: old.end + delta, ...linesOf(cellText) };
  const cells = notebook.cells.map((c, k) =>
    k < position
      ? c
      : k === position
        ? cell
        : { ...c, start: c.start + delta, end: c.end + delta, firstLine: c.firstLine + lineShift },
  );
  const next = { text, cells };

  const found = findInCells(text, [cell]);
  // Definitions outside math hold in every cell, those above too: the whole notebook is read again; so is one whose
  // results an earlier rescan of it moved on.
  if (found.macros.length > 0 || isSuperseded(doc))
    return carried(scanNotebookTracked(next, options, lines), previous, edit);
  // The old cell's results: its regions start in it, and its problems, as the next cell starts past a blank line.
  const regionsFrom = firstAtLeast(doc.regions, old.start, (r) => r.startOffset);
  const problemsFrom = firstAtLeast(doc.problems, old.start, (p) => p.startOffset);
  const definedFrom = firstAtLeast(definedIn, regionsFrom, (r) => r);
  const defined = doc.macros.slice(previous.outsideDefinitions);
  // The definitions the edited cell reads: those outside math and those of the cells above (reading adds to them).
  const macrosAbove = () => {
    const macros = outsideMacros(options, doc.macros.slice(0, previous.outsideDefinitions));
    for (const d of defined.slice(0, definedFrom)) macros.set(d.name, d);
    return macros;
  };
  const middle = readRegions(text, 'markdown', found, regionsFrom, macrosAbove(), options, lines);
  let regionsTo = firstAtLeast(doc.regions, old.end + 1, (r) => r.startOffset);
  let problemsTo = firstAtLeast(doc.problems, old.end + 1, (p) => p.startOffset);
  let definedTo = firstAtLeast(definedIn, regionsTo, (r) => r);
  let read = middle;
  if (!sameMacros(middle.doc.macros, defined.slice(definedFrom, definedTo))) {
    // The cell defines other macros, which every later cell reads: the cells from it on are read again, with the
    // definitions of the cells above, whose results are kept.
    read = readRegions(
      text,
      'markdown',
      findInCells(text, cells.slice(position)),
      regionsFrom,
      macrosAbove(),
      options,
      lines,
    );
    regionsTo = doc.regions.length;
    problemsTo = doc.problems.length;
    definedTo = definedIn.length;
  }

  const shift: Shift = { offset: delta, line: lineShift, region: read.doc.regions.length - (regionsTo - regionsFrom) };
  supersede(doc);
  const byRegion = joinerByRegion(regionsFrom, regionsTo, shift);
  const scan: ScannedDocument = {
    format: doc.format,
    regions: joined(doc.regions, regionsFrom, read.doc.regions, regionsTo, shift, moveRegion),
    matrices: byRegion(doc.matrices, read.doc.matrices, moveMatrix),
    shapes: byRegion(doc.shapes, read.doc.shapes, moveListed),
    scalars: byRegion(doc.scalars, read.doc.scalars, moveListed),
    macros:
      read === middle
        ? doc.macros
        : [...doc.macros.slice(0, previous.outsideDefinitions + definedFrom), ...read.doc.macros],
    problems: joined(doc.problems, problemsFrom, read.doc.problems, problemsTo, shift, moveProblem),
  };
  rememberSource(scan, lines);
  return carried(
    {
      notebook: next,
      lines,
      scan,
      outsideDefinitions: previous.outsideDefinitions,
      definedIn: [
        ...definedIn.slice(0, definedFrom),
        ...read.definedIn,
        ...definedIn.slice(definedTo).map((r) => r + shift.region),
      ],
    },
    previous,
    edit,
  );
}

/** The math of `cells`, each found in its text alone, at offsets of the joined text `text`. */
function findInCells(text: string, cells: readonly NotebookCell[]): RegionScan {
  const found: RegionScan = { regions: [], problems: [], macros: [], resync: new ResyncRecorder() };
  for (const cell of cells) findInCell(text, cell, found);
  return found;
}

/** The part of the joined text an edit of `cell` changed: what lies between the old and new text's common ends. */
function changedSpan(text: string, cell: NotebookCell, cellText: string): TextEdit {
  const oldLength = cell.end - cell.start;
  const most = Math.min(oldLength, cellText.length);
  let prefix = 0;
  while (prefix < most && text.charCodeAt(cell.start + prefix) === cellText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < most - prefix &&
    text.charCodeAt(cell.end - 1 - suffix) === cellText.charCodeAt(cellText.length - 1 - suffix)
  )
    suffix++;
  return { start: cell.start + prefix, oldEnd: cell.end - suffix, newEnd: cell.start + cellText.length - suffix };
}

function carried(scanned: NotebookScan, previous: NotebookScan, edit: TextEdit): NotebookScan {
  carryReadings(scanned.scan, previous.scan, edit);
  return scanned;
}
