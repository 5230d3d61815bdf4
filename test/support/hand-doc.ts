// Scanned documents written by hand, one item per line, so evaluator tests do not depend on the scanner.
import type { Located, MatrixLiteral, ScannedDocument } from '../../src/core/document/document-model';

export type Item =
  | { formula: string }
  | { matrix: string; values: number[][] }
  | { scalar: string; value: number }
  | { shape: string; rows: string; cols: string };

/** Lays the items out on lines 0, 1, 2 ..., each line 1000 characters apart, each in its own region. */
export function handDoc(items: Item[]): ScannedDocument {
  const doc: ScannedDocument = {
    format: 'markdown',
    regions: [],
    matrices: [],
    shapes: [],
    scalars: [],
    macros: [],
    problems: [],
  };
  items.forEach((item, line) => {
    const start = line * 1000;
    const tex = 'formula' in item ? item.formula : 'x';
    const located: Located = {
      range: { start: { line, character: 0 }, end: { line, character: tex.length + 4 } },
      startOffset: start,
      endOffset: start + tex.length + 4,
    };
    const regionIndex = doc.regions.length;
    doc.regions.push({ ...located, kind: 'display', delimiter: '$$', tex, texOffset: start + 2 });
    if ('matrix' in item) {
      const literal: MatrixLiteral = {
        ...located,
        name: item.matrix,
        form: 'bmatrix',
        rows: item.values.length,
        cols: Math.max(...item.values.map((r) => r.length)),
        values: item.values,
        raggedRows: item.values.flatMap((r, i) => (r.length === item.values[0].length ? [] : [i])),
        nonNumeric: [],
        regionIndex,
      };
      doc.matrices.push(literal);
    } else if ('scalar' in item) {
      doc.scalars.push({ ...located, symbol: item.scalar, value: item.value, regionIndex });
    } else if ('shape' in item) {
      doc.shapes.push({ ...located, symbol: item.shape, rows: item.rows, cols: item.cols, regionIndex });
    }
  });
  return doc;
}
