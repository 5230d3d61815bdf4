// The examples the prose names without writing a formula ("we apply scaled dot-product attention to" and then Q, K
// and V): evaluated as the CodeLens and Evaluate Selection evaluate them, with the standard formula over those
// matrices, and shown by the preview and the Markdown preview as the example under a formula is, marked as read
// from the words. Kept free of `vscode`, like the rest of what the previews show.
import { classifyRegion } from '../core/attention/formula-inputs';
import { type ProseExample, proseExamples } from '../core/attention/selection-example';
import type { ScannedDocument } from '../core/document/document-model';
import { scanDocument } from '../core/document/scan';
import { Lru } from '../core/lru';
import { katexMacros } from '../core/tex/macros';
import type { WorkedExample } from '../preview-page/protocol';
import { workedExample } from './worked-example';
import { type DetailsOptions, optionsKey } from './worked-example-cache';

export interface ProseExampleView {
  /** The phrase naming the operation, where the example is placed: [startOffset, endOffset). */
  startOffset: number;
  endOffset: number;
  /** The line its last matrix ends on. */
  endLine: number;
  /** The words and the matrices as written: the same while the example is unchanged. */
  source: string;
  /** The formula it stands for: the standard one over its matrices. */
  tex: string;
  kind: string | null;
  example: WorkedExample | null;
}

type Details = Pick<ProseExampleView, 'tex' | 'kind' | 'example'>;

const CAPACITY = 500;

/** Remembers each example while its words, matrices and their lines are unchanged, so an edit elsewhere costs none. */
export class ProseExampleCache {
  private details = new Lru<string, Details>(CAPACITY);
  private options = '';

  /** The examples of `scan` (read from `text`); `macros` are those the note is read with besides its own. */
  of(
    scan: ScannedDocument,
    text: string,
    options: DetailsOptions,
    macros: Readonly<Record<string, string>>,
  ): ProseExampleView[] {
    const found = proseExamples(scan, text);
    if (found.length === 0) return [];
    // The matrices are read again, on their own, with the note's macros as well as those it is read with.
    const all = { ...macros, ...katexMacros(scan.macros) };
    const key = `${optionsKey(options)}|${JSON.stringify(all)}`;
    if (key !== this.options) {
      this.details = new Lru(CAPACITY);
      this.options = key;
    }
    return found.map((prose) => {
      const phrase = text.slice(prose.startOffset, prose.endOffset).replace(/\s+/g, ' ');
      const inputs = Object.values(prose.target.inputs);
      const lines = inputs.map((m) => m.range.start.line).join(',');
      const source = `${phrase}\u0000${prose.target.text}`;
      const id = `${lines}\u0000${source}`;
      let details = this.details.get(id);
      if (!details) {
        details = evaluated(prose, phrase, options, all);
        // Without the evaluator the example comes later: nothing is remembered until it can be shown.
        if (options.evaluate) this.details.set(id, details);
      }
      return {
        startOffset: prose.startOffset,
        endOffset: prose.endOffset,
        endLine: Math.max(...inputs.map((m) => m.range.end.line)),
        source,
        ...details,
      };
    });
  }
}

/** The worked example of the small note the matrices make with the standard formula, on the note's own lines. */
function evaluated(
  prose: ProseExample,
  phrase: string,
  options: DetailsOptions,
  macros: Readonly<Record<string, string>>,
): Details {
  const scan = scanDocument(prose.target.text, 'markdown', { macros });
  const index = scan.regions.length - 1;
  const region = scan.regions[index];
  const classification = classifyRegion(scan, index);
  const evaluation = options.evaluate?.(scan, index, {
    maskedRows: options.maskedRows,
    limits: { maxDimension: options.maxDimension },
  });
  const example = evaluation ? workedExample(evaluation, classification, scan, options) : null;
  return {
    tex: region.tex.trim(),
    kind: options.kindLabel(classification.kind),
    example: example && {
      ...example,
      inputs: example.inputs.map((input) => ({
        ...input,
        line: prose.target.inputs[input.tex]?.range.start.line ?? input.line,
      })),
      fromWords: options.text.fromWords(phrase),
    },
  };
}
