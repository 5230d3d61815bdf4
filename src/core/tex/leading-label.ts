// A label written inside the math before a line's formula: `\mathrm{MQA}: \ \mathrm{head}_i = ...`,
// `\text{(causal)}\quad A = ...`, `\textbf{Step 2:}~S = ...`, `Output: O = ...`. It names the line for the reader and
// is no factor of it: read as one, `\text{Causal}~A` would make the left side the product Causal A, and the colon
// of `MQA:` is no operator at all. The pre-pass (tex-prepass.ts) drops the tokens a label spans.
import type { Token } from './tex-lexer';
import * as vocabulary from './vocabulary';

const {
  FONT_SWITCHES,
  FULL_WIDTH,
  FUNCTION_COMMANDS,
  LAYOUT_ENVIRONMENTS,
  LETTER_FONTS,
  MATRIX_ENVIRONMENTS,
  OPERATOR_WORDS,
  RELATIONS,
  SIZES,
  SPACING,
  TEXT_COMMANDS,
  WORDS,
} = vocabulary;

/** Words that are mathematics when upright (`\mathrm{tr}\, A`, `\text{softmax}~x`), never a label. */
const MATH_WORDS = new Set([
  ...WORDS,
  ...OPERATOR_WORDS,
  ...FUNCTION_COMMANDS,
  ...'tr trace diag rank var cov det dim span ker sign sgn mod lim sup inf'.split(' '),
]);
/** Spacing an author puts after a label; `~` is read as a blank by the lexer and found through the source. */
const LABEL_SPACING = new Set([...SPACING, 'quad', 'qquad']);
/** What may follow a name, never a label: its arguments or scripts. */
const ARGUMENT = new Set(['(', '[', '_', '^', "'"]);
/** Pieces a label may hold (`\mathbf{Step}~2`, `Multi Query`), bounded so that a formula is not searched through. */
const MAX_PIECES = 4;

/** Upright text that is one word, a name rather than prose (tex-parser.ts reads it the same way). */
const TEXT_WORD = /^\p{L}[\p{L}\p{N}-]*$/u;
const isChar = (t: Token | undefined, text: string): boolean => t?.kind === 'char' && t.text === text;
const isLetterChar = (t: Token | undefined): boolean => t?.kind === 'char' && /^\p{L}$/u.test(t.text);
const isColon = (t: Token | undefined): boolean =>
  (t?.kind === 'char' && (t.text === ':' || FULL_WIDTH[t.text] === ':')) ||
  (t?.kind === 'command' && t.name === 'colon');
const isSpacing = (t: Token | undefined): boolean => t?.kind === 'command' && LABEL_SPACING.has(t.name);

interface Piece {
  /** Index after the piece. */
  end: number;
  /** Its text, for the words it may not be. */
  word: string;
  /** A text command (not a letter font or plain letters): spacing alone may end it as a label. */
  text: boolean;
  /** Upright text with punctuation or spaces in it, `\text{(causal)}`, `\textbf{Step 2:}`: prose, so a label alone. */
  prose: boolean;
}

/** One piece of a label at `i`: a text or font command with its braces, a word of two letters or more, or a number. */
function piece(tokens: readonly Token[], match: Int32Array, i: number, tex: string): Piece | null {
  const t = tokens[i];
  if (t.kind === 'number') return { end: i + 1, word: '', text: false, prose: false };
  if (t.kind === 'command' && (TEXT_COMMANDS.has(t.name) || LETTER_FONTS.has(t.name))) {
    const open = isChar(tokens[i + 1], '*') ? i + 2 : i + 1;
    const close = match[open] ?? -1;
    if (close === -1 || !tokens.slice(open + 1, close).every((x) => x.kind !== 'command' || isSpacing(x))) return null;
    const word = tex.slice(tokens[open].end, tokens[close].start);
    const text = TEXT_COMMANDS.has(t.name);
    // As the parser reads upright text: one word (`GPT-3`) is a name, anything else prose.
    const prose = text && !TEXT_WORD.test(word);
    return (word.match(/\p{L}/gu)?.length ?? 0) >= 2 ? { end: close + 1, word, text, prose } : null;
  }
  let end = i;
  while (isLetterChar(tokens[end]) && (end === i || !tokens[end].spaceBefore)) end++;
  if (end - i < 2) return null;
  const word = tokens
    .slice(i, end)
    .map((x) => (x as { text: string }).text)
    .join('');
  return { end, word, text: false, prose: false };
}

