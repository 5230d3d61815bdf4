// The scanner against real documents: an independent parser (markdown-it with markdown-it-texmath) must find
// the same math, and KaTeX must parse every region found.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import katex from 'katex';
import MarkdownIt from 'markdown-it';
import texmath from 'markdown-it-texmath';
import { scanDocument } from '../../../src/core/document/scan';
import { katexMacros } from '../../../src/core/tex/macros';
import { corpusFiles, corpusSkipReason } from '../../support/corpus';

const files = corpusFiles();
const skip = files ? false : corpusSkipReason;

/** texmath's `dollars` rules cover `$` and `$$`, the delimiters both parsers support. */
const markdownIt = new MarkdownIt().use(texmath, { engine: katex, delimiters: ['dollars'] });

interface Token {
  type: string;
  content: string;
  children: Token[] | null;
}

function texmathFormulas(text: string): string[] {
  const found: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type.startsWith('math_')) found.push(t.content);
      if (t.children) walk(t.children);
    }
  };
  walk(markdownIt.parse(text, {}) as Token[]);
  return found;
}

describe('scanner on the shared corpus', { skip }, () => {
  for (const { name, text } of files ?? []) {
    it(`${name}: finds the same $ and $$ math as markdown-it-texmath`, () => {
      const doc = scanDocument(text, 'markdown');
      // The corpus uses no other delimiter, so nothing is left out of the comparison.
      assert.deepEqual(
        doc.regions.filter((r) => r.delimiter !== '$' && r.delimiter !== '$$'),
        [],
      );
      // texmath trims the blank lines around a multi-line $$ block's content; we keep the TeX exactly as written
      // (positions inside it map back to the document), so the comparison trims both sides.
      assert.deepEqual(
        doc.regions.map((r) => r.tex.trim()),
        texmathFormulas(text).map((t) => t.trim()),
      );
      assert.deepEqual(doc.problems, []);
    });

    it(`${name}: every region parses with KaTeX`, () => {
      const doc = scanDocument(text, 'markdown');
      const macros = katexMacros(doc.macros);
      const failures = doc.regions.flatMap((r) => {
        try {
          katex.renderToString(r.tex, {
            throwOnError: true,
            trust: false,
            maxExpand: 1000,
            strict: 'ignore',
            displayMode: r.kind === 'display',
            // A copy: KaTeX adds the region's own \newcommand definitions to the object it is given.
            macros: { ...macros },
          });
          return [];
        } catch (err) {
          return [`${r.range.start.line + 1}: ${(err as Error).message}`];
        }
      });
      assert.deepEqual(failures, []);
    });
  }
});
