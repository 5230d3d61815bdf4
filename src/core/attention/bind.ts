// Binds the symbols of a formula to what the document defines: matrix literals, explicit scalars (`d_k = 2`)
// and dimensions that follow from shapes (`Q \in \mathbb{R}^{l_q \times d_k}` with Q a 2x3 matrix gives l_q = 2,
// d_k = 3). A matrix the note gives no numbers for is computed where the note says how: projections
// (`K = X W_K` with X and W_K given) and vectors stacked (`K = \begin{bmatrix} k_1 \\ k_2 \end{bmatrix}`). The
// definition in force is the nearest one above the formula, else the first one below it.
import type { Located, MatrixLiteral, ScannedDocument } from '../document/document-model';
import { TexError } from '../tex/expr';
import { symbolName } from '../tex/symbol-name';
import { tryParseTex } from '../tex/tex-to-expr';
import { codeDefinitionsOf, type Reassignment } from './code-definitions';
import { isKeyWidth, isVectorName } from './conventions';
import type { UnusableReason } from './evaluate-messages';
import { ShapeChecker } from './expr-shapes';
import { computeValue } from './expr-values';
import { type Definitions, definitionsOf, type FormulaDefinition, isUsable } from './formula-inputs';
import { DEFAULT_MAX_DIMENSION, fromRows, type Matrix, toRows, transpose } from './matrix';

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
  | { kind: 'scalar-differs'; symbol: string; value: number; line: number; implied: number }
  | { kind: 'reassigned'; symbol: string; line: number; codeLine: number };

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
  /** Where the definition it comes from starts. */
  startOffset: number;
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
  const definition = defs.formula(symbol, regionIndex);
  if (literal && !formulaInForce(defs, regionIndex, literal, definition)) return stacked(defs, literal);
  if (!definition) return null;
  const at = definition.regionIndex;
  // What is in force where the definition is written, the display it shares with its inputs included
  // (`X = \begin{bmatrix}..\end{bmatrix}, \quad K = X W_K`).
  const offset = defs.scan.regions[at].texOffset + definition.expr.start;
  const value = computeValue(definition.expr, {
    lookup: (name) => {
      const m = defs.matrixNear(name, offset);
      if (m && isUsable(m) && m.nonNumeric.length === 0) return fromRows(m.values);
      const scalar = defs.scalarNear(name, offset);
      if (scalar) return scalar.value;
      return derivedMatrix(defs, name, at, depth + 1)?.value ?? null;
    },
    maxEntries: MAX_DERIVED_ENTRIES,
  });
  if (value === null || typeof value === 'number') return null;
  return { value, line: definition.range.start.line + 1, startOffset: definition.startOffset, from: 'formula' };
}

/**
 * Whether the expression defining a symbol is in force at a region rather than its literal, by the rule of every
 * definition: the nearest above, else the first below. `Q = K = V = X` above a formula wins over a literal named V
 * further down; `Q = X W_Q = \begin{bmatrix}..\end{bmatrix}` is one definition, whose literal wins.
 */
function formulaInForce(
  defs: Definitions,
  regionIndex: number,
  literal: MatrixLiteral,
  definition: FormulaDefinition | undefined,
): boolean {
  if (!definition || definition.regionIndex === literal.regionIndex) return false;
  const at = defs.scan.regions[regionIndex].startOffset;
  const [f, l] = [definition.startOffset, literal.startOffset];
  return f < at ? l > at || f > l : l > at && f < l;
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
    startOffset: literal.startOffset,
    from: 'stacked',
  };
}

/**
 * A role played by an expression of bound matrices, `X W^Q` or `(H_{enc} W^K)`: its shape, with the line of its
 * first matrix, so that d_k is the width of the projected queries. Undefined when it is no such expression.
 */
function projectedShape(written: string, bindings: ReadonlyMap<string, Binding>): Binding | undefined {
  const parsed = tryParseTex(written);
  const [equation, ...more] = parsed.ok ? parsed.formula.equations : [];
  const expr = equation?.sides.length === 1 && more.length === 0 ? equation.sides[0] : null;
  if (!expr || expr.type === 'symbol') return undefined;
  let first: Binding | undefined;
  try {
    const shape = new ShapeChecker(written, (name) => {
      const b = bindings.get(name);
      first ??= b && typeof b.value !== 'number' ? b : undefined;
      return b === undefined ? undefined : typeof b.value === 'number' ? 'scalar' : { rows: b.rows, cols: b.cols };
    }).check(expr);
    if (shape === 'scalar' || !first) return undefined;
    return { ...first, symbol: written, rows: shape.rows, cols: shape.cols, value: [] };
  } catch (err) {
    if (err instanceof TexError) return undefined;
    throw err;
  }
}

