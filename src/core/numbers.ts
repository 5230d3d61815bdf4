// Numbers as the extension writes them: in JSON (which has no NaN or infinities), as text and as TeX. The one
// place that decides how a non-finite value reads.

/** A number as JSON can carry it: non-finite values as the strings `Number()` reads back. */
export type JsonNumber = number | 'Infinity' | '-Infinity' | 'NaN';

export function jsonNumber(value: number): JsonNumber {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

export function numberOf(value: JsonNumber): number {
  return typeof value === 'number' ? value : Number(value);
}

/** At most `precision` decimals, without trailing zeros, so integer inputs stay short; ∞ and NaN as read. */
export function formatNumber(value: JsonNumber, precision: number): string {
  const n = numberOf(value);
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '−∞';
  const rounded = Number(n.toFixed(precision));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** As `formatNumber`, in TeX. */
export function numberTex(value: JsonNumber, precision: number): string {
  const n = numberOf(value);
  if (Number.isNaN(n)) return '\\mathrm{NaN}';
  if (!Number.isFinite(n)) return n > 0 ? '\\infty' : '-\\infty';
  return formatNumber(n, precision);
}
