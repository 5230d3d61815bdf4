// What the preview shows under each formula, remembered between updates: a formula is classified and evaluated
// again only when its TeX or the definitions its symbols are bound to changed, so an edit costs the formulas it
// touched, not every attention formula of the document.
import type { AttentionKind, Classification } from '../core/attention/classify';
import type { evaluateRegion } from '../core/attention/evaluate';
import { classifyCached, type Definitions, definitionsOf } from '../core/attention/formula-inputs';
import type { MaskedRowPolicy } from '../core/attention/matrix';
import type { ScannedDocument } from '../core/document/document-model';
import { Lru } from '../core/lru';
import { walk } from '../core/tex/expr';
import type { WorkedExample } from '../preview-page/protocol';
import { type ExampleText, workedExample } from './worked-example';

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

export class WorkedExampleCache {
  private details = new Lru<string, FormulaDetails>(CAPACITY);
  private options = '';

  /** The kind and worked example of region `index` of `scan`. */
  of(scan: ScannedDocument, index: number, options: DetailsOptions): FormulaDetails {
    const region = scan.regions[index];
    const classification = classifyCached(region.tex);
    if (classification.kind === 'none') return NO_DETAILS;
    if (optionsKey(options) !== this.options) {
      this.details = new Lru(CAPACITY);
      this.options = optionsKey(options);
    }
    const defs = definitionsOf(scan);
    const key = `${region.tex}\u0000${inputsKey(defs, symbolsOf(classification), index)}`;
    let details = this.details.get(key);
    if (!details) {
      const evaluation = options.evaluate?.(scan, index, {
        maskedRows: options.maskedRows,
        limits: { maxDimension: options.maxDimension },
      });
      details = {
        kind: options.kindLabel(classification.kind),
        example: evaluation ? workedExample(evaluation, classification, scan, options) : null,
      };
      // Without the evaluator the example comes later: nothing is remembered until it can be shown.
      if (options.evaluate) this.details.set(key, details);
    }
    return details;
  }
}

const NO_DETAILS: FormulaDetails = { kind: null, example: null };

const symbolLists = new WeakMap<Classification, string[]>();

/** Every symbol the formula writes: those the evaluator may bind are among them. */
function symbolsOf(c: Classification): string[] {
  let symbols = symbolLists.get(c);
  if (!symbols) {
    const names = new Set<string>();
    for (const equation of c.formula?.equations ?? [])
      for (const side of equation.sides) for (const e of walk(side)) if (e.type === 'symbol') names.add(e.name);
    symbols = [...names].sort();
    symbolLists.set(c, symbols);
  }
  return symbols;
}

/**
 * What the formula's symbols are bound to at region `index`: the matrix, declaration and scalar in force for each,
 * with their lines, which the example's texts and links quote.
 */
function inputsKey(defs: Definitions, symbols: readonly string[], index: number): string {
  return symbols
    .map((symbol) => {
      const m = defs.matrix(symbol, index);
      const d = defs.declaration(symbol, index);
      const s = defs.scalar(symbol, index);
      return [
        m ? `${valuesId(m.values)}@${m.range.start.line}` : '',
        d ? `${d.rows}x${d.cols}@${d.range.start.line}` : '',
        s ? `${s.value}@${s.range.start.line}` : '',
      ].join(',');
    })
    .join(';');
}

/**
 * A number per distinct matrix content. The numbers of a literal are read once per values array, and a rescan keeps
 * the arrays of the literals it did not read again, so an update reads only the literals around the edit.
 */
const valueIds = new WeakMap<number[][], number>();
const contentIds = new Lru<string, number>(CAPACITY);
let nextValuesId = 0;

function valuesId(values: number[][]): number {
  let id = valueIds.get(values);
  if (id === undefined) {
    const content = values.map((row) => row.join(' ')).join(';');
    id = contentIds.get(content) ?? nextValuesId++;
    contentIds.set(content, id);
    valueIds.set(values, id);
  }
  return id;
}