/** The names a literal of the transpose of `symbol` is given: `K^T`, `K^\top`, `K_1^{\intercal}`. */
const TRANSPOSE_MARKS = ['T', '{\\top}', '{\\intercal}'];

/**
 * `K^T = \begin{bmatrix}..\end{bmatrix}`: worked examples often print the keys already transposed, ready for Q K^T.
 * The literal in force, usable and numeric, when the note gives `symbol` no value of its own.
 */
function transposedLiteral(defs: Definitions, symbol: string, regionIndex: number): MatrixLiteral | undefined {
  if (symbol.includes('^') || defs.formula(symbol, regionIndex) || defs.scalar(symbol, regionIndex)) return undefined;
  for (const mark of TRANSPOSE_MARKS) {
    const m = defs.matrix(`${symbol}^${mark}`, regionIndex);
    if (m && isUsable(m) && m.nonNumeric.length === 0) return m;
  }
  return undefined;
}

/**
 * Bindings to a definition above the formula that code between them assigns again with a value not computed here
 * (`V = np.eye(3)[:, :2]`, a loop, a value drawn at random): the example uses the definition above, which the note
 * may no longer mean.
 */
function reassigned(
  doc: ScannedDocument,
  regionIndex: number,
  bindings: ReadonlyMap<string, Binding>,
  definedAt: ReadonlyMap<string, number>,
): BindWarning[] {
  const { unknown } = codeDefinitionsOf(doc);
  if (unknown.length === 0) return [];
  const at = doc.regions[regionIndex].startOffset;
  const warnings: BindWarning[] = [];
  for (const [symbol, b] of bindings) {
    const from = definedAt.get(symbol);
    if (from === undefined || from > at) continue;
    let later: Reassignment | undefined;
    for (const r of unknown) if (r.name === symbol && r.startOffset > from && r.startOffset < at) later = r;
    if (later) warnings.push({ kind: 'reassigned', symbol, line: b.line, codeLine: later.line });
  }
  return warnings;
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
  /** Where the definition each binding comes from starts. */
  const definedAt = new Map<string, number>();

  for (const symbol of symbols) {
    const m = defs.matrix(symbol, regionIndex);
    const derived =
      !m ||
      !isUsable(m) ||
      m.nonNumeric.length > 0 ||
      formulaInForce(defs, regionIndex, m, defs.formula(symbol, regionIndex))
        ? derivedMatrix(defs, symbol, regionIndex, 0)
        : null;
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
      definedAt.set(symbol, derived.startOffset);
      continue;
    }
    const printed = m ? undefined : transposedLiteral(defs, symbol, regionIndex);
    if (printed) {
      const value = toRows(transpose(fromRows(printed.values)));
      bindings.set(symbol, {
        symbol,
        value,
        rows: printed.cols,
        cols: printed.rows,
        line: lineOf(printed),
        from: 'matrix',
      });
      definedAt.set(symbol, printed.startOffset);
      continue;
    }
    if (!m) continue;
    const problem = literalProblem(m);
    if (problem) problems.push({ symbol, line: lineOf(m), reason: problem });
    else {
      bindings.set(symbol, { symbol, value: m.values, rows: m.rows, cols: m.cols, line: lineOf(m), from: 'matrix' });
      definedAt.set(symbol, m.startOffset);
    }
  }
  warnings.push(...reassigned(doc, regionIndex, bindings, definedAt));

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
  // Any other name of the key width (d_h, d_{head}, d_{qk}) the formula uses is the width of its queries too.
  const widths = symbols.filter((s) => !(s in ROLE_DIMENSIONS) && isKeyWidth(s));
  const roleDimensions = [...Object.entries(ROLE_DIMENSIONS), ...widths.map((w) => [w, ROLE_DIMENSIONS.d_k] as const)];
  for (const [dim, sources] of roleDimensions) {
    if (derived.has(dim)) continue;
    for (const [role, side] of sources) {
      const written = roles[role];
      const b = written ? (bindings.get(written) ?? projectedShape(written, bindings)) : undefined;
      if (written && b && typeof b.value !== 'number') {
        // One token's vector (q_1 = [1; 0; 2], a row or a column) is as long as its role is wide, and fixes no
        // number of tokens.
        const vector = isVectorName(written) && (b.rows === 1 || b.cols === 1);
        if (vector && side === 'rows') continue;
        const count = vector ? b.rows * b.cols : axis === 'columns' ? (side === 'rows' ? b.cols : b.rows) : b[side];
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
