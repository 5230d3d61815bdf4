// The formula parser: recursive descent over the tokens the pre-pass leaves (tex-prepass.ts), into the
// expression tree of expr.ts. Equations of sides joined by relations; sums of terms; terms of factors, multiplied
// by juxtaposition, \cdot or \times; factors with subscripts, superscripts and primes. What each control word
// means comes from the vocabulary (vocabulary.ts).
import { type Equation, type Expr, type Formula, TexError } from './expr';
import { isLetter, type Token } from './tex-lexer';
import * as vocabulary from './vocabulary';

// Bound once at load: CommonJS transpilation (tests, benchmarks) would otherwise read every imported name
// through a property getter inside the hot loops.
const {
  ACCENTS,
  BRACES,
  ELLIPSES,
  FUNCTION_COMMANDS,
  FUNCTION_LETTERS,
  GREEK,
  HADAMARD_COMMANDS,
  LAYOUT_ENVIRONMENTS,
  LETTER_FONTS,
  MATRIX_ENVIRONMENTS,
  OPERATOR_WORDS,
  PRODUCT_COMMANDS,
  plainScript,
  RELATIONS,
  SECOND_ARGUMENT,
  TEXT_COMMANDS,
  TRANSPOSE_COMMANDS,
  TRANSPOSE_MARKS,
  WORDS,
} = vocabulary;

export const MAX_NESTING = 200;

/** Superscripts that are part of a name: `W^Q`, `W^{(q)}`, `x^{(2)}`, `v^{new}`. */
const SUPERSCRIPT_NAME = /^(?:[A-Za-z][A-Za-z0-9]*|\([A-Za-z0-9,]+\))$/;
/** A name's superscript followed by a transpose mark. */
const TRANSPOSED_NAME = /^(\([A-Za-z0-9,]+\))(T|\\top|\\intercal)$/;

/** A script or argument: either a brace group or one token (a command with its argument counts as one). */
interface Group {
  /** Token range of the content. */
  from: number;
  to: number;
  /** Offsets of the whole group in the TeX, braces included. */
  start: number;
  end: number;
  /** The content's TeX. */
  raw: string;
}

const wrapScript = (s: string) => (s.length === 1 ? s : `{${s}}`);

export function symbolName(base: string, sub: string | null, sup: string | null): string {
  return base + (sub !== null ? `_${wrapScript(sub)}` : '') + (sup !== null ? `^${wrapScript(sup)}` : '');
}

export class Parser {
  private pos = 0;
  /** Parsing stops here, so a one-token script cannot swallow what follows it. */
  private limit: number;
  private readonly braceMatch = new Map<number, number>();
  /** Bars that are open (`|`, `\|`): the next one of the same kind closes rather than opens. */
  private readonly bars: string[] = [];
  /** Inside a matrix environment `&` separates cells; elsewhere it is alignment and ignored. */
  private matrixDepth = 0;
  private groupDepth = 0;
  /** Products read from inside one font command (`\mathbf{QK}`), whose scripts go to their last factor. */
  private readonly fontRuns = new Set<Expr>();
  /** Expressions open at once; bounded so hostile input gives an error instead of exhausting the stack. */
  private nesting = 0;

  constructor(
    private readonly tex: string,
    private readonly tokens: Token[],
  ) {
    this.limit = tokens.length - 1;
    const open: number[] = [];
    tokens.forEach((t, i) => {
      if (t.kind !== 'char') return;
      if (t.text === '{') open.push(i);
      else if (t.text === '}') {
        const o = open.pop();
        if (o === undefined) throw new TexError("'}' closes nothing", t.start, t.end);
        this.braceMatch.set(o, i);
      }
    });
    const unclosed = open.pop();
    if (unclosed !== undefined) throw new TexError("'{' is never closed", tokens[unclosed].start, tokens[unclosed].end);
  }

  // ---- tokens

  private peek(k = 0): Token {
    const i = this.pos + k;
    return i < this.limit
      ? this.tokens[i]
      : {
          ...this.tokens[this.tokens.length - 1],
          start: this.tokens[this.limit].start,
          end: this.tokens[this.limit].start,
        };
  }

  private next(): Token {
    const t = this.peek();
    if (this.pos < this.limit) this.pos++;
    return t;
  }

  private isChar(t: Token, text: string): boolean {
    return t.kind === 'char' && t.text === text;
  }

  private isCommand(t: Token, ...names: string[]): boolean {
    return t.kind === 'command' && names.includes(t.name);
  }

  private describe(t: Token): string {
    return t.kind === 'eof' ? 'the end of the formula' : `'${this.tex.slice(t.start, t.end)}'`;
  }

