// Explains a place of a document found by the text there, as the hover and the command line do.
import { DocumentIndex } from '../../src/core/document/document-index';
import type { DocumentFormat } from '../../src/core/document/document-model';
import { explainAt } from '../../src/core/explain/explain';
import type { Explanation } from '../../src/core/explain/explain-model';

/** The offset of the `nth` occurrence (0-based) of `needle` in `text`, plus `delta`; fails when absent. */
export function offsetOf(text: string, needle: string, delta = 0, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' (occurrence ${nth}) is not in the text`);
  }
  return at + delta;
}

export function explainText(text: string, offset: number, format: DocumentFormat = 'markdown'): Explanation | null {
  const doc = new DocumentIndex().get('test', 1, format, () => text);
  return explainAt(doc, offset, (start, end) => text.slice(start, end));
}
