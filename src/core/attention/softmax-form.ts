// Which formulas have a worked example of the form softmax(s Q K^T + M) V, decided without evaluating anything, so
// editor features can offer what needs the evaluator before loading it.
import type { ScannedDocument } from '../document/document-model';
import { type Expr, symbolsOf } from '../tex/expr';
import { bindSymbols } from './bind';
import type { Classification } from './classify';
import { isSoftmaxForm } from './conventions';
import { classifyRegion } from './formula-inputs';

/** The side of the classified equation that is evaluated, or null when the kind was read from none. */
export const evaluatedSide = (c: Classification): Expr | null =>
  c.equation >= 0 ? (c.formula?.equations[c.equation]?.sides[c.side] ?? null) : null;

/** Whether the formula of region `index` is softmax attention whose every symbol the document gives a value. */
export function hasSoftmaxWorkedExample(doc: ScannedDocument, index: number): boolean {
  const region = doc.regions[index];
  if (!region) return false;
  const c = classifyRegion(doc, index);
  const side = evaluatedSide(c);
  if (!isSoftmaxForm(c) || !side) return false;
  const bound = bindSymbols(doc, index, symbolsOf(side), c.roles);
  return bound.unbound.length === 0 && bound.problems.length === 0;
}
