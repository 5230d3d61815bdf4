import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateRegion } from '../../../src/core/attention/evaluate';
import { scanDocument } from '../../../src/core/document/scan';
import {
  definitionsInTex,
  includes,
  loadMacros,
  loadMacrosSync,
  MACRO_FILE_LIMITS,
  macroWalk,
  problemText,
} from '../../../src/core/tex/macro-files';
import { katexMacros } from '../../../src/core/tex/macros';

/** Paths as a POSIX folder tree: relative paths resolve against the folder of `from`, `..` included. */
const resolve = (from: string | null, path: string) => {
  if (from === null || path.startsWith('/')) return path;
  const parts = from.split('/').slice(0, -1);
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return parts.join('/');
};

function walkFiles(
  files: Record<string, string>,
  macroFiles: string[],
  document: { path: string; text: string } | null,
) {
  const asked: string[] = [];
  const load = loadMacrosSync(macroWalk(macroFiles, document, resolve), (path) => {
    asked.push(path);
    return files[path] ?? null;
  });
  return { ...load, asked };
}

const STY = String.raw`% macros for the course
\newcommand{\R}{\mathbb{R}}
\renewcommand{\vec}[1]{\mathbf{#1}}
\def\Q{\mathbf{Q}}
\DeclareMathOperator{\softmax}{softmax}
\DeclarePairedDelimiter{\norm}{\lVert}{\rVert}
% \newcommand{\commented}{x}
`;

