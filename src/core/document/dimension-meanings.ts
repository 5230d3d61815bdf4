// What a note itself says a dimension symbol is, read before any convention: its sentences ("where n is the
// number of tokens", "d is the embedding size", "n tokens", "L 为序列长度", "其中 d_k 是键向量的维度"), its shape
// declarations (`Q \in \mathbb{R}^{n \times d}`: rows of a token matrix count tokens, its columns are a width;
// `q \in \mathbb{R}^{d}`: a vector's space is a width) and the bounds of its sums (`\sum_{i=1}^n \alpha_{t,i} h_i`
// runs over n positions). Statements that disagree make the meaning unknown: checks stay silent rather than pick one.
import { type DimensionKind, dimensionKind, normaliseDimension, roleOfLetter } from '../attention/conventions';
import { readSymbolEnd, symbolName } from '../tex/symbol-name';
import type { MathRegion, ScannedDocument, ShapeDeclaration } from './document-model';
import { lastStartingAtOrBefore } from './spans';

/**
 * A dimension kind, `width` for a width the note names without saying whose, `unknown` when the note says
 * things that disagree (a length in one place, a width in another).
 */
export type MeaningKind = DimensionKind | 'width' | 'unknown';

export interface DimensionMeaning {
  /** The symbol as the conventions write it (`d_{model}`). */
  symbol: string;
  kind: MeaningKind;
  /** The sentence, declaration or sum it was read from, as document offsets. */
  startOffset: number;
  endOffset: number;
  quote: string;
}

export const isLengthKind = (kind: MeaningKind): boolean =>
  kind === 'length' || kind === 'query-length' || kind === 'key-length';

/** A width the logits may be scaled by the root of: the key width, the model width, or one not tied to values. */
export const isScaleWidth = (kind: MeaningKind): boolean =>
  kind === 'key-width' || kind === 'model-width' || kind === 'width';

/** Notes define their dimensions near their use; a bounded window keeps a check on a long note cheap. */
const BEFORE = 20_000;
const AFTER = 3_000;
const QUOTE_LENGTH = 160;
/** A formula read for its sums and vector spaces; a longer one is read this far. */
const FORMULA_LIMIT = 20_000;
/** A formula longer than this names no list of symbols. */
const SYMBOL_LIST_LIMIT = 200;

// Symbols are replaced in the prose by OPEN index CLOSE; other math by OTHER, which no pattern reads through.
// Private-use characters: no note's prose holds them.
const OPEN = '\ue000';
const CLOSE = '\ue001';
const OTHER = '\ue002';
const MARKER = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');
const SYM = `${OPEN}\\d+${CLOSE}`;
const LIST = `${SYM}(?:\\s*(?:,|、|，|and|和|与|及)\\s*${SYM})*`;
const PHRASE = `[^${OTHER}${OPEN}\\n]{2,80}`;

/** Sentence patterns: group 1 holds the symbols, group 2 (when present) the words that say what they are. */
const STATEMENTS: readonly { pattern: RegExp; kind?: MeaningKind }[] = [
  {
    pattern: new RegExp(
      `(${LIST})\\s*,?\\s*(?:is|are|denotes?|represents?|stands? for|means|be|being|refers? to|:)\\s+(${PHRASE})`,
      'gi',
    ),
  },
  {
    pattern: new RegExp(
      `(${LIST})\\s*(?:分别)?\\s*(?:为|是|表示|代表|指|即|记为)\\s*([^${OTHER}，。；,;\\n]{1,40})`,
      'g',
    ),
  },
  {
    pattern: new RegExp(
      `((?:sequence|context|input|output|source|target)\\s+length|number of (?:tokens|heads|keys|queries|positions|words)|(?:(?:head|model|embedding|hidden|key|query|value|feature)\\s+)?(?:dimension(?:ality)?|size|width))\\s+(?:is\\s+|=\\s*)?(${LIST})`,
      'gi',
    ),
  },
  { pattern: new RegExp(`(序列长度|长度|维度|维数|头数|头的个数)\\s*(?:为|是|=|：|:)?\\s*(${LIST})`, 'g') },
  {
    pattern: new RegExp(
      `(${LIST})\\s*-?\\s*(?:tokens|words|keys|queries|positions|time\\s*steps|elements|items)\\b`,
      'gi',
    ),
    kind: 'length',
  },
  { pattern: new RegExp(`(${LIST})\\s*个\\s*(?:token|词|位置|键|查询|元素|单词)`, 'gi'), kind: 'length' },
  { pattern: new RegExp(`(${LIST})\\s*-?\\s*(?:dimensional|维)`, 'gi'), kind: 'width' },
];

