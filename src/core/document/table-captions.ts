// The matrix a line of prose names just before a table: "Q:", "**Keys K**", "### Value matrix $V$", "The queries
// $\mathbf{Q}$ are:", "$S = QK^\top$:", "查询矩阵 Q：". The symbol ends the line (before a colon, a copula or a gloss
// in parentheses), and the line is a label: it ends with a colon or `=`, is a heading or wholly emphasised, or is the
// symbol alone. A symbol that is an operand there ("multiply by $W_Q$:", "softmax of $S$:", "X W_Q:", "j > i:")
// names nothing, nor does a line that ends in anything else: a wrong name would bind the table where the note never
// meant it.
import { readSymbolEnd, symbolName } from '../tex/symbol-name';
import type { MathRegion } from './document-model';
import { lastStartingAtOrBefore } from './spans';

/** Inline math regions of the line stand as private-use characters, the k-th as MATH + k; their TeX is kept beside. */
const MATH = 0xe000;
const MAX_MATH = 256;
const isMath = (c: number) => c >= MATH && c < MATH + MAX_MATH;
/** Longer lines are paragraphs, not labels. */
export const MAX_CAPTION = 300;

const HEADING = /^#{1,6}[ \t]+/;
/** A list item's or a quotation's marker: `- `, `1. `, `> `. */
const MARKER = /^(?:[-+>]|\d{1,3}[.)])[ \t]+/;
const EMPHASIS_RUN = /\*+|_{2,}/g;
const CLOSING = /[ \t]*[:：=][ \t]*$/;
/** What may follow the symbol in a label: a copula, "given by", "as follows" (English and Chinese). */
const COPULA =
  /[ \t]*(?:\b(?:is|are|equals|is given by|are given by|given by|as follows|below|here|be)\b|为|是|如下所示|如下|等于)[ \t]*$/i;
