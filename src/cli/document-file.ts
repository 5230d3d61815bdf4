// A file as the commands read it: Markdown, LaTeX or a Jupyter notebook, whose Markdown cells are scanned in
// order. Places are printed `file:line:column`, or `file:cell N:line:column` in a notebook (N counts every cell from
// 1, code cells included, as Jupyter shows them; line and column are within the cell), all 1-based.
import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { DocumentFormat, Position, ScannedDocument } from '../core/document/document-model';
import { cellPosition, type NotebookText, readNotebook, scanNotebook, textPosition } from '../core/document/notebook';
import { LineIndex } from '../core/document/positions';
import { scanWithLines } from '../core/document/scan';
import { loadMacrosSync, type MacroLoad, macroWalk, problemText } from '../core/tex/macro-files';
import { katexMacros } from '../core/tex/macros';
import { formatOf } from './command';
import { terminalSafe } from './terminal-text';

export interface DocumentFile {
  path: string;
  /** The text scanned: the file itself, or a notebook's Markdown cells joined. */
  text: string;
  format: DocumentFormat;
  notebook: NotebookText | null;
  /** The macros of `--macros`, then for a LaTeX file those of the files it brings in. */
  macros: Record<string, string>;
}

/** What every file of one run is read with: the macros of `--macros`, and where warnings go. */
let shared: { macros: Record<string, string>; warn: (message: string) => void } = { macros: {}, warn: () => {} };

const readOrNull = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};
const resolvePath = (from: string | null, path: string) =>
  from === null ? resolve(path) : resolve(dirname(from), path);

/** Reads macro files (`--macros`), relative to the working directory, and the files they bring in. */
export function readMacroFiles(paths: readonly string[]): MacroLoad {
  return loadMacrosSync(macroWalk(paths, null, resolvePath), readOrNull);
}

/** Sets what the following `openDocument` calls read files with; `warn` gets one line per unreadable include. */
export function useMacros(macros: Record<string, string>, warn: (message: string) => void): void {
  shared = { macros, warn };
}

/** The macros a file is read with: the shared ones, and a LaTeX file's \input and \include files. */
function macrosOf(path: string, text: string, format: DocumentFormat): Record<string, string> {
  if (format !== 'latex') return shared.macros;
  const load = loadMacrosSync(macroWalk([], { path: resolve(path), text }, resolvePath), readOrNull);
  const lines = load.problems.length > 0 ? new LineIndex(text) : null;
  for (const p of load.problems) {
    // Placed on the \input of the file that brought the unreadable one in.
    const at = p.at && lines?.positionAt(p.at.start);
    const place = at ? `:${at.line + 1}:${at.character + 1}` : '';
    shared.warn(`${terminalSafe(path)}${place}: macros: ${terminalSafe(problemText(p))}`);
  }
  return { ...shared.macros, ...katexMacros(load.definitions) };
}

export const isNotebookPath = (path: string) => extname(path).toLowerCase() === '.ipynb';

/** Reads `path`; throws an Error saying why when it cannot be read or is a notebook that cannot be parsed. */
export function openDocument(path: string): DocumentFile {
  const content = readFileSync(path, 'utf8');
  if (!isNotebookPath(path)) {
    const format = formatOf(path);
    return { path, text: content, format, notebook: null, macros: macrosOf(path, content, format) };
  }
  const read = readNotebook(content);
  if (!read.ok) throw new Error(read.error);
  return { path, text: read.notebook.text, format: 'markdown', notebook: read.notebook, macros: shared.macros };
}

/** The scan of the file's text: a notebook's cells each find their own math (see scanNotebook). */
export function scanFile(file: DocumentFile, lines = new LineIndex(file.text)): ScannedDocument {
  const options = { macros: file.macros };
  return file.notebook
    ? scanNotebook(file.notebook, options, lines)
    : scanWithLines(file.text, file.format, options, lines);
}

/** A 1-based place: line and column, plus the cell in a notebook. */
export interface JsonPlace {
  cell?: number;
  line: number;
  column: number;
}

/** The 1-based place of a position of the scanned text. */
export function jsonPlace(file: DocumentFile, p: Position): JsonPlace {
  const inCell = file.notebook && cellPosition(file.notebook, p);
  if (inCell) return { cell: inCell.cell + 1, line: inCell.line + 1, column: inCell.character + 1 };
  return { line: p.line + 1, column: p.character + 1 };
}

/** `line:column` or `cell N:line:column`, without the file. */
export function placeText(place: JsonPlace): string {
  return `${place.cell === undefined ? '' : `cell ${place.cell}:`}${place.line}:${place.column}`;
}

/** `file:line:column`, or `file:cell N:line:column` in a notebook. */
export function placeOf(file: DocumentFile, p: Position): string {
  return `${file.path}:${placeText(jsonPlace(file, p))}`;
}

/** The position of the scanned text at a 1-based place, or null when a notebook has no cell `cell`. */
export function positionOf(file: DocumentFile, place: JsonPlace): Position | null {
  const p = { line: place.line - 1, character: place.column - 1 };
  if (!file.notebook) return p;
  if (place.cell === undefined) return null;
  return textPosition(file.notebook, { cell: place.cell - 1, ...p });
}
