// Binds the symbols of a formula to what the document defines: matrix literals, explicit scalars (`d_k = 2`)
// and dimensions that follow from shapes (`Q \in \mathbb{R}^{l_q \times d_k}` with Q a 2x3 matrix gives l_q = 2,
// d_k = 3). A matrix the note gives no numbers for is computed where the note says how: projections
// (`K = X W_K` with X and W_K given) and vectors stacked (`K = \begin{bmatrix} k_1 \\ k_2 \end{bmatrix}`). The
// definition in force is the nearest one above the formula, else the first one below it.
import type { Located, MatrixLiteral, ScannedDocument } from '../document/document-model';
import { symbolName } from '../tex/symbol-name';
import type { UnusableReason } from './evaluate-messages';
import { computeValue } from './expr-values';
import { type Definitions, definitionsOf, isUsable } from './formula-inputs';
import { DEFAULT_MAX_DIMENSION, fromRows, type Matrix, toRows } from './matrix';

export interface Binding {
  symbol: string;
  /** Matrices keep their rows; scalars are numbers. */
  value: number[][] | number;
  rows: number;
  cols: number;
  /** 1-based line of the definition the value comes from. */
  line: number;
  /** `formula`: computed from the expression that defines it; `stacked`: rows or columns of named vectors. */
  from: 'matrix' | 'scalar' | 'shape' | 'role' | 'formula' | 'stacked';
}

export interface SymbolRoles {
  query?: string | null;
  key?: string | null;
  value?: string | null;
}

export interface BindResult {
  bindings: Map<string, Binding>;
  /** Symbols with no definition, in the order asked. */
  unbound: string[];
  /** Definitions that exist but cannot be used, with the reason. */
  problems: { symbol: string; line: number; reason: UnusableReason }[];
  warnings: BindWarning[];
}

/** A definition that contradicts another: a declared shape, or a number the matrices give otherwise. */
export type BindWarning =
  | { kind: 'declared-shape'; symbol: string; declared: string; declaredLine: number; line: number; actual: string }
  | { kind: 'scalar-differs'; symbol: string; value: number; line: number; implied: number };

const lineOf = (item: Located) => item.range.start.line + 1;
const isNumeral = (s: string) => /^\d+$/.test(s.trim());

const NOT_A_NUMBER = /^[-+]?nan$/i;

function literalProblem(m: MatrixLiteral): UnusableReason | null {
  if (m.raggedRows.length > 0) return { kind: 'ragged', rows: m.raggedRows.map((r) => r + 1) };
  const entries = m.nonNumeric.map((p) => p.text);
  // `NaN` is a number that went wrong, not a symbol.
  if (entries.length > 0 && entries.length === m.rows * m.cols && !entries.some((e) => NOT_A_NUMBER.test(e)))
    return { kind: 'symbolic', entries };
  if (entries.length > 0) return { kind: 'non-numeric', entries };
  if (m.rows === 0 || m.cols === 0) return { kind: 'empty' };
  return null;
}

/** The dimension each role determines when the document does not name it: d_k is the column count of Q. */
const ROLE_DIMENSIONS: Readonly<Record<string, [keyof SymbolRoles, 'rows' | 'cols'][]>> = {
  d_k: [
    ['query', 'cols'],
    ['key', 'cols'],
  ],
  d_q: [['query', 'cols']],
  d: [
    ['query', 'cols'],
    ['key', 'cols'],
  ],
  d_v: [['value', 'cols']],
  l_q: [['query', 'rows']],
  l_k: [
    ['key', 'rows'],
    ['value', 'rows'],
  ],
};

/** Nested definitions (`Q = H W_Q` with `H = X + P`) are followed this deep. */
const MAX_DERIVATION_DEPTH = 2;
const MAX_DERIVED_ENTRIES = DEFAULT_MAX_DIMENSION * DEFAULT_MAX_DIMENSION;

interface Derived {
  value: Matrix;
  line: number;
  from: 'formula' | 'stacked';
}

/**
 * The matrix `symbol` stands for at a region when the note gives it no numbers of its own: a literal of vector
 * names (stacked as its rows, or side by side as its columns when the literal is one row), else the expression
 * that defines it, on the definitions in force there. Null when any part is missing.
 */
function derivedMatrix(defs: Definitions, symbol: string, regionIndex: number, depth: number): Derived | null {
  if (depth > MAX_DERIVATION_DEPTH || defs.scalar(symbol, regionIndex)) return null;
  const literal = defs.matrix(symbol, regionIndex);
  if (literal) return stacked(defs, literal);
  const definition = defs.formula(symbol, regionIndex);
  if (!definition) return null;
  const at = definition.regionIndex;
  const value = computeValue(definition.expr, {
    lookup: (name) => {
      const m = defs.matrix(name, at);
      if (m && isUsable(m) && m.nonNumeric.length === 0) return fromRows(m.values);
      const scalar = defs.scalar(name, at);
      if (scalar) return scalar.value;
      return derivedMatrix(defs, name, at, depth + 1)?.value ?? null;
    },
    maxEntries: MAX_DERIVED_ENTRIES,
  });
  if (value === null || typeof value === 'number') return null;
  return { value, line: definition.range.start.line + 1, from: 'formula' };
}

