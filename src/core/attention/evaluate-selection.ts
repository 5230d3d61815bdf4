// Evaluates what Evaluate Selection and `eval --lines` select: the attention formula there, else the selected
// matrices under the standard formula (selection-example.ts), reported against the note's own lines.
import type { ScannedDocument } from '../document/document-model';
import { scanDocument } from '../document/scan';
import { type EvaluateOptions, evaluateRegion, type FormulaEvaluation } from './evaluate';
import { type SelectionTarget, selectionTarget } from './selection-example';

export type SelectionEvaluation =
  | { kind: 'evaluated'; evaluation: FormulaEvaluation }
  /** Two matrices, or none: nothing says which is which. */
  | { kind: 'unclear'; matrices: number };

/** The evaluation of the selection [start, end) of `text`. Never throws on what the note holds. */
export function evaluateSelection(
  scan: ScannedDocument,
  text: string,
  start: number,
  end: number,
  options: EvaluateOptions = {},
): SelectionEvaluation {
  const target = selectionTarget(scan, text, start, end);
  if (target.kind === 'unclear') return target;
  if (target.kind === 'formula')
    return { kind: 'evaluated', evaluation: evaluateRegion(scan, target.regionIndex, options) };
  return { kind: 'evaluated', evaluation: evaluateExample(target, options) };
}

/**
 * The standard formula on matrices copied from the note: lines are those of the note's literals (the formula's
 * is the first literal's; a dimension read from a matrix is that matrix's), and errors carry no place, since
 * the formula is not written in the note.
 */
export function evaluateExample(
  target: Extract<SelectionTarget, { kind: 'matrices' }>,
  options: EvaluateOptions = {},
): FormulaEvaluation {
  const example = scanDocument(target.text, 'markdown');
  const { positionAt: _, ...rest } = options;
  const result = evaluateRegion(example, example.regions.length - 1, rest);
  // Each line of the example document holding a copied literal stands for the literal's line in the note.
  const noteLines = new Map<number, number>();
  for (const m of example.matrices) {
    const source = m.name === null ? undefined : target.inputs[m.name];
    if (source) noteLines.set(m.range.start.line + 1, source.range.start.line + 1);
  }
  const first = Math.min(...noteLines.values());
  result.line = first;
  for (const b of Object.values(result.bindings)) b.line = noteLines.get(b.line) ?? first;
  result.errors = result.errors.map((e) => ({ message: e.message }));
  return result;
}
