// The worked examples of the note a Markdown preview renders, kept between renders. The preview renders the whole
// note again at every keystroke: an unchanged note gives back the list it gave, and an edited one is scanned again
// around the edit only (or taken from a host that keeps the note's scan up to date itself). Examples are found by
// their inputs (WorkedExampleCache), so a formula whose inputs the edit left alone keeps its example.
import type { ScannedDocument } from '../core/document/document-model';
import { type Edit, rescan, type Scanned } from '../core/document/incremental-scan';
import { LineIndex } from '../core/document/positions';
import { carryReadings } from '../core/document/readings';
import { scanTracked } from '../core/document/scan';
import { ProseExampleCache } from '../preview/prose-examples';
import { type DetailsOptions, optionsKey, WorkedExampleCache } from '../preview/worked-example-cache';
import type { WorkedExample } from '../preview-page/protocol';

/** A note with more attention formulas than this shows the examples of the first ones only. */
export const MAX_EXAMPLES = 500;

export interface PlacedExample {
  /** The zero-based line the example's formula (or the last matrix the prose names) ends on. */
  line: number;
  example: WorkedExample;
}

export class NoteExamples {
  private readonly examples = new WorkedExampleCache();
  private readonly proseExamples = new ProseExampleCache();
  private scanned: { text: string; macros: string; scan: Scanned } | null = null;
  private last: { text: string; key: string; found: PlacedExample[] } | null = null;

  constructor(
    /** A formula whose example failed is left without one and the error given here; without it, the render fails. */
    private readonly onError?: (err: unknown) => void,
  ) {}

  /**
   * The examples of `text` in document order, at most MAX_EXAMPLES; `scanned` is the scan of `text` with `macros`
   * when the caller has it, else the text is scanned here.
   */
  of(
    text: string,
    macros: Readonly<Record<string, string>>,
    options: DetailsOptions,
    scanned?: ScannedDocument,
  ): PlacedExample[] {
    const key = `${optionsKey(options)}|${JSON.stringify(macros)}`;
    // Without the evaluator nothing is remembered: the examples come with the next render.
    if (this.last?.text === text && this.last.key === key && options.evaluate) return this.last.found;
    const scan = scanned ?? this.scanOf(text, macros).doc;
    const found: PlacedExample[] = [];
    const add = (line: number, example: WorkedExample | null) => {
      // Under a formula whose inputs the note does not define, there is nothing to work through.
      if (example && (example.inputs.length > 0 || example.steps.length > 0)) found.push({ line, example });
    };
    // The Markdown preview shows no line, so formulas with equal inputs take one example object, written once.
    for (let i = 0; i < scan.regions.length && found.length < MAX_EXAMPLES; i++)
      add(
        scan.regions[i].range.end.line,
        this.guarded(() => this.examples.sharedOf(scan, i, options).example, null),
      );
    // The examples the prose names without a formula: after the block that holds their last matrix.
    for (const prose of this.guarded(() => this.proseExamples.of(scan, text, options, macros), []))
      if (found.length < MAX_EXAMPLES) add(prose.endLine, prose.example);
    found.sort((a, b) => a.line - b.line);
    this.last = { text, key, found };
    return found;
  }

  /** The scan of `text`: read again around the edit when it is the last text edited in one place. */
  private scanOf(text: string, macros: Readonly<Record<string, string>>): Scanned {
    const key = JSON.stringify(macros);
    const previous = this.scanned;
    if (previous?.text === text && previous.macros === key) return previous.scan;
    let scan: Scanned;
    if (previous && previous.macros === key && previous.scan.doc.format === 'markdown') {
      const edit = editBetween(previous.text, text);
      scan = rescan(previous.scan, text, edit, { macros });
      // The code and prose read from the note are read again around the edit only.
      carryReadings(scan.doc, previous.scan.doc, edit);
    } else scan = scanned(text, macros);
    this.scanned = { text, macros: key, scan };
    return scan;
  }

  private guarded<T>(work: () => T, fallback: T): T {
    try {
      return work();
    } catch (err) {
      if (!this.onError) throw err;
      this.onError(err);
      return fallback;
    }
  }
}

function scanned(text: string, macros: Readonly<Record<string, string>>): Scanned {
  const lines = new LineIndex(text);
  return { ...scanTracked(text, 'markdown', { macros }, lines), lines };
}

/** The one span where two texts differ: their longest common prefix and suffix are left out. */
export function editBetween(before: string, after: string): Edit {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (
    suffix < shorter - start &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}