const DIM = `(?:${SYM}|\\d+)`;
/** `Q has shape (n, d)`, `Q 的形状为 $(B, n, d)$`: the matrix, then its last two dimensions. */
const SHAPE_IN_WORDS = new RegExp(
  `(${SYM})\\s*(?:has|with|of|is|的)?\\s*(?:the\\s+|a\\s+)?(?:shape|size|dimensions?|形状|大小)\\s*(?:is|of|=|:|为|是|：)?\\s*[(\\[]\\s*(?:${DIM}\\s*,\\s*)?(${DIM})\\s*(?:,|×|\\bx\\b)\\s*(${DIM})\\s*[)\\]]`,
  'gi',
);

/** What a phrase ("the number of tokens", "键向量的维度") says a dimension is, or null when it is no dimension. */
export function kindOfPhrase(phrase: string): MeaningKind | null {
  const p = phrase.toLowerCase();
  if (/batch|vocab|window|kernel|chunk|block|词表|批/.test(p)) return null;
  const keyish = /\bkeys?\b|\bquer(?:y|ies)\b|\bheads?\b|\b[qk]\b|键|查询|头/.test(p);
  const valueish = /\bvalues?\b|\bv\b|值/.test(p);
  if (/number of (?:attention )?heads|\bheads\b|头数|头的(?:个数|数量)|注意力头的?(?:个数|数量)/.test(p))
    return 'heads';
  // A vector's length is its width: "the input embedding's length", "length of the key vectors".
  if (/dimension|\bdim\b|\bsize\b|width|vector|embedding|hidden|feature|维|向量|嵌入|隐藏|特征|宽度/.test(p)) {
    if (keyish && !valueish) return 'key-width';
    if (valueish && !keyish) return 'value-width';
    if (/model|embedding|hidden|input|模型|嵌入|隐藏|输入/.test(p)) return 'model-width';
    return 'width';
  }
  if (/length|number of|\btokens?\b|\bpositions\b|\bsteps\b|长度|个数|数量|数目|token|词数/.test(p)) {
    const query = /quer(?:y|ies)|target|decoder|output|查询|目标|解码/.test(p);
    const key = /\bkeys?\b|source|encoder|键|源|编码/.test(p);
    return query === key ? 'length' : query ? 'query-length' : 'key-length';
  }
  return null;
}

/** Token matrices: one row per token, so rows count tokens and columns are a width. (E is often the scores.) */
const TOKEN_MATRICES = new Set(['Q', 'K', 'V', 'X', 'H', 'Y', 'O', 'Z', 'x']);
const SCORE_MATRICES = new Set(['M', 'A', 'S', 'P']);
const isWidth = (kind: MeaningKind | null) =>
  kind !== null && kind !== 'heads' && kind !== 'unknown' && !isLengthKind(kind);

interface Statement {
  symbol: string;
  kind: MeaningKind;
  start: number;
  end: number;
}

type DeclaredShape = Pick<ShapeDeclaration, 'symbol' | 'rows' | 'cols' | 'startOffset' | 'endOffset'>;

/** What a shape declaration says of its two dimensions, by the position each stands in. */
function fromDeclaration(d: DeclaredShape): Statement[] {
  const kinds = declaredKinds(d);
  if (!kinds) return [];
  return [
    { written: d.rows, kind: kinds[0] },
    { written: d.cols, kind: kinds[1] },
  ].flatMap(({ written, kind }) =>
    /^\d+$/.test(written)
      ? []
      : [{ symbol: normaliseDimension(written), kind, start: d.startOffset, end: d.endOffset }],
  );
}

