// What the preview shows under each formula, remembered between updates and shared between formulas: a note often
// works the same example under many formulas (the same TeX over the same values), and each set of inputs is
// evaluated once. An example's inputs carry the lines they are written on, which differ between the formulas
// sharing it: they are added for each formula, and a view that shows no line can take the shared example as it is.
import type { AttentionKind } from '../core/attention/classify';
import type { evaluateRegion } from '../core/attention/evaluate';
import { boundInputs, targetOf } from '../core/attention/evaluation-inputs';
import { classifyRegion, type Definitions, definitionsOf, regionKey } from '../core/attention/formula-inputs';
import type { MaskedRowPolicy } from '../core/attention/matrix';
import type { MatrixLiteral, ScannedDocument } from '../core/document/document-model';
import { Lru } from '../core/lru';
import type { WorkedExample } from '../preview-page/protocol';
import { type ExampleText, inputLiterals, workedExample } from './worked-example';

/** What a preview shows of a formula besides its TeX. */
export interface FormulaDetails {
  kind: string | null;
  example: WorkedExample | null;
}

/** What the worked examples depend on: the evaluator, the settings and the texts. */
export interface DetailsOptions {
  /** The evaluator once it is loaded; without it formulas show their kind but no example yet. */
  evaluate: typeof evaluateRegion | null;
  kindLabel(kind: AttentionKind): string | null;
  text: ExampleText;
  maxMatrixSize: number;
  maxDimension: number;
  maskedRows: MaskedRowPolicy;
}

/** Well above the formulas the preview shows at once, so moving through a note reuses what it computed. */
const CAPACITY = 5000;

/** The options an example depends on; other options only translate texts, which do not change while running. */
export const optionsKey = (o: DetailsOptions) =>
  `${o.evaluate !== null}|${o.maskedRows}|${o.maxDimension}|${o.maxMatrixSize}`;

/** The details of one set of inputs, and the symbols whose literals are its inputs, in order. */
interface Shared {
  key: string;
  details: FormulaDetails;
  inputSymbols: string[];
}

export class WorkedExampleCache {
  private shared = new Lru<string, Shared>(CAPACITY);
  /** The examples with the lines of other formulas' inputs, so a formula gets the same object while unchanged. */
  private placed = new Lru<string, FormulaDetails>(CAPACITY);
  private options = '';

  /** The kind and worked example of region `index` of `scan`. */
  of(scan: ScannedDocument, index: number, options: DetailsOptions): FormulaDetails {
    const shared = this.sharedEntry(scan, index, options);
    if (!shared) return NO_DETAILS;
    const { details, inputSymbols } = shared;
    const inputs = details.example?.inputs ?? [];
    if (inputSymbols.length === 0) return details;
    const defs = definitionsOf(scan);
    // The inputs of formulas with one set of inputs are literals of the same contents, wherever they are written.
    const lines = inputSymbols.map((symbol) => (defs.matrix(symbol, index) as MatrixLiteral).range.start.line);
    if (lines.every((line, i) => line === inputs[i].line)) return details;
    const key = `${shared.key}\u0000${lines.join(',')}`;
    let placed = this.placed.get(key);
    if (!placed) {
      placed = {
        kind: details.kind,
        example: details.example && {
          ...details.example,
          inputs: inputs.map((input, i) => ({ ...input, line: lines[i] })),
        },
      };
      this.placed.set(key, placed);
    }
    return placed;
  }

  /**
   * As `of`, for a view that shows no line: the same object for every formula with the same inputs, whose inputs
   * carry the lines of the formula it was first made for.
   */
  sharedOf(scan: ScannedDocument, index: number, options: DetailsOptions): FormulaDetails {
    return this.sharedEntry(scan, index, options)?.details ?? NO_DETAILS;
  }

