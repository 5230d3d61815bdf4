// Activation: creates the shared services and registers each feature. Features live in their own modules;
// this file only connects them.
import * as vscode from 'vscode';
import { registerCodeLens } from './code-lens';
import { Command } from './commands';
import { Config } from './config';
import { registerCopyAsPython } from './copy-python';
import { registerDiagnostics } from './diagnostics';
import { registerDocumentSymbols } from './document-symbols';
import { Documents } from './documents';
import { registerEvaluateCommands } from './evaluate-commands';
import { registerHovers } from './hover';
import { type InlineProbe, registerInlineFormulas } from './inline';
import { registerInsertCommands } from './insert-commands';
import { registerLatexIncludes } from './latex-includes';
import type { CheckCounts } from './lazy/checker';
import { log, reportError, reportedErrorCount } from './log';
import { registerMacroFiles } from './macro-files';
import { type MarkdownCounts, markdownItExtender } from './markdown-preview';
import { NoteChecks } from './note-checks';
import { type NotebookExamplesProbe, registerNotebookExamples } from './notebook-renderer/notebook-examples';
import { type PreviewProbe, registerPreview } from './preview/preview-manager';
import { registerQuickFixes } from './quick-fixes';
import { registerSamples } from './samples';

/** What activation returns, for tests and the benchmark. */
export interface AttentionLensApi {
  activationMs: number;
  /** What the preview panel last sent and showed. */
  preview?: PreviewProbe;
  /** The formulas each editor shows rendered inline. */
  inline?: InlineProbe;
  /** What the renderers of notebooks' Markdown cells were last sent. */
  notebookExamples?: NotebookExamplesProbe;
  /** What the note checks have cost the host's thread and how many ran in the worker. */
  checkCounts?: () => Promise<CheckCounts | undefined>;
  /** Error notifications shown so far. */
  readonly reportedErrors: number;
  /** Called by VS Code's Markdown preview (`markdown.markdownItPlugins`). */
  extendMarkdownIt?: ReturnType<typeof markdownItExtender>;
  /** The notes the Markdown engine's plugins parsed, and those whose examples they looked for. */
  readonly markdownCounts: MarkdownCounts;
}

export function activate(context: vscode.ExtensionContext): AttentionLensApi {
  const started = performance.now();
  context.subscriptions.push(log());
  let preview: PreviewProbe | undefined;
  let inline: InlineProbe | undefined;
  let notebookExamples: NotebookExamplesProbe | undefined;
  let noteChecks: NoteChecks | undefined;
  let extendMarkdownIt: AttentionLensApi['extendMarkdownIt'];
  const markdownCounts: MarkdownCounts = { parses: 0, lookups: 0, keptScans: 0 };
  try {
    const config = new Config();
    const documents = new Documents(config);
    const checks = new NoteChecks(documents);
    context.subscriptions.push(config, documents, checks);
    noteChecks = checks;
    registerMacroFiles(context, config);
    registerLatexIncludes(context, documents);
    extendMarkdownIt = markdownItExtender(context, config, documents, markdownCounts);
    notebookExamples = registerNotebookExamples(context, config, documents);
    registerDocumentSymbols(context, documents);
    registerHovers(context, config, documents, checks);
    preview = registerPreview(context, config, documents, checks);
    registerSamples(context);
    registerDiagnostics(context, config, documents, checks);
    registerQuickFixes(context, checks);
    registerCodeLens(context, config, documents);
    inline = registerInlineFormulas(context, config, documents);
    registerEvaluateCommands(context, config, documents);
    registerInsertCommands(context, config, documents);
    registerCopyAsPython(context, config, documents);
    context.subscriptions.push(vscode.commands.registerCommand(Command.showLog, () => log().show()));
  } catch (err) {
    reportError(vscode.l10n.t('Activation'), err);
  }
  const activationMs = performance.now() - started;
  log().info(`activated in ${activationMs.toFixed(2)} ms`);
  return {
    activationMs,
    preview,
    inline,
    notebookExamples,
    checkCounts: () => noteChecks?.counts() ?? Promise.resolve(undefined),
    extendMarkdownIt,
    markdownCounts,
    get reportedErrors() {
      return reportedErrorCount();
    },
  };
}

export function deactivate(): void {}
