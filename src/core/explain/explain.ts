// Explains what is at a place in a document: a matrix literal (its name and shape), a symbol of an attention
// formula (what it is, its shape here, why), or the formula itself (its kind, its inputs with their shapes, and
// for cross-attention where Q, K and V come from and which mask belongs there). Corrections are added where the
// prose next to the formula states a misconception. Never throws on bad TeX: an unreadable formula explains nothing.
import type { Classification } from '../attention/classify';
import { isKeyWidth, isVectorName, roleOfLetter } from '../attention/conventions';
import { classifyRegion, definitionsOf } from '../attention/formula-inputs';
import { isScaleWidth, meaningOf } from '../document/dimension-meanings';
import type { MathRegion, MatrixLiteral } from '../document/document-model';
import { lastStartingAtOrBefore, spanAt } from '../document/spans';
import {
  type Correction,
  type Explanation,
  type Extent,
  type FormulaExplanation,
  type InputRow,
  isVector,
  type MatrixExplanation,
  type NoteSays,
  type ScaleSummary,
  SOFTMAX_FORMS,
  type SymbolExplanation,
  type Topic,
} from './explain-model';
import { readProse, type TextReader } from './explain-prose';
import { type DocumentLookups, ShapeResolver } from './explain-shapes';
import { nodePathAt, roleOf, type TopicAt, topicAt, topicOfName } from './explain-topics';

export type { TextReader } from './explain-prose';
export type { DocumentLookups } from './explain-shapes';

/** Corrections that concern a topic: K and V's source for K and V, the mask claim for M. */
function correctionsFor(topic: Topic, corrections: Correction[]): Correction[] {
  if (topic.type !== 'role') return [];
  const claim = topic.role === 'mask' ? 'cross-future-mask' : topic.role === 'query' ? null : 'cross-kv-source';
  return corrections.filter((c) => c.claim === claim);
}

/** A root the logits are rightly scaled by: d_k, or a width the note names (its own d, the embedding size). */
const standardRoot = (of: string, said: NoteSays | null) =>
  isKeyWidth(of) || (said !== null && isScaleWidth(said.kind));

function scaleOf(c: Classification, tex: string, noteSays: (symbol: string) => NoteSays | null): ScaleSummary | null {
  if (!c.scale) return null;
  if (c.scale.written === 'none') return { type: 'none' };
  if (c.scale.sqrtOf !== null) {
    const of = c.scale.sqrtOf;
    return { type: 'sqrt', of, standard: standardRoot(of, noteSays(of)) };
  }
  return { type: 'other', tex: tex.slice(c.scale.by.start, c.scale.by.end).trim() };
}

/** l_q × d_v; for one query, one vector as long as a value (a row of the output). */
function outputOf(query: Extent, value: Extent): Extent | null {
  if (isVector(value)) return isVector(query) ? value : null;
  if (isVector(query))
    return { vector: true, symbolic: [value.symbolic?.[1] ?? 'd_v'], numeric: value.numeric && [value.numeric[1]] };
  return {
    symbolic: [query.symbolic?.[0] ?? 'l_q', value.symbolic?.[1] ?? 'd_v'],
    numeric: query.numeric && value.numeric ? [query.numeric[0], value.numeric[1]] : null,
  };
}

const NO_ROLES = { query: null, key: null, value: null, mask: null };

function explainMatrix(m: MatrixLiteral, read: TextReader): MatrixExplanation {
  const oneLine = (m.rows === 1) !== (m.cols === 1) && (m.name === null || isVectorName(m.name));
  const vector = oneLine ? (m.cols === 1 ? 'column' : 'row') : null;
  // `k_2` is one key: the role of its letter.
  const role = vector && m.name !== null ? roleOfLetter(m.name[0]) : null;
  const topic = m.name === null ? null : (topicOfName(m.name, NO_ROLES) ?? (role && { type: 'role' as const, role }));
  return {
    type: 'matrix',
    name: m.name,
    form: m.form,
    rows: m.rows,
    cols: m.cols,
    raggedRows: m.raggedRows.map((r) => r + 1),
    nonNumeric: m.nonNumeric.map((p) => p.text),
    topic,
    vector,
    tex: read(m.startOffset, m.endOffset),
    startOffset: m.startOffset,
    endOffset: m.endOffset,
  };
}

class FormulaReader {
  readonly c: Classification;
  readonly shapes: ShapeResolver;
  private prose: ReturnType<typeof readProse> | undefined;

