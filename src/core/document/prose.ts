// What the prose around the formulas says, in English and Chinese: where it describes a causal ("future") mask
// for cross-attention, and whether it presents a formula as scaled dot-product attention. Sentences that name
// self-attention or negate the claim ("cross-attention needs no causal mask") are not flagged.
import type { MathRegion, ScannedDocument } from './document-model';
import { type Earlier, readingOf } from './readings';
import { sourceOf } from './source-text';
import { spanAt } from './spans';
import { allMatches, type Matches, rematched } from './text-matches';

export interface Span {
  start: number;
  end: number;
}

const FUTURE =
  /future(?:\s+(?:tokens?|positions?|words?|steps?|information))?|look-?ahead|causal(?:ly)?|subsequent\s+positions?|未来(?:的)?(?:token|词|位置|信息)?|因果|后续(?:的)?(?:位置|token|词)/gi;
const MASK = /mask|遮挡|掩码|遮蔽|屏蔽|掩盖/i;
const CROSS =
  /cross[\s-]*attention|encoder[\s-]*decoder\s+(?:\(cross\)\s+)?attention|交叉注意力|编码器[\s-]*解码器注意力/i;
/** Self-attention, and the decoder's masked attention sublayer, which is self-attention by another name. */
export const SELF_ATTENTION =
  /self[\s-]*attention|自注意力|masked\s+(?:multi[\s-]*head(?:ed)?\s+)?attention|(?:带)?(?:掩码|掩蔽|遮挡)的?(?:多头)?注意力/i;
const SELF = SELF_ATTENTION;
// A sentence that calls the claim a misconception or a mistake reports it rather than makes it.
const NEGATION =
  /\b(?:not|no|never|instead|rather\s+than|without|neither|nor|misconceptions?|mistaken(?:ly)?|wrong(?:ly)?|incorrect(?:ly)?)\b|n't\b|不使用|不需要|不用|无需|没有|并不|而不是|不是|不加|只用|只使用|仅用|仅使用|误解|误区|错误/i;
const SCALED_DOT_PRODUCT = /scaled[\s-]+dot[\s-]*product|缩放点积|点积缩放/i;

/** How far a sentence or paragraph is looked for around a match, so one huge paragraph cannot cost much. */
const WINDOW = 2000;
const CONTEXT_BEFORE = 600;

/** Places where the prose describes a causal or future mask for cross-attention. */
export function causalMaskInCrossAttention(text: string, regions: readonly MathRegion[]): Span[] {
  const found: Span[] = [];
  let lastSentence = -1;
  for (const match of text.matchAll(FUTURE)) {
    const start = match.index;
    if (spanAt(regions, start) !== undefined) continue;
    const sentence = sentenceAround(text, start);
    if (sentence.start === lastSentence) continue;
    const s = text.slice(sentence.start, sentence.end);
    if (!MASK.test(s) || SELF.test(s) || NEGATION.test(s)) continue;
    if (!CROSS.test(s)) {
      const p = paragraphAround(text, start);
      const paragraph = text.slice(p.start, p.end);
      if (!CROSS.test(paragraph) || SELF.test(paragraph)) continue;
    }
    lastSentence = sentence.start;
    found.push({ start, end: start + match[0].length });
  }
  return found;
}

/**
 * Whether the formula or the paragraph it stands in is about cross-attention and not self-attention. A display
 * formula that opens its own paragraph belongs to the one before it ("For cross-attention: $$...$$").
 */
export function aboutCrossAttention(text: string, region: MathRegion): boolean {
  let p = paragraphAround(text, region.startOffset);
  if (text.slice(p.start, region.startOffset).trim() === '' && p.start > 0)
    p = paragraphAround(text, Math.max(0, p.start - 2));
  const context = text.slice(p.start, region.endOffset);
  return CROSS.test(context) && !SELF.test(context);
}

/** The places outside math where the prose names scaled dot-product attention, in order. */
export function operationPhrases(text: string, scan: { regions: readonly MathRegion[] }): Span[] {
  return outsideMath(
    allMatches(text, OPERATION_PHRASE, () => null),
    scan.regions,
  );
}

/** The same for a scan, matched again only around the edits since an earlier reading of its text. */
export function operationPhrasesOf(scan: ScannedDocument): Span[] {
  const text = sourceOf(scan)?.text;
  if (text === undefined) return [];
  const found = readingOf(scan, 'operation phrases', (earlier: Earlier<Matches<null>> | undefined) =>
    rematched(earlier?.reading, text, earlier?.edit, OPERATION_PHRASE, () => null, endsPhrase),
  );
  return outsideMath(found, scan.regions);
}

