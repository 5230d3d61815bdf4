// Builds every bundle the extension ships, plus the test bundles:
//   dist/node/    the extension for VS Code's Node extension host, its lazily loaded parts and its checks worker (lazy/)
//   dist/web/     the same extension for the web-worker extension host (vscode.dev)
//   dist/webview/ the preview page script and its CSS, with KaTeX's fonts inside it
//   dist/notebook-renderer/ the worked examples in notebooks' rendered Markdown cells, and their CSS
//   dist/cli.js   the command-line tool
//   dist-test/    the integration suite, once per host
// `--watch` rebuilds on change; `--minify` is used for packaging.

import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

/** The web host cannot `require` chunks from disk, so there `./lazy/load` resolves to the variant that imports them. */
const browserLazy = {
  name: 'browser-lazy',
  setup(build) {
    build.onResolve({ filter: /\/lazy\/load$/ }, (args) => ({ path: join(args.resolveDir, `${args.path}.browser.ts`) }));
  },
};

/** Tests use `node:assert/strict`; the web-worker host has no Node built-ins, so they get the npm `assert` package. */
const webAssert = {
  name: 'web-assert',
  setup(build) {
    build.onResolve({ filter: /^node:assert\/strict$/ }, () => ({
      path: join(root, 'test/integration/web-assert.js'),
    }));
  },
};

/**
 * KaTeX's CSS lists every font as woff2, woff and ttf. The webview's Chromium reads woff2, so only those are kept:
 * the others would only make the stylesheet bigger.
 */
const woff2Only = {
  name: 'katex-woff2-only',
  setup(build) {
    build.onLoad({ filter: /katex[\\/]dist[\\/]katex\.css$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(
        /,\s*url\([^)]*\.(?:woff|ttf)\)\s*format\(["'][^"']*["']\)/g,
        '',
      ),
      loader: 'css',
    }));
  },
};

const common = {
  bundle: true,
  sourcemap: minify ? false : 'linked',
  minify,
  target: 'es2022',
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: {
      extension: 'src/extension.ts',
      'lazy/evaluate': 'src/lazy/evaluate.ts',
      'lazy/explain': 'src/lazy/explain.ts',
      'lazy/tex-svg': 'src/lazy/tex-svg.ts',
      'lazy/analysis': 'src/lazy/analysis.ts',
      'lazy/checks': 'src/lazy/checks.ts',
      'lazy/checks-worker': 'src/lazy/checks-worker.ts',
    },
    outdir: 'dist/node',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    metafile: true,
  },
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist/web',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    plugins: [browserLazy],
  },
  {
    ...common,
    entryPoints: ['src/preview-page/preview.ts', 'src/preview-page/preview.css'],
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    // The fonts go into the stylesheet as data URLs, so the page fetches nothing after it has loaded. Fetched
    // lazily, a font still on its way when the panel closes is held by VS Code's webview service worker until its
    // 30 s timeout, and no other webview (the preview opened again included) can load until then.
    loader: { '.woff2': 'dataurl' },
    plugins: [woff2Only],
  },
  // The markdown-it plugin for use without VS Code (package.json `exports`), for require and import, and its CSS,
  // which VS Code's Markdown preview also loads.
  ...['cjs', 'esm'].map((format) => ({
    ...common,
    entryPoints: { 'markdown-it': 'src/markdown/markdown-it.ts' },
    outdir: 'dist',
    outExtension: { '.js': format === 'esm' ? '.mjs' : '.js' },
    platform: 'node',
    format,
    sourcemap: false,
  })),
  {
    ...common,
    entryPoints: { 'markdown-it': 'src/markdown/markdown-it.css' },
    outdir: 'dist',
    sourcemap: false,
  },
  // The notebook renderer that adds the worked examples to rendered Markdown cells: an ES module the notebook's
  // webview imports, and its stylesheet.
  {
    ...common,
    entryPoints: ['src/notebook-renderer/webview/renderer.ts', 'src/notebook-renderer/webview/renderer.css'],
    outdir: 'dist/notebook-renderer',
    platform: 'browser',
    format: 'esm',
    sourcemap: false,
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    sourcemap: false,
  },
  {
    ...common,
    entryPoints: {
      index: 'test/integration/index.node.ts',
      'typing-probe': 'test/integration/typing-probe.ts',
      'preview-cycles-probe': 'test/integration/preview-cycles-probe.ts',
      'first-example-probe': 'test/integration/first-example-probe.ts',
    },
    outdir: 'dist-test/integration/node',
    platform: 'node',
    format: 'cjs',
    external: ['vscode', 'mocha'],
  },
  {
    ...common,
    entryPoints: { index: 'test/integration/index.web.ts' },
    outdir: 'dist-test/integration/web',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    plugins: [browserLazy, webAssert],
    // The npm `assert` package asks `process` for the terminal's width and for warnings; the worker has none.
    define: {
      'process.env.NODE_DEBUG': 'false',
      'process.env.NODE_ENV': '"test"',
      'process.stderr': 'undefined',
      'process.emitWarning': 'undefined',
    },
  },
];

if (!watch) {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  rmSync(join(root, 'dist-test'), { recursive: true, force: true });
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching src/ and test/integration/ ...');
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  const extension = results[0].metafile.outputs['dist/node/extension.js'];
  console.log(`built dist/ and dist-test/ (eager Node host bundle ${(extension.bytes / 1024).toFixed(1)} KiB)`);
}
