// The Outline and breadcrumbs of Markdown and LaTeX documents: one entry per formula, with the named matrices
// it defines beneath it, so what the scanner reads is visible in the editor.
import * as vscode from 'vscode';
import type { Range, ScannedDocument } from './core/document-model';
import { oneLineTex } from './core/tex-summary';
import { type Documents, documentSelector } from './documents';

const NAME_LENGTH = 60;

const toRange = (r: Range) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

function symbolsOf(doc: ScannedDocument): vscode.DocumentSymbol[] {
  const regions = doc.regions.map((r) => {
    const range = toRange(r.range);
    const name = oneLineTex(r.tex, NAME_LENGTH) || r.delimiter;
    return new vscode.DocumentSymbol(name, '', vscode.SymbolKind.Field, range, range);
  });
  for (const s of doc.shapes) {
    const region = regions[s.regionIndex];
    const shape = `${s.symbol} ∈ ℝ^{${s.rows}×${s.cols}}`;
    region.detail = region.detail ? `${region.detail}, ${shape}` : shape;
  }
  for (const m of doc.matrices) {
    if (m.name === null) continue;
    const range = toRange(m.range);
    regions[m.regionIndex].children.push(
      new vscode.DocumentSymbol(m.name, `${m.rows}×${m.cols}`, vscode.SymbolKind.Array, range, range),
    );
  }
  return regions;
}

export function registerDocumentSymbols(context: vscode.ExtensionContext, documents: Documents): void {
  const provider: vscode.DocumentSymbolProvider = {
    provideDocumentSymbols: (document) => symbolsOf(documents.get(document).scan),
  };
  context.subscriptions.push(
    vscode.languages.registerDocumentSymbolProvider(documentSelector, provider, { label: 'Attention Lens' }),
  );
}