  private fail(message: string, t: Token = this.peek()): never {
    throw new TexError(message, t.start, Math.max(t.end, t.start));
  }

  private expectChar(text: string, opener?: Token): Token {
    const t = this.peek();
    if (!this.isChar(t, text)) {
      const where = opener ? ` to close '${this.tex.slice(opener.start, opener.end)}' at offset ${opener.start}` : '';
      this.fail(`expected '${text}'${where} but found ${this.describe(t)}`);
    }
    return this.next();
  }

  /** Runs `fn` over the token range [from, to) and insists that it reads all of it. */
  private within<T>(from: number, to: number, fn: () => T): T {
    const [pos, limit] = [this.pos, this.limit];
    this.pos = from;
    this.limit = to;
    this.groupDepth++;
    try {
      const value = fn();
      if (this.pos < to) this.fail(`unexpected ${this.describe(this.peek())}`);
      return value;
    } finally {
      this.groupDepth--;
      this.pos = pos;
      this.limit = limit;
    }
  }

  /** A brace group, or a single token (with its argument when it is a font or text command). */
  private group(what: string): Group {
    const t = this.peek();
    if (this.isChar(t, '{')) {
      const close = this.braceMatch.get(this.pos) as number;
      const from = this.pos + 1;
      this.pos = close + 1;
      return {
        from,
        to: close,
        start: t.start,
        end: this.tokens[close].end,
        raw: this.tex.slice(t.end, this.tokens[close].start),
      };
    }
    if (t.kind === 'eof' || (t.kind === 'char' && '}^_&'.includes(t.text)))
      this.fail(`expected ${what} but found ${this.describe(t)}`);
    const from = this.pos;
    this.next();
    if (
      t.kind === 'command' &&
      (LETTER_FONTS.has(t.name) || TEXT_COMMANDS.has(t.name) || t.name === 'mathbb' || ACCENTS.has(t.name))
    ) {
      this.group(`an argument for \\${t.name}`);
    }
    const last = this.tokens[this.pos - 1];
    return { from, to: this.pos, start: t.start, end: last.end, raw: this.tex.slice(t.start, last.end) };
  }

  private parseGroup(g: Group): Expr {
    if (g.from === g.to) throw new TexError('this group is empty', g.start, g.end);
    return this.within(g.from, g.to, () => this.expression());
  }

  // ---- formula and equations

  formula(): Formula {
    const equations: Equation[] = [];
    for (;;) {
      this.skipSeparators();
      this.skipAlignment();
      if (this.peek().kind === 'eof') break;
      // In aligned layouts a line that starts with a relation continues the previous equation.
      const previous = this.relation() !== null ? equations.pop() : undefined;
      equations.push(this.equation(previous));
      const t = this.peek();
      // After an alignment point a line may go on with a note of its own (`... & \text{(dot)}`, `& dot`).
      const aligned = this.isChar(this.tokens[this.pos - 1], '&');
      if (!this.isSeparator(t) && t.kind !== 'eof' && !aligned) this.fail(`unexpected ${this.describe(t)}`);
    }
    return { tex: this.tex, equations };
  }

  /** Between equations: line breaks, commas, alignment, quads, prose, and layout environments. */
  private isSeparator(t: Token): boolean {
    if (t.kind === 'char') return ',;.&'.includes(t.text);
    if (t.kind !== 'command') return false;
    if (t.name === '\\' || t.name === 'quad' || t.name === 'qquad') return true;
    if (t.name === 'begin' || t.name === 'end')
      return LAYOUT_ENVIRONMENTS.has(this.environmentName(this.pos + 1) ?? '');
    return TEXT_COMMANDS.has(t.name) && this.textWord(this.pos) === null;
  }

  private skipSeparators(): void {
    while (this.isSeparator(this.peek())) {
      const t = this.next();
      if (t.kind === 'command' && (t.name === 'begin' || t.name === 'end' || TEXT_COMMANDS.has(t.name)))
        this.group('an argument');
    }
  }

  private environmentName(i: number): string | null {
    const t = this.tokens[i];
    if (!t || !this.isChar(t, '{')) return null;
    const close = this.braceMatch.get(i) as number;
    return this.tex.slice(t.end, this.tokens[close].start).trim();
  }

  private relation(): string | null {
    const t = this.peek();
    if (t.kind === 'char' && RELATIONS[t.text]) return RELATIONS[t.text];
    if (t.kind === 'command' && RELATIONS[t.name]) return RELATIONS[t.name];
    if (this.isChar(t, ':') && this.isChar(this.peek(1), '=')) return ':=';
    return null;
  }

