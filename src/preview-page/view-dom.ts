// A view tree (src/view/view-tree.ts) as DOM: text through textContent, math through KaTeX, the heatmap's shade
// through CSSOM, as the page's content security policy allows no inline style markup.
import { isMath, type ViewNode } from '../view/view-tree';
import { element } from './dom';
import { renderFormula } from './render-formula';

/**
 * Typeset TeX by macros (a new object with each message from the host) and TeX: the names of a worked example's
 * matrices and steps repeat under every formula, so each is typeset once and copied after that.
 */
const typeset = new WeakMap<object, Map<string, HTMLElement>>();

export function viewDom(node: ViewNode, macros: Readonly<Record<string, string>>): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  if (isMath(node)) return mathDom(node.tex, node.display, macros);
  const target = element(node.tag, node.className);
  if (node.title !== undefined) target.title = node.title;
  for (const [name, value] of Object.entries(node.data ?? {})) target.dataset[name] = value;
  if (node.weight !== undefined) target.style.setProperty('--weight', String(node.weight));
  for (const child of node.children) target.append(viewDom(child, macros));
  return target;
}

function mathDom(tex: string, display: boolean, macros: Readonly<Record<string, string>>): Node {
  const done = typeset.get(macros) ?? new Map<string, HTMLElement>();
  typeset.set(macros, done);
  const key = `${display}|${tex}`;
  let target = done.get(key);
  if (!target) {
    target = element('span', 'tex');
    renderFormula(target, tex, display, macros);
    done.set(key, target);
  }
  return target.cloneNode(true);
}
