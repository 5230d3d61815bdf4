// The Outline and breadcrumbs of Markdown and LaTeX documents: one entry per formula, with the named matrices
// it defines beneath it, so what the scanner reads is visible in the editor.
import * as vscode from 'vscode';
import type { IndexedDocument } from './core/document/document-index';
import type { MathRegion, MatrixLiteral, Range, ShapeDeclaration } from './core/document/document-model';
import { lastStartingAtOrBefore, type Span } from './core/document/spans';
import { oneLineTex } from './core/tex/tex-summary';
import { type Documents, documentSelector } from './documents';

const NAME_LENGTH = 60;

const firstStartingAtOrAfter = (spans: readonly Span[], offset: number) =>
  lastStartingAtOrBefore(spans, offset - 1) + 1;
/**
 * Formulas listed at most. VS Code asks for the whole outline after every keystroke (the breadcrumbs show it),
 * and tens of thousands of entries stall both the extension host and the window for seconds.
 */
const MAX_OUTLINE_FORMULAS = 2000;

/** What the entries of the listed formulas are made of: the regions, and the shapes and matrices that belong to them. */
interface Listed {
  regions: readonly MathRegion[];
  shapes: readonly ShapeDeclaration[];
  matrices: readonly MatrixLiteral[];
  /** The ranges of all three, in that order, as they were when listed. */
  places: readonly Range[];
}

/** The entries made last for a document, and what they were made of. */
interface Outline {
  listed: Listed;
  symbols: readonly vscode.DocumentSymbol[];
}

/** The formulas listed, and the shapes and matrices of theirs: in a notebook cell, those of the cell. */
function listedOf(indexed: IndexedDocument): { first: number; end: number; listed: Listed } {
  const doc = indexed.scan;
  const { start, end } = indexed.span;
  const first = firstStartingAtOrAfter(doc.regions, start);
  const last = firstStartingAtOrAfter(doc.regions, end);
  // Only the listed formulas are copied, not all of the document's: a large note has a hundred thousand, and VS Code
  // asks at each pause.
  const regions = doc.regions.slice(first, Math.min(last, first + MAX_OUTLINE_FORMULAS));
  // Shapes and matrices are in document order, so those of listed formulas come first.
  const below = <T extends Span & { regionIndex: number }>(items: readonly T[]) => {
    const from = firstStartingAtOrAfter(items, start);
    let to = from;
    while (to < items.length && items[to].regionIndex >= first && items[to].regionIndex - first < regions.length) to++;
    return items.slice(from, to);
  };
  const shapes = below(doc.shapes);
  const matrices = below(doc.matrices);
  const places = [...regions, ...shapes, ...matrices].map((item) => item.range);
  return { first, end: last, listed: { regions, shapes, matrices, places } };
}

const sameItems = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Whether `a` and `b` hold the same objects at the same places. A rescan keeps the objects before the edit and moves
 * those after it in place, giving them new ranges when their lines move (and only then: the characters of a line
 * after the edit do not move): entries made of the same objects with the same ranges are the same.
 */
const sameListed = (a: Listed, b: Listed) =>
  sameItems(a.regions, b.regions) &&
  sameItems(a.shapes, b.shapes) &&
  sameItems(a.matrices, b.matrices) &&
  sameItems(a.places, b.places);

function entriesOf(indexed: IndexedDocument, first: number, listed: Listed): vscode.DocumentSymbol[] {
  const toRange = rangeIn(indexed);
  const symbols = listed.regions.map((r) => {
    const range = toRange(r);
    const name = oneLineTex(r.tex, NAME_LENGTH) || r.delimiter;
    return new vscode.DocumentSymbol(name, '', vscode.SymbolKind.Field, range, range);
  });
  for (const s of listed.shapes) {
    const symbol = symbols[s.regionIndex - first];
    const shape = `${s.symbol} ∈ ℝ^{${s.rows}×${s.cols}}`;
    symbol.detail = symbol.detail ? `${symbol.detail}, ${shape}` : shape;
  }
  for (const m of listed.matrices) {
    if (m.name === null) continue;
    const range = toRange(m);
    symbols[m.regionIndex - first].children.push(
      new vscode.DocumentSymbol(m.name, `${m.rows}×${m.cols}`, vscode.SymbolKind.Array, range, range),
    );
  }
  return symbols;
}

const rangeIn = (indexed: IndexedDocument) => (r: Span) => {
  const from = indexed.positionAt(r.startOffset);
  const to = indexed.positionAt(r.endOffset);
  return new vscode.Range(from.line, from.character, to.line, to.character);
};

/**
 * The outline of a document, one provider per extension. VS Code asks again after every pause in typing; an edit
 * below the listed formulas leaves their entries as they were, so those are made again only when one changed.
 */
class Outlines {
  private readonly last = new WeakMap<vscode.TextDocument, Outline>();

  constructor(private readonly documents: Documents) {}

  symbolsOf(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const indexed = this.documents.get(document);
    const { first, end, listed } = listedOf(indexed);
    const last = this.last.get(document);
    const symbols = last && sameListed(last.listed, listed) ? last.symbols : entriesOf(indexed, first, listed);
    this.last.set(document, { listed, symbols });
    const rest = end - first - listed.regions.length;
    if (rest === 0) return [...symbols];
    const toRange = rangeIn(indexed);
    const regions = indexed.scan.regions;
    const next = regions[first + listed.regions.length];
    const range = toRange({ startOffset: next.startOffset, endOffset: regions[end - 1].endOffset });
    const name = vscode.l10n.t('{0} more formulas (the outline lists the first {1})', rest, MAX_OUTLINE_FORMULAS);
    return [...symbols, new vscode.DocumentSymbol(name, '', vscode.SymbolKind.Namespace, range, toRange(next))];
  }
}

export function registerDocumentSymbols(context: vscode.ExtensionContext, documents: Documents): void {
  const outlines = new Outlines(documents);
  const provider: vscode.DocumentSymbolProvider = {
    provideDocumentSymbols: (document) => outlines.symbolsOf(document),
  };
  context.subscriptions.push(
    vscode.languages.registerDocumentSymbolProvider(documentSelector, provider, { label: 'Attention Lens' }),
  );
}
