// One forward pass over the TeX of a region, finding what later stages evaluate: matrix literals with the name
// they are assigned to (`Q = \begin{bmatrix}..`), shape declarations (`Q, K \in \mathbb{R}^{n\times d}`) and
// scalar definitions (`d_k = 2`). Offsets are those of the analysed text; the caller maps them to the document.

import * as controlWords from '../tex/control-words';
import * as macroDefinitions from '../tex/macros';
import * as symbolNames from '../tex/symbol-name';
import * as lexing from '../tex/tex-lexing';
import type { MacroDefinition } from './document-model';
import type { EnvironmentMatch, EnvironmentMatches } from './environments';
import * as environmentMatching from './environments';
import type { LiteralFound } from './matrix-literal';
import * as matrixLiterals from './matrix-literal';
import * as numericEntries from './numeric-entry';
import * as shapeDeclarations from './shape-declaration';

// Bound once at load: CommonJS transpilation (tests, benchmarks) would otherwise read every imported name
// through a property getter inside the hot loops.
const { classifyWord, WordClass } = controlWords;
const { matchEnvironments } = environmentMatching;
const { readDefinition } = macroDefinitions;
const { MATRIX_FORMS, readBracketArray, readEnvironmentMatrix } = matrixLiterals;
const { parseNumber } = numericEntries;
const { readShape } = shapeDeclarations;
const { readSymbolEnd, symbolName } = symbolNames;
const { BACKSLASH, controlWordEnd, groupEnd, isAsciiLetter, isBlank, LBRACE, readEnvironmentName, skipBlanks } = lexing;

/** Receives what the analysis finds, in document order, as offsets of the analysed text. */
export interface MathSink {
  matrix(name: string | null, literal: LiteralFound): void;
  shape(symbol: string, rows: string, cols: string, start: number, end: number): void;
  scalar(symbol: string, value: number, start: number, end: number): void;
  definition(definition: MacroDefinition): void;
  problem(start: number, end: number, message: string): void;
}

/** A word a note names a matrix by: `\text{Scores}`, `\mathrm{Attn}`. */
const TEXT_NAME = /^[A-Za-z][A-Za-z0-9]{0,31}$/;

/** A scalar's value is short; scanning further would read the rest of an equation as its value. */
const SCALAR_LIMIT = 64;

/** What came just before the current position, for deciding what `\in`, `,` and `=` refer to. */
enum Last {
  Other,
  Symbol,
  Comma,
}

/** Reads the TeX of one region after another, reporting to its sink; one reader serves a whole document. */
export class MathReader {
  private text = '';
  private start = 0;
  private end = 0;
  private environments: EnvironmentMatches | null = null;
  /** The comma-separated symbols just read (`Q, K`) as [start, end) pairs; `symbolCount` pairs are in use. */
  private readonly symbols: number[] = [];
  private symbolCount = 0;
  private last = Last.Other;
  /** Two symbols side by side are a product (`QK^T`): neither is what a following `\in` or `=` is about. */
  private product = false;
  /** A literal starting exactly at `pendingAt` is assigned to `pendingName`. */
  private pendingName: string | null = null;
  private pendingAt = -1;
  /**
   * The name a chain of equalities defines (`Q = X W_Q = [..]`): the literal at the end of the chain is Q. Ends
   * where a definition does: `,`, `;`, `\\`, `\quad`.
   */
  private chainName: string | null = null;
  /** A name written as text (`\text{Scores}`), standing where the symbol spans start. */
  private textSymbol: { start: number; name: string } | null = null;

  constructor(private readonly sink: MathSink) {}

  /** Analyses `text[start, end)`. */
  read(text: string, start: number, end: number): void {
    if (mayFind(text, start, end)) this.readTokens(text, start, end);
  }

