// One forward pass over the TeX of a region, finding what later stages evaluate: matrix literals with the name
// they are assigned to (`Q = \begin{bmatrix}..`), shape declarations (`Q, K \in \mathbb{R}^{n\times d}`) and
// scalar definitions (`d_k = 2`). Offsets are those of the analysed text; the caller maps them to the document.
import type { MacroDefinition } from './document-model';
import { type EnvironmentMatches, matchEnvironments } from './environments';
import { isDefiningCommand, readDefinition } from './macros';
import { type LiteralFound, MATRIX_FORMS, readBracketArray, readEnvironmentMatrix } from './matrix-literal';
import { parseNumber } from './numeric-entry';
import type { FoundProblem } from './regions';
import { readShape } from './shape-declaration';
import { readSymbol, type SymbolRead, startsSymbol } from './symbol-name';
import {
  BACKSLASH,
  controlWordEnd,
  groupEnd,
  isAsciiLetter,
  isBlank,
  LBRACE,
  readEnvironmentName,
  skipBlanks,
} from './tex-lexing';

export interface MatrixFound {
  name: string | null;
  literal: LiteralFound;
}

export interface ShapeFound {
  symbol: string;
  rows: string;
  cols: string;
  start: number;
  end: number;
}

export interface ScalarFound {
  symbol: string;
  value: number;
  start: number;
  end: number;
}

export interface MathFindings {
  matrices: MatrixFound[];
  shapes: ShapeFound[];
  scalars: ScalarFound[];
  /** `\newcommand` and friends inside the math, in order. */
  definitions: MacroDefinition[];
  problems: FoundProblem[];
}

/** Commands whose braced argument is prose or an operator name, never symbols. */
const TEXT_COMMANDS = new Set(['text', 'textrm', 'textit', 'textbf', 'mbox', 'operatorname', 'mathrm', 'label', 'tag']);
/** Spacing that may sit between the parts of `Q,\; K \in ...` or `Q \;=\; ...`. */
const SPACING_WORDS = new Set(['quad', 'qquad', 'enspace', 'thinspace']);
/** What may separate `=` from the literal assigned: `\left[`, `\left(`, `\left.`, alignment `&`. */
const LEFT_WORDS = new Set(['left', 'bigl', 'Bigl', 'biggl', 'Biggl']);
/** A scalar's value is short; scanning further would read the rest of an equation as its value. */
const SCALAR_LIMIT = 64;

/** What came just before the current position, for deciding what `\in`, `,` and `=` refer to. */
enum Last {
  Other,
  Symbol,
  Comma,
}

