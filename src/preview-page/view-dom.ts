// A view tree (src/view/view-tree.ts) as DOM: text through textContent, math through KaTeX, the heatmap's shade
// through CSSOM, as the page's content security policy allows no inline style markup.
import { isMath, type ViewNode } from '../view/view-tree';
import { element } from './dom';
import { renderFormula } from './render-formula';

export function viewDom(node: ViewNode, macros: Readonly<Record<string, string>>): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  if (isMath(node)) {
    const target = element('span', 'tex');
    renderFormula(target, node.tex, node.display, macros);
    return target;
  }
  const target = element(node.tag, node.className);
  if (node.title !== undefined) target.title = node.title;
  for (const [name, value] of Object.entries(node.data ?? {})) target.dataset[name] = value;
  if (node.weight !== undefined) target.style.setProperty('--weight', String(node.weight));
  for (const child of node.children) target.append(viewDom(child, macros));
  return target;
}
