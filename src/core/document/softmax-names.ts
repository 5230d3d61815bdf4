// The names a note's prose says stand for the softmax, in English and Chinese: "where $\sigma$ is the softmax",
// "σ denotes the row-wise softmax", "the softmax, written $\phi$", "$\sigma(\cdot) = \mathrm{softmax}(\cdot)$",
// "σ 表示 softmax", "其中 $\sigma$ 为 softmax 函数", "softmax 函数（记为 σ）". Classification then reads a call of
// such a name as the softmax; without a statement σ keeps the meanings a formula alone gives it (the logistic
// sigmoid, a feature map). A statement holds from the start of its paragraph on, and for a formula that paragraph
// directly follows when it begins as a note's words about the formula above do ("$$\sigma(QK^\top/\sqrt{d_k})V$$
// where σ is the softmax", "其中 σ 为 softmax"); "From here on, σ denotes the softmax:" introduces what follows.
import { FUNCTION_COMMANDS, FUNCTION_LETTERS, GREEK, UNICODE_COMMANDS } from '../tex/vocabulary';
import type { MathRegion, ScannedDocument } from './document-model';
import { type Earlier, readingOf } from './readings';
import { sourceOf } from './source-text';
import { lastStartingAtOrBefore } from './spans';
import { endsBlankLine, type Matches, rematched } from './text-matches';

/** Names the formula parser reads as a function applied to parentheses: only those can be called as the softmax. */
const GREEK_CALLS = [...new Set([...FUNCTION_LETTERS, ...FUNCTION_COMMANDS])].filter((n) => GREEK.has(n));
const LATIN_CALLS = [...FUNCTION_LETTERS].filter((n) => /^[A-Za-z]$/.test(n));
const UNICODE_CALLS = Object.keys(UNICODE_COMMANDS).filter((c) => GREEK_CALLS.includes(UNICODE_COMMANDS[c]));

const byLength = (names: string[]) => [...names].sort((a, b) => b.length - a.length);
/**
 * Blanks within a paragraph, where `\s*` would be: at most one line break, so that no statement, nor any attempt at
 * one, reads across a blank line, and an edit is read again only in the paragraphs it touches. No two such runs
 * stand side by side in the pattern, where together they could.
 */
const GAP = String.raw`[^\S\n]*(?:\n[^\S\n]*)?`;
/** The same, not empty, where `\s+` would be. */
const SPACE = String.raw`(?=\s)${GAP}`;
/** The same with hyphens, `row-wise`, `row wise`, `rowwise`. */
const HYPHENS = String.raw`(?:[^\S\n]|-)*(?:\n(?:[^\S\n]|-)*)?`;
const TEX_NAME = `(\\\\(?:${byLength(GREEK_CALLS).join('|')})(?![A-Za-z])|(?:${LATIN_CALLS.join('|')})(?![A-Za-z])|[${UNICODE_CALLS.join('')}])`;
/** `(\cdot)`, `(x)`, `\left( \cdot \right)` after a name. */
const TEX_ARGS = String.raw`(?:${GAP}(?:\\left${GAP})?\(${GAP}(?:(?:\\cdot|\\bullet|\\,|[.·⋅]|[a-z]|\\(?:mathbf|boldsymbol)\{[a-z]\})${GAP})?(?:\\right${GAP})?\))?`;
const OPEN = String.raw`(?:\$|\\\()${GAP}`;
const CLOSE = String.raw`${GAP}(?:\$|\\\))`;
/** The name in inline math, `$\sigma$`, `\(\phi(\cdot)\)`, or a Unicode letter in the prose, `σ`, `σ(·)`. */
const NAME = `(?:${OPEN}${TEX_NAME}${TEX_ARGS}${CLOSE}|(?<![A-Za-z\\u0370-\\u03ff\\\\$])([${UNICODE_CALLS.join('')}])(?:${GAP}\\(${GAP}(?:[·⋅.]${GAP})?\\))?)`;
const SOFTMAX_WORD = String.raw`(?:\\(?:mathrm|operatorname|text|textrm|rm)${GAP}\{${GAP}soft-?max${GAP}\}|soft-?max)`;
const SOFTMAX = `(?:${OPEN}${SOFTMAX_WORD}${TEX_ARGS}${CLOSE}|[Ss]oft-?[Mm]ax|SOFTMAX)`;
/** "the row-wise", "a standard": what may stand between a verb and the softmax; never a word like "not". */
const QUALIFIER = `(?:(?:the|a)${SPACE})?(?:(?:row|column|key|token)${HYPHENS}wise${SPACE}|(?:usual|standard|ordinary|familiar|same)${SPACE})*`;
const EN_VERB = `(?:is|denotes|stands${SPACE}for|represents|refers${SPACE}to|means|will${SPACE}denote|is${SPACE}used${SPACE}(?:for|to${SPACE}denote))`;
const ZH_VERB = '(?:表示|为|是|代表|指|即|记为|就是|指的是)';
const ZH_QUALIFIER = '(?:(?:按行|逐行|沿行|行方向|对每一?行|按列|逐列)(?:的|做|进行)?|的|做|进行)';

/**
 * The statements; the lookbehind and `\b` read the character before an attempt, which after a blank line is the
 * line break that ends it.
 */
