import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { texWithMacrosExpanded } from '../../../src/core/tex/render-tex';

describe('texWithMacrosExpanded', () => {
  it("expands the user's and the document's macros, the document's winning", () => {
    const documentMacros = [{ name: '\\R', params: 0, body: '\\mathbb{R}' }];
    assert.equal(
      texWithMacrosExpanded('Q \\in \\R^{n} \\V', documentMacros, { '\\R': '\\mathcal{R}', '\\V': 'V' }),
      'Q \\in \\mathbb{R}^{n} V',
    );
  });

  it('leaves the TeX as it is when the expansion would not end', () => {
    const loop = [{ name: '\\x', params: 0, body: '\\x\\x' }];
    assert.equal(texWithMacrosExpanded('\\x', loop, {}), '\\x');
  });
});
