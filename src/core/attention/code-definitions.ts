// Matrices and numbers a note assigns in code (`Q = np.array([[1, 0], [0, 1]])`, `keys = x @ w_key`,
// `d_k = keys.shape[-1]`, a notebook's code cells), numbers its prose fixes (`d_k = 2`, "d_k 为 2") and matrices
// its Markdown tables give (table-matrices.ts), as definitions beside the math's own, so formulas evaluate on them.
// Code runs in order on exact values; only deterministic arithmetic is read: a value drawn at random (`torch.rand`,
// `nn.Linear` without given weights, a seed) is recorded as such and never given numbers, and neither is anything
// computed from it.

import { type NoteCode, noteCode, type StatementText } from '../document/code-blocks';
import type { MatrixLiteral, ScalarDefinition, ScannedDocument } from '../document/document-model';
import type { LineIndex } from '../document/positions';
import { proseScalarsOf } from '../document/prose-scalars';
import { sourceOf } from '../document/source-text';
import { tableMatricesOf } from '../document/table-matrices';
import type { Expr } from '../tex/expr';
import { mayMatter, parsedStatement } from './code-statements';
import { computeValue, type Value } from './expr-values';
import { type Matrix, toRows } from './matrix';

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

/** An assignment whose value the code reader does not compute (`V = np.eye(3)[:, :2]`) or draws at random. */
export interface Reassignment {
  /** The code's name and, when it differs, the math's (`W_query` is also `W_{query}`): one entry each. */
  name: string;
  /** 1-based line of the assignment. */
  line: number;
  startOffset: number;
}

export interface CodeDefinitions {
  matrices: MatrixLiteral[];
  scalars: ScalarDefinition[];
  random: RandomDefinition[];
  /** In order: what a definition above them no longer gives below them. */
  unknown: Reassignment[];
}

const EMPTY: CodeDefinitions = { matrices: [], scalars: [], random: [], unknown: [] };
const MAX_ENTRIES = 512 * 512;

const byScan = new WeakMap<ScannedDocument, CodeDefinitions>();

/**
 * What the code, prose and Markdown tables of the scanned text define; nothing when the scanner did not record its
 * text.
 */
export function codeDefinitionsOf(scan: ScannedDocument): CodeDefinitions {
  let defs = byScan.get(scan);
  if (!defs) {
    const lines = sourceOf(scan);
    const code = lines && scan.format === 'markdown' ? noteCode(scan) : null;
    defs = lines && code ? readCode(code, lines, proseScalarsOf(scan)) : EMPTY;
    if (lines && scan.format !== 'markdown') defs = { ...EMPTY, scalars: proseScalarsOf(scan) };
    const tables = tableMatricesOf(scan);
    if (tables.length > 0) defs = { ...defs, matrices: [...tables, ...defs.matrices] };
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

/** What a statement last computed, and the values of the names it looked up then. */
const computed = new WeakMap<StatementText, { looked: [string, Value | null][]; value: Value | null }>();

/**
 * The value of a statement's expression in `scope`. Each reading of the note runs all its code again; a statement
 * whose names still hold the very values they held last time is not computed again, so after an edit only the
 * statements it reaches are.
 */
function valueIn(st: StatementText, expr: Expr, scope: ReadonlyMap<string, Value>): Value | null {
  const last = computed.get(st);
  if (last?.looked.every(([name, v]) => (scope.get(name) ?? null) === v)) return last.value;
  const looked: [string, Value | null][] = [];
  const lookup = (name: string) => {
    const v = scope.get(name) ?? null;
    looked.push([name, v]);
    return v;
  };
  const value = computeValue(expr, { lookup, maxEntries: MAX_ENTRIES });
  computed.set(st, { looked, value });
  return value;
}

const rows = new WeakMap<Matrix, number[][]>();
/** A computed matrix as rows, made once per value: the readings after an edit share them. */
function rowsOf(m: Matrix): number[][] {
  let r = rows.get(m);
  if (!r) {
    r = toRows(m);
    rows.set(m, r);
  }
  return r;
}

/** The definitions of the note's code run in order, after the scalars its prose fixes. */
function readCode(code: NoteCode, lines: LineIndex, proseScalars: ScalarDefinition[]): CodeDefinitions {
  const scope = new Map<string, Value>();
  const random = new Map<string, string>();
  const randomFound: RandomDefinition[] = [];
  const unknown: Reassignment[] = [];
  const unknownFrom = (target: string, start: number) => {
    const line = lines.positionAt(start).line + 1;
    for (const name of new Set([target, mathName(target) ?? target])) unknown.push({ name, line, startOffset: start });
  };
  /** The definitions each code name gave, dropped when the name is later changed in a way not read. */
  const given = new Map<string, (MatrixLiteral | ScalarDefinition)[]>();
  const forget = (name: string) => {
    scope.delete(name);
    random.delete(name);
    given.delete(name);
  };
  code.forEachStatement((st, start, end) => {
    const { target, drawn, line, uses: read, assigned } = parsedStatement(st);
    if (target === undefined) {
      // A loop, an augmented or partial assignment, an in-place change: the value is no longer known.
      for (const name of assigned) {
        forget(name);
        unknownFrom(name, start);
      }
      return;
    }
    const uses = drawn ? [] : read;
    const via = drawn ? undefined : uses.find((u) => random.has(u));
    const from = drawn ?? (via === undefined ? undefined : random.get(via));
    const value = from === undefined && line?.target === target ? valueIn(st, line.expr, scope) : null;
    // A value assigned anew is kept apart from the old, which stays in force above this line.
    scope.delete(target);
    random.delete(target);
    if (from !== undefined) {
      random.set(target, from);
      const at = lines.positionAt(start).line + 1;
      randomFound.push({ name: target, source: from, line: at, startOffset: start, ...(via ? { via } : {}) });
      unknownFrom(target, start);
      return;
    }
    if (value === null) {
      given.delete(target);
      unknownFrom(target, start);
      return;
    }
    scope.set(target, value);
    const located = {
      startOffset: start,
      endOffset: end,
      range: { start: lines.positionAt(start), end: lines.positionAt(end) },
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
          values: rowsOf(value),
          raggedRows: [],
          nonNumeric: [],
          ...located,
        });
    }
  }, mayMatter);
  const all = [...given.values()].flat();
  return {
    matrices: all.filter((d): d is MatrixLiteral => 'values' in d),
    scalars: [...proseScalars, ...all.filter((d): d is ScalarDefinition => 'value' in d)],
    random: randomFound,
    unknown,
  };
}
