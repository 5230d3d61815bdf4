// CodeLens above attention formulas ("Evaluate", with the shapes of their inputs) and above matrix literals
// (their shape), so what the extension reads in the document is visible where it is written.
import * as vscode from 'vscode';
import type { Config } from './config';
import type { Range } from './core/document-model';
import { classifyCached, definitionsOf, shapeText } from './core/formula-inputs';
import { type Documents, documentSelector } from './documents';
import { log } from './log';

export const evaluateAtCommand = 'attentionLens.evaluateAt';

const lineRange = (r: Range) => new vscode.Range(r.start.line, r.start.character, r.start.line, r.start.character);

function lensesOf(document: vscode.TextDocument, documents: Documents): vscode.CodeLens[] {
  const scan = documents.get(document).scan;
  const defs = definitionsOf(scan);
  const lenses: vscode.CodeLens[] = [];
  scan.regions.forEach((region, index) => {
    const c = classifyCached(region.tex);
    if (c.kind === 'none') return;
    const shapes = [c.roles.query, c.roles.key, c.roles.value, c.roles.mask]
      .filter((name, i, all): name is string => name !== null && all.indexOf(name) === i)
      .flatMap((name) => {
        const s = defs.shapeOf(name, index);
        return s ? [`${name} ${shapeText(s)}`] : [];
      });
    const title = [vscode.l10n.t('Evaluate'), shapes.join(', ')].filter(Boolean).join(' · ');
    lenses.push(
      new vscode.CodeLens(lineRange(region.range), {
        title,
        command: evaluateAtCommand,
        arguments: [document.uri, index],
      }),
    );
  });
  for (const m of scan.matrices) {
    const shape = shapeText(m);
    // An empty command makes the lens a label: there is nothing to run on a matrix alone.
    lenses.push(new vscode.CodeLens(lineRange(m.range), { title: m.name ? `${m.name} ${shape}` : shape, command: '' }));
  }
  return lenses;
}

export function registerCodeLens(context: vscode.ExtensionContext, config: Config, documents: Documents): void {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document) {
      if (!config.settings.codeLensEnabled) return [];
      try {
        return lensesOf(document, documents);
      } catch (err) {
        log().error(`code lens: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return [];
      }
    },
  };
  context.subscriptions.push(
    changed,
    config.onDidChange(() => changed.fire()),
    vscode.languages.registerCodeLensProvider(documentSelector, provider),
  );
}