  private sharedEntry(scan: ScannedDocument, index: number, options: DetailsOptions): Shared | null {
    const classification = classifyRegion(scan, index);
    if (classification.kind === 'none') return null;
    if (optionsKey(options) !== this.options) {
      this.shared = new Lru(CAPACITY);
      this.placed = new Lru(CAPACITY);
      this.options = optionsKey(options);
    }
    const target = targetOf(classification);
    // A formula that cannot be read, or has no side to evaluate, is evaluated without looking at the note.
    const formula = regionKey(scan, index);
    const key = target
      ? inputSetKey(formula, boundInputs(scan, index, classification, target), definitionsOf(scan), index)
      : formula;
    let shared = this.shared.get(key);
    if (!shared) {
      const evaluation = options.evaluate?.(scan, index, {
        maskedRows: options.maskedRows,
        limits: { maxDimension: options.maxDimension },
      });
      const example = evaluation ? workedExample(evaluation, classification, scan, options) : null;
      shared = {
        key,
        details: { kind: options.kindLabel(classification.kind), example },
        inputSymbols: example && evaluation ? inputLiterals(evaluation, scan).map((input) => input.symbol) : [],
      };
      // Without the evaluator the example comes later: nothing is remembered until it can be shown.
      if (options.evaluate) this.shared.set(key, shared);
    }
    return shared;
  }
}

const NO_DETAILS: FormulaDetails = { kind: null, example: null };

/**
 * Everything a formula's example depends on besides the options: its TeX with the names the note gives the softmax
 * there (`formula`, its region key), the values its symbols are bound to (the evaluator reads the note through them
 * only), the literal shown beside a value computed from other definitions, and the shape declared for a symbol without a value. Lines are left out, so formulas over equal
 * values written in different places share their example, except when a binding problem or warning quotes them.
 */
function inputSetKey(formula: string, bound: ReturnType<typeof boundInputs>, defs: Definitions, index: number): string {
  let key = formula;
  for (const [symbol, b] of bound.bindings) {
    key += `\u0000${symbol}=`;
    if (typeof b.value === 'number') {
      key += Object.is(b.value, -0) ? '-0' : b.value;
      continue;
    }
    key += `${b.rows}x${b.cols}#${valuesId(b.value)}`;
    // The example shows the literal in force, which is the value itself unless the value comes from elsewhere.
    const literal = defs.matrix(symbol, index);
    if (literal?.values !== b.value)
      key += literal ? `~${literal.rows}x${literal.cols}#${valuesId(literal.values)}` : '~';
  }
  for (const symbol of [...bound.unbound, ...bound.problems.map((p) => p.symbol)]) {
    const declared = defs.declaration(symbol, index);
    key += `\u0000?${symbol}:${declared ? `${declared.rows}x${declared.cols}` : ''}`;
  }
  if (bound.problems.length > 0 || bound.warnings.length > 0)
    key += `\u0000${JSON.stringify(bound.problems)}\u0000${JSON.stringify(bound.warnings)}`;
  return key;
}

/**
 * A number per distinct matrix content. The numbers of a literal are read once per values array, and a rescan keeps
 * the arrays of the literals it did not read again, so an update reads only the literals around the edit.
 */
const valueIds = new WeakMap<number[][], number>();
/** Emptied when full: a content read again then takes a new number, which only costs an evaluation. */
const contentIds = new Map<string, number>();
let nextValuesId = 0;

function valuesId(values: number[][]): number {
  let id = valueIds.get(values);
  if (id === undefined) {
    const content = contentOf(values);
    id = contentIds.get(content);
    if (id === undefined) {
      if (contentIds.size >= CAPACITY) contentIds.clear();
      id = nextValuesId++;
      contentIds.set(content, id);
    }
    valueIds.set(values, id);
  }
  return id;
}

/** The numbers as text, -0 told apart from 0 (which `join` writes alike). */
function contentOf(values: number[][]): string {
  const content = values.join(';');
  for (const row of values) for (const x of row) if (x === 0 && 1 / x < 0) return `${content}|${negativeZeros(values)}`;
  return content;
}

function negativeZeros(values: number[][]): string {
  return values.map((row) => row.map((x) => (Object.is(x, -0) ? 1 : 0)).join('')).join(';');
}