const STATEMENT = new RegExp(
  [
    // σ is the softmax; σ 表示 softmax; σ = softmax
    `${NAME},?${GAP}(?:${EN_VERB}${SPACE}${QUALIFIER}|${ZH_VERB}${GAP}(?:${ZH_QUALIFIER}${GAP})?|(?:=|:=|≡)${GAP})${SOFTMAX}`,
    // $\sigma(\cdot) = \mathrm{softmax}(\cdot)$
    `${OPEN}${TEX_NAME}${TEX_ARGS}${GAP}(?:=|:=|\\\\coloneqq|\\\\equiv|\\\\triangleq|\\\\doteq)${GAP}${SOFTMAX_WORD}${TEX_ARGS}${CLOSE}`,
    // the softmax, denoted σ; softmax 函数（记为 σ）
    `${SOFTMAX}(?:${SPACE}(?:function|operator|map))?${GAP}(?:,${GAP})?(?:\\(${GAP})?(?:denoted|written|abbreviated)${SPACE}(?:by${SPACE}|as${SPACE})?${NAME}`,
    `${SOFTMAX}${GAP}(?:(?:函数|运算|操作)${GAP})?(?:[（(]${GAP})?(?:记为|记作|写作|简记为|表示为)${GAP}${NAME}`,
    // we write σ for the softmax
    `\\b(?:write|use|writing|using)${SPACE}${NAME}${SPACE}(?:for|to${SPACE}denote)${SPACE}${QUALIFIER}${SOFTMAX}`,
  ].join('|'),
  'g',
);

/** The key a call of the name is known by (the parser's `fn`): `\Phi` -> phi, σ -> sigma. */
function callKey(written: string): string {
  return (UNICODE_COMMANDS[written] ?? written.replace(/^\\/, '')).toLowerCase();
}

const statedName = (m: RegExpExecArray): string => callKey(m.slice(1).find((g) => g !== undefined) ?? '');

/**
 * The statements of `text`, each read as the name it says is the softmax; with a reading of the text an edit made
 * this one of, read again only around the edit.
 */
export function softmaxStatements(text: string, earlier?: Earlier<Matches<string>>): Matches<string> {
  return rematched(earlier?.reading, text, earlier?.edit, STATEMENT, statedName, endsBlankLine);
}

/** How a paragraph about the formula just above it begins. */
const ABOUT_ABOVE = /^(?:(?:where|with|here|in\s+which)\b|其中|这里|此处|式中)/i;

/** How far back a paragraph's start is looked for, so that one huge paragraph cannot cost much. */
const WINDOW = 2000;

/** The start of the paragraph holding `at`: after the last blank line before it. */
function paragraphStart(text: string, at: number): number {
  const floor = Math.max(0, at - WINDOW);
  for (let i = at - 1; i > floor; i--) if (endsBlankLine(text, i)) return i + 1;
  return floor;
}

/** The formula a paragraph starting at `paragraph` directly follows and begins by speaking of, if any. */
function formulaAbove(text: string, regions: readonly MathRegion[], paragraph: number): MathRegion | undefined {
  if (!ABOUT_ABOVE.test(text.slice(paragraph, paragraph + 20).trimStart())) return undefined;
  let before = paragraph;
  while (before > 0 && /\s/.test(text[before - 1])) before--;
  const r = lastStartingAtOrBefore(regions, before - 1);
  return r >= 0 && regions[r].endOffset === before ? regions[r] : undefined;
}

/** Where the names come into force, earliest first: the names in force at an offset are a prefix of `names`. */
interface Onsets {
  starts: number[];
  /** prefixes[k]: the first k names, sorted, as classification keys them. */
  prefixes: (readonly string[])[];
}

const NO_NAMES: readonly string[] = [];
const NONE: Onsets = { starts: [], prefixes: [NO_NAMES] };
const onsetsByScan = new WeakMap<ScannedDocument, Onsets>();

function onsetsOf(scan: ScannedDocument): Onsets {
  let onsets = onsetsByScan.get(scan);
  if (onsets) return onsets;
  const text = sourceOf(scan)?.text;
  const statements =
    text === undefined
      ? undefined
      : readingOf(scan, 'softmax names', (earlier: Earlier<Matches<string>> | undefined) =>
          softmaxStatements(text, earlier),
        );
  onsets = text !== undefined && statements && statements.count > 0 ? onsetsIn(text, scan, statements) : NONE;
  onsetsByScan.set(scan, onsets);
  return onsets;
}

function onsetsIn(text: string, scan: ScannedDocument, statements: Matches<string>): Onsets {
  const { regions } = scan;
  const earliest = new Map<string, number>();
  for (let i = 0; i < statements.count; i++) {
    const name = statements.items[i];
    if (name === '' || earliest.has(name)) continue;
    const paragraph = paragraphStart(text, statements.starts[i]);
    earliest.set(name, formulaAbove(text, regions, paragraph)?.startOffset ?? paragraph);
  }
  const ordered = [...earliest].sort((a, b) => a[1] - b[1]);
  return {
    starts: ordered.map(([, from]) => from),
    prefixes: ordered
      .map((_, k) =>
        ordered
          .slice(0, k)
          .map(([name]) => name)
          .sort(),
      )
      .concat([ordered.map(([name]) => name).sort()]),
  };
}

/**
 * The names the prose of `scan` says are the softmax, in force at region `regionIndex`: sorted, and the same array
 * for every region with the same names.
 */
export function softmaxNamesAt(scan: ScannedDocument, regionIndex: number): readonly string[] {
  const { starts, prefixes } = onsetsOf(scan);
  if (starts.length === 0) return NO_NAMES;
  const at = scan.regions[regionIndex]?.startOffset ?? -1;
  let k = 0;
  while (k < starts.length && starts[k] <= at) k++;
  return prefixes[k];
}
