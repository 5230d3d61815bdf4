// What the preview shows of a document, as protocol data: the formulas around the cursor (all of them unless
// the note has more than the preview shows at once) with stable ids, grouped under the heading above them.
// Kept free of `vscode` so it is tested, and benchmarked, outside VS Code.
import { printedChecksIn, printedChecksOf } from '../core/attention/printed-checks';
import type { PrintedValueCheck } from '../core/attention/printed-values';
import type { ScannedDocument } from '../core/document/document-model';
import { findHeadings } from '../core/document/headings';
import { LineIndex } from '../core/document/positions';
import type { FormulaView, PrintedMark, SectionLayout } from '../preview-page/protocol';
import { idsOf, proseExampleIds } from './formula-ids';
import { contains, type FormulaWindow, MAX_SHOWN, regionNear, windowAround } from './formula-window';
import { ProseExampleCache } from './prose-examples';
import { type DetailsOptions, WorkedExampleCache } from './worked-example-cache';

export interface PreviewContent {
  layout: SectionLayout[];
  formulas: FormulaView[];
  /** Says which formulas are shown when not all are, else null. */
  notice: string | null;
}

export interface ContentOptions extends DetailsOptions {
  /** "Formulas 1,201-1,700 of 19,201 are shown ...", with one-based numbers. */
  windowNotice(first: number, last: number, total: number): string;
  /** What a printed value was checked against, and the result, in one sentence. */
  printedText(check: PrintedValueCheck): string;
  /** The macros the note is read with besides its own (the user's, its included files'). */
  macros?: Readonly<Record<string, string>>;
  /**
   * The note's printed-value checks, made elsewhere (note-checks.ts); null while they are not done for this text,
   * when each formula keeps the marks it had. Without the option they are computed here.
   */
  printed?: readonly PrintedValueCheck[] | null;
}

/** The preview of a scanned document, built from nothing. */
export function documentContent(
  text: string,
  scan: ScannedDocument,
  options: ContentOptions,
  cursorOffset = 0,
): PreviewContent {
  return new PreviewContentBuilder().build(text, scan, options, cursorOffset);
}

/**
 * Builds the preview of one document again and again as it is edited, reusing what earlier builds computed: the
 * worked examples of formulas whose TeX and inputs are unchanged, and the window of formulas shown.
 */
export class PreviewContentBuilder {
  private readonly examples = new WorkedExampleCache();
  private readonly proseExamples = new ProseExampleCache();
  private window: FormulaWindow | null = null;
  /** The words of the examples the prose names that the last build showed, with their ids. */
  private proseShown: { startOffset: number; endOffset: number; id: string }[] = [];
  /** The printed-value marks of the formulas last shown, by id. */
  private marks = new Map<string, PrintedMark[]>();

  constructor(private readonly maxShown = MAX_SHOWN) {}

