// Every setting, read in one place with its default. Features take a Config and listen to `onDidChange`,
// so a change applies without a reload.
import * as vscode from 'vscode';
import { Disposable } from './disposable';

export type MaskedRowPolicy = 'zeros' | 'nan' | 'uniform';

/** Which formulas the editor shows rendered beside their source: none, attention formulas and matrix literals, or all. */
export type InlineMode = 'off' | 'attention' | 'all math';
export const inlineModes: readonly InlineMode[] = ['off', 'attention', 'all math'];

export interface Settings {
  /** Decimal places shown for evaluated numbers. */
  precision: number;
  /** What a fully masked row's softmax gives. */
  maskedRows: MaskedRowPolicy;
  /** Largest dimension (rows or columns) the extension evaluates; bigger inputs are refused with a message. */
  maxDimension: number;
  /** Largest matrix (rows or columns) the preview renders cell by cell. */
  previewMaxMatrixSize: number;
  previewFollowCursor: boolean;
  hoverEnabled: boolean;
  diagnosticsEnabled: boolean;
  codeLensEnabled: boolean;
  /** Which formulas are rendered beside their source in the editor. */
  inline: InlineMode;
  /**
   * TeX macros added to the document's own (`{"\\R": "\\mathbb{R}"}`): those of the macro files, then the
   * `attentionLens.macros` setting, which wins.
   */
  macros: Record<string, string>;
  /** Macro files (.sty, .tex, KaTeX .json), relative to the workspace folder. */
  macroFiles: string[];
  /** Worked examples under the formulas of rendered Markdown cells in the notebook editor. */
  notebookWorkedExamples: boolean;
}

export const defaultSettings: Settings = {
  precision: 4,
  maskedRows: 'zeros',
  maxDimension: 512,
  previewMaxMatrixSize: 32,
  previewFollowCursor: true,
  hoverEnabled: true,
  diagnosticsEnabled: true,
  codeLensEnabled: true,
  inline: 'attention',
  macros: {},
  macroFiles: [],
  notebookWorkedExamples: true,
};

const keys: Record<keyof Settings, string> = {
  precision: 'precision',
  maskedRows: 'maskedRows',
  maxDimension: 'maxDimension',
  previewMaxMatrixSize: 'preview.maxMatrixSize',
  previewFollowCursor: 'preview.followCursor',
  hoverEnabled: 'hover.enabled',
  diagnosticsEnabled: 'diagnostics.enabled',
  codeLensEnabled: 'codeLens.enabled',
  inline: 'inline',
  macros: 'macros',
  macroFiles: 'macroFiles',
  notebookWorkedExamples: 'notebook.workedExamples',
};

export class Config extends Disposable {
  /** Macros the macro files define, loaded by MacroFiles; the setting's own macros win over them. */
  private fileMacros: Record<string, string> = {};
  private current: Settings = this.withFileMacros(read());
  private readonly changed = this._register(new vscode.EventEmitter<Settings>());

  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('attentionLens')) return;
        this.current = this.withFileMacros(read());
        this.changed.fire(this.current);
      }),
    );
  }

  get settings(): Settings {
    return this.current;
  }

  /** The macros read from the macro files changed: every feature reads the document again. */
  setFileMacros(macros: Record<string, string>): void {
    this.fileMacros = macros;
    this.current = this.withFileMacros(read());
    this.changed.fire(this.current);
  }

  private withFileMacros(settings: Settings): Settings {
    return { ...settings, macros: { ...this.fileMacros, ...settings.macros } };
  }
}

function read(): Settings {
  // `null`: the values that apply to any resource (user, then workspace), as every document shares one Config.
  const section = vscode.workspace.getConfiguration('attentionLens', null);
  const settings = { ...defaultSettings };
  for (const [name, key] of Object.entries(keys) as [keyof Settings, string][]) {
    const value = section.get(key);
    if (value !== undefined && typeof value === typeof defaultSettings[name])
      (settings as Record<string, unknown>)[name] = value;
  }
  if (!Array.isArray(settings.macroFiles) || !settings.macroFiles.every((f) => typeof f === 'string'))
    settings.macroFiles = [];
  if (!inlineModes.includes(settings.inline)) settings.inline = defaultSettings.inline;
  return settings;
}