/** A gloss in parentheses after a blank, or full-width ones: `(3 × 2)`, `(Q)`, `（每行一个词元）`; not `softmax(S)`. */
const GLOSS = /(?:[ \t]+[(（]|（)([^()（）]*)[)）][ \t]*$/;
/** A symbol written bare at the end: `K`, `W_Q`, `W^{Q}`, `q_1`, or between backticks. */
const BARE_SYMBOL = /(?<![A-Za-z0-9_^{}\\`])`?([A-Za-z](?:[_^](?:\{[A-Za-z0-9,]{1,16}\}|[A-Za-z0-9])){0,2})`?$/;
/** Words after which a symbol is an operand, not a name. */
const OPERAND_WORDS =
  /\b(?:with|by|using|from|over|on|onto|into|to|via|after|times|multiply|multiplied|and|or|of|for|than|plus|minus)$/i;
/** Functions the symbol would be the argument of. */
const FUNCTION_WORDS = /\b(?:softmax|transpose|transposed)$/i;
/** Chinese words of combining after which a symbol is an operand (与 和 乘 用 对 从 经 ...). */
const OPERAND_HAN = /[与和及乘用对从由经过以跟同或]$/;
/**
 * What may stand just before the symbol: a word, a number ("Step 2"), a comma, a colon or a dash. An operator or a
 * relation (`X ×`, `j > i`), a bracket or a quote makes the symbol part of an expression.
 */
const BEFORE_NAME = /(?:[\p{L}\p{N}]|[,，:：;；—–])$/u;

/**
 * The name the line [start, end) of `text` gives the table below it, normalised as math names are
 * (`\mathbf{Q}` -> `Q`), or null. `regions` are the note's math regions, in order.
 */
export function captionName(text: string, start: number, end: number, regions: readonly MathRegion[]): string | null {
  if (end - start > MAX_CAPTION || end <= start) return null;
  const texs: string[] = [];
  let line = lineWithMath(text, start, end, regions, texs);
  if (line === null) return null;
  line = line.trim().replace(MARKER, '');
  const heading = HEADING.test(line);
  line = line.replace(HEADING, '');
  const emphasised = /^[*_]/.test(line) && /[*_]$/.test(line);
  line = line.replace(EMPHASIS_RUN, '').trim();
  if (line.startsWith('_') && line.endsWith('_')) line = line.slice(1, -1);
  const closed = CLOSING.test(line);
  line = line.replace(CLOSING, '');
  for (let guard = 0; guard < 4; guard++) {
    const before: string = line;
    line = line.replace(COPULA, '');
    const gloss = GLOSS.exec(line);
    if (gloss) {
      const inner = gloss[1].trim();
      line = line.slice(0, gloss.index) + (isSymbolAlone(inner) ? ` ${inner}` : '');
    }
    line = line.replace(CLOSING, '').trimEnd();
    if (line === before) break;
  }
  const last = lastSymbol(line, texs);
  if (last === null) return null;
  const rest = line.slice(0, last.at).trimEnd();
  if (rest === '') return last.name;
  if (!closed && !heading && !emphasised) return null;
  if (
    !BEFORE_NAME.test(rest) ||
    OPERAND_WORDS.test(rest) ||
    FUNCTION_WORDS.test(rest) ||
    OPERAND_HAN.test(rest) ||
    endsWithSymbol(rest)
  )
    return null;
  return last.name;
}

/**
 * The line with the k-th inline math region in it as MATH + k (its TeX pushed to `texs`); null when math runs past
 * it.
 */
function lineWithMath(
  text: string,
  start: number,
  end: number,
  regions: readonly MathRegion[],
  texs: string[],
): string | null {
  let first = lastStartingAtOrBefore(regions, start - 1) + 1;
  if (first > 0 && regions[first - 1].endOffset > start) return null;
  let line = '';
  let at = start;
  for (; first < regions.length && regions[first].startOffset < end; first++) {
    const r = regions[first];
    if (r.endOffset > end || texs.length === MAX_MATH) return null;
    line += text.slice(at, r.startOffset) + String.fromCharCode(MATH + texs.length);
    texs.push(r.tex);
    at = r.endOffset;
  }
  return line + text.slice(at, end);
}

/** The symbol ending `line`, with where it starts, or null. */
function lastSymbol(line: string, texs: readonly string[]): { name: string; at: number } | null {
  const c = line.charCodeAt(line.length - 1);
  if (isMath(c)) {
    const name = leadingSymbol(texs[c - MATH]);
    return name === null ? null : { name, at: line.length - 1 };
  }
  const bare = BARE_SYMBOL.exec(line);
  const name = bare && wholeSymbol(bare[1]);
  return name ? { name, at: bare.index } : null;
}

/**
 * The symbol a math region names: all of it (`\mathbf{Q}`), or the left side of a definition or a declaration
 * (`S = QK^\top`, `Q \in \mathbb{R}^{2\times 3}`).
 */
function leadingSymbol(tex: string): string | null {
  const start = tex.length - tex.trimStart().length;
  const end = readSymbolEnd(tex, start, tex.length);
  if (end === -1) return null;
  const rest = tex.slice(end).trim();
  if (rest !== '' && !/^(?:=|:=|\\in(?![A-Za-z]))/.test(rest)) return null;
  return symbolName(tex, start, end);
}

function wholeSymbol(written: string): string | null {
  return readSymbolEnd(written, 0, written.length) === written.length ? symbolName(written, 0, written.length) : null;
}

/** Whether a gloss is a symbol alone, in math or bare: "Queries ($Q$):", "Queries (Q):". */
function isSymbolAlone(gloss: string): boolean {
  if (gloss.length === 1 && isMath(gloss.charCodeAt(0))) return true;
  return BARE_SYMBOL.test(gloss) && BARE_SYMBOL.exec(gloss)?.index === 0;
}

/** Whether the text before the symbol ends with another symbol (`X W_Q`, a product) or math. */
function endsWithSymbol(rest: string): boolean {
  return isMath(rest.charCodeAt(rest.length - 1)) || BARE_SYMBOL.test(rest);
}
