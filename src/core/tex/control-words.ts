// The control words the analysis reacts to, recognised by a hash of their letters and a direct comparison,
// so that reading a formula does not build a string for every `\frac` and `\mathbf` it contains.

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

const WORDS: [WordClass, string][] = [
  [WordClass.Font, 'mathbf boldsymbol bm mathit mathsf mathbfit vb symbf mathnormal'],
  [
    WordClass.Greek,
    'alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega',
  ],
  [WordClass.Spacing, 'quad qquad enspace thinspace'],
  [WordClass.In, 'in'],
  [WordClass.Begin, 'begin'],
  [WordClass.Text, 'text textrm textit textbf mbox operatorname mathrm label tag'],
  [WordClass.Defining, 'newcommand renewcommand providecommand def gdef DeclareMathOperator'],
  [WordClass.Left, 'left bigl Bigl biggl Biggl'],
];

function hashOf(text: string, start: number, end: number): number {
  let h = end - start;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

const TABLE = new Map<number, [string, WordClass][]>();
for (const [wordClass, words] of WORDS)
  for (const word of words.split(' ')) {
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
