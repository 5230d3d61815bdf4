// What the preview shows of a document, as protocol data: every formula with a stable id, grouped under the
// heading above it. Kept free of `vscode` so it is tested, and benchmarked, outside VS Code.
import { type AttentionKind, classifyFormula } from '../core/classify';
import type { MathRegion, ScannedDocument } from '../core/document-model';
import type { evaluateRegion } from '../core/evaluate';
import { findHeadings, type Heading } from '../core/headings';
import type { MaskedRowPolicy } from '../core/matrix';
import type { FormulaView, SectionLayout, WorkedExample } from '../webview/protocol';
import { type ExampleText, workedExample } from './worked-example';

export interface PreviewContent {
  layout: SectionLayout[];
  formulas: FormulaView[];
}

/** What the preview shows of a formula besides its TeX. */
export interface FormulaDetails {
  kind: string | null;
  example: WorkedExample | null;
}

export interface ContentOptions {
  /** The evaluator once it is loaded; without it formulas show their kind but no example yet. */
  evaluate: typeof evaluateRegion | null;
  kindLabel(kind: AttentionKind): string | null;
  text: ExampleText;
  maxMatrixSize: number;
  maxDimension: number;
  maskedRows: MaskedRowPolicy;
}

/** The preview of a scanned document: each formula's kind, and the worked example under attention formulas. */
export function documentContent(text: string, scan: ScannedDocument, options: ContentOptions): PreviewContent {
  const headings = findHeadings(text, scan.format, scan.regions);
  return previewContent(scan.regions, headings, (i) => {
    const classification = classifyFormula(scan.regions[i].tex);
    if (classification.kind === 'none') return { kind: null, example: null };
    const evaluation = options.evaluate?.(scan, i, {
      maskedRows: options.maskedRows,
      limits: { maxDimension: options.maxDimension },
    });
    return {
      kind: options.kindLabel(classification.kind),
      example: evaluation ? workedExample(evaluation, classification, scan, options) : null,
    };
  });
}

export function previewContent(
  regions: readonly MathRegion[],
  headings: readonly Heading[],
  details: (regionIndex: number) => FormulaDetails,
): PreviewContent {
  const ids = formulaIds(regions);
  const formulas = regions.map((r, i) => ({ id: ids[i], tex: r.tex, display: r.kind === 'display', ...details(i) }));
  const layout: SectionLayout[] = [{ heading: null, level: 0, line: 0, formulas: [] }];
  let next = 0;
  regions.forEach((region, i) => {
    while (next < headings.length && headings[next].offset <= region.startOffset) {
      const h = headings[next++];
      layout.push({ heading: h.text, level: h.level, line: h.line, formulas: [] });
    }
    layout[layout.length - 1].formulas.push({ id: ids[i], line: region.range.start.line });
  });
  return { layout: layout.filter((s) => s.formulas.length > 0), formulas };
}

/**
 * An id per formula from its TeX and display kind, numbered when the same formula occurs again: editing one
 * formula changes its id only, so the preview keeps every other formula as it is.
 */
export function formulaIds(regions: readonly MathRegion[]): string[] {
  const seen = new Map<string, number>();
  return regions.map((r) => {
    const hash = fnv1a(`${r.kind}\u0000${r.tex}`);
    const n = seen.get(hash) ?? 0;
    seen.set(hash, n + 1);
    return n === 0 ? `f${hash}` : `f${hash}-${n}`;
  });
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** Remembers what the webview was sent, so an update carries only the formulas that differ. */
export class SentFormulas {
  private sent = new Map<string, string>();

  /** Everything is new: the webview is showing a fresh document. */
  reset(formulas: readonly FormulaView[]): void {
    this.sent = new Map(formulas.map((f) => [f.id, JSON.stringify(f)]));
  }

  changed(formulas: readonly FormulaView[]): FormulaView[] {
    const next = new Map<string, string>();
    const changed: FormulaView[] = [];
    for (const f of formulas) {
      const json = JSON.stringify(f);
      next.set(f.id, json);
      if (this.sent.get(f.id) !== json) changed.push(f);
    }
    this.sent = next;
    return changed;
  }
}
