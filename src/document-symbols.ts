// The Outline and breadcrumbs of Markdown and LaTeX documents: one entry per formula, with the named matrices
// it defines beneath it, so what the scanner reads is visible in the editor.
import * as vscode from 'vscode';
import type { Range, ScannedDocument } from './core/document/document-model';
import { oneLineTex } from './core/tex/tex-summary';
import { type Documents, documentSelector } from './documents';

const NAME_LENGTH = 60;
/**
 * Formulas listed at most. VS Code asks for the whole outline after every keystroke (the breadcrumbs show it),
 * and tens of thousands of entries stall both the extension host and the window for seconds.
 */
const MAX_OUTLINE_FORMULAS = 2000;

const toRange = (r: Range) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

function symbolsOf(doc: ScannedDocument): vscode.DocumentSymbol[] {
  const listed = doc.regions.slice(0, MAX_OUTLINE_FORMULAS);
  const symbols = listed.map((r) => {
    const range = toRange(r.range);
    const name = oneLineTex(r.tex, NAME_LENGTH) || r.delimiter;
    return new vscode.DocumentSymbol(name, '', vscode.SymbolKind.Field, range, range);
  });
  // Shapes and matrices are in document order, so those of listed formulas come first.
  for (const s of doc.shapes) {
    const symbol = symbols[s.regionIndex];
    if (!symbol) break;
    const shape = `${s.symbol} ∈ ℝ^{${s.rows}×${s.cols}}`;
    symbol.detail = symbol.detail ? `${symbol.detail}, ${shape}` : shape;
  }
  for (const m of doc.matrices) {
    const symbol = symbols[m.regionIndex];
    if (!symbol) break;
    if (m.name === null) continue;
    const range = toRange(m.range);
    symbol.children.push(
      new vscode.DocumentSymbol(m.name, `${m.rows}×${m.cols}`, vscode.SymbolKind.Array, range, range),
    );
  }
  const rest = doc.regions.length - listed.length;
  if (rest > 0) {
    const first = doc.regions[listed.length].range;
    const last = doc.regions[doc.regions.length - 1].range;
    const range = toRange({ start: first.start, end: last.end });
    const name = vscode.l10n.t('{0} more formulas (the outline lists the first {1})', rest, MAX_OUTLINE_FORMULAS);
    symbols.push(new vscode.DocumentSymbol(name, '', vscode.SymbolKind.Namespace, range, toRange(first)));
  }
  return symbols;
}

export function registerDocumentSymbols(context: vscode.ExtensionContext, documents: Documents): void {
  const provider: vscode.DocumentSymbolProvider = {
    provideDocumentSymbols: (document) => symbolsOf(documents.get(document).scan),
  };
  context.subscriptions.push(
    vscode.languages.registerDocumentSymbolProvider(documentSelector, provider, { label: 'Attention Lens' }),
  );
}