  /** Reads `text[start, end)` token by token, even when `read` would pass it over (the reference it is tested by). */
  readTokens(text: string, start: number, end: number): void {
    this.text = text;
    this.start = start;
    this.end = end;
    this.environments = null;
    this.pendingName = null;
    this.pendingAt = -1;
    this.chainName = null;
    this.textSymbol = null;
    this.reset();
    let i = start;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 9 || c === 13 || c === 38) i++;
      else if (c === BACKSLASH) i = this.command(i);
      else if (isAsciiLetter(c)) i = this.symbol(i, i + 1);
      else if (c === 44 && this.last === Last.Symbol) {
        this.last = Last.Comma;
        this.chainName = null;
        i++;
      } else if (c === 61) i = this.assignment(i + 1);
      else if (c === 58 && text.charCodeAt(i + 1) === 61) i = this.assignment(i + 2);
      else if (c === 91) i = this.bracketArray(i);
      else {
        if (c === 44 || c === 59) this.chainName = null;
        this.reset();
        i++;
      }
    }
  }

  private reset(): void {
    this.symbolCount = 0;
    this.last = Last.Other;
    this.product = false;
  }

  /** At a letter or symbol-starting command whose first token ends at `next`. */
  private symbol(i: number, next: number): number {
    const { text } = this;
    // Most letters are plain one-letter symbols; only scripts need the full reader.
    const after = text.charCodeAt(next);
    const symbolEnd =
      next === i + 1 && after !== 95 && after !== 94 && after !== 32 ? next : readSymbolEnd(text, i, this.end);
    if (symbolEnd === -1) {
      this.reset();
      return next;
    }
    this.push(i, symbolEnd);
    return symbolEnd;
  }

  private push(start: number, end: number): void {
    if (this.last !== Last.Comma) {
      this.product = this.last === Last.Symbol;
      this.symbolCount = 0;
    }
    this.symbols[2 * this.symbolCount] = start;
    this.symbols[2 * this.symbolCount + 1] = end;
    this.symbolCount++;
    this.last = Last.Symbol;
  }

  /** `\text{Scores} =`: a name written as a word, when an assignment follows it. */
  private textName(i: number, open: number, close: number): boolean {
    const word = this.text.slice(open + 1, close - 1).trim();
    if (!TEXT_NAME.test(word)) return false;
    const next = skipBlanks(this.text, close, this.end);
    if (this.text.charCodeAt(next) !== 61 && !this.text.startsWith('\\approx', next)) return false;
    this.reset();
    this.push(i, close);
    this.textSymbol = { start: i, name: word };
    return true;
  }

  private command(i: number): number {
    const { text, end } = this;
    const next = text.charCodeAt(i + 1);
    if (next === 44 || next === 59 || next === 58 || next === 33 || next === 32) return i + 2; // Thin spaces.
    const wordEnd = controlWordEnd(text, i + 1, end);
    if (wordEnd === i + 1) {
      if (next === BACKSLASH) this.chainName = null;
      this.reset();
      return i + 2;
    }
    const word = wordEnd - i - 1;
    if (word === 6 && text.startsWith('approx', i + 1)) return this.assignment(wordEnd);
    if ((word === 4 && text.startsWith('quad', i + 1)) || (word === 5 && text.startsWith('qquad', i + 1)))
      this.chainName = null;
    switch (classifyWord(text, i + 1, wordEnd)) {
      case WordClass.Font:
      case WordClass.Greek:
      case WordClass.Accent:
        return this.symbol(i, wordEnd);
      case WordClass.Spacing:
        return wordEnd;
      case WordClass.In:
        return this.shape(wordEnd);
      case WordClass.Begin:
        return this.environment(i, wordEnd);
      case WordClass.Text: {
        const open = skipBlanks(text, wordEnd, end);
        const close = text.charCodeAt(open) === LBRACE ? groupEnd(text, open, end) : -1;
        if (close !== -1 && this.textName(i, open, close)) return close;
        this.reset();
        return close === -1 ? wordEnd : close;
      }
      case WordClass.Defining:
        this.reset();
        return this.definition(i, wordEnd);
      default:
        this.reset();
        return wordEnd;
    }
  }

  private definition(i: number, wordEnd: number): number {
    const { text, end } = this;
    const read = readDefinition(text, i, wordEnd, end, text.slice(i + 1, wordEnd));
    if (read && 'definition' in read) this.sink.definition(read.definition);
    else if (read) this.sink.problem(read.problem.start, read.problem.end, read.problem.message);
    return read ? Math.max(read.end, wordEnd) : wordEnd;
  }

  private shape(wordEnd: number): number {
    const shape = readShape(this.text, wordEnd, this.end);
    if (shape && !this.product) {
      const s = this.symbols;
      for (let k = 0; k < 2 * this.symbolCount; k += 2)
        this.sink.shape(symbolName(this.text, s[k], s[k + 1]), shape.rows, shape.cols, s[k], shape.end);
    }
    this.reset();
    return shape ? shape.end : wordEnd;
  }

  private environment(i: number, wordEnd: number): number {
    const { text, end } = this;
    const name = readEnvironmentName(text, wordEnd, end);
    if (name && MATRIX_FORMS.has(name.name)) {
      // Most matrices hold no environment: their end is the next one met, and the region's need not be matched.
      const next = closedNext(text, name.name, name.after, end);
      const nested = next ? NO_ENVIRONMENTS : this.matchedEnvironments();
      const env = next ?? nested.get(i);
      if (env) {
        this.literal(readEnvironmentMatrix(text, env.name, i, env.bodyStart, env.close, env.after, nested));
        return env.after;
      }
      this.sink.problem(i, name.after, `\\begin{${name.name}} is never closed`);
    }
    this.reset();
    return name ? name.after : wordEnd;
  }

  /** The environments of the formula, matched on first use. */
  private matchedEnvironments(): EnvironmentMatches {
    this.environments ??= matchEnvironments(this.text, this.start, this.end);
    return this.environments;
  }

  private bracketArray(i: number): number {
    const literal = readBracketArray(this.text, i, this.end);
    if (!literal) {
      this.reset();
      return i + 1;
    }
    this.literal(literal);
    return literal.end;
  }

  private literal(literal: LiteralFound): void {
    // `Q = [X] \cdot [W] = [..]`: a literal that is only the first operand of its side is not what is assigned.
    const assigned = this.pendingAt === literal.start && !continuesExpression(this.text, literal.end, this.end);
    this.sink.matrix(assigned ? this.pendingName : null, literal);
    reportLiteral(literal, this.sink);
    this.reset();
  }

  /** After `=` (or `:=`), which ends at `i`. */
  private assignment(i: number): number {
    const { text, end } = this;
    const s = this.symbols;
    const single = this.last === Last.Symbol && this.symbolCount === 1 && !this.product;
    const named = single && this.textSymbol?.start === s[0] ? this.textSymbol.name : null;
    if (single) this.chainName = named ?? symbolName(text, s[0], s[1]);
    // Later equalities of a chain assign the matrix at its end to the chain's name.
    this.pendingName = this.chainName;
    this.pendingAt = afterAssignment(text, i, end);
    if (single && this.pendingName !== null) {
      const scalar = readScalar(text, i, end);
      if (scalar) this.sink.scalar(this.pendingName, scalar.value, s[0], scalar.end);
    }
    this.reset();
    return i;
  }
}