/** The kinds of the rows and columns of a declared matrix, or null when its name does not tell. */
function declaredKinds(d: DeclaredShape): [MeaningKind, MeaningKind] | null {
  const base = d.symbol[0];
  const plain = d.symbol.length === 1 || /^.[_^]/.test(d.symbol);
  if (SCORE_MATRICES.has(base) && plain) return ['query-length', 'key-length'];
  if (base === 'W') {
    const target = /[QKV]/i.exec(d.symbol.slice(1))?.[0]?.toUpperCase();
    return ['model-width', target === 'V' ? 'value-width' : target ? 'key-width' : 'width'];
  }
  if (!TOKEN_MATRICES.has(base) || !plain) return null;
  const role = roleOfLetter(base);
  const width: MeaningKind = role === 'value' ? 'value-width' : role ? 'key-width' : 'model-width';
  const length: MeaningKind = role === 'query' ? 'query-length' : role ? 'key-length' : 'length';
  // Notes that keep tokens as columns (`x \in \mathbb{R}^{d \times L}`) say so by the names they use.
  const cols = dimensionKind(d.cols);
  const transposed = isWidth(dimensionKind(d.rows)) && cols !== null && isLengthKind(cols);
  return transposed ? [width, length] : [length, width];
}

const SUM =
  /\\sum_\{?\s*([a-z])\s*=\s*[01]\s*\}?\s*\^\s*(\{[^{}]{1,30}\}|\\?[A-Za-z](?:_\{[^{}]{1,20}\}|_[A-Za-z0-9])?)/g;
