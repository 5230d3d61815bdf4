// VS Code's built-in Markdown preview: the markdown-it plugin of src/markdown adds the worked example under each
// attention formula, beside markdown-math's own rendering. VS Code calls `extendMarkdownIt` (returned from
// activation) when the preview first renders; our settings apply at the next render, which a change triggers.
// VS Code's Markdown extension also parses each open note at every change for its outline, links and folding, with
// or without a preview: the examples are looked for when a preview renders the note, not at those parses, from the
// scan the other features keep (documents.ts).
import type { MarkdownIt } from 'markdown-it';
import * as vscode from 'vscode';
import type { Config } from './config';
import type { evaluateRegion } from './core/attention/evaluate';
import type { ScannedDocument } from './core/document/document-model';
import type { Documents } from './documents';
import { loadLocalEvaluator } from './evaluation';
import { analysis } from './lazy/load';
import { log, reportError } from './log';
import type { PluginCounts } from './markdown/markdown-it-plugin';

const refresh = () => vscode.commands.executeCommand('markdown.preview.refresh').then(undefined, () => undefined);

/**
 * The scan `documents` keeps of the note a render of `text` shows: VS Code gives the render the URI of the note
 * previewed (`currentDocument`), and renders it as the note's current version, which the kept scan is of.
 */
function keptScan(
  documents: Documents,
  text: string,
  env: unknown,
  counts: MarkdownCounts,
): ScannedDocument | undefined {
  const uri = (env as { currentDocument?: unknown } | undefined)?.currentDocument;
  if (!(uri instanceof vscode.Uri)) return undefined;
  const name = uri.toString();
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === name);
  if (document?.languageId !== 'markdown') return undefined;
  const indexed = documents.get(document);
  // The text parsed is markdown-it's, whose line ends are all \n: a note with others is scanned by the plugin.
  if (indexed.notebook || indexed.text !== text) return undefined;
  counts.keptScans++;
  return indexed.scan;
}

export interface MarkdownCounts extends PluginCounts {
  /** Renders given the scan documents.ts keeps. */
  keptScans: number;
}

export function markdownItExtender(
  context: vscode.ExtensionContext,
  config: Config,
  documents: Documents,
  /** What the plugins VS Code asked for did, summed, for tests. */
  counts: MarkdownCounts,
): (md: MarkdownIt) => MarkdownIt {
  let evaluator: typeof evaluateRegion | null = null;
  context.subscriptions.push(config.onDidChange(refresh));
  return (md) => {
    // Rendering is synchronous. The evaluator starts loading now, before the preview's first render (it is ready
    // in a few milliseconds); a render that came first anyway is done again once it is.
    let missed = false;
    loadLocalEvaluator().then(
      (loaded) => {
        evaluator = loaded;
        if (missed) void refresh();
      },
      (err) => reportError(vscode.l10n.t('Markdown preview'), err),
    );
    analysis().attentionLensPlugin(md, {
      settings: () => {
        const s = config.settings;
        const { precision, maskedRows, maxDimension, macros } = s;
        return { precision, maskedRows, maxDimension, macros, maxMatrixSize: s.previewMaxMatrixSize };
      },
      evaluator: () => {
        missed ||= evaluator === null;
        return evaluator;
      },
      translate: vscode.l10n.t,
      atRender: { scanOf: (text, env) => keptScan(documents, text, env, counts) },
      counts,
      // Logged, not shown: the preview renders at every keystroke.
      onError: (err) =>
        log().error(`Markdown preview: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
    });
    return md;
  };
}