  private equation(previous?: Equation): Equation {
    const start = previous?.start ?? this.peek().start;
    const sides = previous ? [...previous.sides] : [this.expression()];
    const relations = previous ? [...previous.relations] : [];
    for (;;) {
      this.skipAlignment();
      const rel = this.relation();
      if (!rel) break;
      this.consumeRelation();
      relations.push(rel);
      this.skipAlignment();
      // `Attention(Q, K, V) = \\ softmax(..) V`, as multline and two-column papers break a long line: the side
      // after the relation goes on after the break (and the indent, `& \quad`, of its next line).
      while (['\\', 'quad', 'qquad'].some((name) => this.isCommand(this.peek(), name))) {
        this.next();
        this.skipAlignment();
      }
      sides.push(this.expression());
    }
    return { start, end: sides[sides.length - 1].end, sides, relations };
  }

  /** Steps over the relation `relation()` saw: `:=` is two characters, every other relation one token. */
  private consumeRelation(): void {
    if (this.isChar(this.next(), ':')) this.next();
  }

  /** Inside a group or a cell, text with spaces is a note (`\text{if } j \le i`), skipped like a space. */
  private skipProse(): void {
    for (;;) {
      const t = this.peek();
      if (
        this.groupDepth === 0 ||
        t.kind !== 'command' ||
        !TEXT_COMMANDS.has(t.name) ||
        this.textWord(this.pos) !== null
      )
        return;
      this.next();
      if (this.isChar(this.peek(), '*')) this.next();
      if (this.peek().kind !== 'eof') this.group('an argument');
    }
  }

  private skipAlignment(): void {
    while (this.matrixDepth === 0 && this.isChar(this.peek(), '&')) this.next();
  }

  // ---- expressions

  private expression(): Expr {
    if (++this.nesting > MAX_NESTING) this.fail(`the formula nests deeper than ${MAX_NESTING} levels`);
    try {
      return this.additive();
    } finally {
      this.nesting--;
    }
  }

