// What a formula's inputs are where the formula stands: the matrix literal, shape declaration or scalar in force
// for each symbol, found by binary search so that checking every formula of a large document stays linear, in lists
// by name carried across edits (named-items.ts), so that an update after a keystroke reads only what it changed.
// The rule is the evaluator's (bind.ts): the nearest definition above the formula, else the first one below,
// never one inside the formula's own region.

import type {
  Located,
  MatrixLiteral,
  ScalarDefinition,
  ScannedDocument,
  ShapeDeclaration,
} from '../document/document-model';
import { type Earlier, readingOf } from '../document/readings';
import { softmaxNamesAt } from '../document/softmax-names';
import { Lru } from '../lru';
import { type Equation, type Expr, type ExprOf, TexError, walk } from '../tex/expr';
import { type Classification, classifyFormula } from './classify';
import { codeDefinitionsOf } from './code-definitions';
import { type Shape, ShapeChecker } from './expr-shapes';
import {
  EMPTY_ORDER,
  inForce,
  type Listing,
  ListsState,
  NamedItems,
  type Order,
  type Splices,
  wholeLists,
} from './named-items';

/** A dimension: a number, or the symbol the document names it by (`l_q`) when no number is known. */
export type Dim = number | string;

export interface InputShape {
  rows: Dim;
  cols: Dim;
  /** The literal the shape comes from, when there is a usable one. */
  literal?: MatrixLiteral;
  declaration?: ShapeDeclaration;
}

type Defined = Located & { regionIndex: number };

/** `K = X W_K`: a symbol the note defines by an expression rather than by numbers. */
export interface FormulaDefinition extends Located {
  symbol: string;
  expr: Expr;
  regionIndex: number;
}

/** Regions longer than this hold no definition worth reading: projections are written in a line. */
const MAX_DEFINING_REGION = 5000;

type Defining = readonly { symbol: string; expr: Expr }[];
const NONE: Defining = [];
/**
 * What each TeX defines, remembered: every edit of a large note reads the definitions of all its regions again, and
 * only those whose TeX changed are classified and walked. A plain Map, emptied if it outgrows a few large notes.
 */
const definingByTex = new Map<string, Defining>();
const DEFINING_LIMIT = 100_000;

/**
 * `Q = K = V = X` or `Q = K = V = \begin{bmatrix}..\end{bmatrix}`: self-attention on one matrix, every name of the
 * chain standing for its last side (the scanner names a literal after the nearest name only). Null unless every
 * side but the last is a distinct symbol and every relation is `=`.
 */
function aliasChain(eq: Equation): { symbol: string; expr: Expr }[] | null {
  const { sides, relations } = eq;
  if (sides.length < 3 || relations.some((r) => r !== '=')) return null;
  const names = sides.slice(0, -1);
  const last = sides[sides.length - 1];
  if (!names.every((s) => s.type === 'symbol')) return null;
  const symbols = names.map((s) => (s as ExprOf<'symbol'>).name);
  if (new Set(symbols).size !== symbols.length) return null;
  const uses = [...walk(last)].filter((n) => n.type === 'symbol').map((n) => (n as { name: string }).name);
  if (uses.some((u) => symbols.includes(u))) return null;
  if (uses.length === 0 && last.type !== 'matrix') return null;
  return symbols.map((symbol) => ({ symbol, expr: last }));
}

function definingEquations(tex: string, softmaxNames: readonly string[]): Defining {
  const key = classificationKey(tex, softmaxNames);
  let defining = definingByTex.get(key);
  if (defining === undefined) {
    const found: { symbol: string; expr: Expr }[] = [];
    for (const eq of classifyCached(tex, softmaxNames).formula?.equations ?? []) {
      const [name, definition] = eq.sides;
      if (eq.relations[0] !== '=' || name.type !== 'symbol' || !definition) continue;
      const aliases = aliasChain(eq);
      if (aliases) {
        found.push(...aliases);
        continue;
      }
      const uses = [...walk(definition)].filter((n) => n.type === 'symbol').map((n) => (n as { name: string }).name);
      if (uses.length === 0 || uses.includes(name.name)) continue;
      found.push({ symbol: name.name, expr: definition });
    }
    defining = found.length > 0 ? found : NONE;
    if (definingByTex.size >= DEFINING_LIMIT) definingByTex.clear();
    definingByTex.set(key, defining);
  }
  return defining;
}

/** The `symbol = expression` equations of region `regionIndex` whose expression uses other symbols. */
function definingIn(scan: ScannedDocument, regionIndex: number): Defining {
  const { tex } = scan.regions[regionIndex];
  return tex.length > MAX_DEFINING_REGION ? NONE : definingEquations(tex, softmaxNamesAt(scan, regionIndex));
}

/**
 * Where the names the prose gives the softmax change, from region 0 on: the first region of each set of names.
 * Those in force grow along the note, so each change is found by binary search.
 */
