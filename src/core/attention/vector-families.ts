// A worked example written token by token: a query, a key and a value vector per token (`q1 = [1, 0, 0]`,
// `k_2 = ...`, `v_3 = ...` in math or code), which the step-by-step prose then combines. Stacked as rows they are
// Q, K and V, an example of scaled dot-product attention to evaluate as a whole.
import type { MatrixLiteral, ScannedDocument } from '../document/document-model';
import { definitionsOf, isUsable } from './formula-inputs';
import type { SelectionTarget } from './selection-example';

export interface FamilyExample {
  /** Document offsets of the first vector's definition, where the example is offered. */
  startOffset: number;
  endOffset: number;
  target: Extract<SelectionTarget, { kind: 'matrices' }>;
}

const MAX_TOKENS = 64;

const byScan = new WeakMap<ScannedDocument, FamilyExample | null>();

/** The example of the note's q_i, k_i and v_i vectors, when it defines all three families. */
export function familyExample(scan: ScannedDocument): FamilyExample | null {
  let found = byScan.get(scan);
  if (found === undefined) {
    found = findFamilies(scan);
    byScan.set(scan, found);
  }
  return found;
}

function findFamilies(scan: ScannedDocument): FamilyExample | null {
  // The first numeric definition of each member, in document order, asked of the lists by name: only the members'
  // literals are read, not every matrix of the note.
  const defs = definitionsOf(scan);
  const isMember = (m: MatrixLiteral) => isUsable(m) && m.nonNumeric.length === 0;
  const family = (letter: string): MatrixLiteral[] => {
    const out: MatrixLiteral[] = [];
    for (let i = 1; i <= MAX_TOKENS; i++) {
      const m = defs.firstMatrix(`${letter}_${i}`, isMember);
      if (!m) break;
      out.push(m);
    }
    return out;
  };
  const [q, k, v] = ['q', 'k', 'v'].map(family);
  const width = (f: MatrixLiteral[]) => {
    const widths = new Set(f.map((m) => (m.rows === 1 ? m.cols : m.cols === 1 ? m.rows : -1)));
    return widths.size === 1 ? [...widths][0] : -1;
  };
  if (q.length < 1 || k.length < 2 || v.length !== k.length) return null;
  const [wq, wk, wv] = [q, k, v].map(width);
  if (wq <= 0 || wq !== wk || wv <= 0) return null;
  const stacked = (name: string, f: MatrixLiteral[]): MatrixLiteral => ({
    name,
    form: 'stacked',
    rows: f.length,
    cols: f[0].rows === 1 ? f[0].cols : f[0].rows,
    values: f.map((m) => m.values.flat()),
    raggedRows: [],
    nonNumeric: [],
    regionIndex: -1,
    startOffset: Math.min(...f.map((m) => m.startOffset)),
    endOffset: Math.max(...f.map((m) => m.endOffset)),
    range: { start: f[0].range.start, end: f[f.length - 1].range.end },
  });
  const inputs = { Q: stacked('Q', q), K: stacked('K', k), V: stacked('V', v) };
  const matrix = (m: MatrixLiteral) => m.values.map((r) => r.join(' & ')).join(' \\\\ ');
  const parts = Object.entries(inputs).map(
    ([name, m]) => `$$\n${name} = \\begin{bmatrix} ${matrix(m)} \\end{bmatrix}\n$$`,
  );
  // A d_k the note fixes where the vectors are is the example's; else it is the vectors' width.
  const dk = defs.scalarNear('d_k', q[0].startOffset);
  if (dk) parts.push(`$$\nd_k = ${dk.value}\n$$`);
  parts.push('$$\n\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V\n$$');
  const first = q[0];
  return {
    startOffset: first.startOffset,
    endOffset: first.endOffset,
    target: { kind: 'matrices', text: parts.join('\n\n'), inputs },
  };
}
