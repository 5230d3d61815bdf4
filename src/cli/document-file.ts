// A file as the commands read it: Markdown, LaTeX or a Jupyter notebook, whose Markdown cells are scanned in
// order. Places are printed `file:line:column`, or `file:cell N:line:column` in a notebook (N counts every cell from
// 1, code cells included, as Jupyter shows them; line and column are within the cell), all 1-based.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { DocumentFormat, Position, ScannedDocument } from '../core/document/document-model';
import { cellPosition, type NotebookText, readNotebook, scanNotebook, textPosition } from '../core/document/notebook';
import { LineIndex } from '../core/document/positions';
import { scanWithLines } from '../core/document/scan';
import { formatOf } from './command';

export interface DocumentFile {
  path: string;
  /** The text scanned: the file itself, or a notebook's Markdown cells joined. */
  text: string;
  format: DocumentFormat;
  notebook: NotebookText | null;
}

export const isNotebookPath = (path: string) => extname(path).toLowerCase() === '.ipynb';

/** Reads `path`; throws an Error saying why when it cannot be read or is a notebook that cannot be parsed. */
export function openDocument(path: string): DocumentFile {
  const content = readFileSync(path, 'utf8');
  if (!isNotebookPath(path)) return { path, text: content, format: formatOf(path), notebook: null };
  const read = readNotebook(content);
  if (!read.ok) throw new Error(read.error);
  return { path, text: read.notebook.text, format: 'markdown', notebook: read.notebook };
}

/** The scan of the file's text: a notebook's cells each find their own math (see scanNotebook). */
export function scanFile(file: DocumentFile, lines = new LineIndex(file.text)): ScannedDocument {
  return file.notebook ? scanNotebook(file.notebook, {}, lines) : scanWithLines(file.text, file.format, {}, lines);
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

/** The position of the scanned text at a 1-based place, or null when a notebook has no Markdown cell `cell`. */
export function positionOf(file: DocumentFile, place: JsonPlace): Position | null {
  const p = { line: place.line - 1, character: place.column - 1 };
  if (!file.notebook) return p;
  if (place.cell === undefined) return null;
  return textPosition(file.notebook, { cell: place.cell - 1, ...p });
}
