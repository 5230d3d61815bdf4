// Activation: wires the features together. Each feature lives in its own module; this file only connects them.
import * as vscode from 'vscode';
import { log, reportError } from './log';

/** What activation leaves for tests and the bench: how long it took. */
export interface AttentionLensApi {
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): AttentionLensApi {
  const started = performance.now();
  context.subscriptions.push(log());
  try {
    context.subscriptions.push(vscode.commands.registerCommand('attentionLens.showLog', () => log().show()));
  } catch (err) {
    reportError(vscode.l10n.t('Activation'), err);
  }
  const activationMs = performance.now() - started;
  log().info(`activated in ${activationMs.toFixed(2)} ms`);
  return { activationMs };
}

export function deactivate(): void {}