  constructor(
    private readonly doc: DocumentLookups,
    readonly region: MathRegion,
    private readonly read: TextReader,
  ) {
    this.c = classifyRegion(doc.scan, lastStartingAtOrBefore(doc.scan.regions, region.startOffset));
    this.shapes = new ShapeResolver(definitionsOf(doc.scan), region.endOffset, this.c.roles);
  }

  /** Read once, and only when an explanation needs it. */
  private get reading() {
    this.prose ??= readProse(
      this.read,
      this.region.startOffset,
      this.region.endOffset,
      this.c.kind === 'cross_attention_definition',
    );
    return this.prose;
  }

  /** What the note says a dimension is, near this formula; null when it says nothing, or two things. */
  readonly noteSays = (symbol: string): NoteSays | null => {
    const m = meaningOf(this.read, this.doc.scan, symbol, this.region.startOffset);
    return m && m.kind !== 'unknown' ? { kind: m.kind, quote: m.quote } : null;
  };

  /** A symbol the conventions do not name (`n`, `L`, `D_k`) that the note says is a dimension. */
  private noteDimensionAt(at: number): TopicAt | null {
    const node = this.c.formula ? nodePathAt(this.c.formula, at).at(-1) : undefined;
    if (node?.type !== 'symbol') return null;
    const said = this.noteSays(node.name);
    return said && { topic: { type: 'note-dimension', kind: said.kind }, node, name: node.name };
  }

  symbol(offset: number): SymbolExplanation | null {
    const at = offset - this.region.texOffset;
    const found = topicAt(this.c, this.region.tex, at) ?? this.noteDimensionAt(at);
    if (!found) return null;
    const { node, name } = found;
    const role = found.topic.type === 'role' ? found.topic.role : null;
    const matrixLike = role !== null || found.topic.type === 'projection' || found.topic.type === 'output-projection';
    const dimension =
      found.topic.type === 'scaling'
        ? found.topic.of
        : found.topic.type === 'dimension' || found.topic.type === 'note-dimension'
          ? name
          : null;
    // The note's words are quoted where the conventions do not already say what the name is.
    const unconventional =
      found.topic.type === 'note-dimension' || (found.topic.type === 'scaling' && !isKeyWidth(found.topic.of));
    const noteSays = dimension !== null && unconventional ? this.noteSays(dimension) : null;
    const topic =
      found.topic.type === 'scaling'
        ? { ...found.topic, standard: standardRoot(found.topic.of, noteSays) }
        : found.topic;
    const { cross, corrections } = this.reading;
    return {
      type: 'symbol',
      symbol: name,
      topic,
      cross,
      shape: matrixLike ? this.shapes.extent(name, role) : null,
      value: dimension === null ? null : this.shapes.dimension(dimension),
      noteSays,
      corrections: correctionsFor(topic, corrections),
      tex: this.region.tex,
      startOffset: this.region.texOffset + node.start,
      endOffset: this.region.texOffset + node.end,
    };
  }

  formula(): FormulaExplanation | null {
    const { kind, roles } = this.c;
    if (kind === 'none') return null;
    const inputs: InputRow[] = [];
    for (const role of ['query', 'key', 'value', 'mask'] as const) {
      const symbol = roles[role];
      if (symbol && roleOf(symbol, roles) === role)
        inputs.push({ symbol, role, shape: this.shapes.extent(symbol, role) });
    }
    const [query, value] = [inputs.find((i) => i.role === 'query'), inputs.find((i) => i.role === 'value')];
    const output = SOFTMAX_FORMS.has(kind) && query && value ? outputOf(query.shape, value.shape) : null;
    const { cross, corrections } = this.reading;
    return {
      type: 'formula',
      tex: this.region.tex,
      kind,
      cross,
      scale: scaleOf(this.c, this.region.tex, this.noteSays),
      inputs,
      output,
      corrections,
      startOffset: this.region.startOffset,
      endOffset: this.region.endOffset,
    };
  }
}

/**
 * The explanation for `offset` of the document, or null when there is nothing to explain there. `read` gives the
 * document's text between two offsets: the prose near a formula and the TeX of a literal are read through it.
 */
export function explainAt(doc: DocumentLookups, offset: number, read: TextReader): Explanation | null {
  const region = doc.regionAt(offset);
  if (!region) return null;
  const literal = spanAt(doc.scan.matrices, offset);
  if (literal) return explainMatrix(literal, read);
  const formula = new FormulaReader(doc, region, read);
  return formula.symbol(offset) ?? formula.formula();
}
