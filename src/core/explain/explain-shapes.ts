// The shapes an explanation quotes: the dimensions the document names for a matrix (`Q \in \mathbb{R}^{l_q
// \times d_k}`, else the usual ones for its role) and the numbers it fixes for them, from matrix literals or from
// scalar definitions such as `d_k = 2`.

import { DIMENSION_SOURCES, normaliseDimension } from '../attention/conventions';
import type { Definitions } from '../attention/formula-inputs';
import type { IndexedDocument } from '../document/document-index';
import type { Role, ShapeInfo } from './explain-model';

/** The lookups of the document index an explanation needs. */
export type DocumentLookups = Pick<IndexedDocument, 'scan' | 'regionAt'>;

export { STANDARD_SHAPES } from '../attention/conventions';

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

  private matrixOf(role: Role) {
    const name = this.roles[role];
    return name ? this.defs.matrixNear(name, this.at) : undefined;
  }

  /** The number a dimension has here: a numeral, a scalar definition, or the matching side of a role's matrix. */
  dimension(written: string): number | null {
    if (/^\d+$/.test(written.trim())) return Number(written);
    const name = dimensionName(written);
    const scalar = this.defs.scalarNear(name, this.at);
    if (scalar) return scalar.value;
    for (const [role, side] of DIMENSION_SOURCES[name] ?? []) {
      const m = this.matrixOf(role);
      if (m) return m[side];
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
}
