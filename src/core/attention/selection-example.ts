// What "Evaluate Selection" evaluates: the attention formula in the selection, else the matrices selected, as a
// small document of their own with the standard formula. One matrix alone is self-attention (Q = K = V = X);
// three or four are Q, K, V (and M), by name when they are named so, else in the order written.
import type { MatrixLiteral, ScannedDocument } from '../document/document-model';
import { operationPhrases, operationPhrasesOf } from '../document/prose';
import { sourceOf } from '../document/source-text';
import { tableMatricesOf } from '../document/table-matrices';
import { codeExamples, plainNumber } from './code-formulas';
import { classifyRegion } from './formula-inputs';
import { familyExample } from './vector-families';

export type SelectionTarget =
  | { kind: 'formula'; regionIndex: number }
  /**
   * A Markdown document of the selected matrices and the formula applied to them; `inputs` names the literal of
   * the selection each symbol of that document (Q, K, V, M, or X) was copied from.
   */
  | { kind: 'matrices'; text: string; inputs: Record<string, MatrixLiteral> }
  /** Two matrices, or none: nothing that says which is which. */
  | { kind: 'unclear'; matrices: number };

const ROLES = ['Q', 'K', 'V'] as const;

const matrixTex = (values: readonly number[][]) =>
  `\\begin{bmatrix} ${values.map((r) => r.map(plainNumber).join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;

const formula = (q: string, k: string, v: string, mask: boolean) =>
  `$$\n\\mathrm{softmax}\\left(\\frac{${q}${k}^\\top}{\\sqrt{d_k}}${mask ? ' + M' : ''}\\right)${v}\n$$`;

/** The target of a selection [start, end) of `text`; an empty selection means what is at the cursor. */
export function selectionTarget(scan: ScannedDocument, text: string, start: number, end: number): SelectionTarget {
  const touches = (item: { startOffset: number; endOffset: number }) =>
    start === end
      ? item.startOffset <= start && start <= item.endOffset
      : item.startOffset < end && item.endOffset > start;
  const regionIndex = scan.regions.findIndex((r, i) => touches(r) && classifyRegion(scan, i).kind !== 'none');
  if (regionIndex !== -1) return { kind: 'formula', regionIndex };
  const code = codeExampleIn(scan, start, end);
  if (code) return code;

  // A Markdown table gives its matrices as numbers (table-matrices.ts): written back as TeX.
  const tables = tableMatricesOf(scan).filter(touches);
  const selected = scan.matrices.filter(touches);
  if (tables.length > 0) {
    selected.push(...tables);
    selected.sort((a, b) => a.startOffset - b.startOffset);
  }
  const source = (m: MatrixLiteral) =>
    m.form === 'table' ? matrixTex(m.values) : text.slice(m.startOffset, m.endOffset);
  const definition = (name: string, m: MatrixLiteral) => `$$\n${name} = ${source(m)}\n$$`;
  if (selected.length === 1) {
    const text = [definition('X', selected[0]), formula('X', 'X', 'X', false)].join('\n\n');
    return { kind: 'matrices', text, inputs: { X: selected[0] } };
  }
  if (selected.length < 3) return { kind: 'unclear', matrices: selected.length };

  const byName = new Map(selected.filter((m) => m.name !== null).map((m) => [m.name as string, m]));
  const rest = selected.filter((m) => !ROLES.some((r) => byName.get(r) === m) && byName.get('M') !== m);
  const roles = ROLES.map((r) => byName.get(r) ?? rest.shift());
  const mask = byName.get('M') ?? rest.shift();
  if (roles.some((m) => m === undefined)) return { kind: 'unclear', matrices: selected.length };
  const inputs: Record<string, MatrixLiteral> = Object.fromEntries(ROLES.map((r, i) => [r, roles[i] as MatrixLiteral]));
  if (mask) inputs.M = mask;
  const parts = Object.entries(inputs).map(([r, m]) => definition(r, m));
  parts.push(formula('Q', 'K', 'V', mask !== undefined));
  return { kind: 'matrices', text: parts.join('\n\n'), inputs };
}

/**
 * The attention formula written in code that the selection touches, or whose inputs it holds, as matrices to
 * evaluate; none when an input is drawn at random.
 */
function codeExampleIn(scan: ScannedDocument, start: number, end: number): SelectionTarget | undefined {
  const holds = (m: MatrixLiteral) => start < end && start <= m.startOffset && m.endOffset <= end;
  const touches = (f: { start: number; end: number }) =>
    start === end ? f.start <= start && start <= f.end : f.start < end && f.end > start;
  const found = codeExamples(scan).find(
    (e) =>
      e.random.length === 0 &&
      (touches(e.formula) || (Object.keys(e.target.inputs).length > 0 && Object.values(e.target.inputs).every(holds))),
  );
  if (found) return found.target;
  // Vectors per token (q_1, k_1, v_1, ...) selected as a whole.
  const family = familyExample(scan);
  return family && start < end && Object.values(family.target.inputs).every(holds) ? family.target : undefined;
}

/** An example the prose names ("scaled dot-product attention") beside matrices that no formula evaluates. */
export interface ProseExample {
  /** Document offsets of the phrase naming the operation. */
  startOffset: number;
  endOffset: number;
  /** The matrices it applies to, as Evaluate Selection reads them. */
  target: Extract<SelectionTarget, { kind: 'matrices' }>;
}

/** How far after the phrase its matrices are looked for: to the next heading, within this many characters. */
const PROSE_EXAMPLE_WINDOW = 3000;
const HEADING = /\n#{1,6}\s|\\(?:sub)*section\*?\{/;

/** Once per scan: the CodeLens and the preview both ask after every edit, and the scan stands for its text. */
const examplesByScan = new WeakMap<ScannedDocument, ProseExample[]>();

/**
 * Where the prose names the operation and matrices follow it before the next heading, with no attention formula
 * among them: the matrices as an example to evaluate (Q, K, V, M by name or order; one matrix is self-attention).
 * `text` is the text `scan` was read from.
 */
export function proseExamples(scan: ScannedDocument, text: string): ProseExample[] {
  let examples = examplesByScan.get(scan);
  if (!examples) {
    examples = findProseExamples(scan, text);
    examplesByScan.set(scan, examples);
  }
  return examples;
}

function findProseExamples(scan: ScannedDocument, text: string): ProseExample[] {
  // Attention written in code names its operation itself: its example stands at its statement.
  const examples: ProseExample[] = codeExamples(scan)
    .filter((e) => e.random.length === 0 && Object.keys(e.target.inputs).length > 0)
    .map((e) => ({ startOffset: e.formula.start, endOffset: e.formula.end, target: e.target }));
  const family = familyExample(scan);
  if (family) examples.push(family);
  let searchedTo = 0;
  const phrases = sourceOf(scan)?.text === text ? operationPhrasesOf(scan) : operationPhrases(text, scan);
  for (const phrase of phrases) {
    if (phrase.start < searchedTo) continue;
    const next = text.slice(phrase.end, phrase.end + PROSE_EXAMPLE_WINDOW).search(HEADING);
    const end = next === -1 ? Math.min(text.length, phrase.end + PROSE_EXAMPLE_WINDOW) : phrase.end + next;
    searchedTo = end;
    const target = selectionTarget(scan, text, phrase.end, end);
    if (target.kind === 'matrices' && !examples.some((e) => e.target === target))
      examples.push({ startOffset: phrase.start, endOffset: phrase.end, target });
  }
  return examples.sort((a, b) => a.startOffset - b.startOffset);
}