/** Summands over positions: attention weights, exponentials of scores, hidden states and values. */
const OVER_POSITIONS = /\\alpha|\\exp|\be\^|\\mathbf\s*\{?\s*[hvx]|\b[hvs]_|\ba_\{/;

/** `\sum_{i=1}^{n} \alpha_{t,i} h_i` counts positions; `\sum_{i=1}^{d} q_i k_i` counts components. */
function fromSums(region: MathRegion): Statement[] {
  const out: Statement[] = [];
  for (const m of region.tex.slice(0, FORMULA_LIMIT).matchAll(SUM)) {
    const bound = m[2].replace(/^\{|\}$/g, '').trim();
    if (readSymbolEnd(bound, 0, bound.length) !== bound.length) continue;
    const after = m.index + m[0].length;
    const summand = region.tex.slice(after, after + 80);
    const i = m[1];
    const components = new RegExp(`^\\s*[a-zA-Z]_\\{?${i}\\}?\\s*(?:\\\\cdot\\s*)?[a-zA-Z]_\\{?${i}\\}?`).test(summand);
    const kind: MeaningKind | null = components ? 'key-width' : OVER_POSITIONS.test(summand) ? 'length' : null;
    if (!kind) continue;
    // The whole formula is quoted: the sum alone does not say what it runs over.
    const symbol = normaliseDimension(symbolName(bound, 0, bound.length));
    out.push({ symbol, kind, start: region.texOffset, end: region.texOffset + region.tex.length });
  }
  return out;
}

const VECTOR_SPACE = /\\in\s*\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*(\{[^{}]{1,30}\}|\\?[A-Za-z0-9])/g;
/** The vector before `\in`: a lower-case letter, maybe bold, with a subscript (`\mathbf{q}_i`, `k_j`). */
const VECTOR_BEFORE =
  /(?:^|[^\\A-Za-z])([a-z])\s*\}?\s*(?:_\{[^{}]{0,12}\}|_[A-Za-z0-9])?\s*(?:\^\{?[^{}]{0,6}\}?)?\s*$/;

/** `q_i \in \mathbb{R}^{d}`: the dimension of a vector's space is a width, the key width for queries and keys. */
function fromVectorSpaces(region: MathRegion): Statement[] {
  const out: Statement[] = [];
  for (const m of region.tex.slice(0, FORMULA_LIMIT).matchAll(VECTOR_SPACE)) {
    const dim = m[1].replace(/^\{|\}$/g, '').trim();
    if (readSymbolEnd(dim, 0, dim.length) !== dim.length) continue;
    const vector = VECTOR_BEFORE.exec(region.tex.slice(Math.max(0, m.index - 40), m.index))?.[1];
    if (!vector) continue;
    const role = roleOfLetter(vector);
    const kind: MeaningKind = role === 'value' ? 'value-width' : role ? 'key-width' : 'width';
    const symbol = normaliseDimension(symbolName(dim, 0, dim.length));
    out.push({ symbol, kind, start: region.texOffset, end: region.texOffset + region.tex.length });
  }
  return out;
}

/** The symbols a short formula names: `n`, `d_k`, `Q, K`, `d_k、d_v`; null when it is anything else. */
function symbolsOf(tex: string): string[] | null {
  if (tex.length > SYMBOL_LIST_LIMIT) return null;
  const parts = tex.trim().split(/\s*(?:,|、|\\text\s*\{\s*and\s*\})\s*/);
  if (parts.length > 6) return null;
  const names: string[] = [];
  for (const part of parts) {
    if (part === '' || readSymbolEnd(part, 0, part.length) !== part.length) return null;
    names.push(normaliseDimension(symbolName(part, 0, part.length)));
  }
  return names;
}

const BARE_SYMBOL = /(?<![\w\\$])([b-zB-HJ-Z](?:_\{[A-Za-z0-9]{1,12}\}|_[A-Za-z0-9]+)?)(?![\w$])/g;
const SENTENCE_END = /[。！？!?;；]|\.(?=\s)|\n\s*\n|\n(?=\s*(?:#|[-*+]\s|\d+\.\s))/;

/** The prose of [from, to) with its symbols marked, read sentence by sentence. */
function fromProse(read: TextReader, regions: readonly MathRegion[], from: number, to: number): Statement[] {
  const symbols: { names: string[]; start: number; end: number }[] = [];
  let plain = '';
  /** Document offsets at the start of each piece of `plain`, to map sentences back. */
  const pieces: { plain: number; doc: number }[] = [];
  const mark = (names: string[], start: number, end: number) => {
    symbols.push({ names, start, end });
    return `${OPEN}${symbols.length - 1}${CLOSE}`;
  };
  const prose = (start: number, end: number) => {
    pieces.push({ plain: plain.length, doc: start });
    const slice = read(start, end);
    let last = 0;
    for (const m of slice.matchAll(BARE_SYMBOL)) {
      plain += slice.slice(last, m.index);
      pieces.push({ plain: plain.length, doc: start + m.index });
      plain += mark([normaliseDimension(m[1])], start + m.index, start + m.index + m[1].length);
      last = m.index + m[0].length;
      pieces.push({ plain: plain.length, doc: start + last });
    }
    plain += slice.slice(last);
  };
  let at = from;
  for (let i = Math.max(0, lastStartingAtOrBefore(regions, from)); i < regions.length; i++) {
    const r = regions[i];
    if (r.startOffset >= to) break;
    if (r.endOffset <= at) continue;
    prose(at, r.startOffset);
    pieces.push({ plain: plain.length, doc: r.startOffset });
    const names = symbolsOf(r.tex);
    const tuple = names ? null : tupleOf(r.tex);
    if (names) plain += mark(names, r.startOffset, r.endOffset);
    else if (tuple)
      plain += `(${tuple.map((d) => (/^\d+$/.test(d) ? d : mark([d], r.startOffset, r.endOffset))).join(', ')})`;
    else plain += ` ${OTHER} `;
    at = r.endOffset;
    pieces.push({ plain: plain.length, doc: at });
  }
  prose(at, to);
  const docOffset = (p: number) => {
    let lo = 0;
    for (let hi = pieces.length - 1; lo < hi; ) {
      const mid = (lo + hi + 1) >>> 1;
      if (pieces[mid].plain <= p) lo = mid;
      else hi = mid - 1;
    }
    return Math.min(to, pieces[lo].doc + Math.max(0, p - pieces[lo].plain));
  };
  const named = (s: string) => s.replace(MARKER, (_, k) => ` ${symbols[Number(k)].names.join(', ')} `);

  const out: Statement[] = [];
  let start = 0;
  for (const sentence of plain.split(SENTENCE_END)) {
    const sentenceStart = plain.indexOf(sentence, start);
    start = sentenceStart + sentence.length;
    if (!sentence.includes(OPEN)) continue;
    for (const { pattern, kind: fixed } of STATEMENTS) {
      for (const m of sentence.matchAll(pattern)) {
        const [listText, words] = m[1].startsWith(OPEN) ? [m[1], m[2]] : [m[2], m[1]];
        const kind = fixed ?? kindOfPhrase(named(words ?? ''));
        if (!kind) continue;
        for (const k of listText.matchAll(MARKER))
          for (const symbol of symbols[Number(k[1])].names)
            out.push({
              symbol,
              kind,
              start: docOffset(sentenceStart),
              end: docOffset(sentenceStart + sentence.length),
            });
      }
    }
    const nameOf = (written: string) => {
      const k = /\d+/.exec(written)?.[0];
      return written.startsWith(OPEN) && k !== undefined ? symbols[Number(k)].names[0] : written;
    };
    for (const m of sentence.matchAll(SHAPE_IN_WORDS)) {
      const [symbol, rows, cols] = [nameOf(m[1]), nameOf(m[2]), nameOf(m[3])];
      const [startOffset, endOffset] = [docOffset(sentenceStart), docOffset(sentenceStart + sentence.length)];
      out.push(...fromDeclaration({ symbol, rows, cols, startOffset, endOffset }));
    }
  }
  return out;
}

/** `(n, d)`, `[B, n, d]`, `n \times d`: the dimensions of a shape written alone, or null. */
function tupleOf(tex: string): string[] | null {
  if (tex.length > SYMBOL_LIST_LIMIT) return null;
  const inner = tex.trim().replace(/^[([]\s*|\s*[)\]]$/g, '');
  const parts = inner.split(/\s*(?:,|\\times|×)\s*/);
  if (parts.length < 2 || parts.length > 4) return null;
  const dims: string[] = [];
  for (const part of parts) {
    if (/^\d+$/.test(part)) dims.push(part);
    else if (part !== '' && readSymbolEnd(part, 0, part.length) === part.length)
      dims.push(normaliseDimension(symbolName(part, 0, part.length)));
    else return null;
  }
  return dims;
}

/** Reads the document's text between two offsets. */
export type TextReader = (start: number, end: number) => string;

/**
 * What the note says `symbol` is, read around `offset` (the place it is used): the statement nearest to it
 * (`unknown` when its statements disagree), or null when the note says nothing of it. `read` gives the note's
 * text: only a window around `offset` is read.
 */
export function meaningOf(
  read: TextReader,
  scan: ScannedDocument,
  symbol: string,
  offset: number,
): DimensionMeaning | null {
  const wanted = normaliseDimension(symbol);
  const from = Math.max(0, offset - BEFORE);
  const window = read(from, offset + AFTER);
  const to = from + window.length;
  const text: TextReader = (start, end) => window.slice(start - from, end - from);
  const statements = [
    ...fromProse(text, scan.regions, from, to),
    ...within(scan.shapes, from, to).flatMap(fromDeclaration),
    ...within(scan.regions, from, to).flatMap((r) => [...fromSums(r), ...fromVectorSpaces(r)]),
  ].filter((s) => s.symbol === wanted);
  if (statements.length === 0) return null;
  const classOf = (k: MeaningKind) => (isLengthKind(k) ? 'length' : k === 'heads' ? 'heads' : 'width');
  const agree = new Set(statements.map((s) => classOf(s.kind))).size === 1;
  const nearest = statements.reduce((a, b) => (distance(b, offset) < distance(a, offset) ? b : a));
  const quote = text(nearest.start, nearest.end).replace(/\s+/g, ' ').trim();
  return {
    symbol: wanted,
    kind: agree ? nearest.kind : 'unknown',
    startOffset: nearest.start,
    endOffset: nearest.end,
    quote: quote.length > QUOTE_LENGTH ? `${quote.slice(0, QUOTE_LENGTH - 1)}…` : quote,
  };
}

/** The spans (in document order) that start within [from, to). */
function within<T extends { startOffset: number }>(spans: readonly T[], from: number, to: number): T[] {
  const first = lastStartingAtOrBefore(spans, from - 1) + 1;
  const last = lastStartingAtOrBefore(spans, to - 1);
  return spans.slice(first, last + 1);
}

const distance = (s: Statement, offset: number) =>
  offset < s.start ? s.start - offset : offset > s.end ? offset - s.end : 0;
