// Hovers without VS Code: a warm hover on a formula (explanation, cached SVG lookup, Markdown) beside the bare
// MathJax conversion of the same formula; and a hover on a symbol in a 1 MB document beside a scan of it, which
// the hover must not repeat.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { liteAdaptor } from 'mathjax-full/js/adaptors/liteAdaptor.js';
import { RegisterHTMLHandler } from 'mathjax-full/js/handlers/html.js';
import { TeX } from 'mathjax-full/js/input/tex.js';
import { mathjax } from 'mathjax-full/js/mathjax.js';
import { SVG } from 'mathjax-full/js/output/svg.js';
import 'mathjax-full/js/input/tex/ams/AmsConfiguration.js';
import 'mathjax-full/js/input/tex/boldsymbol/BoldsymbolConfiguration.js';
import 'mathjax-full/js/input/tex/noundefined/NoUndefinedConfiguration.js';
import { DocumentIndex } from '../../src/core/document/document-index';
import { explainAt } from '../../src/core/explain/explain';
import { explanationToMarkdown } from '../../src/core/explain/explain-markdown';
import { texWithMacrosExpanded } from '../../src/core/tex/render-tex';
import { texToSvg } from '../../src/lazy/tex-svg';
import { fmtMs, measure, report } from './measure';
import { generateMarkdown } from './scan.bench';

const MB = 1024 * 1024;

/** What the hover provider does after VS Code hands it a position: explanation, image (cached when warm), Markdown. */
function hoverMarkdown(index: DocumentIndex, key: string, text: string, offset: number): string {
  const doc = index.get(key, 1, 'markdown', () => text);
  const e = explainAt(doc, offset, (start, end) => text.slice(start, end));
  assert.ok(e, 'something to explain');
  const image =
    e.type === 'symbol'
      ? ''
      : `![formula](${texToSvg(texWithMacrosExpanded(e.tex, doc.scan.macros, {}), { color: '#3b3b3b', display: true }).dataUri})\n\n`;
  return image + explanationToMarkdown(e, 'en');
}

/** MathJax as the hover configures it, with nothing around it and no cache. */
function bareMathJax(): (tex: string) => string {
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  const input = new TeX({ packages: ['base', 'ams', 'boldsymbol', 'noundefined'] });
  const page = mathjax.document('', { InputJax: input, OutputJax: new SVG({ fontCache: 'local' }) });
  return (tex) => adaptor.innerHTML(page.convert(tex, { display: true }));
}

function formulaHover(): void {
  const text = readFileSync(join(__dirname, '../fixtures/workspace/hover-cross.md'), 'utf8');
  const offset = text.indexOf('\\mathrm{Attention}');
  const index = new DocumentIndex();
  const doc = index.get('note', 1, 'markdown', () => text);
  const tex = doc.regionAt(offset)?.tex ?? '';
  const convert = bareMathJax();
  const bare = measure(() => convert(tex), { minRuns: 20 });
  const warm = measure(() => hoverMarkdown(index, 'note', text, offset), { minRuns: 200 });
  report({
    name: 'warm hover on a formula vs bare MathJax conversion',
    ours: fmtMs(warm.ms),
    baselineName: 'MathJax TeX -> SVG',
    baseline: fmtMs(bare.ms),
    ratio: warm.ms / bare.ms,
    goal: '<= 1.3x + 1 ms',
    met: warm.ms <= 1.3 * bare.ms + 1,
  });
}

function symbolHoverInLargeDocument(): void {
  const filler = generateMarkdown(MB / 2);
  const note = readFileSync(join(__dirname, '../fixtures/workspace/hover-cross.md'), 'utf8');
  const text = `${filler}\n\n${note}\n\n${generateMarkdown(MB / 2, 2)}`;
  const offset = text.indexOf('K, V, M)');
  const index = new DocumentIndex();
  const scan = measure(() => new DocumentIndex().get('big', 1, 'markdown', () => text), { minRuns: 3, minMs: 0 });
  index.get('big', 1, 'markdown', () => text);
  const scans = index.scans;
  const hover = measure(() => hoverMarkdown(index, 'big', text, offset), { minRuns: 200 });
  assert.equal(index.scans, scans, 'a hover must not scan the document again');
  assert.match(hoverMarkdown(index, 'big', text, offset), /^\*\*K\*\* — keys/);
  report({
    name: `hover on a symbol in a ${(text.length / MB).toFixed(1)} MB document (no rescan)`,
    ours: fmtMs(hover.ms),
    baselineName: 'scan of the document',
    baseline: fmtMs(scan.ms),
    ratio: hover.ms / scan.ms,
    goal: '< 2 ms',
    met: hover.ms < 2,
  });
}

export function run(): void {
  formulaHover();
  symbolHoverInLargeDocument();
}
