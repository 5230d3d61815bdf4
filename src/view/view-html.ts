// A view tree as an HTML string, for Markdown previews. Every text and attribute is escaped; tags and class
// names come from our code only, and nothing that runs (no script, no event handler attribute) is written.
import { isMath, type ViewNode } from './view-tree';

/** Typesets TeX as HTML, or returns null to use the node's fallback. */
export type MathToHtml = (tex: string, display: boolean) => string | null;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const SPECIAL = /[&<>"']/;

/** Most texts are numbers and labels with nothing to escape: those are written as they are, without a copy. */
function escapeHtml(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c]) : text;
}

export function viewHtml(node: ViewNode, math: MathToHtml): string {
  if (typeof node === 'string') return escapeHtml(node);
  if (isMath(node)) {
    const typeset = math(node.tex, node.display);
    if (typeset !== null) return typeset;
    return node.fallback ? viewHtml(node.fallback, math) : `<code class="tex">${escapeHtml(node.tex)}</code>`;
  }
  let attributes = '';
  if (node.className) attributes += ` class="${escapeHtml(node.className)}"`;
  if (node.title !== undefined) attributes += ` title="${escapeHtml(node.title)}"`;
  for (const [name, value] of Object.entries(node.data ?? {}))
    if (/^[a-z][a-z0-9-]*$/.test(name)) attributes += ` data-${name}="${escapeHtml(value)}"`;
  // A number only: nothing from the note reaches the style attribute.
  if (node.weight !== undefined && Number.isFinite(node.weight)) attributes += ` style="--weight:${node.weight}"`;
  return `<${node.tag}${attributes}>${node.children.map((c) => viewHtml(c, math)).join('')}</${node.tag}>`;
}
