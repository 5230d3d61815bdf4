// What an evaluation runs on: the side of the formula it evaluates, and what the note binds that side's symbols to
// where the formula stands. Kept apart from the evaluator (and mathjs) so that a preview can tell which formulas
// share their inputs, and evaluate each set of inputs once, without loading the evaluator.
import type { ScannedDocument } from '../document/document-model';
import { type Expr, symbolsOf } from '../tex/expr';
import { type BindResult, bindSymbols } from './bind';
import type { Classification } from './classify';

/** The side of the formula to evaluate: the classified one, else the right-most value side of the first equation. */
export function targetOf(c: Classification): Expr | null {
  const eqs = c.formula?.equations ?? [];
  if (c.equation >= 0) return eqs[c.equation].sides[c.side];
  const eq = eqs[0];
  if (!eq) return null;
  const values = eq.sides.filter((_, i) => i === 0 || eq.relations[i - 1] !== '\\in');
  return values[values.length - 1];
}

/** The symbols of each target, read once: a note may evaluate one formula's TeX under hundreds of formulas. */
const targetSymbols = new WeakMap<Expr, string[]>();

/** The values, problems and warnings the symbols of `target` get at region `regionIndex`, as evaluation binds them. */
export function boundInputs(doc: ScannedDocument, regionIndex: number, c: Classification, target: Expr): BindResult {
  let symbols = targetSymbols.get(target);
  if (!symbols) {
    symbols = symbolsOf(target);
    targetSymbols.set(target, symbols);
  }
  return bindSymbols(doc, regionIndex, symbols, c.roles, c.axis ?? 'rows');
}
