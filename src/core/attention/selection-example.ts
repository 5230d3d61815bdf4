// What "Evaluate Selection" evaluates: the attention formula in the selection, else the matrices selected, as a
// small document of their own with the standard formula. One matrix alone is self-attention (Q = K = V = X);
// three or four are Q, K, V (and M), by name when they are named so, else in the order written.
import type { MatrixLiteral, ScannedDocument } from '../document/document-model';
import { classifyCached } from './formula-inputs';

export type SelectionTarget =
  | { kind: 'formula'; regionIndex: number }
  /** A Markdown document of the selected matrices and the formula applied to them. */
  | { kind: 'matrices'; text: string }
  /** Two matrices, or none: nothing that says which is which. */
  | { kind: 'unclear'; matrices: number };

const ROLES = ['Q', 'K', 'V'] as const;

const formula = (q: string, k: string, v: string, mask: boolean) =>
  `$$\n\\mathrm{softmax}\\left(\\frac{${q}${k}^\\top}{\\sqrt{d_k}}${mask ? ' + M' : ''}\\right)${v}\n$$`;

/** The target of a selection [start, end) of `text`; an empty selection means what is at the cursor. */
export function selectionTarget(scan: ScannedDocument, text: string, start: number, end: number): SelectionTarget {
  const touches = (item: { startOffset: number; endOffset: number }) =>
    start === end
      ? item.startOffset <= start && start <= item.endOffset
      : item.startOffset < end && item.endOffset > start;
  const regionIndex = scan.regions.findIndex((r) => touches(r) && classifyCached(r.tex).kind !== 'none');
  if (regionIndex !== -1) return { kind: 'formula', regionIndex };

  const selected = scan.matrices.filter(touches);
  const source = (m: MatrixLiteral) => text.slice(m.startOffset, m.endOffset);
  const definition = (name: string, m: MatrixLiteral) => `$$\n${name} = ${source(m)}\n$$`;
  if (selected.length === 1)
    return { kind: 'matrices', text: [definition('X', selected[0]), formula('X', 'X', 'X', false)].join('\n\n') };
  if (selected.length < 3) return { kind: 'unclear', matrices: selected.length };

  const byName = new Map(selected.filter((m) => m.name !== null).map((m) => [m.name as string, m]));
  const rest = selected.filter((m) => !ROLES.some((r) => byName.get(r) === m) && byName.get('M') !== m);
  const roles = ROLES.map((r) => byName.get(r) ?? rest.shift());
  const mask = byName.get('M') ?? rest.shift();
  if (roles.some((m) => m === undefined)) return { kind: 'unclear', matrices: selected.length };
  const parts = ROLES.map((r, i) => definition(r, roles[i] as MatrixLiteral));
  if (mask) parts.push(definition('M', mask));
  parts.push(formula('Q', 'K', 'V', mask !== undefined));
  return { kind: 'matrices', text: parts.join('\n\n') };
}
