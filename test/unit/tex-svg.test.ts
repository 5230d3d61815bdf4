import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lru } from '../../src/core/lru';
import { texToSvg } from '../../src/lazy/tex-svg';

const svgOf = (dataUri: string) => {
  const prefix = 'data:image/svg+xml;base64,';
  assert.ok(dataUri.startsWith(prefix), dataUri.slice(0, 40));
  return Buffer.from(dataUri.slice(prefix.length), 'base64').toString('utf8');
};

describe('tex-svg', () => {
  it('renders a formula as a standalone SVG in the theme colour, sized in pixels', () => {
    const image = texToSvg('\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}} + M\\right) V', {
      color: '#cccccc',
      display: true,
    });
    assert.equal(image.error, null);
    const svg = svgOf(image.dataUri);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+"/);
    assert.match(svg, /<\/svg>$/);
    assert.match(svg, /fill="#cccccc"/);
    assert.doesNotMatch(svg, /currentColor|ex"/);
    assert.ok(image.width > 100 && image.height > 20, `${image.width}x${image.height}`);
  });

  it('caches by formula, colour and mode', () => {
    const a = texToSvg('Q K^\\top', { color: '#000000', display: false });
    assert.equal(texToSvg('Q K^\\top', { color: '#000000', display: false }), a);
    assert.notEqual(texToSvg('Q K^\\top', { color: '#ffffff', display: false }), a);
  });

  it('draws a TeX error as a message instead of throwing', () => {
    const image = texToSvg('\\frac{a', { color: '#000000', display: true });
    assert.equal(image.error, 'Missing close brace');
    assert.match(svgOf(image.dataUri), /data-mml-node="merror"/);
  });

  it('has no \\href, \\html or \\require, and refuses unsafe colours and huge formulas', () => {
    for (const tex of [
      '\\href{javascript:alert(1)}{x}',
      '\\class{x}{y}\\style{color:red}{z}',
      '\\require{html}\\href{javascript:alert(1)}{x}',
      '<script>alert(1)</script>',
    ]) {
      const svg = svgOf(texToSvg(tex, { color: '#000000', display: true }).dataUri);
      assert.doesNotMatch(svg, /href="javascript|<script|style="color/, tex);
    }
    const injected = svgOf(texToSvg('x', { color: '"/><script>alert(1)</script>', display: true }).dataUri);
    assert.doesNotMatch(injected, /<script/);
    const huge = texToSvg('x+'.repeat(6000), { color: '#000000', display: true });
    assert.match(huge.error ?? '', /longer than 10000 characters/);
    assert.match(svgOf(huge.dataUri), /<text [^>]*>the formula is longer than 10000 characters<\/text>/);
  });
});

describe('Lru', () => {
  it('forgets the least recently used entry first', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    assert.equal(lru.get('a'), 1);
    lru.set('c', 3);
    assert.equal(lru.get('b'), undefined);
    assert.deepEqual([lru.get('a'), lru.get('c'), lru.size], [1, 3, 2]);
  });
});