/**
 * The index of the first token after a label at `i`, where a line begins, or `i` when there is none. A label is
 * one to four pieces (text or font commands, words, numbers; the first a word) ended by a colon (not `:=`) or by
 * a text command's prose; or one word of upright text followed by spacing (`~`, `\ `, `\;`, `\quad`) and no
 * argument. A formula must follow it.
 */
export function labelEnd(tokens: readonly Token[], match: Int32Array, i: number, tex: string): number {
  const first = piece(tokens, match, i, tex);
  if (!first || first.word === '' || MATH_WORDS.has(first.word.toLowerCase())) return i;
  let p: Piece | null = first;
  for (let count = 1; p && count <= MAX_PIECES; count++) {
    if (isColon(tokens[p.end]) && !isChar(tokens[p.end + 1], '=')) return formulaAfter(tokens, p.end + 1, false) ?? i;
    if (p.prose) return formulaAfter(tokens, p.end, true) ?? i;
    let at = p.end;
    while (isSpacing(tokens[at])) at++;
    p = piece(tokens, match, at, tex);
    if (p && MATH_WORDS.has(p.word.toLowerCase())) break;
  }
  // `\text{Causal}~A`, `\mathrm{MQA}\ \mathrm{head}_i`: spacing after one word of upright text.
  const next = tokens[first.end];
  const spaced = isSpacing(next) || tex.slice(tokens[first.end - 1].end, next?.start).includes('~');
  return (first.text && spaced && formulaAfter(tokens, first.end, true)) || i;
}

/**
 * Where the formula after a label's end starts, past its spacing, or null when none does: at the end of the line,
 * before a relation (the line goes on with the one above) or, after text that no colon ends, before an argument or
 * scripts (`\text{Attention}\,(Q, K, V)`, `\text{GPT-3}(x)`), which make it a name.
 */
function formulaAfter(tokens: readonly Token[], end: number, bare: boolean): number | null {
  let at = end;
  while (isSpacing(tokens[at])) at++;
  const t = tokens[at];
  if (!t || t.kind === 'eof') return null;
  if (t.kind === 'char') return RELATIONS[t.text] || (bare && ARGUMENT.has(t.text)) ? null : at;
  if (t.kind !== 'command') return at;
  const stops = t.name === '\\' || t.name === 'end' || RELATIONS[t.name] !== undefined || (bare && t.name === 'left');
  return stops ? null : at;
}

/**
 * Where lines begin: the formula's start, after `\\` and after `\begin{aligned}`, past alignment and styling;
 * not the rows of a matrix or of cases, whose cells are no formula's lines.
 */
export function lineStarts(tokens: readonly Token[], match: Int32Array): number[] {
  const starts: number[] = [];
  const skip = (i: number) => {
    let k = i;
    for (;;) {
      const t = tokens[k];
      if (t?.kind === 'char' && t.text === '&') k++;
      else if (t?.kind === 'command' && (SIZES.has(t.name) || FONT_SWITCHES.has(t.name) || isSpacing(t))) k++;
      else return k;
    }
  };
  const environment = (i: number) =>
    isChar(tokens[i + 1], '{') && match[i + 1] !== -1
      ? tokens
          .slice(i + 2, match[i + 1])
          .map((x) => (x.kind === 'command' ? `\\${x.name}` : 'text' in x ? x.text : ''))
          .join('')
      : '';
  let matrices = 0;
  starts.push(skip(0));
  tokens.forEach((t, i) => {
    if (t.kind !== 'command') return;
    if ((t.name === '\\' || t.name === 'cr') && matrices === 0) starts.push(skip(i + 1));
    else if (t.name === 'begin' || t.name === 'end') {
      const name = environment(i);
      if (MATRIX_ENVIRONMENTS.has(name)) matrices += t.name === 'begin' ? 1 : -1;
      else if (t.name === 'begin' && LAYOUT_ENVIRONMENTS.has(name)) starts.push(skip(match[i + 1] + 1));
    }
  });
  return starts;
}