/**
 * Whether `text[start, end)` holds what every finding starts at: an `=` (assignments, `:=`), a `[` (bracket
 * arrays), or `\in`, `\begin`, `\approx` or a defining command. Most formulas in prose (`\sqrt{d_k}`, `W_i^Q`)
 * hold none, and are passed over in one cheap loop instead of being read token by token.
 */
export function mayFind(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 || c === 91) return true;
    if (c !== BACKSLASH) continue;
    const wordEnd = controlWordEnd(text, i + 1, end);
    if (wordEnd === i + 1) continue;
    const wordClass = classifyWord(text, i + 1, wordEnd);
    if (wordClass === WordClass.In || wordClass === WordClass.Begin || wordClass === WordClass.Defining) return true;
    if (wordEnd - i === 7 && text.startsWith('approx', i + 1)) return true;
    i = wordEnd - 1;
  }
  return false;
}

const NO_ENVIRONMENTS: EnvironmentMatches = new Map();

/**
 * The environment `name` whose body starts at `bodyStart`, when the first `\begin` or `\end` after it is its own
 * `\end`: nothing opened or closed in between, so matching every environment of the region (environments.ts) would
 * match this `\end` to it. Null otherwise, when that matching is needed.
 */
export function closedNext(text: string, name: string, bodyStart: number, end: number): EnvironmentMatch | null {
  for (let k = text.indexOf('\\', bodyStart); k !== -1 && k < end; k = text.indexOf('\\', k)) {
    const wordEnd = controlWordEnd(text, k + 1, end);
    if (wordEnd - k === 6 && text.startsWith('begin', k + 1)) return null;
    if (wordEnd - k === 4 && text.startsWith('end', k + 1)) {
      const env = readEnvironmentName(text, wordEnd, end);
      if (env) return env.name === name ? { name, bodyStart, close: k, after: env.after } : null;
    }
    k = Math.max(wordEnd, k + 2);
  }
  return null;
}

/** Where an assigned literal would start: after blanks, alignment `&` and a `\left[` (or `\left(`, `\left.`). */
function afterAssignment(text: string, i: number, end: number): number {
  let j = i;
  for (;;) {
    j = skipBlanks(text, j, end);
    const c = text.charCodeAt(j);
    if (c === 38) {
      j++;
      continue;
    }
    if (c !== BACKSLASH) return j;
    const wordEnd = controlWordEnd(text, j + 1, end);
    if (classifyWord(text, j + 1, wordEnd) !== WordClass.Left) return j;
    const delimiter = skipBlanks(text, wordEnd, end);
    // `\left\{` or `\left\lbrack` take a control sequence as the delimiter, the others one character.
    j =
      text.charCodeAt(delimiter) === BACKSLASH
        ? Math.max(controlWordEnd(text, delimiter + 1, end), delimiter + 2)
        : delimiter + 1;
  }
}

