// VS Code's built-in Markdown preview: the markdown-it plugin of src/markdown adds the worked example under each
// attention formula, beside markdown-math's own rendering. VS Code calls `extendMarkdownIt` (returned from
// activation) when the preview first renders; our settings apply at the next render, which a change triggers.
import type { MarkdownIt } from 'markdown-it';
import * as vscode from 'vscode';
import type { Config } from './config';
import type { evaluateRegion } from './core/attention/evaluate';
import { loadLocalEvaluator } from './evaluation';
import { analysis } from './lazy/load';
import { log, reportError } from './log';

const refresh = () => vscode.commands.executeCommand('markdown.preview.refresh').then(undefined, () => undefined);

export function markdownItExtender(context: vscode.ExtensionContext, config: Config): (md: MarkdownIt) => MarkdownIt {
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
      // Logged, not shown: the preview renders at every keystroke.
      onError: (err) =>
        log().error(`Markdown preview: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
    });
    return md;
  };
}
