// Jupyter notebooks (.ipynb): the Markdown cells joined into one text to scan, and the way back from a place in
// that text to (cell, line, character) of the notebook. Cells are read in order, so each cell is read with the
// macros and matrices of the cells above it, as the notebook's reader sees them.
import type { Position, ScannedDocument } from './document-model';
import { findMarkdownRegions } from './markdown-regions';
import { LineIndex } from './positions';
import type { RegionScan } from './regions';
import { ResyncRecorder } from './resync-points';
import { outsideMacros, readRegions, type ScanOptions } from './scan';
import { rememberSource } from './source-text';

export interface NotebookCell {
  /** Zero-based index among all cells of the notebook (code cells included), as Jupyter and VS Code count. */
  index: number;
  /** Offset of the cell's first character in the joined text. */
  start: number;
  /** Offset just past the cell's last character. */
  end: number;
  /** Zero-based line of the joined text on which the cell starts. */
  firstLine: number;
  /** Number of lines of the cell (a cell without text has one). */
  lineCount: number;
  /** Length of the cell's last line. */
  lastLineLength: number;
  /** A code cell: written in the joined text as a fenced block, followed by what it printed. */
  code?: true;
}

export interface NotebookText {
  /** The Markdown cells, each followed by a blank line; code cells as fenced blocks, each output after its cell. */
  text: string;
  /** The cells, in order. */
  cells: NotebookCell[];
}

export type NotebookRead = { ok: true; notebook: NotebookText } | { ok: false; error: string };

/** A place in a notebook: zero-based cell index (among all cells), line within the cell and UTF-16 character. */
export interface CellPosition {
  cell: number;
  line: number;
  character: number;
}