type NamesProfile = { from: number; names: string }[];

function namesProfile(scan: ScannedDocument): NamesProfile {
  const count = scan.regions.length;
  if (count === 0) return [];
  const first = softmaxNamesAt(scan, 0);
  const profile = [{ from: 0, names: first.join(',') }];
  const most = softmaxNamesAt(scan, count - 1).length;
  for (let length = first.length + 1, lo = 1; length <= most; ) {
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (softmaxNamesAt(scan, mid).length < length) lo = mid + 1;
      else hi = mid;
    }
    const names = softmaxNamesAt(scan, lo);
    profile.push({ from: lo, names: names.join(',') });
    length = names.length + 1;
  }
  return profile;
}

function namesAt(profile: NamesProfile, region: number): string {
  let k = 0;
  while (k + 1 < profile.length && profile[k + 1].from <= region) k++;
  return profile[k]?.names ?? '';
}

/** Whether the regions the edits did not reach are given the softmax's names they were given in the base's scan. */
function sameNames(base: NamesProfile, scan: ScannedDocument, edits: Splices): boolean {
  const now = namesProfile(scan);
  // Both sides change only where one of them does: comparing there, and where each part the edits did not reach
  // begins, compares them everywhere.
  const points = [
    0,
    ...edits.pieces.map((p, k) => edits.starts[k] + p.length),
    ...now.map((p) => p.from),
    ...base.map((p) => edits.toCurrent(p.from)),
  ];
  return points.every((r) => {
    const before = r >= 0 && r < scan.regions.length ? edits.toBase(r) : -1;
    return before < 0 || namesAt(now, r) === namesAt(base, before);
  });
}

const MATRICES: Listing = {
  list: 'matrices',
  names(scan, index, add) {
    const name = scan.matrices[index].name;
    if (name !== null) add(name);
  },
};
const SHAPES: Listing = {
  list: 'shapes',
  names: (scan, index, add) => add(scan.shapes[index].symbol),
};
const SCALARS: Listing = {
  list: 'scalars',
  names: (scan, index, add) => add(scan.scalars[index].symbol),
};
const FORMULAS: Listing<NamesProfile> = {
  list: 'regions',
  names(scan, index, add) {
    const defining = definingIn(scan, index);
    defining.forEach(({ symbol }, k) => {
      if (defining.findIndex((d) => d.symbol === symbol) === k) add(symbol);
    });
  },
  context: { read: namesProfile, kept: sameNames },
};

const LISTINGS = { matrices: MATRICES, shapes: SHAPES, scalars: SCALARS, formulas: FORMULAS as Listing };
type Kind = keyof typeof LISTINGS;
const KINDS = Object.keys(LISTINGS) as Kind[];

/** The lists of each kind of definition by name, carried from scan to scan. */
type NameLists = Record<Kind, NamedItems>;

function nameListsOf(scan: ScannedDocument): NameLists {
  const states = readingOf(scan, 'definitions by name', (earlier: Earlier<Record<Kind, ListsState>> | undefined) => {
    const carried = (kind: Kind) =>
      earlier ? earlier.reading[kind].carried(earlier.lists?.[LISTINGS[kind].list]) : new ListsState();
    return {
      matrices: carried('matrices'),
      shapes: carried('shapes'),
      scalars: carried('scalars'),
      formulas: carried('formulas'),
    };
  });
  const lists = {} as NameLists;
  for (const kind of KINDS) lists[kind] = new NamedItems(scan, LISTINGS[kind], states[kind]);
  return lists;
}

type Kinds = { matrices: MatrixLiteral; shapes: ShapeDeclaration; scalars: ScalarDefinition };

/** The definitions the note's code and prose give, by name. */
interface CodeLists {
  matrices: readonly MatrixLiteral[];
  scalars: readonly ScalarDefinition[];
  matricesByName: Map<string, Order>;
  scalarsByName: Map<string, Order>;
}

/**
 * One of the two found in force, as if the note's code's definitions were listed after its math's and the whole
 * sorted by start offset: the later of those before, else the earlier of those after.
 */
function either<T extends Located>(
  math: T | undefined,
  mathBefore: boolean,
  code: T | undefined,
  codeBefore: boolean,
): T | undefined {
  if (!math || !code) return math ?? code;
  if (mathBefore !== codeBefore) return mathBefore ? math : code;
  if (mathBefore) return code.startOffset >= math.startOffset ? code : math;
  return math.startOffset <= code.startOffset ? math : code;
}

const NUMERAL = /^\d+$/;

/** One Definitions per scan, shared by evaluation, diagnostics, CodeLens and hovers. */
const byScan = new WeakMap<ScannedDocument, Definitions>();

