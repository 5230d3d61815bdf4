// A matrix of the worked example as TeX, so KaTeX typesets it like the document's own matrices.
import { cellTex } from './numbers';
import type { MatrixView } from './protocol';

export function matrixTex(matrix: MatrixView, precision: number): string {
  const rows = (matrix.cells ?? []).map((row) => row.map((cell) => cellTex(cell, precision)).join(' & '));
  return `\\begin{bmatrix}${rows.join(' \\\\ ')}\\end{bmatrix}`;
}

export function shapeLabel(matrix: MatrixView): string {
  return `${matrix.rows} × ${matrix.cols}`;
}