const SEPARATOR = '\n\n';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: Json | undefined): v is { [key: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The cell's text: nbformat writes `source` as one string or as a list of lines that keep their line breaks. */
function sourceText(source: Json | undefined): string | null {
  if (typeof source === 'string') return source;
  if (Array.isArray(source) && source.every((s) => typeof s === 'string')) return source.join('');
  return null;
}

/**
 * Reads a notebook's JSON (nbformat 4, or 3 with its worksheets). Never throws: JSON that is not a notebook gives an
 * error saying why. Cells other than Markdown are left out; their indexes still count.
 */
export function readNotebook(json: string): NotebookRead {
  let root: Json;
  try {
    root = JSON.parse(json) as Json;
  } catch (err) {
    return { ok: false, error: `not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  if (!isObject(root)) return { ok: false, error: 'not a notebook: the JSON is not an object' };
  const worksheets = root.worksheets;
  const cells: Json | undefined = Array.isArray(root.cells)
    ? root.cells
    : Array.isArray(worksheets)
      ? worksheets.flatMap((w) => (isObject(w) && Array.isArray(w.cells) ? w.cells : []))
      : undefined;
  if (!Array.isArray(cells)) return { ok: false, error: 'not a notebook: it has no list of cells' };

  const markdown: NotebookSource[] = [];
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index];
    if (!isObject(cell)) return { ok: false, error: `cell ${index + 1} is not an object` };
    if (cell.cell_type !== 'markdown' && cell.cell_type !== 'code') continue;
    const text = sourceText(cell.source);
    if (text === null) return { ok: false, error: `cell ${index + 1}: its source is neither text nor a list of lines` };
    markdown.push(cell.cell_type === 'code' ? { index, text, outputs: outputsOf(cell.outputs) } : { index, text });
  }
  return { ok: true, notebook: joinCells(markdown) };
}

/** A cell's text and its index among all cells of its notebook; a code cell has outputs (maybe none). */
export interface NotebookSource {
  index: number;
  text: string;
  /** What a code cell printed (streams) and showed (its last expression's value), as text, in order. */
  outputs?: string[];
}

/** Outputs longer than this are not kept: printed values of worked examples are short. */
const MAX_OUTPUT = 100_000;

/** The text of a code cell's outputs: `text` of a stream, `text/plain` of a result or a display. */
function outputsOf(outputs: Json | undefined): string[] {
  if (!Array.isArray(outputs)) return [];
  const found: string[] = [];
  for (const o of outputs) {
    if (!isObject(o)) continue;
    const data = o.data;
    const text = sourceText(o.text) ?? (isObject(data) ? sourceText(data['text/plain']) : null);
    if (text !== null) found.push(text);
  }
  return found;
}

/** How code cells are written in the joined text: fences of their own, so code never reads as Markdown. */
const CODE_FENCE = '~~~python\n';
const OUTPUT_FENCE = '~~~output\n';
const CLOSE_FENCE = '\n~~~\n';

/**
 * The cells joined in order into one text, as the command line reads a notebook file and the editor a notebook it
 * shows: both then read the same text and agree. Outputs longer than MAX_OUTPUT are left out.
 */
export function joinCells(sources: readonly NotebookSource[]): NotebookText {
  const parts: string[] = [];
  const cells: NotebookCell[] = [];
  let offset = 0;
  let line = 0;
  for (const { index, text, outputs } of sources) {
    if (outputs) {
      parts.push(CODE_FENCE);
      offset += CODE_FENCE.length;
      line += 1;
    }
    const cell: NotebookCell = { index, start: offset, end: offset + text.length, firstLine: line, ...linesOf(text) };
    if (outputs) cell.code = true;
    cells.push(cell);
    const after = outputs
      ? `${CLOSE_FENCE}${outputs
          .filter((o) => o.length <= MAX_OUTPUT)
          .map((o) => `${OUTPUT_FENCE}${o.replace(/\r?\n$/, '')}${CLOSE_FENCE}`)
          .join('')}${SEPARATOR}`
      : SEPARATOR;
    parts.push(text, after);
    offset += text.length + after.length;
    // Counted on the joined text: a cell ending in a lone `\r` makes one line break with the separator's `\n`.
    line += new LineIndex(text + after).lineCount - 1;
  }
  return { text: parts.join(''), cells };
}

/** The line count and last line's length of a cell's text, as the editor of the cell counts them. */
export function linesOf(text: string): { lineCount: number; lastLineLength: number } {
  const lines = new LineIndex(text);
  return { lineCount: lines.lineCount, lastLineLength: lines.positionAt(text.length).character };
}

/** The Markdown cell on which line `line` of the joined text lies: the last starting at or before it. */
function cellOnLine(notebook: NotebookText, line: number): NotebookCell | undefined {
  const cells = notebook.cells;
  let lo = 0;
  let hi = cells.length - 1;
  if (hi < 0 || line < cells[0].firstLine) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (cells[mid].firstLine <= line) lo = mid;
    else hi = mid - 1;
  }
  return cells[lo];
}

/**
 * Where a position of the joined text is in the notebook. A position on the blank line after a cell is the end of
 * that cell's last line; a notebook without Markdown cells has no positions, and gives null.
 */
export function cellPosition(notebook: NotebookText, position: Position): CellPosition | null {
  const cell = cellOnLine(notebook, position.line);
  if (!cell) return null;
  const line = position.line - cell.firstLine;
  if (line < cell.lineCount) return { cell: cell.index, line, character: position.character };
  return { cell: cell.index, line: cell.lineCount - 1, character: cell.lastLineLength };
}

/** The position of the joined text at (cell, line, character), or null when the notebook has no such cell or line. */
export function textPosition(notebook: NotebookText, place: CellPosition): Position | null {
  const cell = notebook.cells.find((c) => c.index === place.cell);
  if (!cell || place.line < 0 || place.line >= cell.lineCount) return null;
  return { line: cell.firstLine + place.line, character: place.character };
}

/** A notebook's scan with what reading it again around one cell needs (notebook-rescan.ts). */
export interface NotebookScan {
  notebook: NotebookText;
  lines: LineIndex;
  scan: ScannedDocument;
  /** How many of the scan's macros were found outside math; the region defining each of the others. */
  outsideDefinitions: number;
  definedIn: number[];
}

/**
 * Scans the joined Markdown cells. Math is found in each cell alone, as Jupyter renders each cell by itself (a `$$`
 * or a code fence left open ends with its cell), then read in order with the definitions of the cells above.
 */
export function scanNotebook(
  notebook: NotebookText,
  options: ScanOptions = {},
  lines = new LineIndex(notebook.text),
): ScannedDocument {
  return scanNotebookTracked(notebook, options, lines).scan;
}

/** `scanNotebook` with what a later rescan of one cell needs. */
export function scanNotebookTracked(
  notebook: NotebookText,
  options: ScanOptions = {},
  lines = new LineIndex(notebook.text),
): NotebookScan {
  const found: RegionScan = { regions: [], problems: [], macros: [], resync: new ResyncRecorder() };
  for (const cell of notebook.cells) findInCell(notebook.text, cell, found);
  const macros = outsideMacros(options, found.macros);
  const read = readRegions(notebook.text, 'markdown', found, 0, macros, options, lines);
  const scan = { ...read.doc, macros: [...found.macros, ...read.doc.macros] };
  rememberSource(scan, lines);
  return { notebook, lines, scan, outsideDefinitions: found.macros.length, definedIn: read.definedIn };
}

/** Adds the math of `cell` (none in a code cell), found in the cell's text alone, at offsets of the joined text. */
export function findInCell(text: string, cell: NotebookCell, found: RegionScan): void {
  if (cell.code) return;
  const part = findMarkdownRegions(text.slice(cell.start, cell.end));
  const at = cell.start;
  for (const r of part.regions) {
    r.move(at);
    found.regions.push(r);
  }
  for (const p of part.problems) found.problems.push({ ...p, start: p.start + at, end: p.end + at });
  found.macros.push(...part.macros);
}
