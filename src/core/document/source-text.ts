// The text a scan was made from, kept beside the scan rather than in it: the scan stays plain data, and readers
// that need the prose or the code around the math (scalars fixed in prose, matrices assigned in code) find the
// text of any scan without every caller passing it along.
import type { ScannedDocument } from './document-model';
import type { LineIndex } from './positions';

/**
 * One registry for every copy of this module: the editor's eager bundle scans notes, and the parts it loads later
 * (each bundled with its own copy of the core) read their text back.
 */
const scope = globalThis as typeof globalThis & { attentionLensScanSources?: WeakMap<ScannedDocument, LineIndex> };
scope.attentionLensScanSources ??= new WeakMap();
const sources = scope.attentionLensScanSources;

/** Records that `scan` was made from the text of `lines`. */
export function rememberSource(scan: ScannedDocument, lines: LineIndex): void {
  sources.set(scan, lines);
}

/** The line table (and text) `scan` was made from, when the scanner recorded it. */
export function sourceOf(scan: ScannedDocument): LineIndex | undefined {
  return sources.get(scan);
}
