// Numbers as the preview shows them. Non-finite values arrive as strings (JSON has none) and are shown as TeX
// writes them.
import type { Cell } from './protocol';

export function cellValue(cell: Cell): number {
  return typeof cell === 'number' ? cell : Number(cell);
}

/** At most `precision` decimals, without trailing zeros, so integer inputs stay short. */
export function formatCell(cell: Cell, precision: number): string {
  const value = cellValue(cell);
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const rounded = Number(value.toFixed(precision));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

export function cellTex(cell: Cell, precision: number): string {
  const value = cellValue(cell);
  if (Number.isNaN(value)) return '\\mathrm{NaN}';
  if (!Number.isFinite(value)) return value > 0 ? '\\infty' : '-\\infty';
  return formatCell(value, precision);
}
