// Runs in a notebook's webview, as an extension of VS Code's Markdown renderer for notebook cells
// (`vscode.markdown-it-renderer`), beside markdown-math's KaTeX when that is there. It asks the extension host for
// the worked examples of the notebook's Markdown cells, adds them to the cells it renders, and renders a cell again
// when the host sends different examples for it (a cell above was edited, a setting changed).
import type { MarkdownIt } from 'markdown-it';
import type { ReadyMessage } from '../protocol';
import { CellExampleStore, cellExamplesPlugin } from './cell-examples-rule';

/** What this renderer uses of the notebook renderer API (package `vscode-notebook-renderer`). */
interface OutputItem {
  readonly id: string;
  text(): string;
}

interface MarkdownItRenderer {
  extendMarkdownIt(f: (md: MarkdownIt) => void): void;
  renderOutputItem?(item: OutputItem, element: HTMLElement, signal?: AbortSignal): unknown;
}

interface RendererContext {
  getRenderer(id: string): Promise<unknown>;
  postMessage?(message: unknown): void;
  onDidReceiveMessage?(listener: (message: unknown) => void): unknown;
}

const stylesheet = new URL('renderer.css', import.meta.url).href;

export async function activate(ctx: RendererContext): Promise<void> {
  const markdown = (await ctx.getRenderer('vscode.markdown-it-renderer')) as MarkdownItRenderer | undefined;
  if (!markdown) throw new Error("Could not load 'vscode.markdown-it-renderer'");
  addStylesheet();
  const store = new CellExampleStore();
  markdown.extendMarkdownIt((md) => cellExamplesPlugin(md, store));
  const rendered = rememberRendered(markdown);
  ctx.onDidReceiveMessage?.((message) => {
    const changed = store.update(message);
    if (!changed || !rendered) return;
    for (const [id, { item, element }] of rendered.cells) {
      if (!element.isConnected) rendered.cells.delete(id);
      else if (changed(item.text())) void rendered.render(item, element);
    }
  });
  ctx.postMessage?.({ type: 'ready' } satisfies ReadyMessage);
}

/**
 * The Markdown renderer renders each cell into a shadow root of its own, and copies the page's elements of class
 * `markdown-style` into it: the examples' stylesheet goes there, as markdown-math's KaTeX stylesheet does.
 */
function addStylesheet(): void {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = stylesheet;
  const template = document.createElement('template');
  template.classList.add('markdown-style');
  template.content.appendChild(link);
  document.head.appendChild(template);
}

/**
 * The cells the Markdown renderer has rendered, by output id, with the element each went into, so that a cell can
 * be rendered again when its examples arrive or change. Null when the renderer's API cannot be wrapped.
 */
function rememberRendered(markdown: MarkdownItRenderer) {
  const original = markdown.renderOutputItem;
  if (typeof original !== 'function') return null;
  const render = (item: OutputItem, element: HTMLElement) => original.call(markdown, item, element);
  const cells = new Map<string, { item: OutputItem; element: HTMLElement }>();
  try {
    markdown.renderOutputItem = (item, element, signal) => {
      cells.set(item.id, { item, element });
      return original.call(markdown, item, element, signal);
    };
  } catch {
    return null;
  }
  return { cells, render };
}
