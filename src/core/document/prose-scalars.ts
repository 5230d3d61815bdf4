// Numbers the prose fixes outside math and code, in English and Chinese: `d_k = 2`, "d_k is 2", "d\_model equals
// 4", "维度 d_k=2", "d_k 为 4". A value the sentence gives as a paper's or a real model's ("in the paper, d_k = 64")
// is not the note's own example, and is left out.
import type { MathRegion, ScalarDefinition, ScannedDocument } from './document-model';
import { fencesIn, fencesOf, inFence } from './fenced-blocks';
import type { LineIndex } from './positions';
import { type Earlier, readingOf } from './readings';
import { sourceOf } from './source-text';
import { spanAt } from './spans';
import { allMatches, type Matches, rematched } from './text-matches';

const PROSE_SCALAR =
  /(?<![A-Za-z\d_\\])([A-Za-z])\\?_\{?([A-Za-z0-9]\w*)\}?\s*(?:=|＝|:=|\bis\b|\bequals\b|\bequal\s+to\b|为|是|等于)\s*(\d+(?:\.\d+)?)(?!\.?\d)/g;
/**
 * Characters a match of PROSE_SCALAR, or an attempt at one, may read on through: any other ends every attempt, so
 * the search starts afresh after it.
 */
const READ_THROUGH = /[A-Za-z0-9_\\{}\s=＝:.为是等于]/;
/** Words just before that give a paper's or a real model's value; "for example" introduces the note's own. */
const MODEL_VALUES =
  /\b(?:paper|original|base\s+model|in\s+practice|typical(?:ly)?|usually|commonly|BERT|GPT|LLaMA|T5)\b|论文|原文|原始|通常|一般|实际中/i;
const BEFORE = 160;

/** A number the prose may fix, before the words around it and the math and code it may be in are considered. */
interface Candidate {
  symbol: string;
  value: number;
}

/** The scalars the prose of `lines.text` fixes outside `regions` and fenced code, in order. */
export function proseScalars(lines: LineIndex, regions: readonly MathRegion[]): ScalarDefinition[] {
  const { text } = lines;
  return fixed(lines, regions, allMatches(text, PROSE_SCALAR, candidate), fencesIn(text));
}

/** The same for a scan, read again only around the edits since an earlier reading of its text. */
export function proseScalarsOf(scan: ScannedDocument): ScalarDefinition[] {
  const lines = sourceOf(scan);
  if (!lines) return [];
  const { text } = lines;
  const candidates = readingOf(scan, 'prose scalars', (earlier: Earlier<Matches<Candidate>> | undefined) =>
    rematched(earlier?.reading, text, earlier?.edit, PROSE_SCALAR, candidate, endsAttempts),
  );
  if (candidates.count === 0) return [];
  return fixed(lines, scan.regions, candidates, fencesOf(scan));
}

const endsAttempts = (text: string, at: number) => !READ_THROUGH.test(text[at]);

const candidate = (m: RegExpExecArray): Candidate => ({
  symbol: `${m[1]}_${m[2].length === 1 ? m[2] : `{${m[2]}}`}`,
  value: Number(m[3]),
});

/** The candidates outside math and fenced blocks whose sentence does not give a paper's values. */
function fixed(
  lines: LineIndex,
  regions: readonly MathRegion[],
  candidates: Matches<Candidate>,
  fences: Matches<unknown>,
): ScalarDefinition[] {
  const { text } = lines;
  const found: ScalarDefinition[] = [];
  for (let i = 0; i < candidates.count; i++) {
    const startOffset = candidates.starts[i];
    if (spanAt(regions, startOffset) || inFence(fences, startOffset)) continue;
    const lineStart = text.lastIndexOf('\n', startOffset) + 1;
    if (MODEL_VALUES.test(text.slice(Math.max(lineStart, startOffset - BEFORE), startOffset))) continue;
    const endOffset = candidates.ends[i];
    const { symbol, value } = candidates.items[i];
    found.push({
      symbol,
      value,
      regionIndex: -1,
      startOffset,
      endOffset,
      range: { start: lines.positionAt(startOffset), end: lines.positionAt(endOffset) },
    });
  }
  return found;
}
