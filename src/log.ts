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

/** A command whose unexpected failure is shown and logged, never left as an unhandled rejection. */
export function guarded<A extends unknown[], R>(
  label: string,
  command: (...args: A) => Promise<R>,
): (...args: A) => Promise<R | undefined> {
  return async (...args) => {
    try {
      return await command(...args);
    } catch (err) {
      reportError(label, err);
      return undefined;
    }
  };
}
