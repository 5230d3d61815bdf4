// Heavy parts, loaded on first use. In the Node host each is a separate file next to the bundle (dist/node/lazy/),
// required only when needed; the web-worker host cannot load extra files, so there `load.browser.ts` is used.
import { join } from 'node:path';
import type { Checker } from './checker';
import { WorkerChecker } from './worker-checker';

function chunk<T>(file: string): () => Promise<T> {
  let loaded: T | undefined;
  // A computed path keeps esbuild from inlining the chunk into the eager bundle.
  return async () => (loaded ??= require(join(__dirname, 'lazy', file)) as T);
}

/** The analysis chunk, synchronously: features that answer VS Code at once load it on first use. */
let analysisModule: typeof import('./analysis') | undefined;
export const analysis = (): typeof import('./analysis') =>
  (analysisModule ??= require(join(__dirname, 'lazy', 'analysis.js')) as typeof import('./analysis'));

export const loadEvaluator = chunk<typeof import('./evaluate')>('evaluate.js');
export const loadExplainer = chunk<typeof import('./explain')>('explain.js');
export const loadTexSvg = chunk<typeof import('./tex-svg')>('tex-svg.js');

const loadChecks = chunk<typeof import('./checks')>('checks.js');
/** The note checks run in a worker thread; notebooks, read joined by the host, on the host's thread. */
export const loadChecker = async (): Promise<Checker> =>
  new WorkerChecker(join(__dirname, 'lazy', 'checks-worker.js'), async () => (await loadChecks()).inThreadChecker());
