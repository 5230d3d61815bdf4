// A markdown-it plugin that puts the worked example under each attention formula of a note, as static HTML: the
// steps and the heatmap the preview panel shows, from the same evaluation and the same view tree. Used by VS Code's
// built-in Markdown preview (markdown-preview.ts) and, without VS Code, by the published entry (markdown-it.ts).
// Math stays with whatever math plugin the page uses; the examples' matrices go through its renderer when there is
// one (markdown-math in VS Code, markdown-it-texmath, markdown-it-katex), else they are plain tables.
import type { MarkdownIt, Renderer, RendererRule, StateCore, Token } from 'markdown-it';
import type { evaluateRegion } from '../core/attention/evaluate';
import type { MaskedRowPolicy } from '../core/attention/matrix';
import type { ScannedDocument } from '../core/document/document-model';
import { scanDocument } from '../core/document/scan';
import { exampleText, kindLabels, previewLabels, type Translate } from '../preview/preview-text';
import { ProseExampleCache } from '../preview/prose-examples';
import { type DetailsOptions, WorkedExampleCache } from '../preview/worked-example-cache';
import type { Labels, WorkedExample } from '../preview-page/protocol';
import { type MathToHtml, viewHtml } from '../view/view-html';
import { exampleView } from '../view/worked-example-view';

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
}

/** A note with more attention formulas than this shows the examples of the first ones only. */
export const MAX_EXAMPLES = 500;

const TOKEN = 'attention_lens_example';

type ExampleMeta = {
  example: WorkedExample;
  precision: number;
  /** markdown-it's token class, for the math tokens given to the page's math renderer. */
  Token: StateCore['Token'];
};

export function attentionLensPlugin(md: MarkdownIt, host: PluginHost): void {
  const examples = new WorkedExampleCache();
  const proseExamples = new ProseExampleCache();
  const text = exampleText(host.translate);
  const kindLabel = kindLabels(host.translate);
  const labels: Labels = previewLabels(host.translate);
  let last: { src: string; macros: string; scan: ScannedDocument } | null = null;

  const scanOf = (src: string, macros: Readonly<Record<string, string>>): ScannedDocument => {
    const key = JSON.stringify(macros);
    if (last?.src !== src || last.macros !== key)
      last = { src, macros: key, scan: scanDocument(src, 'markdown', { macros }) };
    return last.scan;
  };

  md.core.ruler.push('attention_lens', (state: StateCore) => {
    const settings = host.settings();
    const scan = scanOf(state.src, settings.macros);
    const options: DetailsOptions = {
      evaluate: host.evaluator(),
      kindLabel,
      text,
      maxMatrixSize: settings.maxMatrixSize,
      maxDimension: settings.maxDimension,
      maskedRows: settings.maskedRows,
    };
    const found: { line: number; meta: ExampleMeta }[] = [];
    const guarded = <T>(work: () => T, fallback: T): T => {
      try {
        return work();
      } catch (err) {
        if (!host.onError) throw err;
        host.onError(err);
        return fallback;
      }
    };
    const add = (line: number, example: WorkedExample | null) => {
      // Under a formula whose inputs the note does not define, there is nothing to work through.
      if (example && (example.inputs.length > 0 || example.steps.length > 0))
        found.push({ line, meta: { example, precision: settings.precision, Token: state.Token } });
    };
    for (let i = 0; i < scan.regions.length && found.length < MAX_EXAMPLES; i++)
      add(
        scan.regions[i].range.end.line,
        guarded(() => examples.of(scan, i, options).example, null),
      );
    // The examples the prose names without a formula: after the block that holds their last matrix.
    for (const prose of guarded(() => proseExamples.of(scan, state.src, options, settings.macros), []))
      if (found.length < MAX_EXAMPLES) add(prose.endLine, prose.example);
    found.sort((a, b) => a.line - b.line);
    if (found.length > 0) state.tokens = withExamples(state, found);
    return true;
  });

  // The example cache hands back the same object while a formula and its inputs are unchanged, so after an edit
  // only the examples it touched are written again.
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

/**
 * The tokens with an example token after each top-level block (paragraph, math block, list, quote ...) holding
 * the end of an example's formula. `found` is in document order.
 */
function withExamples(state: StateCore, found: readonly { line: number; meta: ExampleMeta }[]): Token[] {
  const tokens = state.tokens;
  const out: Token[] = [];
  let next = 0;
  let openMap: [number, number] | null = null;
  for (const token of tokens) {
    out.push(token);
    if (token.level !== 0) continue;
    if (token.nesting === 1) {
      openMap = token.map;
      continue;
    }
    const map = token.nesting === 0 ? token.map : openMap;
    // Lines are zero-based and a block's map ends before its last line + 1.
    while (map && next < found.length && found[next].line < map[1]) {
      const example = new state.Token(TOKEN, '', 0);
      example.block = true;
      example.meta = found[next++].meta;
      out.push(example);
    }
  }
  // Formulas the block tokens do not account for (a note ending inside unclosed math) go at the end.
  while (next < found.length) {
    const example = new state.Token(TOKEN, '', 0);
    example.block = true;
    example.meta = found[next++].meta;
    out.push(example);
  }
  return out;
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

/** TeX through the page's math plugin, looked up at render time as plugins may be added after this one. */
function mathRenderer(
  Token: StateCore['Token'],
  renderer: Renderer,
  options: Parameters<RendererRule>[2],
  env: Parameters<RendererRule>[3],
): MathToHtml {
  return (tex, display) => {
    const type = display ? 'math_block' : 'math_inline';
    const rule = renderer.rules[type];
    if (!rule) return null;
    const token = new Token(type, 'math', 0);
    token.content = tex;
    token.block = display;
    try {
      return rule([token], 0, options, env, renderer);
    } catch {
      // A renderer that throws on TeX it cannot read: the table shows the numbers instead.
      return null;
    }
  };
}
