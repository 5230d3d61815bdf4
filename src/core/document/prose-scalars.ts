// Numbers the prose fixes outside math and code, in English and Chinese: `d_k = 2`, "d_k is 2", "d\_model equals
// 4", "维度 d_k=2", "d_k 为 4". A value the sentence gives as a paper's or a real model's ("in the paper, d_k = 64")
// is not the note's own example, and is left out.
import type { MathRegion, ScalarDefinition } from './document-model';
import type { LineIndex } from './positions';
import { spanAt } from './spans';

const PROSE_SCALAR =
  /(?<![A-Za-z\d_\\])([A-Za-z])\\?_\{?([A-Za-z0-9]\w*)\}?\s*(?:=|＝|:=|\bis\b|\bequals\b|\bequal\s+to\b|为|是|等于)\s*(\d+(?:\.\d+)?)(?!\.?\d)/g;
/** Words just before that give a paper's or a real model's value; "for example" introduces the note's own. */
const MODEL_VALUES =
  /\b(?:paper|original|base\s+model|in\s+practice|typical(?:ly)?|usually|commonly|BERT|GPT|LLaMA|T5)\b|论文|原文|原始|通常|一般|实际中/i;
const BEFORE = 160;
const FENCE = /^(?:```|~~~)[^\n]*\n[\s\S]*?^(?:```|~~~)[ \t]*$/gm;

/** The scalars the prose of `lines.text` fixes outside `regions` and fenced code, in order. */
export function proseScalars(lines: LineIndex, regions: readonly MathRegion[]): ScalarDefinition[] {
  const { text } = lines;
  const fenced = [...text.matchAll(FENCE)].map((m) => ({ startOffset: m.index, endOffset: m.index + m[0].length }));
  const found: ScalarDefinition[] = [];
  for (const m of text.matchAll(PROSE_SCALAR)) {
    if (spanAt(regions, m.index) || spanAt(fenced, m.index)) continue;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    if (MODEL_VALUES.test(text.slice(Math.max(lineStart, m.index - BEFORE), m.index))) continue;
    const startOffset = m.index;
    const endOffset = m.index + m[0].length;
    found.push({
      symbol: `${m[1]}_${m[2].length === 1 ? m[2] : `{${m[2]}}`}`,
      value: Number(m[3]),
      regionIndex: -1,
      startOffset,
      endOffset,
      range: { start: lines.positionAt(startOffset), end: lines.positionAt(endOffset) },
    });
  }
  return found;
}