export function definitionsOf(scan: ScannedDocument): Definitions {
  let defs = byScan.get(scan);
  if (!defs) {
    defs = new Definitions(scan);
    byScan.set(scan, defs);
  }
  return defs;
}

/**
 * The definitions in force where a formula stands. The math's lists by name are carried across edits and put
 * together for the names asked about (named-items.ts); the code's, read again for every scan, are listed whole.
 */
export class Definitions {
  private readonly lists: NameLists;
  private codeLists: CodeLists | null = null;
  /** The formula definitions found, each one object per scan. */
  private readonly formulas = new Map<string, FormulaDefinition>();

  constructor(readonly scan: ScannedDocument) {
    this.lists = nameListsOf(scan);
  }

  private code(): CodeLists {
    if (!this.codeLists) {
      const { matrices, scalars } = codeDefinitionsOf(this.scan);
      this.codeLists = {
        matrices,
        scalars,
        matricesByName: wholeLists(matrices, (i) => matrices[i].name),
        scalarsByName: wholeLists(scalars, (i) => scalars[i].symbol),
      };
    }
    return this.codeLists;
  }

  private inForce<K extends keyof Kinds>(
    kind: K,
    name: string,
    start: number,
    end: number,
    excluded: number | null,
  ): Kinds[K] | undefined {
    type T = Kinds[K];
    const items = this.scan[kind] as readonly Defined[] as readonly T[];
    const math = inForce(items, this.lists[kind].named(name), (i) => items[i].regionIndex, start, end, excluded);
    if (kind === 'shapes') return math ? items[math.index] : undefined;
    const code = this.code();
    const codeItems = (kind === 'matrices' ? code.matrices : code.scalars) as readonly Defined[] as readonly T[];
    const order = (kind === 'matrices' ? code.matricesByName : code.scalarsByName).get(name);
    const other = order ? inForce(codeItems, order, (i) => codeItems[i].regionIndex, start, end, excluded) : null;
    return either(
      math ? items[math.index] : undefined,
      math?.before ?? false,
      other ? codeItems[other.index] : undefined,
      other?.before ?? false,
    );
  }

  matrix(name: string, regionIndex: number): MatrixLiteral | undefined {
    const r = this.scan.regions[regionIndex];
    return this.inForce('matrices', name, r.startOffset, r.endOffset, regionIndex);
  }

  /**
   * The first literal named `name` in the note, its code's included, that `accept` takes; of literals starting
   * alike, the math's first.
   */
  firstMatrix(name: string, accept: (m: MatrixLiteral) => boolean): MatrixLiteral | undefined {
    const math = this.lists.matrices.named(name);
    const code = this.code();
    const order = code.matricesByName.get(name) ?? EMPTY_ORDER;
    for (let i = 0, j = 0; i < math.length || j < order.length; ) {
      const m = i < math.length ? this.scan.matrices[math.at(i)] : undefined;
      const c = j < order.length ? code.matrices[order.at(j)] : undefined;
      const next = m && (!c || m.startOffset <= c.startOffset) ? m : (c as MatrixLiteral);
      if (next === m) i++;
      else j++;
      if (accept(next)) return next;
    }
    return undefined;
  }

  /**
   * The definitions in force at one place, its own region included: what a declaration describes
   * (`K \in ..., K = ...`), or what an explanation quotes for a symbol (`h = 8` beside the `h` hovered).
   */
  matrixNear(name: string, offset: number): MatrixLiteral | undefined {
    return this.inForce('matrices', name, offset, offset, null);
  }

  declarationNear(name: string, offset: number): ShapeDeclaration | undefined {
    return this.inForce('shapes', name, offset, offset, null);
  }

  scalarNear(name: string, offset: number): ScalarDefinition | undefined {
    return this.inForce('scalars', name, offset, offset, null);
  }

  declaration(name: string, regionIndex: number): ShapeDeclaration | undefined {
    const r = this.scan.regions[regionIndex];
    return this.inForce('shapes', name, r.startOffset, r.endOffset, regionIndex);
  }

  /**
   * The expression defining `name` in force at a region (`K = X W_K`), under the rule of the literals; of a region
   * defining it twice, the later definition stands for it below the region and the earlier above.
   */
  formula(name: string, regionIndex: number): FormulaDefinition | undefined {
    const regions = this.scan.regions;
    const r = regions[regionIndex];
    const found = inForce(regions, this.lists.formulas.named(name), (i) => i, r.startOffset, r.endOffset, regionIndex);
    if (!found) return undefined;
    const defining = definingIn(this.scan, found.index);
    let k = defining.findIndex((d) => d.symbol === name);
    if (found.before) for (let j = k + 1; j < defining.length; j++) if (defining[j].symbol === name) k = j;
    const key = `${found.index}:${k}`;
    let definition = this.formulas.get(key);
    if (!definition) {
      const { range, startOffset, endOffset } = regions[found.index];
      definition = { symbol: name, expr: defining[k].expr, regionIndex: found.index, range, startOffset, endOffset };
      this.formulas.set(key, definition);
    }
    return definition;
  }