export function analyzeMath(text: string, start: number, end: number): MathFindings {
  const findings: MathFindings = { matrices: [], shapes: [], scalars: [], definitions: [], problems: [] };
  let environments: EnvironmentMatches | null = null;
  /** The comma-separated symbols just read (`Q, K`), or empty. A product (`QK`) declares nothing. */
  let symbols: SymbolRead[] = [];
  let last = Last.Other as Last;
  let product = false;
  /** A literal starting exactly at `pendingAt` is assigned to `pendingName`. */
  let pendingName: string | null = null;
  let pendingAt = -1;

  const reset = () => {
    symbols = [];
    last = Last.Other;
    product = false;
  };
  const addLiteral = (literal: LiteralFound) => {
    findings.matrices.push({ name: pendingAt === literal.start ? pendingName : null, literal });
    reportLiteral(literal, findings.problems);
    reset();
  };

  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isBlank(c) || c === 38) {
      i++;
      continue;
    }
    if (c === BACKSLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === 44 || next === 59 || next === 58 || next === 33 || next === 32) {
        i += 2; // Thin spaces.
        continue;
      }
      const wordEnd = controlWordEnd(text, i + 1, end);
      if (wordEnd === i + 1) {
        reset();
        i += 2;
        continue;
      }
      const word = text.slice(i + 1, wordEnd);
      if (startsSymbol(word)) {
        const symbol = readSymbol(text, i, end);
        if (symbol) {
          i = takeSymbol(symbol);
          continue;
        }
      }
      if (SPACING_WORDS.has(word)) {
        i = wordEnd;
        continue;
      }
      if (word === 'in') {
        const shape = readShape(text, wordEnd, end);
        if (shape && !product)
          for (const s of symbols)
            findings.shapes.push({
              symbol: s.name,
              rows: shape.rows,
              cols: shape.cols,
              start: s.start,
              end: shape.end,
            });
        reset();
        i = shape ? shape.end : wordEnd;
        continue;
      }
      if (word === 'begin') {
        environments ??= matchEnvironments(text, start, end);
        const env = environments.get(i);
        if (env && MATRIX_FORMS.has(env.name)) {
          addLiteral(readEnvironmentMatrix(text, env.name, i, env.bodyStart, env.close, env.after, environments));
          i = env.after;
          continue;
        }
        const name = readEnvironmentName(text, wordEnd, end);
        if (name && MATRIX_FORMS.has(name.name))
          findings.problems.push({ start: i, end: name.after, message: `\\begin{${name.name}} is never closed` });
        reset();
        i = name ? name.after : wordEnd;
        continue;
      }
      if (TEXT_COMMANDS.has(word)) {
        const open = skipBlanks(text, wordEnd, end);
        const close = text.charCodeAt(open) === LBRACE ? groupEnd(text, open, end) : -1;
        reset();
        i = close === -1 ? wordEnd : close;
        continue;
      }
      if (isDefiningCommand(word)) {
        const read = readDefinition(text, i, wordEnd, end, word);
        if (read && 'definition' in read) findings.definitions.push(read.definition);
        else if (read) findings.problems.push(read.problem);
        reset();
        i = read ? Math.max(read.end, wordEnd) : wordEnd;
        continue;
      }
      reset();
      i = wordEnd;
      continue;
    }
    if (isAsciiLetter(c)) {
      const symbol = readSymbol(text, i, end);
      if (symbol) {
        i = takeSymbol(symbol);
        continue;
      }
    }
    if (c === 44 && symbols.length > 0 && last === Last.Symbol) {
      last = Last.Comma;
      i++;
      continue;
    }
    const assignment = c === 61 ? i + 1 : c === 58 && text.charCodeAt(i + 1) === 61 ? i + 2 : -1;
    if (assignment !== -1) {
      const target = last === Last.Symbol && symbols.length === 1 && !product ? symbols[0] : null;
      reset();
      pendingName = target ? target.name : null;
      pendingAt = afterAssignment(text, assignment, end);
      if (target) {
        const scalar = readScalar(text, assignment, end);
        if (scalar)
          findings.scalars.push({ symbol: target.name, value: scalar.value, start: target.start, end: scalar.end });
      }
      i = assignment;
      continue;
    }
    if (c === 91) {
      const literal = readBracketArray(text, i, end);
      if (literal) {
        addLiteral(literal);
        i = literal.end;
        continue;
      }
    }
    reset();
    i++;
  }
  return findings;

  function takeSymbol(symbol: SymbolRead): number {
    if (last === Last.Comma) symbols.push(symbol);
    else {
      // Two symbols side by side are a product (`QK^T`): neither is what a following `\in` or `=` is about.
      product = last === Last.Symbol;
      symbols = [symbol];
    }
    last = Last.Symbol;
    return symbol.end;
  }
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
    if (!LEFT_WORDS.has(text.slice(j + 1, wordEnd))) return j;
    const delimiter = skipBlanks(text, wordEnd, end);
    // `\left\{` or `\left\lbrack` take a control sequence as the delimiter, the others one character.
    j =
      text.charCodeAt(delimiter) === BACKSLASH
        ? Math.max(controlWordEnd(text, delimiter + 1, end), delimiter + 2)
        : delimiter + 1;
  }
}

/** `= 64` followed by the end, punctuation or spacing: a scalar definition. `= 2k` or `= 2 + 1` are not. */
function readScalar(text: string, i: number, end: number): { value: number; end: number } | null {
  const from = skipBlanks(text, i, end);
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
      const word = text.slice(j + 1, wordEnd);
      if (word === 'quad' || word === 'qquad' || TEXT_COMMANDS.has(word) || word === 'end') break;
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

/** Ragged rows are reported where they are; non-numeric entries only when the literal is otherwise numeric. */
function reportLiteral(literal: LiteralFound, problems: FoundProblem[]): void {
  for (const r of literal.raggedRows) {
    const [start, end] = literal.rowSpans[r];
    const count = literal.values[r].length;
    problems.push({
      start,
      end,
      message: `Row ${r + 1} of the matrix has ${count} ${count === 1 ? 'entry' : 'entries'}; the widest row has ${literal.cols}`,
    });
  }
  const entries = literal.values.reduce((n, row) => n + row.length, 0);
  if (literal.nonNumeric.length > 0 && literal.nonNumeric.length < entries)
    for (const e of literal.nonNumeric)
      problems.push({
        start: e.start,
        end: e.end,
        message: `Entry (${e.row + 1}, ${e.col + 1}) of the matrix is not a number: ${e.text === '' ? '(empty)' : e.text}`,
      });
}
