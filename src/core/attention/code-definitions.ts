// Matrices and numbers a note assigns in code (`Q = np.array([[1, 0], [0, 1]])`, `keys = x @ w_key`,
// `d_k = keys.shape[-1]`, a notebook's code cells), and numbers its prose fixes (`d_k = 2`, "d_k 为 2"), as
// definitions beside the math's own, so formulas evaluate on them. Code runs in order on exact values; only
// deterministic arithmetic is read: a value drawn at random (`torch.rand`, `nn.Linear` without given weights, a
// seed) is recorded as such and never given numbers, and neither is anything computed from it.

import { assignedNames, codeText } from '../document/code-blocks';
import type { MatrixLiteral, ScalarDefinition, ScannedDocument } from '../document/document-model';
import { proseScalars } from '../document/prose-scalars';
import { sourceOf } from '../document/source-text';
import { walk } from '../tex/expr';
import { computeValue, type Value } from './expr-values';
import { toRows } from './matrix';
import { parsePythonLine } from './python-expr';

/** A name code draws at random, or computes from such a name. */
export interface RandomDefinition {
  name: string;
  /** The call that draws it (`torch.rand`), itself or the value it is computed from. */
  source: string;
  /** The random value it is computed from, when it is not drawn itself. */
  via?: string;
  /** 1-based line of the assignment. */
  line: number;
  startOffset: number;
}

export interface CodeDefinitions {
  matrices: MatrixLiteral[];
  scalars: ScalarDefinition[];
  random: RandomDefinition[];
}

const EMPTY: CodeDefinitions = { matrices: [], scalars: [], random: [] };
/** Calls whose result is random, or set up from randomness: weights a layer initialises itself. */
const RANDOM_DRAW =
  /\b(?:(?:torch|np|numpy|tf|jax|jnp)\.(?:random\.)?(?:rand|randn|randint|rand_like|randn_like|normal|uniform|permutation|choice)|random\.\w+)\s*\(/;
/** Layers that draw their own weights, and dropout. */
const RANDOM_LAYER =
  /\b(?:(?:nn|layers|keras\.layers)\.(?:Linear|Dense|Embedding|Parameter|MultiheadAttention|MultiHeadAttention)|init\.\w+_|[Dd]ropout)\s*\(/;
const ASSIGN = /^([A-Za-z_]\w*)\s*=(?!=)/;
const MAX_ENTRIES = 512 * 512;

const byScan = new WeakMap<ScannedDocument, CodeDefinitions>();

/** What the code and prose of the scanned text define; nothing when the scanner did not record its text. */
export function codeDefinitionsOf(scan: ScannedDocument): CodeDefinitions {
  let defs = byScan.get(scan);
  if (!defs) {
    const lines = sourceOf(scan);
    defs = lines && scan.format === 'markdown' ? readCode(scan, lines) : EMPTY;
    if (lines && scan.format !== 'markdown') defs = { ...EMPTY, scalars: proseScalars(lines, scan.regions) };
    byScan.set(scan, defs);
  }
  return defs;
}

/** The name a code identifier has in the note's math: `W_query` is `W_{query}`, `q1` is `q_1`. */
export function mathName(name: string): string | null {
  const digits = /^([A-Za-z])(\d+)$/.exec(name);
  if (digits) return `${digits[1]}_${digits[2].length === 1 ? digits[2] : `{${digits[2]}}`}`;
  const sub = /^([A-Za-z][A-Za-z0-9]*)_([A-Za-z0-9]+)$/.exec(name);
  if (sub) return `${sub[1]}_${sub[2].length === 1 ? sub[2] : `{${sub[2]}}`}`;
  return null;
}

function readCode(scan: ScannedDocument, lines: NonNullable<ReturnType<typeof sourceOf>>): CodeDefinitions {
  const scope = new Map<string, Value>();
  const random = new Map<string, string>();
  const randomFound: RandomDefinition[] = [];
  /** The definitions each code name gave, dropped when the name is later changed in a way not read. */
  const given = new Map<string, (MatrixLiteral | ScalarDefinition)[]>();
  const forget = (name: string) => {
    scope.delete(name);
    random.delete(name);
    given.delete(name);
  };
  for (const st of codeText(lines.text, scan.regions).statements) {
    const target = st.indented ? undefined : ASSIGN.exec(st.text)?.[1];
    if (target === undefined) {
      // A loop, an augmented or partial assignment, an in-place change: the value is no longer known.
      for (const name of assignedNames(st.text)) forget(name);
      continue;
    }
    const drawn = RANDOM_DRAW.exec(st.text) ?? RANDOM_LAYER.exec(st.text);
    const read = drawn ? null : parsePythonLine(st.text);
    const uses = read ? [...walk(read.expr)].flatMap((n) => (n.type === 'symbol' ? [n.name] : [])) : [];
    const via = drawn ? undefined : uses.find((u) => random.has(u));
    const from = drawn ? drawn[0].replace(/\s*\($/, '') : via === undefined ? undefined : random.get(via);
    const value =
      from === undefined && read?.target === target
        ? computeValue(read.expr, { lookup: (name) => scope.get(name) ?? null, maxEntries: MAX_ENTRIES })
        : null;
    // A value assigned anew is kept apart from the old, which stays in force above this line.
    scope.delete(target);
    random.delete(target);
    if (from !== undefined) {
      random.set(target, from);
      const line = lines.positionAt(st.start).line + 1;
      randomFound.push({ name: target, source: from, line, startOffset: st.start, ...(via ? { via } : {}) });
      continue;
    }
    if (value === null) {
      given.delete(target);
      continue;
    }
    scope.set(target, value);
    const located = {
      startOffset: st.start,
      endOffset: st.end,
      range: { start: lines.positionAt(st.start), end: lines.positionAt(st.end) },
      regionIndex: -1,
    };
    const list = given.get(target) ?? [];
    given.set(target, list);
    for (const name of new Set([target, mathName(target) ?? target])) {
      if (typeof value === 'number') list.push({ symbol: name, value, ...located });
      else
        list.push({
          name,
          form: 'code',
          rows: value.rows,
          cols: value.cols,
          values: toRows(value),
          raggedRows: [],
          nonNumeric: [],
          ...located,
        });
    }
  }
  const all = [...given.values()].flat();
  return {
    matrices: all.filter((d): d is MatrixLiteral => 'values' in d),
    scalars: [...proseScalars(lines, scan.regions), ...all.filter((d): d is ScalarDefinition => 'value' in d)],
    random: randomFound,
  };
}
