// A scan as plain data for deep comparisons: a region's range and TeX are read when first asked for
// (scanned-region.ts), so comparing the regions themselves would compare neither.
import type { MathRegion, ScannedDocument } from '../../src/core/document/document-model';

/** A region's data, its range and TeX included, however the scanner stores them. */
export const plainRegion = (r: MathRegion) => ({
  range: r.range,
  startOffset: r.startOffset,
  endOffset: r.endOffset,
  kind: r.kind,
  delimiter: r.delimiter,
  tex: r.tex,
  texOffset: r.texOffset,
});

export function plainScan(doc: ScannedDocument) {
  return { ...doc, regions: doc.regions.map(plainRegion) };
}
