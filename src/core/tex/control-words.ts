// The control words the analysis reacts to, recognised by a hash of their letters and a direct comparison,
// so that reading a formula does not build a string for every `\frac` and `\mathbf` it contains. The words
// come from the one TeX vocabulary (vocabulary.ts).
import * as vocabulary from './vocabulary';

export enum WordClass {
  Other,
  /** A font that does not change which symbol is meant: `\mathbf{Q}` is Q. */
  Font,
  Greek,
  Spacing,
  In,
  Begin,
  /** A command whose argument is prose or an operator name. */
  Text,
  /** `\newcommand` and friends. */
  Defining,
  /** `\left` and the sized left delimiters. */
  Left,
  /** An accent that makes a symbol of its own: `\tilde{M}` is not M. */
  Accent,
}

const WORDS: [WordClass, Iterable<string>][] = [
  [WordClass.Font, vocabulary.LETTER_FONTS],
  [WordClass.Greek, vocabulary.GREEK],
  [WordClass.Spacing, vocabulary.SCANNER_SPACING],
  [WordClass.In, ['in']],
  [WordClass.Begin, ['begin']],
  [WordClass.Text, [...vocabulary.TEXT_COMMANDS, 'label', 'tag']],
  [WordClass.Defining, vocabulary.DEFINING],
  [WordClass.Left, vocabulary.LEFT_DELIMITERS],
  [WordClass.Accent, vocabulary.ACCENTS],
];

function hashOf(text: string, start: number, end: number): number {
  let h = end - start;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

// An open-addressing table: the slot of a word is its hash masked, or the next free one after it. Sized well
// above the vocabulary, so a word that is not in it usually meets an empty slot at once.
const SLOTS = 2048;
const slotWords: (string | undefined)[] = new Array(SLOTS).fill(undefined);
const slotClasses = new Uint8Array(SLOTS);
for (const [wordClass, words] of WORDS)
  for (const word of words) {
    let slot = hashOf(word, 0, word.length) & (SLOTS - 1);
    while (slotWords[slot] !== undefined && slotWords[slot] !== word) slot = (slot + 1) & (SLOTS - 1);
    if (slotWords[slot] === word) continue; // A word listed twice keeps its first class.
    slotWords[slot] = word;
    slotClasses[slot] = wordClass;
  }

/** The class of the control word whose letters are `text[start, end)`. */
export function classifyWord(text: string, start: number, end: number): WordClass {
  const length = end - start;
  for (let slot = hashOf(text, start, end) & (SLOTS - 1); ; slot = (slot + 1) & (SLOTS - 1)) {
    const word = slotWords[slot];
    if (word === undefined) return WordClass.Other;
    if (word.length === length && text.startsWith(word, start)) return slotClasses[slot];
  }
}
