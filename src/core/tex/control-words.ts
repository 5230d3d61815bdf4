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
];

function hashOf(text: string, start: number, end: number): number {
  let h = end - start;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

const TABLE = new Map<number, [string, WordClass][]>();
for (const [wordClass, words] of WORDS)
  for (const word of words) {
    const h = hashOf(word, 0, word.length);
    const bucket = TABLE.get(h);
    if (bucket) bucket.push([word, wordClass]);
    else TABLE.set(h, [[word, wordClass]]);
  }

/** The class of the control word whose letters are `text[start, end)`. */
export function classifyWord(text: string, start: number, end: number): WordClass {
  const bucket = TABLE.get(hashOf(text, start, end));
  if (bucket === undefined) return WordClass.Other;
  for (const [word, wordClass] of bucket)
    if (word.length === end - start && text.startsWith(word, start)) return wordClass;
  return WordClass.Other;
}
