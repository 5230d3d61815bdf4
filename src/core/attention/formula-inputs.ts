// What a formula's inputs are where the formula stands: the matrix literal, shape declaration or scalar in force
// for each symbol, found by binary search so that checking every formula of a large document stays linear.
// The rule is the evaluator's (bind.ts): the nearest definition above the formula, else the first one below,
// never one inside the formula's own region.

import type {
  Located,
  MatrixLiteral,
  ScalarDefinition,
  ScannedDocument,
  ShapeDeclaration,
} from '../document/document-model';
import { softmaxNamesAt } from '../document/softmax-names';
import { Lru } from '../lru';
import { type Equation, type Expr, type ExprOf, TexError, walk } from '../tex/expr';
import { type Classification, classifyFormula } from './classify';
import { codeDefinitionsOf } from './code-definitions';
import { type Shape, ShapeChecker } from './expr-shapes';

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

/** The `symbol = expression` equations of every region, whose expression uses other symbols. */
function formulaDefinitions(scan: ScannedDocument): FormulaDefinition[] {
  const found: FormulaDefinition[] = [];
  scan.regions.forEach((region, regionIndex) => {
    if (region.tex.length > MAX_DEFINING_REGION) return;
    for (const { symbol, expr } of definingEquations(region.tex, softmaxNamesAt(scan, regionIndex))) {
      const { range, startOffset, endOffset } = region;
      found.push({ symbol, expr, regionIndex, range, startOffset, endOffset });
    }
  });
  return found;
}

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

function inOrder(items: readonly { startOffset: number }[]): boolean {
  for (let i = 1; i < items.length; i++) if (items[i].startOffset < items[i - 1].startOffset) return false;
  return true;
}

class ByName<T extends Defined> {
  private readonly items = new Map<string, T[]>();

  constructor(all: readonly T[], name: (item: T) => string | null) {
    for (const item of all) {
      const key = name(item);
      if (key === null) continue;
      const list = this.items.get(key);
      if (list) list.push(item);
      else this.items.set(key, [item]);
    }
    // A note's own lists come in document order: only one that is not (code's definitions after math's) is sorted.
    for (const list of this.items.values()) if (!inOrder(list)) list.sort((a, b) => a.startOffset - b.startOffset);
  }

  /**
   * The item in force over [start, end): the nearest one starting before it, else the first one starting after
   * it; items of region `excluded` never count.
   */
  inForce(key: string, start: number, end: number, excluded: number | null): T | undefined {
    const list = this.items.get(key);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid].startOffset < start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) if (list[i].regionIndex !== excluded) return list[i];
    for (let i = lo; i < list.length; i++)
      if (list[i].startOffset >= end && list[i].regionIndex !== excluded) return list[i];
    return undefined;
  }
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

export class Definitions {
  private readonly matrices: ByName<MatrixLiteral>;
  private readonly shapes: ByName<ShapeDeclaration>;
  private readonly scalars: ByName<ScalarDefinition>;
  /** Read on first use: only evaluation asks for them. */
  private formulas: ByName<FormulaDefinition> | null = null;

  constructor(readonly scan: ScannedDocument) {
    const code = codeDefinitionsOf(scan);
    this.matrices = new ByName(
      code.matrices.length > 0 ? [...scan.matrices, ...code.matrices] : scan.matrices,
      (m) => m.name,
    );
    this.shapes = new ByName(scan.shapes, (s) => s.symbol);
    this.scalars = new ByName(
      code.scalars.length > 0 ? [...scan.scalars, ...code.scalars] : scan.scalars,
      (s) => s.symbol,
    );
  }

  matrix(name: string, regionIndex: number): MatrixLiteral | undefined {
    const r = this.scan.regions[regionIndex];
    return this.matrices.inForce(name, r.startOffset, r.endOffset, regionIndex);
  }

  /**
   * The definitions in force at one place, its own region included: what a declaration describes
   * (`K \in ..., K = ...`), or what an explanation quotes for a symbol (`h = 8` beside the `h` hovered).
   */
  matrixNear(name: string, offset: number): MatrixLiteral | undefined {
    return this.matrices.inForce(name, offset, offset, null);
  }

  declarationNear(name: string, offset: number): ShapeDeclaration | undefined {
    return this.shapes.inForce(name, offset, offset, null);
  }

  scalarNear(name: string, offset: number): ScalarDefinition | undefined {
    return this.scalars.inForce(name, offset, offset, null);
  }

  declaration(name: string, regionIndex: number): ShapeDeclaration | undefined {
    const r = this.scan.regions[regionIndex];
    return this.shapes.inForce(name, r.startOffset, r.endOffset, regionIndex);
  }

  /** The expression defining `name` in force at a region (`K = X W_K`), under the rule of the literals. */
  formula(name: string, regionIndex: number): FormulaDefinition | undefined {
    this.formulas ??= new ByName(formulaDefinitions(this.scan), (d) => d.symbol);
    const r = this.scan.regions[regionIndex];
    return this.formulas.inForce(name, r.startOffset, r.endOffset, regionIndex);
  }

  scalar(name: string, regionIndex: number): ScalarDefinition | undefined {
    const r = this.scan.regions[regionIndex];
    return this.scalars.inForce(name, r.startOffset, r.endOffset, regionIndex);
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
