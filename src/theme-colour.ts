// The colour images of TeX are drawn in: an image (a hover's, an inline decoration's) cannot read the theme's CSS
// variables, only VS Code's theme kind, so these are the default themes' editor foregrounds.
import * as vscode from 'vscode';

export function foreground(): string {
  switch (vscode.window.activeColorTheme.kind) {
    case vscode.ColorThemeKind.Dark:
      return '#cccccc';
    case vscode.ColorThemeKind.HighContrast:
      return '#ffffff';
    case vscode.ColorThemeKind.HighContrastLight:
      return '#000000';
    default:
      return '#3b3b3b';
  }
}