/** `\begin{bmatrix} k_1 \\ k_2 \end{bmatrix}` with k_1 and k_2 defined as vectors of one length. */
function stacked(defs: Definitions, literal: MatrixLiteral): Derived | null {
  const { rows, cols, nonNumeric } = literal;
  if ((rows !== 1 && cols !== 1) || nonNumeric.length !== rows * cols || !isUsable(literal)) return null;
  const vectors: number[][] = [];
  for (const entry of nonNumeric) {
    const v = defs.matrix(symbolName(entry.text, 0, entry.text.length), literal.regionIndex);
    if (!v || !isUsable(v) || v.nonNumeric.length > 0 || (v.rows !== 1 && v.cols !== 1)) return null;
    vectors.push(v.values.flat());
  }
  if (vectors.some((v) => v.length !== vectors[0].length)) return null;
  // One row of vectors sets them side by side: they are its columns.
  return {
    value: rows === 1 && cols > 1 ? fromRows(vectors[0].map((_, j) => vectors.map((v) => v[j]))) : fromRows(vectors),
    line: literal.range.start.line + 1,
    from: 'stacked',
  };
}

export function bindSymbols(
  doc: ScannedDocument,
  regionIndex: number,
  symbols: readonly string[],
  roles: SymbolRoles = {},
  /** `columns` where the note keeps tokens as columns: a role's lengths are then its columns, its widths its rows. */
  axis: 'rows' | 'columns' = 'rows',
): BindResult {
  const defs = definitionsOf(doc);
  const bindings = new Map<string, Binding>();
  const problems: BindResult['problems'] = [];
  const warnings: BindWarning[] = [];

  for (const symbol of symbols) {
    const m = defs.matrix(symbol, regionIndex);
    const derived = !m || !isUsable(m) || m.nonNumeric.length > 0 ? derivedMatrix(defs, symbol, regionIndex, 0) : null;
    if (derived) {
      const { rows, cols } = derived.value;
      bindings.set(symbol, {
        symbol,
        value: toRows(derived.value),
        rows,
        cols,
        line: derived.line,
        from: derived.from,
      });
      continue;
    }
    if (!m) continue;
    const problem = literalProblem(m);
    if (problem) problems.push({ symbol, line: lineOf(m), reason: problem });
    else bindings.set(symbol, { symbol, value: m.values, rows: m.rows, cols: m.cols, line: lineOf(m), from: 'matrix' });
  }

  // Dimensions named in the shapes of bound matrices: Q \in R^{l_q x d_k} with Q bound.
  const derived = new Map<string, Binding>();
  for (const [symbol, b] of [...bindings]) {
    const shape = defs.declaration(symbol, regionIndex);
    if (!shape) continue;
    for (const [dim, actual] of [
      [shape.rows, b.rows],
      [shape.cols, b.cols],
    ] as const) {
      if (isNumeral(dim)) {
        if (Number(dim) !== actual) {
          warnings.push({
            kind: 'declared-shape',
            symbol,
            declared: `${shape.rows}x${shape.cols}`,
            declaredLine: lineOf(shape),
            line: b.line,
            actual: `${b.rows}x${b.cols}`,
          });
        }
      } else if (!derived.has(dim)) {
        derived.set(dim, { symbol: dim, value: actual, rows: 1, cols: 1, line: lineOf(shape), from: 'shape' });
      }
    }
  }
  for (const [dim, sources] of Object.entries(ROLE_DIMENSIONS)) {
    if (derived.has(dim)) continue;
    for (const [role, side] of sources) {
      const b = roles[role] ? bindings.get(roles[role] as string) : undefined;
      if (b && typeof b.value !== 'number') {
        const count = axis === 'columns' ? (side === 'rows' ? b.cols : b.rows) : b[side];
        derived.set(dim, { symbol: dim, value: count, rows: 1, cols: 1, line: b.line, from: 'role' });
        break;
      }
    }
  }

  const unbound: string[] = [];
  for (const symbol of symbols) {
    if (bindings.has(symbol) || problems.some((p) => p.symbol === symbol)) continue;
    const implied = derived.get(symbol);
    // A number fixed only further down yields to what the matrices above give: it belongs to a later example.
    const fixed = defs.scalar(symbol, regionIndex);
    const explicit = fixed && implied && fixed.startOffset > doc.regions[regionIndex].startOffset ? undefined : fixed;
    if (explicit) {
      bindings.set(symbol, { symbol, value: explicit.value, rows: 1, cols: 1, line: lineOf(explicit), from: 'scalar' });
      if (implied && implied.value !== explicit.value) {
        const { value } = explicit;
        warnings.push({
          kind: 'scalar-differs',
          symbol,
          value,
          line: lineOf(explicit),
          implied: implied.value as number,
        });
      }
    } else if (implied) {
      bindings.set(symbol, implied);
    } else {
      unbound.push(symbol);
    }
  }
  return { bindings, unbound, problems, warnings };
}