describe('macro files', () => {
  it('reads \\newcommand, \\renewcommand, \\def, \\DeclareMathOperator and \\DeclarePairedDelimiter, not comments', () => {
    assert.deepEqual(
      definitionsInTex(STY).map((d) => [d.name, d.params]),
      [
        ['\\R', 0],
        ['\\vec', 1],
        ['\\Q', 0],
        ['\\softmax', 0],
        ['\\norm', 1],
      ],
    );
    assert.equal(definitionsInTex(STY).find((d) => d.name === '\\norm')?.body, '\\lVert #1 \\rVert');
  });

  it('reads a KaTeX macros .json, and says what is wrong with one that is not', () => {
    const files = { '/w/katex.json': '{"\\\\K": "\\\\mathbf{K}", "ignored": 3}', '/w/bad.json': '[1, 2]' };
    const load = walkFiles(files, ['/w/katex.json', '/w/bad.json'], null);
    assert.deepEqual(katexMacros(load.definitions), { '\\K': '\\mathbf{K}' });
    assert.deepEqual(load.problems.map(problemText), [
      '/w/bad.json: not a macros file (a KaTeX macros file is one JSON object)',
    ]);
  });

  it('follows \\input and \\include from a LaTeX document, relative to the document, else to the file that includes, once each', () => {
    const files = {
      '/w/defs/macros.tex': '\\input{more}\n\\newcommand{\\V}{\\mathbf{V}}\n% \\input{commented}\n',
      '/w/defs/more.tex': '\\def\\K{\\mathbf{K}}\\input{macros}',
      '/w/ch1.tex': '\\newcommand{\\M}{\\mathbf{M}}',
    };
    const document = {
      path: '/w/main.tex',
      text: '\\input{defs/macros}\n\\begin{document}\\include{ch1}\\input{gone.tex}',
    };
    const load = walkFiles(files, [], document);
    assert.deepEqual(Object.keys(katexMacros(load.definitions)), ['\\V', '\\M', '\\K']);
    assert.deepEqual(load.read, ['/w/defs/macros.tex', '/w/ch1.tex', '/w/defs/more.tex']);
    // TeX reads \input{more} from the document's folder first; more.tex's \input{macros} is a cycle, not read again.
    assert.deepEqual(load.asked, [
      '/w/defs/macros.tex',
      '/w/ch1.tex',
      '/w/gone.tex',
      '/w/more.tex',
      '/w/defs/more.tex',
    ]);
    assert.deepEqual(load.problems, [{ path: '/w/gone.tex', kind: 'missing', at: { start: 49, end: 65 } }]);
    assert.equal(document.text.slice(49, 65), '\\input{gone.tex}');
    assert.deepEqual(load.problems.map(problemText), ['/w/gone.tex: cannot be read']);
  });

  it("reads a file named from the document's folder before the including file's, as TeX does", () => {
    const files = {
      '/w/chapters/one.tex': '\\input{chapters/notation}\\input{local}',
      '/w/chapters/notation.tex': '\\def\\N{\\mathbf{N}}',
      '/w/chapters/local.tex': '\\def\\L{\\mathbf{L}}',
    };
    const load = walkFiles(files, [], { path: '/w/main.tex', text: '\\include{chapters/one}' });
    assert.deepEqual(load.read, ['/w/chapters/one.tex', '/w/chapters/notation.tex', '/w/chapters/local.tex']);
    assert.deepEqual(Object.keys(katexMacros(load.definitions)), ['\\N', '\\L']);
    assert.deepEqual(load.problems, []);
  });

  it("follows \\subfile, \\import and \\subimport; a file missing deep down is placed on the document's \\input", () => {
    const files = {
      '/w/parts/a.tex': '\\subimport{sub/}{b}',
      '/w/parts/sub/b.tex': '\\def\\B{b}\\input{nowhere}',
      '/w/lib/c.tex': '\\def\\C{c}',
      '/w/d.tex': '\\def\\D{d}',
    };
    const text = '\\subfile{parts/a}\n\\import{lib}{c}\n\\input d\n';
    const load = walkFiles(files, [], { path: '/w/main.tex', text });
    assert.deepEqual(load.read, ['/w/parts/a.tex', '/w/lib/c.tex', '/w/d.tex', '/w/parts/sub/b.tex']);
    assert.deepEqual(Object.keys(katexMacros(load.definitions)), ['\\C', '\\D', '\\B']);
    assert.deepEqual(load.problems, [{ path: '/w/nowhere.tex', kind: 'missing', at: { start: 0, end: 17 } }]);
    assert.equal(text.slice(0, 17), '\\subfile{parts/a}');
  });

  it('stops when the files read hold more than the total allowed', () => {
    const half = ' '.repeat(MACRO_FILE_LIMITS.maxLength - 100);
    const files: Record<string, string> = {};
    const count = Math.ceil(MACRO_FILE_LIMITS.maxTotalLength / half.length) + 1;
    for (let i = 0; i < count; i++) files[`/w/p${i}.tex`] = `\\def\\p${'i'.repeat(i + 1)}{${i}}${half}`;
    const text = Object.keys(files)
      .map((_, i) => `\\input{p${i}}`)
      .join('\n');
    const load = walkFiles(files, [], { path: '/w/main.tex', text });
    assert.equal(load.definitions.length, Math.floor(MACRO_FILE_LIMITS.maxTotalLength / (half.length + 20)));
    assert.deepEqual(
      load.problems.map((p) => p.kind),
      Array(count - load.definitions.length).fill('too-much'),
    );
  });

  it('stops at the depth, file and size limits, saying so', () => {
    const chain: Record<string, string> = {};
    for (let i = 0; i < 10; i++) chain[`/w/f${i}.tex`] = `\\newcommand{\\a${'x'.repeat(i)}}{${i}}\\input{f${i + 1}}`;
    const deep = walkFiles(chain, [], { path: '/w/main.tex', text: '\\input{f0}' });
    assert.equal(deep.read.length, MACRO_FILE_LIMITS.maxDepth);
    assert.deepEqual(deep.problems, [
      { path: `/w/f${MACRO_FILE_LIMITS.maxDepth}.tex`, kind: 'too-deep', at: { start: 0, end: 10 } },
    ]);

    const many = Array.from({ length: MACRO_FILE_LIMITS.maxFiles + 2 }, (_, i) => `/w/m${i}.sty`);
    const wide = walkFiles(Object.fromEntries(many.map((p) => [p, ''])), many, null);
    assert.equal(wide.read.length, MACRO_FILE_LIMITS.maxFiles);
    assert.equal(wide.problems.filter((p) => p.kind === 'too-many').length, 2);

    const big = walkFiles(
      { '/w/big.sty': `\\def\\x{1}${' '.repeat(MACRO_FILE_LIMITS.maxLength)}` },
      ['/w/big.sty'],
      null,
    );
    assert.deepEqual([big.definitions, big.problems.map((p) => p.kind)], [[], ['too-large']]);
  });

  it('lists includes with .tex added where no extension is written, not \\includegraphics or comments', () => {
    const text =
      '\\input{a}\\include{b.sty} \\input {c/d} %\\input{e}\n\\input{}\\includegraphics{f.png}\\input g\\subimport{h/}{i}';
    assert.deepEqual(
      includes(text).map((i) => [i.path, text.slice(i.start, i.end), i.fromFileOnly]),
      [
        ['a.tex', '\\input{a}', false],
        ['b.sty', '\\include{b.sty}', false],
        ['c/d.tex', '\\input {c/d}', false],
        ['g.tex', '\\input g', false],
        ['h/i.tex', '\\subimport{h/}{i}', true],
      ],
    );
  });

  it('gives macros that make a note formula evaluable, with the asynchronous reader too', async () => {
    const files: Record<string, string> = { '/w/course.sty': STY };
    const load = await loadMacros(macroWalk(['/w/course.sty'], null, resolve), async (p) => files[p] ?? null);
    const text =
      '$$\\Q = \\begin{bmatrix} 1 & 0 \\end{bmatrix}, K = \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}, V = \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}$$\n\n' +
      '$$\\softmax\\left(\\frac{\\Q K^\\top}{\\sqrt{d_k}}\\right) V$$\n';
    const doc = scanDocument(text, 'markdown', { macros: katexMacros(load.definitions) });
    const r = evaluateRegion(doc, doc.regions.length - 1);
    assert.deepEqual(r.errors, []);
    assert.equal(r.kind, 'scaled_dot_product');
  });
});