/** Whether an operator or another operand follows `i`: a product, a sum, a transpose, a juxtaposed matrix. */
function continuesExpression(text: string, i: number, end: number): boolean {
  const j = skipBlanks(text, i, end);
  const c = text.charCodeAt(j);
  // + - * / ^ _ ' ( [
  if (c === 43 || c === 45 || c === 42 || c === 47 || c === 94 || c === 95 || c === 39 || c === 40 || c === 91)
    return true;
  if (c !== BACKSLASH) return false;
  return OPERATOR_WORDS.has(text.slice(j + 1, controlWordEnd(text, j + 1, end)));
}

const OPERATOR_WORDS = new Set(['cdot', 'times', 'odot', 'otimes', 'circ', 'begin', 'left', 'top', 'intercal']);

/** `= 64` followed by the end, punctuation or spacing: a scalar definition. `= 2k` or `= 2 + 1` are not. */
function readScalar(text: string, i: number, end: number): { value: number; end: number } | null {
  const from = skipBlanks(text, i, end);
  if (!mayStartNumber(text, from, end)) return null;
  const stop = Math.min(end, from + SCALAR_LIMIT);
  let j = from;
  let depth = 0;
  for (; j < stop; j++) {
    const c = text.charCodeAt(j);
    if (c === LBRACE) depth++;
    else if (c === 125) depth--;
    else if (depth === 0 && (c === 44 || c === 59 || c === 38 || c === 41 || c === 93 || c === 36 || c === 10)) break;
    else if (c === BACKSLASH && depth === 0) {
      const next = text.charCodeAt(j + 1);
      if (next === BACKSLASH || next === 44 || next === 59 || next === 32) break;
      const wordEnd = controlWordEnd(text, j + 1, end);
      const wordClass = classifyWord(text, j + 1, wordEnd);
      if (wordClass === WordClass.Spacing || wordClass === WordClass.Text || text.startsWith('end', j + 1)) break;
      j = Math.max(j, wordEnd - 1);
    }
  }
  if (j === stop && stop < end) return null;
  let valueEnd = j;
  while (valueEnd > from && isBlank(text.charCodeAt(valueEnd - 1))) valueEnd--;
  // A full stop ending the sentence is not part of the number.
  if (text.charCodeAt(valueEnd - 1) === 46) valueEnd--;
  if (valueEnd <= from) return null;
  const value = parseNumber(text, from, valueEnd);
  return value !== undefined && Number.isFinite(value) ? { value, end: valueEnd } : null;
}

/**
 * False at what no number starts with (numeric-entry.ts): a letter but the `i` of `inf`, or `\begin`, `\left`, a
 * font, an accent, a Greek letter or a text command, the commonest right-hand sides that are not numbers
 * (`Q = \begin{..}`).
 */
function mayStartNumber(text: string, i: number, end: number): boolean {
  const c = text.charCodeAt(i);
  if (isAsciiLetter(c)) return c === 105 || c === 73;
  if (c !== BACKSLASH) return true;
  const wordClass = classifyWord(text, i + 1, controlWordEnd(text, i + 1, end));
  return !(
    wordClass === WordClass.Begin ||
    wordClass === WordClass.Left ||
    wordClass === WordClass.Font ||
    wordClass === WordClass.Accent ||
    wordClass === WordClass.Greek ||
    wordClass === WordClass.Text
  );
}

/**
 * Ragged rows and broken numbers are reported where they are. Symbols (`e_{1,1}`, `\alpha_{2,1}`, `\vdots`) and
 * empty cells are not problems, even among numbers: such a matrix is symbolic, only never evaluated. Rows of a
 * symbolic matrix, or of a lower triangle written row by row (1, 2, ..., n entries), may be short: LaTeX draws
 * the missing cells empty, and notes write triangles of weights that way.
 */
function reportLiteral(literal: LiteralFound, sink: MathSink): void {
  const symbolic = literal.nonNumeric.some((e) => !e.malformed);
  const triangle = literal.rows > 1 && literal.values.every((row, i) => row.length === i + 1);
  if (!symbolic && !triangle) reportRaggedRows(literal, sink);
  for (const e of literal.nonNumeric)
    if (e.malformed)
      sink.problem(e.start, e.end, `Entry (${e.row + 1}, ${e.col + 1}) of the matrix is not a number: ${e.text}`);
}

function reportRaggedRows(literal: LiteralFound, sink: MathSink): void {
  for (const r of literal.raggedRows) {
    const [start, end] = literal.rowSpans[r];
    const count = literal.values[r].length;
    sink.problem(
      start,
      end,
      `Row ${r + 1} of the matrix has ${count} ${count === 1 ? 'entry' : 'entries'}; the widest row has ${literal.cols}`,
    );
  }
}
