// The TeX vocabulary of the core, in one place: which control words are fonts, text, Greek letters, spacing,
// relations, products, functions and environments, how a transpose and softmax may be spelled, and which
// Markdown escapes survive inside math. The formula parser (tex-parser.ts), its pre-pass (tex-prepass.ts),
// the scanner's control-word table (control-words.ts) and symbol names (symbol-name.ts) all read these tables,
// so `\symbf{Q}` is the matrix Q to every one of them.

const words = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

export const GREEK = words(
  'alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega',
);

/**
 * Fonts that only change how a letter looks: `\mathbf{Q}`, `\mathcal{Q}`, `\symbf{Q}` and `\pmb{Q}` are all Q.
 * `\vec` belongs here too: notes that write `\vec q` use it as their bold.
 */
export const LETTER_FONTS = words(
  'mathbf boldsymbol bm mathcal mathit mathsf mathscr mathfrak mathnormal mathbfit pmb bold symbf symit symsf symcal symbfit symscr vb vec mathbold',
);

/** Font switches of plain TeX, written inside a group: `{\rm T}`, `{\bf Q}`. */
export const FONT_SWITCHES = words('rm bf it sf tt cal mit boldmath');

/** Upright text: a word in it is a name or a function (`\text{softmax}`, `\mathrm{head}_i`); spaces make it prose. */
export const TEXT_COMMANDS = words(
  'text mathrm textrm operatorname textit textbf textsf texttt mathtt textnormal textup mbox hbox',
);

/** Accents that make a different symbol: `\hat{y}` is not y. */
export const ACCENTS = words(
  'hat tilde bar overline widehat widetilde dot ddot check breve underline mathring overrightarrow',
);

/** Relations between the sides of an equation, by control word, with the spelling they are recorded under. */
export const RELATIONS: Readonly<Record<string, string>> = {
  '=': '=',
  '<': '<',
  '>': '>',
  in: '\\in',
  leq: '\\leq',
  le: '\\leq',
  leqslant: '\\leq',
  geq: '\\geq',
  ge: '\\geq',
  geqslant: '\\geq',
  neq: '\\neq',
  ne: '\\neq',
  approx: '\\approx',
  equiv: '\\equiv',
  triangleq: '\\triangleq',
  coloneqq: ':=',
  coloneq: ':=',
  eqqcolon: '=:',
  defeq: ':=',
  doteq: '\\doteq',
  propto: '\\propto',
  sim: '\\sim',
  to: '\\to',
  mapsto: '\\mapsto',
  rightarrow: '\\to',
  longrightarrow: '\\to',
  Rightarrow: '\\Rightarrow',
  implies: '\\Rightarrow',
  iff: '\\iff',
  leftarrow: '\\leftarrow',
  gets: '\\leftarrow',
  subset: '\\subset',
  subseteq: '\\subseteq',
  mid: '\\mid',
};

/** Products written with a control word. */
export const PRODUCT_COMMANDS = words('cdot times ast bullet');

/** Entrywise products. */
export const HADAMARD_COMMANDS = words('odot circ otimes');

/** Functions written as commands, applied to a parenthesised list or to the next factor. */
export const FUNCTION_COMMANDS = words('exp tanh sin cos log ln max min sigma arg det sinh cosh argmax argmin');

/** Words that are read as one name when written in plain letters or as an unknown command (`softmax`, `\Attention`). */
export const WORDS = words(
  'softmax attention multihead multiheadattention selfattention crossattention concat head tanh exp score sigmoid relu mask bmm sqrt align',
);

/** Functions that may be applied without parentheses, like \exp x, and take a subscript (\max_j, softmax_i). */
export const OPERATOR_WORDS = words('softmax exp tanh log ln max min sigmoid relu argmax argmin');

/** Letters conventionally used for functions: f(x) is a call, whereas Q(K^T V) is a product. */
export const FUNCTION_LETTERS = words('f g phi varphi psi Phi sigma');

export const ELLIPSES = words('ldots cdots dots vdots ddots dotsc dotsb dotsm');

export const MATRIX_ENVIRONMENTS = words('matrix bmatrix pmatrix vmatrix Vmatrix Bmatrix smallmatrix array cases');

/** Environments that only lay out lines: their lines are the formula's equations. */
export const LAYOUT_ENVIRONMENTS = words(
  'aligned align align* alignat alignat* alignedat gathered gather gather* split equation equation* multline multline* eqnarray eqnarray* flalign flalign*',
);

/** Spacing between tokens: dropped before parsing. (`\quad` separates equations and is kept.) */
export const SPACING: ReadonlySet<string> = new Set([
  ' ',
  ...words(', ; : ! > enspace thinspace medspace thickspace negthinspace negmedspace space nobreakspace'),
]);

/** The spacing commands the scanner's control-word table knows; the other spacing is not a word. */
export const SCANNER_SPACING = words('quad qquad enspace thinspace');

/** Style and delimiter sizes: dropped before parsing, with the braces of `\Large{...}` when they follow. */
export const SIZES = words(
  'displaystyle textstyle scriptstyle scriptscriptstyle limits nolimits nonumber notag big Big bigg Bigg bigl Bigl biggl Biggl bigr Bigr biggr Biggr bigm Bigm biggm Biggm tiny scriptsize footnotesize small normalsize large Large LARGE huge Huge',
);

/** The sized left delimiters the scanner's control-word table knows. */
export const LEFT_DELIMITERS = words('left bigl Bigl biggl Biggl');

