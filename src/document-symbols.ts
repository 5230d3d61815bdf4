// The Outline and breadcrumbs of Markdown and LaTeX documents: one entry per formula, with the named matrices
// it defines beneath it, so what the scanner reads is visible in the editor.
import * as vscode from 'vscode';
import type { IndexedDocument } from './core/document/document-index';
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

/** The formulas, shapes and matrices of a document: in a notebook cell, those of the cell, not of the cells around. */
function symbolsOf(indexed: IndexedDocument): vscode.DocumentSymbol[] {
  const doc = indexed.scan;
  const { start, end } = indexed.span;
  const toRange = (r: Span) => {
    const from = indexed.positionAt(r.startOffset);
    const to = indexed.positionAt(r.endOffset);
    return new vscode.Range(from.line, from.character, to.line, to.character);
  };
  const first = firstStartingAtOrAfter(doc.regions, start);
  const own = doc.regions.slice(first, firstStartingAtOrAfter(doc.regions, end));
  const listed = own.slice(0, MAX_OUTLINE_FORMULAS);
  const symbols = listed.map((r) => {
    const range = toRange(r);
    const name = oneLineTex(r.tex, NAME_LENGTH) || r.delimiter;
    return new vscode.DocumentSymbol(name, '', vscode.SymbolKind.Field, range, range);
  });
  // Shapes and matrices are in document order, so those of listed formulas come first.
  for (const s of doc.shapes.slice(firstStartingAtOrAfter(doc.shapes, start))) {
    const symbol = symbols[s.regionIndex - first];
    if (!symbol) break;
    const shape = `${s.symbol} ∈ ℝ^{${s.rows}×${s.cols}}`;
    symbol.detail = symbol.detail ? `${symbol.detail}, ${shape}` : shape;
  }
  for (const m of doc.matrices.slice(firstStartingAtOrAfter(doc.matrices, start))) {
    const symbol = symbols[m.regionIndex - first];
    if (!symbol) break;
    if (m.name === null) continue;
    const range = toRange(m);
    symbol.children.push(
      new vscode.DocumentSymbol(m.name, `${m.rows}×${m.cols}`, vscode.SymbolKind.Array, range, range),
    );
  }
  const rest = own.length - listed.length;
  if (rest > 0) {
    const range = toRange({ startOffset: own[listed.length].startOffset, endOffset: own[own.length - 1].endOffset });
    const name = vscode.l10n.t('{0} more formulas (the outline lists the first {1})', rest, MAX_OUTLINE_FORMULAS);
    symbols.push(new vscode.DocumentSymbol(name, '', vscode.SymbolKind.Namespace, range, toRange(own[listed.length])));
  }
  return symbols;
}

export function registerDocumentSymbols(context: vscode.ExtensionContext, documents: Documents): void {
  const provider: vscode.DocumentSymbolProvider = {
    provideDocumentSymbols: (document) => symbolsOf(documents.get(document)),
  };
  context.subscriptions.push(
    vscode.languages.registerDocumentSymbolProvider(documentSelector, provider, { label: 'Attention Lens' }),
  );
}