  /** `cursorOffset` picks the formulas shown when there are too many; `lines` is `text`'s index when known. */
  build(
    text: string,
    scan: ScannedDocument,
    options: ContentOptions,
    cursorOffset: number,
    lines?: LineIndex,
  ): PreviewContent {
    const { regions } = scan;
    const window = windowAround(regions.length, regionNear(regions, cursorOffset), this.window, this.maxShown);
    this.window = window;
    const ids = idsOf(scan, window);
    const checks = options.printed === undefined ? printedChecksOf(scan, text) : options.printed;
    const marks = new Map<string, PrintedMark[]>();
    const marksOf = (id: string, start: number, end: number) => {
      const shown =
        checks === null
          ? (this.marks.get(id) ?? [])
          : printedChecksIn(checks, start, end).map(
              (c): PrintedMark => ({ agrees: c.agrees, text: options.printedText(c) }),
            );
      marks.set(id, shown);
      return shown;
    };
    const headings = findHeadings(text, scan.format, regions, lines);
    const formulas: FormulaView[] = [];
    const layout: SectionLayout[] = [{ heading: null, level: 0, line: 0, formulas: [] }];
    let next = 0;
    const place = (view: FormulaView, offset: number, line: number) => {
      formulas.push(view);
      while (next < headings.length && headings[next].offset <= offset) {
        const h = headings[next++];
        layout.push({ heading: h.text, level: h.level, line: h.line, formulas: [] });
      }
      layout[layout.length - 1].formulas.push({ id: view.id, line });
    };
    const partial = window.end - window.start < regions.length;
    // Examples the prose names go where their words are, among the formulas shown.
    const from = partial ? regions[window.start].startOffset : 0;
    const to = partial ? regions[window.end - 1].endOffset : text.length;
    const prose = this.proseExamples
      .of(scan, text, options, options.macros ?? {})
      .filter((p) => p.startOffset >= from && p.startOffset <= to);
    const proseIds = proseExampleIds(prose);
    this.proseShown = prose.map((p, i) => ({ startOffset: p.startOffset, endOffset: p.endOffset, id: proseIds[i] }));
    const proseLines = prose.length > 0 ? (lines ?? new LineIndex(text)) : null;
    let nextProse = 0;
    const placeProse = (before: number) => {
      for (; nextProse < prose.length && prose[nextProse].startOffset < before; nextProse++) {
        const p = prose[nextProse];
        const { tex, kind, example } = p;
        const line = proseLines?.positionAt(p.startOffset).line ?? 0;
        place({ id: proseIds[nextProse], tex, display: true, kind, example, printed: [] }, p.startOffset, line);
      }
    };
    for (let i = window.start; i < window.end; i++) {
      const region = regions[i];
      const id = ids[i - window.start];
      placeProse(region.startOffset);
      place(
        {
          id,
          tex: region.tex,
          display: region.kind === 'display',
          ...this.examples.of(scan, i, options),
          printed: marksOf(id, region.startOffset, region.endOffset),
        },
        region.startOffset,
        region.range.start.line,
      );
    }
    placeProse(Number.POSITIVE_INFINITY);
    this.marks = marks;
    return {
      layout: layout.filter((s) => s.formulas.length > 0),
      formulas,
      notice: partial ? options.windowNotice(window.start + 1, window.end, regions.length) : null,
    };
  }

  /** The id of the example the prose names whose words hold `offset`, when the last build showed it. */
  proseIdAt(offset: number): string | null {
    return this.proseShown.find((p) => p.startOffset <= offset && offset <= p.endOffset)?.id ?? null;
  }

  /** Whether the last build showed region `index`: when the cursor moves outside, the window has to follow. */
  shows(index: number): boolean {
    return this.window !== null && contains(this.window, index);
  }

  /** The id of region `index` of `scan` among the formulas shown, when the last build showed it. */
  idOf(scan: ScannedDocument, index: number): string | null {
    const window = this.window;
    return window && contains(window, index) ? idsOf(scan, window)[index - window.start] : null;
  }
}

/** Remembers what the webview was sent, so an update carries only the formulas that differ. */
export class SentFormulas {
  private sent = new Map<string, FormulaView>();

  /** Everything is new: the webview is showing a fresh document. */
  reset(formulas: readonly FormulaView[]): void {
    this.sent = new Map(formulas.map((f) => [f.id, f]));
  }

  changed(formulas: readonly FormulaView[]): FormulaView[] {
    const next = new Map<string, FormulaView>();
    const changed: FormulaView[] = [];
    for (const f of formulas) {
      next.set(f.id, f);
      if (!same(this.sent.get(f.id), f)) changed.push(f);
    }
    this.sent = next;
    return changed;
  }
}

/**
 * The id stands for the TeX and display kind, and the kind follows from the TeX; examples come from a cache that
 * returns the same object while nothing they show changed; printed marks are a few short strings. So no formula
 * is serialised to be compared.
 */
function same(a: FormulaView | undefined, b: FormulaView): boolean {
  return (
    a !== undefined &&
    a.tex === b.tex &&
    a.display === b.display &&
    a.kind === b.kind &&
    a.example === b.example &&
    a.printed.length === b.printed.length &&
    a.printed.every((p, i) => p.agrees === b.printed[i].agrees && p.text === b.printed[i].text)
  );
}