/** Commands whose brace argument (after an optional `*`) is dropped with them: labels, tags, colours, phantoms. */
export const DROPPED_WITH_ARGUMENT = words('label tag color hspace vspace phantom hphantom vphantom eqref ref');

/** Commands that only frame their argument: `\boxed{x}` is x. */
export const FRAMES = words('boxed fbox framebox cancel bcancel xcancel');

/** Braces under or over an expression with a note: `\underbrace{QK^T}_{\text{scores}}` is QK^T. */
export const BRACES = words('underbrace overbrace underbracket overbracket');

/** Commands with two arguments of which only the last is the value: `\overset{a}{x}`, `\textcolor{red}{x}`. */
export const SECOND_ARGUMENT = words('underset overset stackrel textcolor colorbox');

/** Defining commands, whose body is not mathematics of the formula. */
export const DEFINING = words('newcommand renewcommand providecommand def gdef DeclareMathOperator');

/** Spellings of double and single bars, normalised to `\|` and `|`. */
export const BAR_ALIASES: Readonly<Record<string, string>> = {
  lVert: '\\|',
  rVert: '\\|',
  Vert: '\\|',
  lvert: '|',
  rvert: '|',
  vert: '|',
};

/**
 * What a superscript says when it is a transpose, after fonts and braces are stripped (`^{\mathsf T}`, `^{\rm T}`,
 * `^\mathrm{T}` -> `T`): `T`, `\top`, `\intercal`, `\prime`, `\transpose` and the Unicode marks.
 */
export const TRANSPOSE_MARKS = words('T \\top \\intercal \\prime \\transpose \\tp \\trans ⊤ ᵀ');

/** Control words a note may define as its own transpose, written after the matrix with no `^`: `K\transpose`. */
export const TRANSPOSE_COMMANDS = words('transpose tp trans');

/**
 * Names softmax is written under, compared in lower case: `softmax`, `\text{Softmax}`, `\operatorname{softmax}`,
 * `\softmax` (a note's own operator). A subscript (`softmax_i`, `softmax_{row}`) names the axis or the component.
 */
const SOFTMAX_NAMES = words('softmax');

export const isSoftmaxName = (name: string): boolean => SOFTMAX_NAMES.has(name.toLowerCase());

/**
 * Markdown escapes that reach the math of notes written for renderers that read Markdown first: `d\_k` is d_k,
 * `\*` is `*`. (`\|` is left alone: in TeX it is the double bar of a norm.)
 */
export const MARKDOWN_ESCAPES: Readonly<Record<string, string>> = { _: '_', '*': '*' };

/** Characters that are invisible or a full-width form of ASCII punctuation, as pasted from other editors. */
export const INVISIBLE = new Set(['\u200b', '\u200c', '\u200d', '\ufeff', '\u2060']);
export const FULL_WIDTH: Readonly<Record<string, string>> = {
  '，': ',',
  '；': ';',
  '：': ':',
  '（': '(',
  '）': ')',
  '＝': '=',
  '＋': '+',
  '－': '-',
};

/**
 * Unicode symbols typed for their TeX (`√d_k`, `Kᵀ`, `α_{ij}`, `Q·K`): read as the command, or for a superscript
 * mark as `^` and the mark.
 */
export const UNICODE_COMMANDS: Readonly<Record<string, string>> = {
  '√': 'sqrt',
  '×': 'times',
  '·': 'cdot',
  '⋅': 'cdot',
  '⊙': 'odot',
  '∘': 'circ',
  '∞': 'infty',
  '∑': 'sum',
  '≤': 'leq',
  '≥': 'geq',
  '≠': 'neq',
  '≈': 'approx',
  '∈': 'in',
  '⟨': 'langle',
  '⟩': 'rangle',
  '→': 'to',
  '…': 'ldots',
  '⋯': 'cdots',
  α: 'alpha',
  β: 'beta',
  γ: 'gamma',
  δ: 'delta',
  ε: 'epsilon',
  θ: 'theta',
  λ: 'lambda',
  μ: 'mu',
  π: 'pi',
  σ: 'sigma',
  τ: 'tau',
  φ: 'phi',
  ϕ: 'phi',
  ψ: 'psi',
  ω: 'omega',
};
export const UNICODE_SUPERSCRIPTS: Readonly<Record<string, string>> = { ᵀ: 'T', '⊤': '\\top' };
export const UNICODE_MINUS = '\u2212';

/** Wrappers stripped from a script before it is compared: `{\text{causal}}` and `{causal}` are the same. */
const SCRIPT_WRAPPERS: readonly string[] = [...LETTER_FONTS, ...TEXT_COMMANDS, ...FONT_SWITCHES];

const WRAPPER_PATTERN = new RegExp(
  `\\\\(?:${[...SCRIPT_WRAPPERS].sort((a, b) => b.length - a.length).join('|')})(?![A-Za-z])`,
  'g',
);

/** A script's TeX without fonts, text wrappers, braces and spaces: `{\mathsf T}` -> `T`, `{\text{model}}` -> `model`. */
export function plainScript(raw: string): string {
  // Most scripts are a letter or two (`k`, `ij`): nothing to strip, and no pattern to run on them.
  if (PLAIN.test(raw)) return raw;
  // Spacing says nothing either: `K^{\!\top}` is K^\top, `W_{i,\,j}` is W_{i,j}.
  const unwrapped = raw.includes('\\') ? raw.replace(WRAPPER_PATTERN, '').replace(SCRIPT_SPACING, '') : raw;
  return unwrapped.replace(/[{}\s]/g, '');
}

const PLAIN = /^[A-Za-z0-9,()']*$/;
const SCRIPT_SPACING = /\\[!,;: ]/g;
