// Runs in a notebook's webview, as an extension of VS Code's Markdown renderer for notebook cells
// (`vscode.markdown-it-renderer`), beside markdown-math's KaTeX when that is there. It asks the extension host for
// the worked examples of the notebook's Markdown cells, adds them to the cells it renders, and renders a cell again
// when the host sends different examples for it (a cell above was edited, a setting changed).
import type { MarkdownIt } from 'markdown-it';
import type { ReadyMessage } from '../protocol';
import { CellExampleStore, cellExamplesPlugin, type RenderedItem, renderedKey } from './cell-examples-rule';

/** What this renderer uses of the notebook renderer API (package `vscode-notebook-renderer`). */
interface MarkdownItRenderer {
  extendMarkdownIt(f: (md: MarkdownIt) => void): void;
  renderOutputItem?(item: RenderedItem, element: HTMLElement, signal?: AbortSignal): unknown;
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
  const rendered = rememberRendered(markdown, (item, key) => {
    // A cell alike others that is rendered anew may complete them or change their order: they are rendered again.
    if (store.alike(key)) for (const other of alikeCells(key)) if (other.item.id !== item.id) renderAgain(other);
  });
  const renderAgain = ({ item, element }: RenderedCell) => void rendered?.render(item, element);
  /** The rendered cells with key `key`, from the top of the notebook down. */
  const alikeCells = (key: string): RenderedCell[] => {
    if (!rendered) return [];
    for (const [id, cell] of rendered.cells) if (!cell.element.isConnected) rendered.cells.delete(id);
    return [...rendered.cells.values()]
      .filter((cell) => cell.key === key)
      .sort((a, b) => a.element.getBoundingClientRect().top - b.element.getBoundingClientRect().top);
  };
  markdown.extendMarkdownIt((md) =>
    cellExamplesPlugin(md, store, (item, key) => {
      const alike = alikeCells(key);
      return { rank: alike.findIndex((cell) => cell.item.id === item.id), count: alike.length };
    }),
  );
  ctx.onDidReceiveMessage?.((message) => {
    const changed = store.update(message);
    if (!changed || !rendered) return;
    for (const [id, cell] of rendered.cells) {
      if (!cell.element.isConnected) rendered.cells.delete(id);
      else if (changed(cell.key)) renderAgain(cell);
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

type RenderedCell = { item: RenderedItem; element: HTMLElement; key: string };

/**
 * The cells the Markdown renderer has rendered, by output id, with the element each went into, so that a cell can
 * be rendered again when its examples arrive or change; `onNew` is told of a cell rendered with a new key, after it
 * is rendered. Null when the renderer's API cannot be wrapped.
 */
function rememberRendered(markdown: MarkdownItRenderer, onNew: (item: RenderedItem, key: string) => void) {
  const original = markdown.renderOutputItem;
  if (typeof original !== 'function') return null;
  const render = (item: RenderedItem, element: HTMLElement) => original.call(markdown, item, element);
  const cells = new Map<string, RenderedCell>();
  try {
    markdown.renderOutputItem = async (item, element, signal) => {
      const key = renderedKey(item);
      const known = cells.get(item.id)?.key === key;
      cells.set(item.id, { item, element, key });
      await original.call(markdown, item, element, signal);
      if (!known) onNew(item, key);
    };
  } catch {
    return null;
  }
  return { cells, render };
}