const OPERATION_PHRASE = new RegExp(SCALED_DOT_PRODUCT.source, 'gi');
/** Characters a match of the phrase, or an attempt at one, may read on through; any other ends every attempt. */
const PHRASE_READS_THROUGH = /[A-Za-z\s\-缩放点积]/;
const endsPhrase = (text: string, at: number) => !PHRASE_READS_THROUGH.test(text[at]);

function outsideMath(found: Matches<null>, regions: readonly MathRegion[]): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < found.count; i++)
    if (spanAt(regions, found.starts[i]) === undefined) spans.push({ start: found.starts[i], end: found.ends[i] });
  return spans;
}

/** Words that present a formula as the one without the scale, for contrast. */
const UNSCALED =
  /\b(?:without\s+(?:the\s+)?(?:scal|\\?sqrt)|unscaled|no\s+scaling|before\s+(?:the\s+)?scaling|plain\s+dot[\s-]*product)|不缩放|未缩放|没有缩放|不加缩放|缩放之前/i;

/**
 * Whether the text just before a formula presents it as scaled dot-product attention, and not as the unscaled
 * form beside it ("without the scaling, softmax(QK^T)V saturates").
 */
export function presentsScaledDotProduct(text: string, region: MathRegion): boolean {
  const context = text.slice(Math.max(0, region.startOffset - CONTEXT_BEFORE), region.endOffset);
  return SCALED_DOT_PRODUCT.test(context) && !UNSCALED.test(context);
}

/**
 * A result the prose presents as the wrong way to compute something ("if we zeroed the row after the softmax we
 * would get", "错误的做法") in the words just before it, after `from`: its numbers are meant to differ.
 */
const WRONG_WAY_WINDOW = 300;
const WRONG_WAY =
  /\b(?:wrong(?:ly)?|incorrect(?:ly)?|mistaken(?:ly)?|would\s+(?:get|give|obtain|be)|if\s+we\s+(?:had|instead|forgot|skipped|zeroed|omitted|did\s+not|didn't))\b|错误|不正确|错的|如果(?:我们)?(?:忘|不|跳过|省略)/i;

export function presentsWrongWay(text: string, start: number, from: number): boolean {
  return WRONG_WAY.test(text.slice(Math.max(from, start - WRONG_WAY_WINDOW), start));
}

/** Words that present values as those of a paper or a real model rather than of the note's own example. */
const REFERENCE_VALUES =
  /\b(?:paper|original|base\s+model|in\s+practice|typical(?:ly)?|usually|commonly|e\.g\.|for\s+(?:example|instance)|BERT|GPT)\b|论文|原文|原始|通常|一般|例如|比如|实际中/i;
/** Lines that open a new section, slide or frame: a worked example there may fix other values. */
const SECTION_START = /\n[ \t]{0,3}#{1,6}[ \t]|\\(?:sub)*section\*?\{|\\begin\{(?:frame|vbframe)\}|\\frametitle\{/;

/** Whether the sentence around `offset` gives reference values (`in the paper, d_k = 64`), not the example's. */
export function statesReferenceValues(text: string, offset: number): boolean {
  const s = sentenceAround(text, offset);
  return REFERENCE_VALUES.test(text.slice(s.start, s.end));
}

/** Whether a new section, slide or frame starts between two offsets. */
export function sectionBetween(text: string, a: number, b: number): boolean {
  return SECTION_START.test(text.slice(Math.min(a, b), Math.max(a, b)));
}

/** Words that name a causal mask, in a mask's symbol (`M_{causal}`, `M_{\text{future}}`). */
export function namesCausalMask(symbol: string): boolean {
  return /causal|future|look-?ahead|因果|未来/i.test(symbol);
}

/** Sentences end at terminators (`.` `。` ...), blank lines, headings and list items. */
const SENTENCE_END = /[。！？!?;；]|\.(?=\s)|\n\s*\n|\n(?=\s*(?:#|[-*+]\s|\d+\.\s))/g;
const PARAGRAPH_END = /\n[ \t]*\r?\n/g;

const sentenceAround = (text: string, offset: number) => spanAround(text, offset, SENTENCE_END);
const paragraphAround = (text: string, offset: number) => spanAround(text, offset, PARAGRAPH_END);

/** The stretch of text around `offset` between two matches of `boundary` (global), within the window. */
function spanAround(text: string, offset: number, boundary: RegExp): Span {
  const from = Math.max(0, offset - WINDOW);
  let start = from;
  for (const m of text.slice(from, offset).matchAll(boundary)) start = from + m.index + m[0].length;
  const next = text.slice(offset, offset + WINDOW).search(boundary);
  return { start, end: next === -1 ? Math.min(text.length, offset + WINDOW) : offset + next };
}