  scalar(name: string, regionIndex: number): ScalarDefinition | undefined {
    const r = this.scan.regions[regionIndex];
    return this.inForce('scalars', name, r.startOffset, r.endOffset, regionIndex);
  }

  /** A written dimension as a number when it is a numeral or a scalar the document fixes. */
  dimension(written: string, regionIndex: number): Dim {
    if (NUMERAL.test(written)) return Number(written);
    return this.scalar(written, regionIndex)?.value ?? written;
  }

  /** The shape of a symbol: from its literal when it has a usable one, else from its declaration. */
  shapeOf(name: string, regionIndex: number): InputShape | undefined {
    const literal = this.matrix(name, regionIndex);
    const declaration = this.declaration(name, regionIndex);
    if (literal && isUsable(literal)) return { rows: literal.rows, cols: literal.cols, literal, declaration };
    if (declaration) {
      return {
        rows: this.dimension(declaration.rows, regionIndex),
        cols: this.dimension(declaration.cols, regionIndex),
        declaration,
      };
    }
    return undefined;
  }

  /**
   * The shape of an operand: a symbol, its transpose, or an expression of symbols whose numeric shapes are all
   * known. A TexError when the expression's own shapes do not fit; undefined when too little is known.
   */
  operandShape(e: Expr, regionIndex: number, tex: string): InputShape | TexError | undefined {
    if (e.type === 'symbol') return this.shapeOf(e.name, regionIndex);
    if (e.type === 'transpose' && e.arg.type === 'symbol') {
      const s = this.shapeOf(e.arg.name, regionIndex);
      return s && { rows: s.cols, cols: s.rows };
    }
    const shapes = new Map<string, Shape>();
    for (const n of walk(e)) {
      if (n.type !== 'symbol' || shapes.has(n.name)) continue;
      const literal = this.matrix(n.name, regionIndex);
      if (literal && isUsable(literal)) shapes.set(n.name, { rows: literal.rows, cols: literal.cols });
      else if (this.scalar(n.name, regionIndex)) shapes.set(n.name, 'scalar');
      else return undefined;
    }
    try {
      const s = new ShapeChecker(tex, (name) => shapes.get(name)).check(e);
      return s === 'scalar' ? undefined : { rows: s.rows, cols: s.cols };
    } catch (err) {
      if (err instanceof TexError) return err;
      throw err;
    }
  }
}

/** A literal whose numbers can be used: rectangular and not empty. */
export function isUsable(m: MatrixLiteral): boolean {
  return m.raggedRows.length === 0 && m.rows > 0 && m.cols > 0;
}

export const shapeText = (s: { rows: Dim; cols: Dim }): string => `${s.rows}×${s.cols}`;

/**
 * Enough for every formula of a large note (a 5 MB note has about 20,000): features that classify every region
 * on each update then parse only the regions an edit changed. Past it, the least recently used are forgotten.
 */
const classifications = new Lru<string, Classification>(25_000);

/**
 * The key of a formula's TeX read with the softmax called by `softmaxNames`: the TeX itself without such names (a
 * note stating none shares every classification with the TeX alone), else the names marked by a leading U+0000,
 * which a name never begins with nor holds, and a TeX of its own that begins with one is marked twice.
 */
function classificationKey(tex: string, softmaxNames: readonly string[]): string {
  if (softmaxNames.length > 0) return `\u0000${softmaxNames.join(',')}\u0000${tex}`;
  return tex.charCodeAt(0) === 0 ? `\u0000\u0000${tex}` : tex;
}

/**
 * The classification of a formula's TeX, remembered: after an edit only the regions whose text changed are parsed.
 * `softmaxNames` are the functions the note says are the softmax where the formula stands.
 */
export function classifyCached(tex: string, softmaxNames: readonly string[] = []): Classification {
  const key = classificationKey(tex, softmaxNames);
  let c = classifications.get(key);
  if (!c) {
    c = classifyFormula(tex, { softmaxNames });
    classifications.set(key, c);
  }
  return c;
}

/**
 * The classification of region `regionIndex` of a note, as every feature reads it: its TeX, with the names the
 * note's prose says are the softmax there (softmax-names.ts).
 */
export function classifyRegion(scan: ScannedDocument, regionIndex: number): Classification {
  return classifyCached(scan.regions[regionIndex].tex, softmaxNamesAt(scan, regionIndex));
}

/** What the classification of region `regionIndex` depends on, as one string: regions with equal keys read alike. */
export function regionKey(scan: ScannedDocument, regionIndex: number): string {
  return classificationKey(scan.regions[regionIndex].tex, softmaxNamesAt(scan, regionIndex));
}
