// The text a scan was made from, kept beside the scan rather than in its data: the scan stays plain data, and
// readers that need the prose or the code around the math (scalars fixed in prose, matrices assigned in code) find
// the text of any scan without every caller passing it along. The key is a registered symbol, so that the parts
// of the extension bundled apart (the eager host, the parts loaded on first use) all find it.
import type { ScannedDocument } from './document-model';
import type { LineIndex } from './positions';

const SOURCE = Symbol.for('attentionLens.scanSource');

/** Records that `scan` was made from the text of `lines`. Not enumerable: copies and comparisons ignore it. */
export function rememberSource(scan: ScannedDocument, lines: LineIndex): void {
  Object.defineProperty(scan, SOURCE, { value: lines, enumerable: false, configurable: true });
}

/** The line table (and text) `scan` was made from, when the scanner recorded it. */
export function sourceOf(scan: ScannedDocument): LineIndex | undefined {
  return (scan as unknown as Record<symbol, LineIndex | undefined>)[SOURCE];
}
