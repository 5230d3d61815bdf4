// The value of a number written in TeX, as matrix entries and scalar definitions write them: `3`, `-0.5`, `1e-3`,
// `1.5 \times 10^{-3}`, `\frac{1}{2}` (`\tfrac`, `\dfrac`), `\sqrt{2}`, `\infty`, `-\infty`, `−∞`, `-inf`, `{-1}`,
// `(2)`, `1/3`, powers `-10^{9}`, decimal commas `1{,}5` (and `1,5` where the caller allows it), words set in text
// (`-\text{inf}`), and `%` comments to the end of the line, as LaTeX and KaTeX read them.
// A large finite negative (`-1e9`, `-10^{9}`) stays finite: a row masked with it is uniform, not undefined.
// Anything else (`a`, `\alpha`, `\pm 1`) is not a number and never guessed. Most such entries are symbols of a
// symbolic matrix (`e_{1,1}`, `\vdots`); only a broken one (`1.2.3`, `2 3`) is a mistake worth reporting.
import * as lexing from '../tex/tex-lexing';

// Bound once at load: CommonJS transpilation (tests, benchmarks) would otherwise read every imported name
// through a property getter inside the hot loops.
const { BACKSLASH, controlWordEnd, groupEnd, isDigit, LBRACE, RBRACE } = lexing;

/** Nesting deeper than this is not a number anyone writes; the bound keeps recursion shallow on hostile input. */
const MAX_DEPTH = 16;

/** Spacing and rules that may surround an entry without changing it. */
const FILLER_WORDS = new Set([
  'quad',
  'qquad',
  'hline',
  'hdashline',
  'displaystyle',
  'textstyle',
  'scriptstyle',
  'phantom',
  'hphantom',
  'vphantom',
  'cline',
  'midrule',
  'toprule',
  'bottomrule',
]);
const INFINITY_WORD = /^inf(?:inity)?(?![A-Za-z])/i;

/** Filler words that take a braced argument, skipped with it. */
const FILLER_WITH_ARGUMENT = new Set(['phantom', 'hphantom', 'vphantom', 'cline']);

/** The filler words by length, so a control word is compared in place rather than sliced. */
const FILLER_BY_LENGTH: string[][] = [];
for (const word of FILLER_WORDS) {
  FILLER_BY_LENGTH[word.length] ??= [];
  FILLER_BY_LENGTH[word.length].push(word);
}

/** The filler word whose letters are `text[start, end)`, if it is one. */
function fillerAt(text: string, start: number, end: number): string | undefined {
  const candidates = FILLER_BY_LENGTH[end - start];
  if (candidates !== undefined) for (const word of candidates) if (text.startsWith(word, start)) return word;
  return undefined;
}

/**
 * The number `text[start, end)` holds, or undefined. `decimalComma` reads a plain comma between digits as a decimal
 * comma (`1,5`), which only a caller that knows commas separate nothing else may ask for.
 */
export function parseNumber(text: string, start: number, end: number, decimalComma = false): number | undefined {
  const reader = readerOf(text, start, end);
  reader.decimalComma = decimalComma;
  const value = reader.expression(0);
  if (value !== undefined) reader.skipFiller();
  const done = reader.i === end;
  reader.release();
  return done ? value : undefined;
}

/** Whether `text[start, end)` holds nothing but spacing and rules: an empty cell. */
export function isBlankEntry(text: string, start: number, end: number): boolean {
  const reader = readerOf(text, start, end);
  reader.skipFiller();
  const done = reader.i >= end;
  reader.release();
  return done;
}

/** Characters no TeX source holds on purpose: controls other than line breaks and tabs, lone surrogates. */
const UNTYPABLE = /(?![\t\n\r])[\p{Cc}\p{Cs}\ufffd]/u;
/** A letter or a control word: the entry names something, so the matrix is symbolic rather than broken. */
const SYMBOLIC = /[\p{L}\\]/u;
/** Numbers joined by operators, each perhaps signed, parenthesised or raised to a power: `1 + 2`, `(-1)^2`. */
const NUMBER = String.raw`[-+\u2212]?\s*\(?\s*[-+\u2212]?(?:\d+(?:\.\d*)?|\.\d+)\s*\)?(?:\^\{?[-\d.]+\}?)?`;
const ARITHMETIC = new RegExp(String.raw`^\s*${NUMBER}(?:\s*[-+*/\u00d7\u00b7\u2212]\s*${NUMBER})*\s*$`);

