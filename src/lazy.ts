// Heavy parts, loaded on first use. In the Node host each is a separate file next to the bundle (dist/node/chunks/),
// required only when needed; the web-worker host cannot load extra files, so there `lazy.browser.ts` is used.
import { join } from 'node:path';

type Evaluator = typeof import('./chunks/evaluate');
type TexSvg = typeof import('./chunks/tex-svg');

let evaluator: Evaluator | undefined;
let texSvg: TexSvg | undefined;

export async function loadEvaluator(): Promise<Evaluator> {
  // A computed path keeps esbuild from inlining the chunk into the eager bundle.
  evaluator ??= require(join(__dirname, 'chunks', 'evaluate.js')) as Evaluator;
  return evaluator;
}

export async function loadTexSvg(): Promise<TexSvg> {
  texSvg ??= require(join(__dirname, 'chunks', 'tex-svg.js')) as TexSvg;
  return texSvg;
}
