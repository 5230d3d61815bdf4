// CodeLens above attention formulas ("Evaluate", with the shapes of their inputs) and above matrix literals
// (their shape), so what the extension reads in the document is visible where it is written.
import * as vscode from 'vscode';
import { Command } from './commands';
import type { Config } from './config';
import type { ProseExample } from './core/attention/selection-example';
import type { IndexedDocument } from './core/document/document-index';
import type { Position } from './core/document/document-model';
import { lastStartingAtOrBefore, type Span } from './core/document/spans';
import { type Documents, documentSelector } from './documents';
import { analysis } from './lazy/load';
import { log } from './log';

/**
 * Above this many formulas and matrices, lenses are made only around the lines the editors show: VS Code asks for
 * every lens of a document after each keystroke, and tens of thousands stall the extension host for seconds.
 */
const ALL_LENSES_UP_TO = 2000;
/** Lines above and below the visible ones that get lenses in such a document, so that scrolling finds them ready. */
const MARGIN_LINES = 200;
const SCROLL_DEBOUNCE_MS = 150;

/** "Evaluate the example" where the prose names the operation: the matrices after it, as Evaluate Selection reads them. */
function exampleLens(document: vscode.TextDocument, indexed: IndexedDocument, example: ProseExample): vscode.CodeLens {
  const matrices = Object.entries(example.target.inputs);
  const shapes = matrices.map(([role, m]) => `${role} ${analysis().shapeText(m)}`).join(', ');
  const start = Math.min(...matrices.map(([, m]) => m.startOffset));
  const end = Math.max(...matrices.map(([, m]) => m.endOffset));
  return new vscode.CodeLens(lineRange(indexed.positionAt(example.startOffset)), {
    title: `${vscode.l10n.t('Evaluate the example')} · ${shapes}`,
    command: Command.evaluateSelection,
    arguments: [document.uri, start, end],
  });
}

const lineRange = (at: Position) => new vscode.Range(at.line, at.character, at.line, at.character);

const isLarge = (scan: { regions: unknown[]; matrices: unknown[] }) =>
  scan.regions.length + scan.matrices.length > ALL_LENSES_UP_TO;

/**
 * The offsets [start, end) that get lenses: the whole document, or what its editors show with a margin. Offsets are
 * those of the scanned text, of which a notebook cell is a part.
 */
function lensWindows(document: vscode.TextDocument, indexed: IndexedDocument): [number, number][] | null {
  if (!isLarge(indexed.scan)) return indexed.notebook ? [[indexed.span.start, indexed.span.end]] : null;
  const shown = vscode.window.visibleTextEditors.filter((e) => e.document === document).flatMap((e) => e.visibleRanges);
  const lines: [number, number][] = shown.length > 0 ? shown.map((r) => [r.start.line, r.end.line]) : [[0, 0]];
  return lines.map(([first, last]) => [
    indexed.offsetAt({ line: Math.max(0, first - MARGIN_LINES), character: 0 }),
    indexed.offsetAt({ line: last + MARGIN_LINES + 1, character: 0 }),
  ]);
}

/** The indices of the spans that start in one of `windows`, in document order. */
function indicesIn(spans: readonly Span[], windows: [number, number][] | null): number[] {
  if (!windows) return spans.map((_, i) => i);
  const found = new Set<number>();
  for (const [start, end] of windows) {
    for (let i = lastStartingAtOrBefore(spans, start - 1) + 1; i < spans.length && spans[i].startOffset < end; i++)
      found.add(i);
  }
  return [...found].sort((a, b) => a - b);
}

function lensesOf(document: vscode.TextDocument, documents: Documents): vscode.CodeLens[] {
  const indexed = documents.get(document);
  const scan = indexed.scan;
  const windows = lensWindows(document, indexed);
  const defs = analysis().definitionsOf(scan);
  const lenses: vscode.CodeLens[] = [];
  for (const index of indicesIn(scan.regions, windows)) {
    const region = scan.regions[index];
    const c = analysis().classifyRegion(scan, index);
    if (c.kind === 'none') continue;
    const shapes = [c.roles.query, c.roles.key, c.roles.value, c.roles.mask]
      .filter((name, i, all): name is string => name !== null && all.indexOf(name) === i)
      .flatMap((name) => {
        const s = defs.shapeOf(name, index);
        return s ? [`${name} ${analysis().shapeText(s)}`] : [];
      });
    const title = [vscode.l10n.t('Evaluate'), shapes.join(', ')].filter(Boolean).join(' · ');
    lenses.push(
      new vscode.CodeLens(lineRange(indexed.positionAt(region.startOffset)), {
        title,
        command: Command.evaluateAt,
        arguments: [document.uri, index],
      }),
    );
  }
  const examples = analysis().proseExamples(indexed.scan, indexed.text);
  for (const index of indicesIn(examples, windows)) lenses.push(exampleLens(document, indexed, examples[index]));
  for (const index of indicesIn(scan.matrices, windows)) {
    const m = scan.matrices[index];
    const shape = analysis().shapeText(m);
    // An empty command makes the lens a label: there is nothing to run on a matrix alone.
    lenses.push(
      new vscode.CodeLens(lineRange(indexed.positionAt(m.startOffset)), {
        title: m.name ? `${m.name} ${shape}` : shape,
        command: '',
      }),
    );
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
  let scrolled: ReturnType<typeof setTimeout> | undefined;
  context.subscriptions.push(
    changed,
    config.onDidChange(() => changed.fire()),
    documents.onDidChangeContext(() => changed.fire()),
    vscode.window.onDidChangeTextEditorVisibleRanges(({ textEditor }) => {
      const indexed = documents.peek(textEditor.document);
      if (!config.settings.codeLensEnabled || !indexed || !isLarge(indexed.scan)) return;
      clearTimeout(scrolled);
      scrolled = setTimeout(() => changed.fire(), SCROLL_DEBOUNCE_MS);
    }),
    { dispose: () => clearTimeout(scrolled) },
    vscode.languages.registerCodeLensProvider(documentSelector, provider),
  );
}