/**
 * Whether an entry that is not a number is a broken one: characters TeX cannot hold, braces that do not balance,
 * or digits that do not read as numbers (`1.2.3`, `2 3` for a missing `&`, `1,5`, `3-`). Symbols and
 * expressions (`e_{1,1}`, `\alpha_{2,1}`, `q_1^\top k_1`, `\vdots`, `2x`), placeholders without digits (`...`,
 * `*`, `?`) and arithmetic (`1 + 2`) are not: the matrix is symbolic, or not evaluated, and that is no mistake.
 */
export function isMalformedEntry(entry: string): boolean {
  if (UNTYPABLE.test(entry)) return true;
  let depth = 0;
  for (let i = 0; i < entry.length; i++) {
    const c = entry.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === LBRACE) depth++;
    else if (c === RBRACE && --depth < 0) return true;
  }
  if (depth !== 0) return true;
  if (SYMBOLIC.test(entry) || !/\d/.test(entry)) return false;
  return !ARITHMETIC.test(entry);
}

/** One reader serves every entry (a matrix has many): reading never nests. */
let shared: NumberReader | undefined;

function readerOf(text: string, start: number, end: number): NumberReader {
  shared ??= new NumberReader();
  shared.text = text;
  shared.i = start;
  shared.end = end;
  return shared;
}

class NumberReader {
  i = 0;
  text = '';
  end = 0;
  decimalComma = false;

  /** Drops the text, which may be a whole document. */
  release(): void {
    this.text = '';
  }

