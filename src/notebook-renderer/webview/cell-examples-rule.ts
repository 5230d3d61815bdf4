// The markdown-it side of the notebook renderer: under each formula of a rendered Markdown cell, the worked example
// the extension host computed for that cell from the whole notebook (the host sends them, see ../protocol.ts). A
// cell is matched by its text; its examples go after the top-level block holding each formula's last line. The HTML
// is the view tree's escaped HTML (view-html.ts): no script, no event handler, nothing of the note unescaped.
// No DOM here, so it is tested in Node with markdown-it.
import type { MarkdownIt, RendererRule, StateCore } from 'markdown-it';
import { mathRenderer, withTokensAfterLines } from '../../markdown/example-tokens';
import type { Labels, WorkedExample } from '../../preview-page/protocol';
import { viewHtml } from '../../view/view-html';
import { exampleView } from '../../view/worked-example-view';
import type { CellExamples, ExamplesMessage } from '../protocol';

const TOKEN = 'attention_lens_notebook_example';

/** What the host last sent, looked up by cell text. */
export class CellExampleStore {
  private message: ExamplesMessage | null = null;
  /** Each cell's examples as JSON as well, to tell which cells an update changes. */
  private cells = new Map<string, { examples: CellExamples['examples']; json: string }>();

  /**
   * Takes a message from the host. Returns which cells (by text) now show something else, or null when the
   * message is not one of ours or changes nothing.
   */
  update(message: unknown): ((text: string) => boolean) | null {
    if (!isExamplesMessage(message)) return null;
    const before = this.cells;
    const cells = new Map<string, { examples: CellExamples['examples']; json: string }>();
    // Two cells with the same text show the examples of the first.
    for (const cell of message.cells)
      if (!cells.has(cell.text)) cells.set(cell.text, { examples: cell.examples, json: JSON.stringify(cell.examples) });
    const all =
      this.message === null ||
      this.message.enabled !== message.enabled ||
      this.message.precision !== message.precision ||
      JSON.stringify(this.message.labels) !== JSON.stringify(message.labels);
    this.message = message;
    this.cells = cells;
    const changed = new Set<string>();
    for (const text of new Set([...before.keys(), ...cells.keys()]))
      if (before.get(text)?.json !== cells.get(text)?.json) changed.add(text);
    // A new precision, language or switch changes every cell that shows examples, or showed them.
    if (all) return before.size > 0 || cells.size > 0 ? (text) => before.has(text) || cells.has(text) : null;
    return changed.size > 0 ? (text) => changed.has(text) : null;
  }

  /** The examples of the cell whose text is `text`, with what they are shown with; null when it has none. */
  of(text: string): { examples: CellExamples['examples']; precision: number; labels: Labels } | null {
    const message = this.message;
    const cell = message?.enabled ? this.cells.get(text) : undefined;
    return message && cell ? { examples: cell.examples, precision: message.precision, labels: message.labels } : null;
  }
}

type ExampleMeta = {
  example: WorkedExample;
  precision: number;
  labels: Labels;
  /** markdown-it's token class, for the math tokens given to the page's math renderer. */
  Token: StateCore['Token'];
};

/** Adds the examples of `store` to the cells `md` renders; the renderer gives each render the cell as `env.outputItem`. */
export function cellExamplesPlugin(md: MarkdownIt, store: CellExampleStore): void {
  md.core.ruler.push('attention_lens_notebook', (state: StateCore) => {
    const found = store.of(cellText(state));
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

/** The cell's text as the host knows it (before markdown-it normalises line breaks), else what is rendered. */
function cellText(state: StateCore): string {
  const item = (state.env as { outputItem?: { text?: unknown } } | undefined)?.outputItem;
  if (item && typeof item.text === 'function') {
    const text: unknown = item.text();
    if (typeof text === 'string') return text;
  }
  return state.src;
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
        Array.isArray(c.examples) &&
        c.examples.every((e) => isObject(e) && Number.isInteger(e.line) && isObject(e.example)),
    )
  );
}