  private additive(): Expr {
    this.skipAlignment();
    this.skipProse();
    const t = this.peek();
    let left: Expr;
    if (this.isChar(t, '-') || this.isChar(t, '+')) {
      this.next();
      const arg = this.term();
      left = this.isChar(t, '-') ? { type: 'negate', arg, start: t.start, end: arg.end } : arg;
    } else {
      left = this.term();
    }
    for (;;) {
      const op = this.peek();
      if (!this.isChar(op, '+') && !this.isChar(op, '-') && !this.isCommand(op, 'pm')) break;
      this.next();
      const right = this.term();
      left = { type: 'add', op: this.isChar(op, '-') ? '-' : '+', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private term(): Expr {
    let left = this.factor();
    for (;;) {
      const t = this.peek();
      if (this.groupDepth > 0 && this.isCommand(t, 'quad', 'qquad')) {
        this.next();
        continue;
      }
      if (
        this.groupDepth > 0 &&
        t.kind === 'command' &&
        TEXT_COMMANDS.has(t.name) &&
        this.textWord(this.pos) === null
      ) {
        this.skipProse();
        continue;
      }
      if (t.kind === 'command' && PRODUCT_COMMANDS.has(t.name)) {
        this.next();
        const right = this.signedFactor();
        left = { type: 'product', written: `\\${t.name}`, left, right, start: left.start, end: right.end };
      } else if (this.isChar(t, '*')) {
        this.next();
        const right = this.signedFactor();
        left = { type: 'product', written: '*', left, right, start: left.start, end: right.end };
      } else if (this.isChar(t, '/')) {
        this.next();
        const right = this.signedFactor();
        left = { type: 'divide', written: '/', numerator: left, denominator: right, start: left.start, end: right.end };
      } else if (t.kind === 'command' && HADAMARD_COMMANDS.has(t.name)) {
        this.next();
        const right = this.signedFactor();
        left = { type: 'hadamard', left, right, start: left.start, end: right.end };
      } else if (this.startsFactor(t)) {
        const right = this.factor();
        left = { type: 'product', written: '', left, right, start: left.start, end: right.end };
      } else {
        return left;
      }
    }
  }

  private signedFactor(): Expr {
    const t = this.peek();
    if (!this.isChar(t, '-')) return this.factor();
    this.next();
    const arg = this.factor();
    return { type: 'negate', arg, start: t.start, end: arg.end };
  }

  private startsFactor(t: Token): boolean {
    switch (t.kind) {
      case 'eof':
        return false;
      case 'number':
        return true;
      case 'char':
        if (t.text === '|') return this.bars[this.bars.length - 1] !== '|' && this.barCloses(this.pos);
        if (t.text === '.') return this.isChar(this.peek(1), '.');
        return '([{'.includes(t.text) || !"+-*/=<>,;:&)]}^_'!?".includes(t.text);
      case 'command':
        if (t.name === '|') return this.bars[this.bars.length - 1] !== '\\|';
        if (RELATIONS[t.name] || PRODUCT_COMMANDS.has(t.name)) return false;
        if (TEXT_COMMANDS.has(t.name)) return this.textWord(this.pos) !== null;
        if (HADAMARD_COMMANDS.has(t.name)) return false;
        return !['right', 'end', '\\', 'quad', 'qquad', 'pm', 'rangle', '}'].includes(t.name);
    }
  }

  /**
   * Whether the `|` at token i opens a bar that a later `|` closes before its group does; otherwise it reads
   * "given" or "such that" (`p(y | x)`) and separates. Looks a bounded way ahead, past which it assumes a bar.
   */
  private barCloses(i: number): boolean {
    let depth = 0;
    for (let j = i + 1; j < Math.min(this.limit, i + 200); j++) {
      const t = this.tokens[j];
      if (t.kind === 'command') {
        if (t.name === 'left') depth++;
        else if (t.name === 'right') depth--;
      } else if (t.kind === 'char') {
        if ('([{'.includes(t.text)) depth++;
        else if (')]}'.includes(t.text)) depth--;
        else if (depth === 0 && t.text === '|') return true;
        else if (depth === 0 && ',;'.includes(t.text)) return false;
      }
      if (depth < 0) return false;
    }
    return true;
  }

  /** A factor: an atom with its subscripts, superscripts and primes, then a call when it is a function. */
  private factor(): Expr {
    let base = this.scripts(this.atom());
    if (base.type === 'symbol' && this.opensParen()) {
      const open = this.peek();
      const items = this.parenthesised();
      const letter = base.base.replace(/^\\/, '');
      if (items.items.length > 1 || FUNCTION_LETTERS.has(letter)) {
        const call: Expr = {
          type: 'call',
          name: base.name,
          fn: letter.toLowerCase(),
          sub: base.sub,
          args: items.items,
          start: base.start,
          end: items.end,
        };
        base = this.scripts(call);
      } else {
        const group = this.scripts(this.listOrSingle(items.items, '(', open.start, items.end));
        base = { type: 'product', written: '', left: base, right: group, start: base.start, end: group.end };
      }
    }
    return base;
  }

  private opensParen(): boolean {
    const t = this.peek();
    return this.isChar(t, '(') || (this.isCommand(t, 'left') && this.isChar(this.peek(1), '('));
  }

  /** `( a, b )` or `\left( a, b \right)`: the comma-separated items and the closing offset. */
  private parenthesised(): { items: Expr[]; end: number } {
    const t = this.next();
    const sized = this.isCommand(t, 'left');
    if (sized) this.next();
    const items = this.items();
    if (sized) {
      if (!this.isCommand(this.peek(), 'right'))
        this.fail(
          `expected '\\right)' to close '\\left(' at offset ${t.start} but found ${this.describe(this.peek())}`,
        );
      this.next();
    }
    return { items, end: this.expectChar(')', t).end };
  }

  /**
   * Items of a parenthesised list. Besides the separators asked for, `;` and `:` separate (`a(q, k; \theta)`,
   * `f(x: \mathbb{R}^d)`), and so do a relation (`\{W \in \mathbb{R}^{d}, ...\}`) and a bar that closes
   * nothing (`p(y | x)`).
   */
  private items(separators = ','): Expr[] {
    const items: Expr[] = [];
    this.groupDepth++;
    try {
      for (;;) {
        items.push(this.expression());
        const t = this.peek();
        if (this.relation() !== null) {
          this.consumeRelation();
          continue;
        }
        const bar = this.isChar(t, '|') && this.bars[this.bars.length - 1] !== '|';
        if (t.kind !== 'char' || !(separators.includes(t.text) || ';:'.includes(t.text) || bar)) return items;
        this.next();
      }
    } finally {
      this.groupDepth--;
    }
  }

  private listOrSingle(items: Expr[], open: string, start: number, end: number): Expr {
    return items.length === 1 ? { ...items[0], start, end } : { type: 'list', open, items, start, end };
  }

  private scripts(base: Expr): Expr {
    if (base.type === 'product' && this.fontRuns.has(base)) {
      const right = this.scripts(base.right);
      return right === base.right ? base : { ...base, right, end: right.end };
    }
    for (;;) {
      const t = this.peek();
      if (this.isChar(t, "'")) {
        this.next();
        base = { type: 'transpose', written: "'", arg: base, start: base.start, end: t.end };
      } else if (this.isChar(t, '_')) {
        this.next();
        const g = this.group('a subscript');
        const sub = plainScript(g.raw);
        if (base.type === 'symbol' && base.sub === null) {
          base = { ...base, sub, name: symbolName(base.base, sub, base.sup), end: g.end };
        } else if (base.type === 'call' && base.sub === null) {
          base = { ...base, sub, end: g.end };
        } else {
          base = { type: 'index', base, sub, start: base.start, end: g.end };
        }
      } else if (this.isChar(t, '^')) {
        this.next();
        const g = this.group('a superscript');
        const sup = plainScript(g.raw);
        if (TRANSPOSE_MARKS.has(sup) || TRANSPOSE_MARKS.has(g.raw.trim())) {
          base = {
            type: 'transpose',
            written: `^${g.raw.length === 1 ? g.raw : `{${g.raw.trim()}}`}`,
            arg: base,
            start: base.start,
            end: g.end,
          };
        } else if (base.type === 'symbol' && base.sup === null && SUPERSCRIPT_NAME.test(sup)) {
          base = { ...base, sup, name: symbolName(base.base, base.sub, sup), end: g.end };
        } else if (base.type === 'symbol' && base.sup === null && TRANSPOSED_NAME.test(sup)) {
          // `W^{(v)T}`, `q^{(2)\top}`: the superscript names the matrix, and the mark after it transposes it.
          const [, own, mark] = TRANSPOSED_NAME.exec(sup) as RegExpExecArray;
          const named = { ...base, sup: own, name: symbolName(base.base, base.sub, own), end: g.end };
          base = { type: 'transpose', written: `^${mark}`, arg: named, start: base.start, end: g.end };
        } else {
          const exponent = this.parseGroup(g);
          base = { type: 'power', base, exponent, start: base.start, end: g.end };
        }
      } else if (t.kind === 'command' && TRANSPOSE_COMMANDS.has(t.name)) {
        this.next();
        base = { type: 'transpose', written: `\\${t.name}`, arg: base, start: base.start, end: t.end };
      } else {
        return base;
      }
    }
  }

  // ---- atoms

  private atom(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'eof':
        return this.fail('the formula ends where a term was expected');
      case 'number':
        this.next();
        return { type: 'number', value: Number(t.text), start: t.start, end: t.end };
      case 'char':
        return this.charAtom(t);
      case 'command':
        return this.commandAtom(t);
    }
  }

  private charAtom(t: Token & { kind: 'char' }): Expr {
    if (isLetter(t.text)) return this.letters(t);
    if (/^\p{L}$/u.test(t.text)) {
      this.next();
      return { type: 'symbol', name: t.text, base: t.text, sub: null, sup: null, start: t.start, end: t.end };
    }
    switch (t.text) {
      case '(':
      case '[': {
        this.next();
        const items = this.items(t.text === '[' ? ',;' : ',');
        const close = this.expectChar(t.text === '(' ? ')' : ']', t);
        return this.listOrSingle(items, t.text, t.start, close.end);
      }
      case '{': {
        const g = this.group('a group');
        return { ...this.parseGroup(g), start: g.start, end: g.end };
      }
      case '|':
        return this.barred('|', t);
      case '.':
        // `...`, and the `..` some notes write for it.
        if (this.isChar(this.peek(1), '.')) {
          this.pos += this.isChar(this.peek(2), '.') ? 3 : 2;
          return { type: 'ellipsis', start: t.start, end: this.tokens[this.pos - 1].end };
        }
    }
    return this.fail(`expected a term but found ${this.describe(t)}`);
  }

  /** A run of letters: a known word (`softmax`, `head`) when it spells one, else one single-letter symbol. */
  private letters(t: Token & { kind: 'char' }): Expr {
    let run = t.text;
    let k = 1;
    for (;;) {
      const n = this.peek(k);
      if (n.kind !== 'char' || !isLetter(n.text) || n.spaceBefore) break;
      run += n.text;
      k++;
    }
    if (run.length > 1 && WORDS.has(run.toLowerCase())) {
      this.pos += k;
      return this.word(run, t.start, this.tokens[this.pos - 1].end);
    }
    this.next();
    return { type: 'symbol', name: t.text, base: t.text, sub: null, sup: null, start: t.start, end: t.end };
  }

  /** A multi-letter name: a call when followed by parentheses or when it is an operator like exp. */
  private word(name: string, start: number, end: number): Expr {
    const fn = name.toLowerCase();
    // A subscript on an operator (\max_j) belongs to the call; on any other word it is part of the name.
    let sub: string | null = null;
    if (OPERATOR_WORDS.has(fn) && this.isChar(this.peek(), '_')) {
      this.next();
      sub = plainScript(this.group('a subscript').raw);
    }
    if (this.opensParen()) {
      const { items, end: close } = this.parenthesised();
      if (fn === 'sqrt' && items.length === 1) return { type: 'sqrt', arg: items[0], index: null, start, end: close };
      return { type: 'call', name, fn, sub, args: items, start, end: close };
    }
    if (OPERATOR_WORDS.has(fn) && this.startsFactor(this.peek())) {
      const arg = this.factor();
      return { type: 'call', name, fn, sub, args: [arg], start, end: arg.end };
    }
    return { type: 'symbol', name, base: name, sub: null, sup: null, start, end };
  }

  /** The word inside `\text{...}` at token i, or null when it holds prose (spaces, punctuation). */
  private textWord(i: number): string | null {
    const open = i + (this.isChar(this.tokens[i + 1] ?? this.tokens[i], '*') ? 2 : 1);
    const t = this.tokens[open];
    if (!t) return null;
    if (!this.isChar(t, '{')) return t.kind === 'char' && isLetter(t.text) ? t.text : null;
    // Untrimmed on purpose: `\text{ where }` is prose, `\text{softmax}` a name.
    const raw = this.tex.slice(t.end, this.tokens[this.braceMatch.get(open) as number].start);
    return /^\p{L}[\p{L}\p{N}-]*$/u.test(raw) ? raw : null;
  }

  private commandAtom(t: Token & { kind: 'command' }): Expr {
    const name = t.name;
    if (LETTER_FONTS.has(name)) return this.fontLetter(t);
    if (TEXT_COMMANDS.has(name)) {
      const word = this.textWord(this.pos);
      if (word === null) return this.fail(`expected a name in \\${name}{...}, not prose`);
      this.next();
      if (this.isChar(this.peek(), '*')) this.next();
      const g = this.group(`an argument for \\${name}`);
      if (word.length === 1)
        return { type: 'symbol', name: word, base: word, sub: null, sup: null, start: t.start, end: g.end };
      return this.word(word, t.start, g.end);
    }
    if (GREEK.has(name)) {
      this.next();
      if (FUNCTION_COMMANDS.has(name) && this.opensParen()) return this.word(name, t.start, t.end);
      return { type: 'symbol', name: `\\${name}`, base: `\\${name}`, sub: null, sup: null, start: t.start, end: t.end };
    }
    if (FUNCTION_COMMANDS.has(name)) {
      this.next();
      return this.word(name, t.start, t.end);
    }
    if (ELLIPSES.has(name)) {
      this.next();
      return { type: 'ellipsis', start: t.start, end: t.end };
    }
    if (ACCENTS.has(name)) {
      this.next();
      const g = this.group(`an argument for \\${name}`);
      const base = `\\${name}{${plainScript(g.raw)}}`;
      return { type: 'symbol', name: base, base, sub: null, sup: null, start: t.start, end: g.end };
    }
    switch (name) {
      case 'frac':
      case 'dfrac':
      case 'tfrac':
      case 'cfrac': {
        this.next();
        const numerator = this.parseGroup(this.group('a numerator'));
        const den = this.group('a denominator');
        return {
          type: 'divide',
          written: 'frac',
          numerator,
          denominator: this.parseGroup(den),
          start: t.start,
          end: den.end,
        };
      }
      case 'sqrt': {
        this.next();
        let index: Expr | null = null;
        if (this.isChar(this.peek(), '[')) {
          const open = this.next();
          index = this.expression();
          this.expectChar(']', open);
        }
        if (this.isChar(this.peek(), '(')) {
          // `\sqrt(d_k)`, as plain-text habits write it.
          const { items, end } = this.parenthesised();
          return { type: 'sqrt', arg: this.listOrSingle(items, '(', items[0].start, end), index, start: t.start, end };
        }
        if (!this.isChar(this.peek(), '{')) {
          // `\sqrt d_k`, `√d_k`: written without braces the root is meant over the name with its scripts.
          if (++this.nesting > MAX_NESTING) this.fail(`the formula nests deeper than ${MAX_NESTING} levels`);
          try {
            const arg = this.scripts(this.atom());
            return { type: 'sqrt', arg, index, start: t.start, end: arg.end };
          } finally {
            this.nesting--;
          }
        }
        const g = this.group('an argument for \\sqrt');
        return { type: 'sqrt', arg: this.parseGroup(g), index, start: t.start, end: g.end };
      }
      case 'mathbb': {
        this.next();
        const g = this.group('an argument for \\mathbb');
        return { type: 'set', name: plainScript(g.raw), start: t.start, end: g.end };
      }
      case 'sum':
      case 'prod':
        return this.sum(t);
      case 'left':
        return this.sized(t);
      case '|':
        return this.barred('\\|', t);
      case '{': {
        this.next();
        const items = this.items();
        if (!this.isCommand(this.peek(), '}'))
          this.fail(`expected '\\}' to close '\\{' at offset ${t.start} but found ${this.describe(this.peek())}`);
        return { type: 'list', open: '{', items, start: t.start, end: this.next().end };
      }
      case 'langle': {
        this.next();
        const items = this.items();
        if (!this.isCommand(this.peek(), 'rangle'))
          this.fail(
            `expected '\\rangle' to close '\\langle' at offset ${t.start} but found ${this.describe(this.peek())}`,
          );
        return this.angled(items, t.start, this.next().end);
      }
      case 'infty':
        this.next();
        return { type: 'number', value: Number.POSITIVE_INFINITY, start: t.start, end: t.end };
      case 'begin':
        return this.environment(t);
      case 'right':
        return this.fail("'\\right' has no matching '\\left'", t);
      case 'end':
        return this.fail("'\\end' has no matching '\\begin'", t);
    }
    if (BRACES.has(name)) {
      // `\underbrace{QK^T}_{\text{scores}}`: the expression; the note under or over the brace is dropped.
      this.next();
      const g = this.group(`an argument for \\${name}`);
      let end = g.end;
      if (this.isChar(this.peek(), name.startsWith('under') ? '_' : '^')) {
        this.next();
        end = this.group(`the note of \\${name}`).end;
      }
      return { ...this.parseGroup(g), start: t.start, end };
    }
    if (SECOND_ARGUMENT.has(name)) {
      this.next();
      this.group(`the first argument of \\${name}`);
      const g = this.group(`the second argument of \\${name}`);
      return { ...this.parseGroup(g), start: t.start, end: g.end };
    }
    if (WORDS.has(name.toLowerCase())) {
      // A note's own operator, `\softmax` or `\Attention`, defined where the formula cannot see it.
      this.next();
      return this.word(name, t.start, t.end);
    }
    if (/^[A-Za-z]+$/.test(name)) {
      // An unknown command that is not structure (\ell, \nabla): a name of its own.
      this.next();
      return { type: 'symbol', name, base: name, sub: null, sup: null, start: t.start, end: t.end };
    }
    return this.fail(`expected a term but found ${this.describe(t)}`);
  }

  /** `\mathbf{Q}`, `\mathcal K`, `\boldsymbol{\alpha}`: the letter itself; anything longer is read inside. */
  private fontLetter(t: Token & { kind: 'command' }): Expr {
    this.next();
    const g = this.group(`an argument for \\${t.name}`);
    const raw = g.raw.trim();
    const greek = /^\\([A-Za-z]+)$/.exec(raw);
    if (/^[A-Za-z]$/.test(raw) || (greek && GREEK.has(greek[1]))) {
      const base = greek ? `\\${greek[1]}` : raw;
      return { type: 'symbol', name: base, base, sub: null, sup: null, start: t.start, end: g.end };
    }
    if (/^[A-Za-z]+$/.test(raw) && WORDS.has(raw.toLowerCase())) return this.word(raw, t.start, g.end);
    const inside: Expr = { ...this.parseGroup(g), start: t.start, end: g.end };
    // `\mathbf{QK}^T` is Q K^T in bold: a script after a bold run belongs to its last letter.
    if (inside.type === 'product') this.fontRuns.add(inside);
    return inside;
  }

  private barred(kind: '|' | '\\|', open: Token): Expr {
    this.next();
    this.bars.push(kind);
    let arg: Expr;
    try {
      arg = this.expression();
    } finally {
      this.bars.pop();
    }
    const close = this.peek();
    const closes = kind === '|' ? this.isChar(close, '|') : this.isCommand(close, '|');
    if (!closes)
      this.fail(`expected '${kind}' to close '${kind}' at offset ${open.start} but found ${this.describe(close)}`);
    this.next();
    return { type: 'norm', bars: kind, arg, start: open.start, end: close.end };
  }

  private sum(t: Token): Expr {
    this.next();
    let index: string | null = null;
    let lower: Expr | null = null;
    let upper: Expr | null = null;
    for (;;) {
      if (this.isChar(this.peek(), '_')) {
        this.next();
        const g = this.group('a subscript');
        const first = this.tokens[g.from];
        const relation = this.relationIn(g.from, g.to);
        if (g.to - g.from === 1 && first.kind === 'char' && isLetter(first.text)) {
          index = first.text;
        } else if (relation !== -1) {
          // `j=1`, `j'=1`, `j \leq i`, `i \neq j`, `(i, j) \in T`: the index, then its range or condition.
          index = plainScript(this.tex.slice(this.tokens[g.from].start, this.tokens[relation].start));
          if (this.isChar(this.tokens[relation], '=') && relation + 1 < g.to)
            lower = this.within(relation + 1, g.to, () => this.expression());
        } else {
          lower = this.parseGroup(g);
        }
      } else if (this.isChar(this.peek(), '^')) {
        this.next();
        upper = this.parseGroup(this.group('an upper limit'));
      } else {
        break;
      }
    }
    const body = this.term();
    return { type: 'sum', index, lower, upper, body, start: t.start, end: body.end };
  }

  /** The first relation token in [from, to) outside braces, or -1. */
  private relationIn(from: number, to: number): number {
    let depth = 0;
    for (let i = from; i < to; i++) {
      const t = this.tokens[i];
      if (this.isChar(t, '{')) depth++;
      else if (this.isChar(t, '}')) depth--;
      else if (
        depth === 0 &&
        ((t.kind === 'char' && '=<>'.includes(t.text)) || (t.kind === 'command' && RELATIONS[t.name]))
      )
        return i;
    }
    return -1;
  }

  /** `\left( ... \right)` and the other delimiters; `\left.` is invisible. */
  private sized(t: Token): Expr {
    this.next();
    const open = this.next();
    const delim = open.kind === 'command' ? `\\${open.name}` : open.kind === 'char' ? open.text : '';
    if (delim === '|' || delim === '\\|') {
      this.bars.push(delim);
    }
    const items = this.items(delim === '[' ? ',;' : ',');
    if (delim === '|' || delim === '\\|') this.bars.pop();
    if (!this.isCommand(this.peek(), 'right'))
      this.fail(
        `expected '\\right' to close '\\left${delim}' at offset ${t.start} but found ${this.describe(this.peek())}`,
      );
    this.next();
    const close = this.next();
    if (delim === '|' || delim === '\\|') {
      return { type: 'norm', bars: delim, arg: items[0], start: t.start, end: close.end };
    }
    if (delim === '\\langle') return this.angled(items, t.start, close.end);
    return this.listOrSingle(items, delim === '\\{' ? '{' : delim, t.start, close.end);
  }

  /** `\langle q_i, k_j \rangle`: the inner product of two vectors, a product written `\langle`. */
  private angled(items: Expr[], start: number, end: number): Expr {
    if (items.length !== 2) return this.listOrSingle(items, '\\langle', start, end);
    const [left, right] = items;
    return { type: 'product', written: '\\langle', left, right, start, end };
  }

  private environment(t: Token): Expr {
    this.next();
    const nameGroup = this.group('an environment name');
    const env = nameGroup.raw.trim();
    if (!MATRIX_ENVIRONMENTS.has(env))
      return this.fail(`the environment '${env}' cannot appear inside an expression`, t);
    if (env === 'array') this.group('a column specification');
    const cells: Expr[][] = [];
    this.matrixDepth++;
    this.groupDepth++;
    try {
      let row: Expr[] = [];
      for (;;) {
        const c = this.peek();
        if (this.isCommand(c, 'end')) break;
        if (this.isCommand(c, '\\')) {
          this.next();
          cells.push(row);
          row = [];
          continue;
        }
        // A cell that is empty, a note (`\text{otherwise}`) or a lone rule (`- & \vec q_1 & -`, `\lvert`) only lays
        // out a row or a column of vectors.
        this.skipProse();
        const first = this.peek();
        const lone = this.isChar(first, '-') || this.isChar(first, '|') ? this.peek(1) : first;
        if (this.isChar(lone, '&') || this.isCommand(lone, '\\', 'end')) {
          if (lone !== first) this.next();
        } else {
          row.push(this.expression());
          // A relation inside a cell (`q_1 = h_1 W_q`, `\text{if } j \leq i`): the cell is its first side.
          while (this.relation() !== null) {
            this.consumeRelation();
            this.expression();
          }
        }
        if (this.isChar(this.peek(), '&')) this.next();
        else if (!this.isCommand(this.peek(), '\\', 'end'))
          this.fail(`unexpected ${this.describe(this.peek())} in ${env}`);
      }
      if (row.length > 0) cells.push(row);
    } finally {
      this.matrixDepth--;
      this.groupDepth--;
    }
    const end = this.next();
    const endName = this.group('an environment name').raw.trim();
    if (endName !== env) this.fail(`'\\end{${endName}}' closes '\\begin{${env}}' at offset ${t.start}`, end);
    return { type: 'matrix', env, cells, start: t.start, end: this.tokens[this.pos - 1].end };
  }
}
