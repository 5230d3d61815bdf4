// The TeX handed to a renderer that does not know the document's macros (MathJax for hover images): the user's
// and the document's definitions expanded, within the scanner's expansion budget.
import type { MacroDefinition } from '../document/document-model';
import { definitionsFromSetting, expandMacros } from './macros';

export function texWithMacrosExpanded(
  tex: string,
  documentMacros: readonly MacroDefinition[],
  userMacros: Readonly<Record<string, string>>,
): string {
  // The document's definitions win over the user's, as in the scan.
  const macros = new Map<string, MacroDefinition>();
  for (const d of [...definitionsFromSetting(userMacros), ...documentMacros]) macros.set(d.name, d);
  const expansion = expandMacros(tex, 0, tex.length, macros);
  return expansion && 'text' in expansion ? expansion.text : tex;
}
