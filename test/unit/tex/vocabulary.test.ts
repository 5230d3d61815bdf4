// One TeX vocabulary: the parser, the scanner's control-word table and symbol names agree on every spelling.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyWord, WordClass } from '../../../src/core/tex/control-words';
import { symbolsOf, toMathjs } from '../../../src/core/tex/expr';
import { readSymbolEnd, symbolName } from '../../../src/core/tex/symbol-name';
import { parseTex } from '../../../src/core/tex/tex-to-expr';
import { ACCENTS, LETTER_FONTS, plainScript, TEXT_COMMANDS } from '../../../src/core/tex/vocabulary';

const side = (tex: string) => parseTex(tex).equations[0].sides[0];
/** The name the scanner gives the symbol at the start of `tex`. */
const scannedName = (tex: string) => symbolName(tex, 0, readSymbolEnd(tex, 0, tex.length));

describe('TeX vocabulary', () => {
  it('names a symbol in any letter font the same way in the parser and in the scanner', () => {
    for (const font of ['mathbf', 'boldsymbol', 'bm', 'mathcal', 'pmb', 'symbf', 'mathsf', 'mathit', 'vec', 'vb']) {
      assert.equal(classifyWord(font, 0, font.length), WordClass.Font, font);
      for (const tex of [`\\${font}{Q}`, `\\${font} Q`, `\\${font}{Q}_{\\text{enc}}`]) {
        const parsed = side(tex);
        assert.equal(parsed.type === 'symbol' && parsed.name, scannedName(tex), tex);
      }
    }
    assert.equal(scannedName('\\symbf{W}^{\\mathrm{Q}}_{i}'), 'W_i^Q');
    assert.deepEqual(symbolsOf(side('\\pmb{W}_i^{Q}')), ['W_i^Q']);
  });

  it('names a symbol with an accent the same way in the parser and in the scanner, the accent kept', () => {
    const spellings: [string, string][] = [
      ['\\tilde{M}', '\\tilde{M}'],
      ['\\tilde M', '\\tilde{M}'],
      ['\\hat{\\mathbf{Q}}', '\\hat{Q}'],
      ['\\mathbf{\\hat{Q}}', '\\hat{Q}'],
      ['\\bar{K}_{\\text{enc}}', '\\bar{K}_{enc}'],
      ['\\widetilde{ A }', '\\widetilde{A}'],
      ['\\hat{W_{Q}}', '\\hat{W_Q}'],
      ['\\overline{\\alpha}^{(1)}', '\\overline{\\alpha}^{(1)}'],
    ];
    for (const [tex, name] of spellings) {
      const parsed = side(tex);
      assert.equal(parsed.type === 'symbol' && parsed.name, name, tex);
      assert.equal(scannedName(tex), name, tex);
    }
    for (const accent of ACCENTS) assert.equal(classifyWord(accent, 0, accent.length), WordClass.Accent, accent);
    // An accent over more than one symbol names none: the scanner reads no symbol there.
    assert.equal(readSymbolEnd('\\hat{QK}', 0, 9), -1);
    assert.equal(readSymbolEnd('\\tilde{}', 0, 8), -1);
    assert.equal(readSymbolEnd('\\tilde{M', 0, 9), -1);
  });

  it('gives every letter font and text command a class in the scanner', () => {
    for (const font of LETTER_FONTS) assert.equal(classifyWord(font, 0, font.length), WordClass.Font, font);
    for (const text of TEXT_COMMANDS) assert.equal(classifyWord(text, 0, text.length), WordClass.Text, text);
    assert.equal(classifyWord('frac', 0, 4), WordClass.Other);
  });

  it('strips fonts, text wrappers, old font switches and braces from scripts', () => {
    assert.equal(plainScript('{\\mathsf T}'), 'T');
    assert.equal(plainScript('{\\rm T}'), 'T');
    assert.equal(plainScript('\\text{model}'), 'model');
    assert.equal(plainScript('{\\symbf{head}}'), 'head');
    // A longer word that starts like a wrapper is kept: \textcolor is not \text.
    assert.equal(plainScript('\\rmfamily x'), '\\rmfamilyx');
  });

  it('reads every written transpose the same way', () => {
    for (const k of ['K^{\\rm T}', 'K^\\mathrm{T}', 'K^{\\mathsf{T}}', 'K^\\intercal', 'K^{\\top}', 'K\\transpose']) {
      assert.equal(toMathjs(side(`Q ${k}`)), 'Q * transpose(K)', k);
    }
    assert.equal(toMathjs(side('W^{(v)T} x_j')), 'transpose(W__v) * x_j');
    assert.equal(toMathjs(side('x^{(1)} q^{(2)\\top}')), 'x__1 * transpose(q__2)');
  });
});