  skipFiller(): void {
    const { text, end } = this;
    while (this.i < end) {
      const c = text.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 126) {
        this.i++;
        continue;
      }
      if (c === PERCENT) {
        this.i = commentEnd(text, this.i, end);
        continue;
      }
      if (c !== BACKSLASH) return;
      const next = text.charCodeAt(this.i + 1);
      // `\,` `\;` `\:` `\!` `\ ` are spacing.
      if (next === 44 || next === 59 || next === 58 || next === 33 || next === 32) {
        this.i += 2;
        continue;
      }
      const wordEnd = controlWordEnd(text, this.i + 1, end);
      const word = fillerAt(text, this.i + 1, wordEnd);
      if (word === undefined) return;
      this.i = wordEnd;
      if (FILLER_WITH_ARGUMENT.has(word)) {
        this.skipSpaces();
        if (text.charCodeAt(this.i) !== LBRACE) return;
        const close = groupEnd(text, this.i, end);
        if (close === -1) return;
        this.i = close;
      }
    }
  }

  private skipSpaces(): void {
    while (this.i < this.end && (this.text.charCodeAt(this.i) === 32 || this.text.charCodeAt(this.i) === 9)) this.i++;
  }

  /** sign* term (`/` term)? */
  expression(depth: number): number | undefined {
    if (depth > MAX_DEPTH) return undefined;
    let sign = 1;
    for (;;) {
      this.skipFiller();
      const c = this.text.charCodeAt(this.i);
      if (c === 45 || c === 0x2212) sign = -sign;
      else if (c !== 43) break;
      this.i++;
    }
    const value = this.term(depth);
    if (value === undefined) return undefined;
    this.skipFiller();
    if (this.text.charCodeAt(this.i) === 47) {
      this.i++;
      this.skipFiller();
      const divisor = this.term(depth);
      return divisor === undefined ? undefined : (sign * value) / divisor;
    }
    return sign * value;
  }

  private term(depth: number): number | undefined {
    const { text } = this;
    const c = text.charCodeAt(this.i);
    if (isDigit(c) || c === 46) return this.decimal(depth);
    if (c === LBRACE) return this.enclosed(depth, RBRACE);
    if (c === 40) return this.enclosed(depth, 41);
    // `∞`, and `inf` as code and plain text write it.
    if (c === 0x221e) {
      this.i++;
      return Number.POSITIVE_INFINITY;
    }
    const inf = c === 105 || c === 73 ? INFINITY_WORD.exec(text.slice(this.i, this.i + 9)) : null;
    if (inf) {
      this.i += inf[0].length;
      return Number.POSITIVE_INFINITY;
    }
    if (c !== BACKSLASH) return undefined;
    const wordEnd = controlWordEnd(text, this.i + 1, this.end);
    const word = text.slice(this.i + 1, wordEnd);
    this.i = wordEnd;
    switch (word) {
      case 'infty':
        return Number.POSITIVE_INFINITY;
      // A number or `inf` set as text: `-\text{inf}`.
      case 'text':
      case 'textrm':
      case 'textnormal':
      case 'mathrm':
        return this.argument(depth);
      case 'frac':
      case 'tfrac':
      case 'dfrac':
      case 'cfrac': {
        const numerator = this.argument(depth);
        const denominator = numerator === undefined ? undefined : this.argument(depth);
        return numerator === undefined || denominator === undefined ? undefined : numerator / denominator;
      }
      case 'sqrt': {
        const radicand = this.argument(depth);
        return radicand === undefined ? undefined : Math.sqrt(radicand);
      }
      default:
        return undefined;
    }
  }

  /** `{expr}` or a single digit, as TeX reads a macro argument (`\frac12`). */
  private argument(depth: number): number | undefined {
    this.skipFiller();
    const c = this.text.charCodeAt(this.i);
    if (c === LBRACE) return this.enclosed(depth, RBRACE);
    if (isDigit(c)) {
      this.i++;
      return c - 48;
    }
    return undefined;
  }

  private enclosed(depth: number, close: number): number | undefined {
    this.i++;
    const value = this.expression(depth + 1);
    this.skipFiller();
    if (value === undefined || this.text.charCodeAt(this.i) !== close) return undefined;
    this.i++;
    return value;
  }

  /**
   * `12`, `0.5`, `.5`, `1e-3`, `1{,}5`, powers `10^{9}`, and `1.5 \times 10^{-3}` / `\cdot 10^3`. A decimal comma
   * is read only before a digit, and a plain one not before exactly three (`1,000` may be a thousands separator).
   */
  private decimal(depth: number): number | undefined {
    const { text, end } = this;
    const start = this.i;
    let i = start;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
    const separator = text.charCodeAt(i);
    if (separator === 46) {
      i++;
      while (i < end && isDigit(text.charCodeAt(i))) i++;
    } else if (separator === LBRACE || separator === 44) {
      const width = separator === LBRACE ? (text.startsWith('{,}', i) ? 3 : 0) : this.decimalComma ? 1 : 0;
      let j = i + width;
      while (j < end && isDigit(text.charCodeAt(j))) j++;
      const digits = j - i - width;
      if (width !== 0 && i > start && j <= end && digits > 0 && (width === 3 || digits !== 3)) {
        this.i = j;
        return this.power(Number(`${text.slice(start, i)}.${text.slice(i + width, j)}`), depth);
      }
    }
    if (i === start + 1 && text.charCodeAt(start) === 46) return undefined;
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      let j = i + 1;
      if (text.charCodeAt(j) === 43 || text.charCodeAt(j) === 45) j++;
      if (isDigit(text.charCodeAt(j))) {
        while (j < end && isDigit(text.charCodeAt(j))) j++;
        i = j;
      }
    }
    this.i = i;
    const value = numberAt(text, start, i);
    return text.charCodeAt(i) === 94 ? this.power(value, depth) : this.timesPowerOfTen(value, depth);
  }

  /** The number read, raised to a power written after it (`10^{9}`, `2^3`), or times a power of ten. */
  private power(base: number, depth: number): number | undefined {
    if (this.text.charCodeAt(this.i) !== 94) return this.timesPowerOfTen(base, depth);
    this.i++;
    const exponent = this.argument(depth);
    return exponent === undefined ? undefined : base ** exponent;
  }

  private timesPowerOfTen(mantissa: number, depth: number): number {
    const { text } = this;
    const before = this.i;
    this.skipFiller();
    if (text.startsWith('\\times', this.i) || text.startsWith('\\cdot', this.i)) {
      this.i = controlWordEnd(text, this.i + 1, this.end);
      this.skipFiller();
      if (text.startsWith('10', this.i)) {
        this.i += 2;
        this.skipFiller();
        if (text.charCodeAt(this.i) === 94) {
          this.i++;
          const exponent = this.argument(depth);
          if (exponent !== undefined) return mantissa * 10 ** exponent;
        }
      }
    }
    this.i = before;
    return mantissa;
  }
}

const PERCENT = 37;

/** The end of the `%` comment at `i`: after its line break, or `end`. */
export function commentEnd(text: string, i: number, end: number): number {
  // Not `indexOf`: on a long line holding many matrices it would read past `end` for each.
  while (i < end) if (text.charCodeAt(i++) === 10) return i;
  return end;
}

/** The value of the decimal `text[start, end)`; short integers, the common entries, are summed up digit by digit. */
function numberAt(text: string, start: number, end: number): number {
  if (end - start > 15) return Number(text.slice(start, end));
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number(text.slice(start, end));
    value = value * 10 + d;
  }
  return value;
}
