// The markdown-it plumbing both ways of showing examples in rendered Markdown share: the built-in preview's plugin
// (markdown-it-plugin.ts) and the notebook renderer's rule (../notebook-renderer/webview). Types only from
// markdown-it and nothing of the scanner, so the notebook renderer's webview bundle stays small.
import type { Renderer, RendererRule, StateCore, Token } from 'markdown-it';
import type { MathToHtml } from '../view/view-html';

/**
 * The tokens with a token of `make` after each top-level block (paragraph, math block, list, quote ...) holding the
 * zero-based line of an item; `items` are in line order. Items past the last block (a note ending inside unclosed
 * math, a cell changed since its examples were read) go at the end.
 */
export function withTokensAfterLines<T extends { line: number }>(
  tokens: readonly Token[],
  items: readonly T[],
  make: (item: T) => Token,
): Token[] {
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
    // A block's map ends before its last line + 1.
    while (map && next < items.length && items[next].line < map[1]) out.push(make(items[next++]));
  }
  while (next < items.length) out.push(make(items[next++]));
  return out;
}

/**
 * TeX through the page's math plugin (markdown-math's KaTeX in VS Code, markdown-it-texmath, markdown-it-katex),
 * looked up at render time as plugins may be added after ours; null without one, or when it throws on the TeX.
 */
export function mathRenderer(
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
      return null;
    }
  };
}
