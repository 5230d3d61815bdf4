// The macro files of `attentionLens.macroFiles`, read with VS Code's file system (so also on vscode.dev), relative
// to the workspace folder, and read again when the setting or one of the files changes. Their macros reach every
// feature through Config. In an untrusted workspace they are not read, as the setting's macros are ignored there.
import * as vscode from 'vscode';
import type { Config } from './config';
import { loadMacros, macroWalk, problemText } from './core/tex/macro-files';
import { katexMacros } from './core/tex/macros';
import { log } from './log';

/** A macro file's URI: absolute paths as they are, relative ones in the first workspace folder. */
function uriOf(path: string): vscode.Uri | undefined {
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(path)) return vscode.Uri.parse(path);
  if (path.startsWith('/')) return vscode.Uri.file(path);
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder && vscode.Uri.joinPath(folder.uri, path);
}

/** A file's text through VS Code's file system; null when it cannot be read. */
export async function readText(uri: string): Promise<string | null> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(uri)));
  } catch {
    return null;
  }
}

export function registerMacroFiles(context: vscode.ExtensionContext, config: Config): void {
  let watchers: vscode.Disposable[] = [];
  let generation = 0;
  let loaded = '[]';

  const reload = async () => {
    const files = vscode.workspace.isTrusted ? config.settings.macroFiles : [];
    const current = ++generation;
    const uris = files.flatMap((f) => uriOf(f)?.toString() ?? []);
    const load = await loadMacros(
      macroWalk(uris, null, (from, path) =>
        from === null ? path : vscode.Uri.joinPath(vscode.Uri.parse(from), '..', path).toString(),
      ),
      readText,
    );
    // A newer reload started meanwhile: its result is the one that counts.
    if (current !== generation) return;
    for (const p of load.problems) log().warn(`macro files: ${problemText(p)}`);
    const missing = load.problems.filter((p) => p.kind === 'missing').map((p) => vscode.Uri.parse(p.path).fsPath);
    if (missing.length > 0)
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Attention Lens: these macro files cannot be read: {0}', missing.join(', ')),
      );
    for (const w of watchers) w.dispose();
    watchers = [...load.read, ...load.problems.map((p) => p.path)].map((uri) => {
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(
          vscode.Uri.joinPath(vscode.Uri.parse(uri), '..'),
          uri.slice(uri.lastIndexOf('/') + 1),
        ),
      );
      watcher.onDidChange(schedule);
      watcher.onDidCreate(schedule);
      watcher.onDidDelete(schedule);
      return watcher;
    });
    const macros = katexMacros(load.definitions);
    const key = JSON.stringify(macros);
    if (key === loaded) return;
    loaded = key;
    config.setFileMacros(macros);
  };
  const schedule = () => {
    reload().catch((err: unknown) => log().error(`macro files: ${err instanceof Error ? err.message : String(err)}`));
  };

  let files = JSON.stringify(config.settings.macroFiles);
  context.subscriptions.push(
    config.onDidChange((settings) => {
      // Setting the files' macros fires this too: only a new list of files is read again.
      if (JSON.stringify(settings.macroFiles) === files) return;
      files = JSON.stringify(settings.macroFiles);
      schedule();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(schedule),
    {
      dispose: () => {
        for (const w of watchers) w.dispose();
      },
    },
  );
  if (config.settings.macroFiles.length > 0) schedule();
}
