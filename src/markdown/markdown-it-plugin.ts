// A markdown-it plugin that puts the worked example under each attention formula of a note, as static HTML: the
// steps and the heatmap the preview panel shows, from the same evaluation and the same view tree. Used by VS Code's
// built-in Markdown preview (markdown-preview.ts) and, without VS Code, by the published entry (markdown-it.ts).
// Math stays with whatever math plugin the page uses; the examples' matrices go through its renderer when there is
// one (markdown-math in VS Code, markdown-it-texmath, markdown-it-katex), else they are plain tables.
import type { MarkdownIt, RendererRule, StateCore, Token } from 'markdown-it';
import type { evaluateRegion } from '../core/attention/evaluate';
import type { MaskedRowPolicy } from '../core/attention/matrix';
import type { ScannedDocument } from '../core/document/document-model';
import { exampleText, kindLabels, previewLabels, type Translate } from '../preview/preview-text';
import type { Labels, WorkedExample } from '../preview-page/protocol';
import { type MathToHtml, viewHtml } from '../view/view-html';
import { exampleView } from '../view/worked-example-view';
import { mathRenderer, withTokensAfterLines } from './example-tokens';
import { NoteExamples } from './note-examples';

export interface MarkdownSettings {
  /** Decimal places of the numbers shown. */
  precision: number;
  maskedRows: MaskedRowPolicy;
  /** Larger matrices are summarised rather than drawn cell by cell. */
  maxMatrixSize: number;
  /** Larger inputs are not evaluated. */
  maxDimension: number;
  /** TeX macros added to the note's own, as KaTeX's `macros` option writes them. */
  macros: Readonly<Record<string, string>>;
}

export interface PluginHost {
  /** Read at each render, so a changed setting applies at the next one. */
  settings(): MarkdownSettings;
  /** The evaluator, or null while it is loading: formulas then get no example until the next render. */
  evaluator(): typeof evaluateRegion | null;
  translate: Translate;
  /** A formula whose example failed, which is left without one; without this, the render fails. */
  onError?(err: unknown): void;
  /**
   * Given by a host that parses notes far more often than it shows them (VS Code's Markdown extension parses each
   * open note at every change for its outline, links and folding, and renders it only for a preview): the examples
   * are then looked for when the tokens are rendered rather than at each parse, so a parse costs nothing more.
   */
  atRender?: {
    /** The host's own up-to-date scan of `text` when it has one (`env` as the render got it), else undefined. */
    scanOf(text: string, env: unknown): ScannedDocument | undefined;
  };
  /** Added to as the plugin works, for tests. */
  counts?: PluginCounts;
}

export interface PluginCounts {
  /** Notes parsed. */
  parses: number;
  /** Notes whose examples were looked for (most answered from the last look when the note is unchanged). */
  lookups: number;
}

const TOKEN = 'attention_lens_example';

type ExampleMeta = {
  example: WorkedExample;
  precision: number;
  /** markdown-it's token class, for the math tokens given to the page's math renderer. */
  Token: StateCore['Token'];
};

export function attentionLensPlugin(md: MarkdownIt, host: PluginHost): void {
  const notes = new NoteExamples(host.onError);
  const text = exampleText(host.translate);
  const kindLabel = kindLabels(host.translate);
  const labels: Labels = previewLabels(host.translate);

  /** `tokens` with the examples of the note `src` they were parsed from; `Token` is markdown-it's token class. */
  const withExamples = (tokens: Token[], src: string, Token: StateCore['Token'], scan?: ScannedDocument): Token[] => {
    if (host.counts) host.counts.lookups++;
    const settings = host.settings();
    const found = notes.of(
      src,
      settings.macros,
      {
        evaluate: host.evaluator(),
        kindLabel,
        text,
        maxMatrixSize: settings.maxMatrixSize,
        maxDimension: settings.maxDimension,
        maskedRows: settings.maskedRows,
      },
      scan,
    );
    return found.length > 0
      ? withTokensAfterLines(tokens, found, (f) => exampleToken(Token, f.example, settings.precision))
      : tokens;
  };

  const { atRender } = host;
  // The source of each token list parsed, for its render (the host's engine may keep the list and render it again).
  const sources = new WeakMap<Token[], Pick<StateCore, 'src' | 'Token'>>();
  md.core.ruler.push('attention_lens', (state: StateCore) => {
    if (host.counts) host.counts.parses++;
    if (atRender) sources.set(state.tokens, { src: state.src, Token: state.Token });
    else state.tokens = withExamples(state.tokens, state.src, state.Token);
    return true;
  });
  if (atRender) {
    const renderer = md.renderer;
    const renderTokens = renderer.render;
    // A new list is rendered: the one parsed stays as it was, for the host to render again.
    renderer.render = function (tokens, options, env) {
      const parsed = sources.get(tokens);
      const shown = parsed ? withExamples(tokens, parsed.src, parsed.Token, atRender.scanOf(parsed.src, env)) : tokens;
      return renderTokens.call(this, shown, options, env);
    };
  }

  // Formulas with the same inputs share one example object, kept while their inputs are unchanged: each example is
  // written once however many formulas show it, and after an edit only the examples it touched are written again.
  const written = new WeakMap<WorkedExample, { precision: number; math: unknown; html: string }>();
  // The TeX of an example is the names of its matrices and steps (Q, QK^\top ...), the same under every formula:
  // each is typeset once per render (`env` is the render's own object), so the note's macros of that render apply.
  const typesetIn = new WeakMap<object, MathToHtml>();
  const render: RendererRule = (tokens, idx, options, env, renderer) => {
    const { example, precision, Token } = tokens[idx].meta as ExampleMeta;
    const mathRule = renderer.rules.math_inline;
    const last = written.get(example);
    if (last && last.precision === precision && last.math === mathRule) return last.html;
    // markdown-it gives every render an `env` object, {} when the caller passes none.
    let math = env && typesetIn.get(env);
    if (!math) {
      math = memoised(mathRenderer(Token, renderer, options, env));
      if (env) typesetIn.set(env, math);
    }
    const html = `<div class="attention-lens">${viewHtml(exampleView(example, { labels, precision, revealable: false }), math)}</div>\n`;
    written.set(example, { precision, math: mathRule, html });
    return html;
  };
  md.renderer.rules[TOKEN] = render;
}

function exampleToken(Token: StateCore['Token'], example: WorkedExample, precision: number): Token {
  const token = new Token(TOKEN, '', 0);
  token.block = true;
  token.meta = { example, precision, Token } satisfies ExampleMeta;
  return token;
}

function memoised(math: MathToHtml): MathToHtml {
  const done = new Map<string, string | null>();
  return (tex, display) => {
    const key = `${display}|${tex}`;
    const known = done.get(key);
    if (known !== undefined) return known;
    const html = math(tex, display);
    done.set(key, html);
    return html;
  };
}
