// What the prose around a formula says about it: whether it presents the formula as cross-attention, and which
// common misconceptions about cross-attention it states (a causal/"future" mask; K and V from the decoder or
// "the previous layer"). Only the paragraphs next to the formula and the heading above them are read.
import { SELF_ATTENTION } from '../document/prose';
import type { Correction } from './explain-model';

/** Reads the document's text between two offsets (clamped to the document). */
export type TextReader = (start: number, end: number) => string;

/** How far around a formula prose is read: a few paragraphs of notes, bounded so hovers stay cheap. */
const BEFORE = 1500;
const AFTER = 800;
const QUOTE_LENGTH = 160;

const CROSS = /cross[- ]?attention|encoder[- ]decoder attention|交叉注意力|编码器[-—－]?解码器注意力/i;
const SELF = SELF_ATTENTION;
const MASK = /mask|掩码|遮挡|遮蔽|屏蔽/i;
const FUTURE = /future|subsequent|look[- ]?ahead|causal|未来|后续|之后的/i;
const KEYS = /\bkeys?\b|\bK\b|键/i;
const VALUES = /\bvalues?\b|\bV\b|值/i;
const WRONG_SOURCE =
  /previous layer|preceding layer|prior layer|from the decoder|decoder'?s (?:own )?(?:output|hidden|states)|前一层|上一层|来自解码器|解码器的输出/i;
const ENCODER = /encoder|编码器/i;
/** Sentences that deny or restrict rather than claim ("not a causal mask", "only a padding mask"). */
const NEGATION =
  /\b(?:not|no|never|only|without|rather than|instead|misconceptions?|mistaken(?:ly)?|wrong(?:ly)?|incorrect(?:ly)?)\b|n't|不是|不需要|不用|不会|并不|并非|而非|无需|没有|只有|仅|误解|误区|错误/i;
const HEADING = /^(?:#{1,6}\s|\\(?:part|chapter|(?:sub)*section|paragraph)\*?\{)/;

export interface ProseReading {
  cross: boolean;
  corrections: Correction[];
}

/** Paragraphs: blocks between blank lines, with their offsets in `text`. */
function paragraphs(text: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  const blank = /\n[ \t\r]*\n/g;
  let start = 0;
  for (let m = blank.exec(text); ; m = blank.exec(text)) {
    const end = m ? m.index : text.length;
    if (text.slice(start, end).trim()) out.push({ start, end, text: text.slice(start, end) });
    if (!m) break;
    start = m.index + m[0].length;
  }
  return out;
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|[。！？；;\n]/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

const quote = (s: string) => (s.length > QUOTE_LENGTH ? `${s.slice(0, QUOTE_LENGTH - 1)}…` : s);

/** The misconception a sentence around a cross-attention formula states, if any. */
function claimOf(sentence: string): Correction['claim'] | null {
  const aboutSelf = SELF.test(sentence) && !CROSS.test(sentence);
  if (aboutSelf || NEGATION.test(sentence)) return null;
  if (MASK.test(sentence) && FUTURE.test(sentence)) return 'cross-future-mask';
  if (KEYS.test(sentence) && VALUES.test(sentence) && WRONG_SOURCE.test(sentence) && !ENCODER.test(sentence))
    return 'cross-kv-source';
  return null;
}

/** Reads the prose around the formula at [start, end) of the document. */
export function readProse(read: TextReader, start: number, end: number, crossByStructure: boolean): ProseReading {
  const from = Math.max(0, start - BEFORE);
  const text = read(from, end + AFTER);
  const blocks = paragraphs(text);
  const at = Math.max(
    0,
    blocks.findIndex((b) => b.end >= start - from),
  );
  const isHeading = (b: { text: string }) => HEADING.test(b.text.trimStart());
  const heading = blocks.slice(0, at).reverse().find(isHeading);
  const near = blocks.slice(Math.max(0, at - 1), at + 2).filter((b) => !isHeading(b));
  const own = blocks[at]?.text ?? '';
  const cross =
    crossByStructure ||
    ((CROSS.test(own) || near.some((b) => CROSS.test(b.text)) || (heading !== undefined && CROSS.test(heading.text))) &&
      !(SELF.test(own) && !CROSS.test(own)));
  const corrections: Correction[] = [];
  if (!cross) return { cross, corrections };
  for (const block of near) {
    for (const s of sentences(block.text)) {
      const claim = claimOf(s);
      if (claim && !corrections.some((c) => c.claim === claim)) corrections.push({ claim, quote: quote(s) });
    }
  }
  return { cross, corrections };
}
