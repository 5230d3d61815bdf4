// The markdown-it side of the notebook renderer: under each formula of a rendered Markdown cell, the worked example
// the extension host computed for that cell from the whole notebook (the host sends them, see ../protocol.ts). A
// cell is matched by its text and id, cells alike by their order; its examples go after the top-level block holding
// each formula's last line. The HTML is the view tree's escaped HTML (view-html.ts): no script, no event handler,
// nothing of the note unescaped. No DOM here, so it is tested in Node with markdown-it.
import type { MarkdownIt, RendererRule, StateCore } from 'markdown-it';
import { mathRenderer, withTokensAfterLines } from '../../markdown/example-tokens';
import type { Labels, WorkedExample } from '../../preview-page/protocol';
import { viewHtml } from '../../view/view-html';
import { exampleView } from '../../view/worked-example-view';
import { type CellExamples, cellKey, type ExamplesMessage } from '../protocol';

const TOKEN = 'attention_lens_notebook_example';

/** A cell as the notebook's Markdown renderer gives it (`env.outputItem`). */
export interface RenderedItem {
  readonly id: string;
  readonly metadata?: unknown;
  text(): string;
}

/** The key of a rendered cell (protocol.ts): its text, and the id its metadata gives it. */
export function renderedKey(item: RenderedItem): string {
  const metadata = item.metadata;
  const id = typeof metadata === 'object' && metadata !== null ? (metadata as { id?: unknown }).id : undefined;
  return cellKey(item.text(), typeof id === 'string' ? id : undefined);
}

/**
 * Where a rendered cell is among the rendered cells with its key: its rank from the top and how many they are
 * (a cell the renderer cannot place: count 0).
 */
export type PlaceAmongAlike = (item: RenderedItem, key: string) => { rank: number; count: number };

type Group = { cells: CellExamples['examples'][]; json: string };

/** What the host last sent, looked up by cell key. */
export class CellExampleStore {
  private message: ExamplesMessage | null = null;
  /** The examples of the cells of each key, in the notebook's order, as JSON as well to tell what an update changes. */
  private groups = new Map<string, Group>();

  /**
   * Takes a message from the host. Returns which cells (by key) now show something else, or null when the message
   * is not one of ours or changes nothing.
   */
  update(message: unknown): ((key: string) => boolean) | null {
    if (!isExamplesMessage(message)) return null;
    const before = this.groups;
    const groups = new Map<string, Group>();
    for (const cell of message.cells) {
      const key = cellKey(cell.text, cell.id);
      const group = groups.get(key) ?? { cells: [], json: '' };
      group.cells.push(cell.examples);
      groups.set(key, group);
    }
    for (const group of groups.values()) group.json = JSON.stringify(group.cells);
    const all =
      this.message === null ||
      this.message.enabled !== message.enabled ||
      this.message.precision !== message.precision ||
      JSON.stringify(this.message.labels) !== JSON.stringify(message.labels);
    this.message = message;
    this.groups = groups;
    const changed = new Set<string>();
    for (const key of new Set([...before.keys(), ...groups.keys()]))
      if (before.get(key)?.json !== groups.get(key)?.json) changed.add(key);
    // A new precision, language or switch changes every cell that shows examples, or showed them.
    if (all) return before.size > 0 || groups.size > 0 ? (key) => before.has(key) || groups.has(key) : null;
    return changed.size > 0 ? (key) => changed.has(key) : null;
  }

  /** Whether cells alike (with key `key`) are told apart by their order. */
  alike(key: string): boolean {
    return (this.groups.get(key)?.cells.length ?? 0) > 1;
  }

  /**
   * The examples of the cell with key `key`, with what they are shown with; null when it has none. Of cells alike,
   * the one at rank k from the top has the k-th examples, once all of them are rendered; until then none.
   */
  of(
    key: string,
    place: () => { rank: number; count: number },
  ): { examples: CellExamples['examples']; precision: number; labels: Labels } | null {
    const message = this.message;
    const group = message?.enabled ? this.groups.get(key) : undefined;
    if (!message || !group) return null;
    let examples = group.cells[0];
    if (group.cells.length > 1) {
      const { rank, count } = place();
      if (count !== group.cells.length) return null;
      examples = group.cells[rank];
    }
    return examples ? { examples, precision: message.precision, labels: message.labels } : null;
  }
}

type ExampleMeta = {
  example: WorkedExample;
  precision: number;
  labels: Labels;
  /** markdown-it's token class, for the math tokens given to the page's math renderer. */
  Token: StateCore['Token'];
};

/**
 * Adds the examples of `store` to the cells `md` renders; the renderer gives each render the cell as
 * `env.outputItem`, and `place` tells cells alike apart.
 */
export function cellExamplesPlugin(md: MarkdownIt, store: CellExampleStore, place: PlaceAmongAlike): void {
  md.core.ruler.push('attention_lens_notebook', (state: StateCore) => {
    const item = renderedItem(state);
    const key = renderedKey(item);
    const found = store.of(key, () => place(item, key));
    if (!found || found.examples.length === 0) return true;
    const { precision, labels } = found;
    state.tokens = withTokensAfterLines(state.tokens, found.examples, ({ example }) => {
      const token = new state.Token(TOKEN, '', 0);
      token.block = true;
      token.meta = { example, precision, labels, Token: state.Token } satisfies ExampleMeta;
      return token;
    });
    return true;
  });
  const render: RendererRule = (tokens, idx, options, env, renderer) => {
    const { example, precision, labels, Token } = tokens[idx].meta as ExampleMeta;
    try {
      const view = exampleView(example, { labels, precision, revealable: false });
      return `<div class="attention-lens">${viewHtml(view, mathRenderer(Token, renderer, options, env))}</div>\n`;
    } catch {
      // An example the host sent that is not one (a message of another version): the cell shows without it.
      return '';
    }
  };
  md.renderer.rules[TOKEN] = render;
}

/** The cell being rendered, whose text is the host's (before markdown-it normalises line breaks); else the source. */
function renderedItem(state: StateCore): RenderedItem {
  const item = (state.env as { outputItem?: Partial<RenderedItem> } | undefined)?.outputItem;
  if (item && typeof item.text === 'function' && typeof item.id === 'string') {
    const text: unknown = item.text();
    if (typeof text === 'string') return { id: item.id, metadata: item.metadata, text: () => text };
  }
  return { id: '', text: () => state.src };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A message of the host's shape: checked, since a webview takes whatever is posted to it. */
function isExamplesMessage(m: unknown): m is ExamplesMessage {
  return (
    isObject(m) &&
    m.type === 'examples' &&
    typeof m.enabled === 'boolean' &&
    Number.isInteger(m.precision) &&
    isObject(m.labels) &&
    Object.values(m.labels).every((l) => typeof l === 'string') &&
    Array.isArray(m.cells) &&
    m.cells.every(
      (c) =>
        isObject(c) &&
        typeof c.text === 'string' &&
        (c.id === undefined || typeof c.id === 'string') &&
        Array.isArray(c.examples) &&
        c.examples.every((e) => isObject(e) && Number.isInteger(e.line) && isObject(e.example)),
    )
  );
}
