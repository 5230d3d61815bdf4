// The numbers code printed: `tensor([[0.1385, 0.2379], ...], grad_fn=<..>)`, `tensor(0.9544)`,
// `array([[1., 0.], [0., 1.]])`, TensorFlow's and NumPy's rows without commas (`[[1. 0.]\n [0. 2.]]`), with
// infinities and NaN as the libraries write them. Each is read with the decimals it was printed with.

export interface PrintedArray {
  /** Rows of numbers: a vector or a number is one row. */
  values: number[][];
  /** Decimals of the most precise entry; `6.3379e-02` has 6. */
  decimals: number;
  /** Offsets in the text read, of the array (or the number) as printed. */
  start: number;
  end: number;
}

/** A bracket group opens where a tensor, an array or a line of output begins, not inside `torch.Size([6, 2])`. */
const OPENING = /(?:\b(?:tensor|array)\(\s*|Tensor\(\s*\n?\s*|^[ \t]*|:\s*)(?=\[)|\b(?:tensor|array)\((?=\s*[-\d.])/gm;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$|^[-+]?(?:inf|nan)$/i;
/** Printed values larger than this many entries are not read. */
const MAX_ENTRIES = 65_536;

/** Every array printed in `text`, in order. Never throws. */
export function printedArrays(text: string): PrintedArray[] {
  const found: PrintedArray[] = [];
  let from = 0;
  for (const m of text.matchAll(OPENING)) {
    const at = m.index + m[0].length;
    if (at < from) continue;
    const read = text[at] === '[' ? bracketGroup(text, at) : scalar(text, at);
    if (read) {
      found.push(read);
      from = read.end;
    }
  }
  return found;
}

/** `tensor(0.9544)`: the number up to the closing parenthesis or a comma. */
function scalar(text: string, at: number): PrintedArray | null {
  const m = /^\s*([-+]?[\d.]+(?:[eE][-+]?\d+)?)\s*[,)]/.exec(text.slice(at, at + 64));
  if (!m) return null;
  const start = at + m[0].indexOf(m[1]);
  const value = entryValue(m[1]);
  return value === null ? null : { values: [[value]], decimals: decimalsOf(m[1]), start, end: start + m[1].length };
}

/** A bracket group of depth 1 (a row) or 2 (rows of numbers); deeper ones (batches) are not read. */
function bracketGroup(text: string, at: number): PrintedArray | null {
  let depth = 0;
  let maxDepth = 0;
  const rows: number[][] = [];
  let row: number[] = [];
  let decimals = 0;
  let entries = 0;
  let i = at;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '[') {
      depth++;
      maxDepth = Math.max(maxDepth, depth);
      if (maxDepth > 2) return null;
      continue;
    }
    if (c === ']') {
      depth--;
      if (depth === 1 || (depth === 0 && maxDepth === 1)) {
        rows.push(row);
        row = [];
      }
      if (depth === 0) break;
      continue;
    }
    if (c === ',' || /\s/.test(c)) continue;
    const m = /^[-+]?(?:[\d.]+(?:[eE][-+]?\d+)?|inf|nan)/i.exec(text.slice(i, i + 40));
    if (!m || depth === 0) return null;
    const value = entryValue(m[0]);
    if (value === null || ++entries > MAX_ENTRIES) return null;
    row.push(value);
    decimals = Math.max(decimals, decimalsOf(m[0]));
    i += m[0].length - 1;
  }
  if (depth !== 0 || rows.length === 0 || rows[0].length === 0) return null;
  if (rows.some((r) => r.length !== rows[0].length)) return null;
  return { values: rows, decimals, start: at, end: i + 1 };
}

function entryValue(s: string): number | null {
  if (!NUMBER.test(s)) return null;
  const lower = s.toLowerCase();
  if (lower.endsWith('inf')) return lower.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (lower.endsWith('nan')) return Number.NaN;
  return Number(s);
}

/** Decimals a number is printed with: `0.4419` has 4, `1.` none, `6.3379e-02` six. */
export function decimalsOf(s: string): number {
  const m = /^[-+]?\d*(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(s);
  if (!m) return 0;
  return Math.max(0, (m[1]?.length ?? 0) - Number(m[2] ?? 0));
}
