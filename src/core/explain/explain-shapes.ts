// The shapes an explanation quotes: the dimensions the document names for a matrix (`Q \in \mathbb{R}^{l_q
// \times d_k}`, else the usual ones for its role) and the numbers it fixes for them, from matrix literals or from
// scalar definitions such as `d_k = 2`.

import {
  DIMENSION_SOURCES,
  isVectorName,
  normaliseDimension,
  STANDARD_LENGTHS,
  STANDARD_SHAPES,
} from '../attention/conventions';
import type { Definitions } from '../attention/formula-inputs';
import type { IndexedDocument } from '../document/document-index';
import type { Extent, Role, ShapeInfo } from './explain-model';

/** The lookups of the document index an explanation needs. */
export type DocumentLookups = Pick<IndexedDocument, 'scan' | 'regionAt'>;

/** `d_{\text{model}}` -> `d_{model}`, `d_{k}` -> `d_k`: the form symbol names take in the scan. */
export const dimensionName = normaliseDimension;

/**
 * Resolves the shapes in force at one place of a document (a formula's end), for the roles a formula assigns:
 * the nearest definition before it, the formula's own included, else the first after it.
 */
export class ShapeResolver {
  constructor(
    private readonly defs: Definitions,
    private readonly at: number,
    private readonly roles: Partial<Record<Role, string | null>>,
  ) {}

  /**
   * The side of a role's literal that fixes a dimension: its rows or columns; for one vector (`q_1 = [1; 0; 2]`),
   * its length as the width and no number of tokens.
   */
  private sideOf(role: Role, side: 'rows' | 'cols'): number | undefined {
    const name = this.roles[role];
    const m = name ? this.defs.matrixNear(name, this.at) : undefined;
    if (!name || !m) return undefined;
    if (isVectorName(name) && (m.rows === 1 || m.cols === 1)) return side === 'cols' ? m.rows * m.cols : undefined;
    return m[side];
  }

  /** The number a dimension has here: a numeral, a scalar definition, or the matching side of a role's matrix. */
  dimension(written: string): number | null {
    if (/^\d+$/.test(written.trim())) return Number(written);
    const name = dimensionName(written);
    const scalar = this.defs.scalarNear(name, this.at);
    if (scalar) return scalar.value;
    for (const [role, side] of DIMENSION_SOURCES[name] ?? []) {
      const n = this.sideOf(role, side);
      if (n !== undefined) return n;
    }
    return null;
  }

  /** The shape of `symbol`: declared, else `standard`; numbers from its literal, else from its dimensions. */
  of(symbol: string, standard: readonly [string, string] | null): ShapeInfo {
    const declared = this.defs.declarationNear(symbol, this.at);
    const symbolic: [string, string] | null = declared
      ? [declared.rows, declared.cols]
      : standard && [standard[0], standard[1]];
    const literal = this.defs.matrixNear(symbol, this.at);
    if (literal) return { symbolic, numeric: [literal.rows, literal.cols] };
    const rows = symbolic && this.dimension(symbolic[0]);
    const cols = symbolic && this.dimension(symbolic[1]);
    return { symbolic, numeric: rows != null && cols != null ? [rows, cols] : null };
  }

  /**
   * What `symbol` is here, playing `role`: one vector (a lower-case name whose literal, if any, is one row or one
   * column) by its length; anything else by its shape.
   */
  extent(symbol: string, role: Role | null): Extent {
    const literal = this.defs.matrixNear(symbol, this.at);
    const declared = this.defs.declarationNear(symbol, this.at);
    const sides = declared ? [declared.rows, declared.cols] : null;
    const vector =
      role !== null &&
      isVectorName(symbol) &&
      (literal ? literal.rows === 1 || literal.cols === 1 : sides === null || sides.includes('1'));
    if (!vector) return this.of(symbol, role && STANDARD_SHAPES[role]);
    // Declared R^{d_k × 1}: the side that is not 1.
    const length = sides ? (sides[0] === '1' ? sides[1] : sides[0]) : STANDARD_LENGTHS[role];
    const n = literal ? literal.rows * literal.cols : this.dimension(length);
    return { vector: true, symbolic: [length], numeric: n === null ? null : [n] };
  }
}
