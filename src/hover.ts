// Hovers over formulas, their symbols and matrix literals: the formula rendered as an image (MathJax SVG, loaded
// on first use), the core's explanation, and links to evaluate it or open the preview. Explanations follow
// VS Code's display language. A failure shows as a message in the hover and in the log, never as an exception.
import * as vscode from 'vscode';
import { Command } from './commands';
import type { Config } from './config';
import type { MacroDefinition, Position } from './core/document/document-model';
import type { Explanation } from './core/explain/explain-model';
import { languageOf } from './core/i18n';
import { type Documents, documentSelector } from './documents';
import { analysis, loadExplainer, loadTexSvg } from './lazy/load';
import { log } from './log';
import type { NoteChecks } from './note-checks';
import { printedSentence } from './printed-text';
import { foreground } from './theme-colour';

/** Commands the hover links to, where the manifest contributes them. */
const EVALUATE = Command.evaluateAt;
const OPEN_PREVIEW = Command.openPreviewToSide;

function contributedCommands(context: vscode.ExtensionContext): Set<string> {
  const commands = (context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes
    ?.commands;
  return new Set((commands ?? []).map((c) => c.command));
}

const commandLink = (label: string, command: string, args: unknown[]) =>
  `[${label}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;

async function imageMarkdown(
  e: Explanation,
  macros: readonly MacroDefinition[],
  userMacros: Readonly<Record<string, string>>,
): Promise<string> {
  if (e.type === 'symbol') return '';
  const { escapeMarkdown, texWithMacrosExpanded } = await loadExplainer();
  const tex = texWithMacrosExpanded(e.tex, macros, userMacros);
  const { texToSvg } = await loadTexSvg();
  const image = texToSvg(tex, { color: foreground(), display: true });
  const alt = e.type === 'formula' ? vscode.l10n.t('formula') : vscode.l10n.t('matrix');
  const error = image.error ? `\n\n${vscode.l10n.t('TeX error: {0}', escapeMarkdown(image.error))}` : '';
  return `![${alt}](${image.dataUri})${error}\n\n`;
}

function linksMarkdown(e: Explanation, document: vscode.TextDocument, at: Position, available: Set<string>): string {
  const links: string[] = [];
  if (e.type === 'formula' && available.has(EVALUATE))
    links.push(commandLink(vscode.l10n.t('Evaluate'), EVALUATE, [document.uri, at]));
  if (e.type !== 'symbol' && available.has(OPEN_PREVIEW))
    links.push(commandLink(vscode.l10n.t('Open Preview'), OPEN_PREVIEW, [document.uri]));
  return links.length > 0 ? `\n${links.join(' · ')}\n` : '';
}

export function registerHovers(
  context: vscode.ExtensionContext,
  config: Config,
  documents: Documents,
  noteChecks: NoteChecks,
): void {
  const available = contributedCommands(context);
  const enabledCommands = [EVALUATE, OPEN_PREVIEW].filter((c) => available.has(c));

  async function hover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    // Offsets are those of the scanned text, which for a notebook cell holds the other Markdown cells too.
    const indexed = documents.get(document);
    const read = (start: number, end: number) => indexed.text.slice(start, end);
    const { explainAt, explanationToMarkdown, escapeMarkdown } = await loadExplainer();
    const e = explainAt(indexed, indexed.offsetAt(position), read);
    if (!e) return undefined;
    const markdown = new vscode.MarkdownString();
    markdown.isTrusted = { enabledCommands };
    markdown.appendMarkdown(await imageMarkdown(e, indexed.scan.macros, documents.macrosOf(document)));
    markdown.appendMarkdown(explanationToMarkdown(e, languageOf(vscode.env.language)));
    if (e.type === 'matrix') {
      // The note's checks, made away from the host's thread: in a large note, the hover waits for them.
      const checks = (await noteChecks.of(document))?.printed ?? [];
      const check = analysis().printedCheckAround(checks, e.startOffset, e.endOffset);
      if (check)
        markdown.appendMarkdown(
          `\n\n${check.agrees ? '✓' : '✗'} ${printedSentence(vscode.l10n.t, check, escapeMarkdown)}\n`,
        );
    }
    const start = indexed.positionAt(e.startOffset);
    const end = indexed.positionAt(e.endOffset);
    markdown.appendMarkdown(linksMarkdown(e, document, start, available));
    return new vscode.Hover(markdown, new vscode.Range(start.line, start.character, end.line, end.character));
  }

  const provider: vscode.HoverProvider = {
    async provideHover(document, position) {
      if (!config.settings.hoverEnabled) return undefined;
      try {
        return await hover(document, position);
      } catch (err) {
        log().error(
          `hover at ${document.uri.toString()}:${position.line + 1}:${position.character + 1}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
        const message = err instanceof Error ? err.message : String(err);
        return new vscode.Hover(
          new vscode.MarkdownString().appendText(vscode.l10n.t('Attention Lens could not explain this: {0}', message)),
        );
      }
    },
  };
  context.subscriptions.push(vscode.languages.registerHoverProvider(documentSelector, provider));
}
