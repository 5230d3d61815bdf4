// "Open Sample Note": a worked cross-attention note from media/samples, opened as an untitled copy so that the
// reader can edit it freely (the extension's own files stay untouched; works in the web host too).
import * as vscode from 'vscode';
import { Command } from './commands';

const samples = {
  markdown: 'cross-attention.md',
  latex: 'cross-attention.tex',
  chinese: 'cross-attention.zh-cn.md',
} as const;

export function registerSamples(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Command.openSampleNote, async (which?: keyof typeof samples) => {
      const name = samples[which ?? (vscode.env.language.startsWith('zh') ? 'chinese' : 'markdown')];
      const bytes = await vscode.workspace.fs.readFile(
        vscode.Uri.joinPath(context.extensionUri, 'media', 'samples', name),
      );
      const document = await vscode.workspace.openTextDocument({
        language: name.endsWith('.tex') ? 'latex' : 'markdown',
        content: new TextDecoder().decode(bytes),
      });
      return vscode.window.showTextDocument(document);
    }),
  );
}
