// One log channel for the whole extension ("Attention Lens" in the Output panel).
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Attention Lens', { log: true });
  return channel;
}

let reported = 0;

/** How many failures `reportError` has shown since activation: the tests assert that hostile input adds none. */
export function reportedErrorCount(): number {
  return reported;
}

/** Reports an unexpected failure: logged with its stack, and shown once to the user with a way to the log. */
export function reportError(context: string, err: unknown): void {
  reported++;
  const message = err instanceof Error ? err.message : String(err);
  log().error(`${context}: ${err instanceof Error ? (err.stack ?? message) : message}`);
  const showLog = vscode.l10n.t('Show Log');
  void vscode.window
    .showErrorMessage(vscode.l10n.t('Attention Lens: {0} failed: {1}', context, message), showLog)
    .then((choice) => choice === showLog && log().show());
}
