// An explanation as Markdown, in one language. Everything taken from the document (symbol names, dimensions,
// quoted sentences, a literal's form) is escaped, so no text of the document becomes markup, HTML or a link.

import type { Language } from '../i18n';
import { type ExplainMessages, explainMessages } from './explain-messages';
import {
  type Explanation,
  type Extent,
  type FormulaExplanation,
  isVector,
  type MatrixExplanation,
  type ShapeInfo,
  SOFTMAX_FORMS,
  type SymbolExplanation,
  type VectorShape,
} from './explain-model';
import { dimensionName } from './explain-shapes';

/**
 * Backslash-escapes every ASCII punctuation character CommonMark or GFM could read as markup, an HTML tag, an
 * entity or the start of an autolink (`:` and `.` break `https://` and `www.`), and folds line breaks.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&$:^"'=]/g, '\\$&').replace(/\s*[\r\n]+\s*/g, ' ');
}

/** `d_{\text{model}}` -> `d_model`, as shown in prose and tables. */
const shownDimension = (written: string) => dimensionName(written).replace(/_\{([^{}]*)\}/g, '_$1');

const fmt = (n: number) => String(Number(n.toPrecision(4)));

/** A vector's length: `d\_k = 3`, `d\_k` or `3`. */
function lengthText(v: VectorShape): string {
  const [length] = v.symbolic;
  const symbolic = /^\d+$/.test(length.trim()) ? null : escapeMarkdown(shownDimension(length));
  const numeric = v.numeric && String(v.numeric[0]);
  return symbolic && numeric ? `${symbolic} = ${numeric}` : (symbolic ?? numeric ?? length);
}

/** A matrix's shape as a table cell: `l\_k × d\_k = 4 × 3`; a vector's as its length, in words. */
function extentText(e: Extent, m: ExplainMessages): string {
  return isVector(e) ? m.vectorShape(lengthText(e)) : shapeText(e);
}

export function shapeText(shape: ShapeInfo): string {
  const numeric = shape.numeric && `${shape.numeric[0]} × ${shape.numeric[1]}`;
  if (!shape.symbolic) return numeric ?? '';
  const symbolic = `${escapeMarkdown(shownDimension(shape.symbolic[0]))} × ${escapeMarkdown(shownDimension(shape.symbolic[1]))}`;
  const allNumerals = shape.symbolic.every((d) => /^\d+$/.test(d.trim()));
  return numeric && !allNumerals ? `${symbolic} = ${numeric}` : symbolic;
}

const section = (heading: string, items: string[]) => [`**${heading}**`, items.map((i) => `- ${i}`).join('\n')];

function formulaMarkdown(e: FormulaExplanation, m: ExplainMessages): string[] {
  const title = `**${m.kind(e.kind)}**${e.cross && e.kind !== 'cross_attention_definition' ? ` — ${m.presentedAsCross()}` : ''}`;
  const out = [title];
  const scale =
    e.scale === null
      ? ''
      : e.scale.type === 'none'
        ? m.scaleNone()
        : e.scale.type === 'sqrt' && e.scale.standard
          ? m.scaleSqrt(escapeMarkdown(e.scale.of))
          : m.scaleOther(escapeMarkdown(e.scale.type === 'sqrt' ? `1/√${e.scale.of}` : e.scale.tex));
  const computation = SOFTMAX_FORMS.has(e.kind)
    ? m.computation(e.kind === 'masked_scaled_dot_product')
    : m.kindDetail(e.kind);
  const about = [computation, scale].filter(Boolean).join(' ');
  if (about) out.push(about);
  if (e.inputs.length > 0) {
    const rows = e.inputs.map(
      (i) =>
        `| ${escapeMarkdown(i.symbol)} | ${isVector(i.shape) ? m.vectorRole(i.role, e.cross) : m.role(i.role, e.cross)} | ${extentText(i.shape, m)} |`,
    );
    if (e.output) rows.push(`| ${m.output()} | | ${extentText(e.output, m)} |`);
    out.push(
      [
        `| ${m.tableHeader('symbol')} | ${m.tableHeader('role')} | ${m.tableHeader('shape')} |`,
        '| --- | --- | --- |',
        ...rows,
      ].join('\n'),
    );
  }
  if (e.cross)
    out.push(...section(m.crossHeading(), [m.crossQuery(), m.crossKeyValue(), m.crossLengths(), m.crossMask()]));
  return out;
}

function symbolMarkdown(e: SymbolExplanation, m: ExplainMessages): string[] {
  const t = e.topic;
  const vector = e.shape !== null && isVector(e.shape);
  const word = vector && t.type === 'role' ? m.vectorRole(t.role, false) : m.topicWord(t);
  const out = [`**${escapeMarkdown(e.symbol)}** — ${word}`];
  if (e.shape && isVector(e.shape)) out.push(m.lengthHere(lengthText(e.shape)));
  else if (e.shape) out.push(e.shape.symbolic || e.shape.numeric ? m.shapeHere(shapeText(e.shape)) : m.noShape());
  if ((t.type === 'dimension' || t.type === 'note-dimension') && e.value !== null)
    out.push(m.valueHere(escapeMarkdown(e.symbol), fmt(e.value)));
  if (e.noteSays) out.push(m.noteSays(e.noteSays.kind, escapeMarkdown(e.noteSays.quote)));
  switch (t.type) {
    case 'role':
      out.push(
        vector ? m.vectorTopic(t.role) : m.roleTopic(t.role),
        e.cross ? m.roleInCross(t.role) : m.roleInSelf(t.role),
      );
      break;
    case 'dimension':
      out.push(m.dimension(t.dimension));
      if (e.cross && m.dimensionInCross(t.dimension)) out.push(m.dimensionInCross(t.dimension));
      break;
    case 'projection': {
      const width = t.target === 'V' ? 'd_v' : 'd_k';
      out.push(m.projection(t.target, t.head && escapeMarkdown(t.head), escapeMarkdown(`d_model × ${width}`)));
      break;
    }
    case 'output-projection':
      out.push(m.outputProjection());
      break;
    case 'head':
      out.push(m.head(escapeMarkdown(t.index)));
      break;
    case 'softmax':
      out.push(m.softmax());
      break;
    case 'note-dimension':
      break;
    case 'scaling': {
      const of = escapeMarkdown(t.of);
      if (!t.standard) out.push(m.scalingNotStandard(of));
      out.push(m.scaling());
      if (e.value !== null) {
        const root = Math.sqrt(e.value);
        out.push(m.scalingValue(of, `√${fmt(e.value)} ${Number.isInteger(root) ? '=' : '≈'} ${fmt(root)}`));
      }
      break;
    }
  }
  return out;
}

function matrixMarkdown(e: MatrixExplanation, m: ExplainMessages): string[] {
  const form = escapeMarkdown(e.form);
  const what = e.vector ? m.vectorLiteral(form, e.vector, e.rows * e.cols) : m.matrix(form, `${e.rows} × ${e.cols}`);
  const out = [e.name === null ? `**${what}**` : `**${escapeMarkdown(e.name)}** — ${what}`];
  if (e.topic?.type === 'role') out.push(e.vector ? m.vectorTopic(e.topic.role) : m.roleTopic(e.topic.role));
  if (e.raggedRows.length > 0) out.push(m.raggedRows(e.raggedRows.join(', ')));
  if (e.nonNumeric.length > 0) out.push(m.nonNumeric(e.nonNumeric.map(escapeMarkdown).join(', ')));
  return out;
}

/** The explanation as Markdown paragraphs, in `lang`. */
export function explanationToMarkdown(e: Explanation, lang: Language): string {
  const m = explainMessages[lang];
  const parts =
    e.type === 'formula' ? formulaMarkdown(e, m) : e.type === 'symbol' ? symbolMarkdown(e, m) : matrixMarkdown(e, m);
  const corrections = e.type === 'matrix' ? [] : e.corrections;
  if (corrections.length > 0)
    parts.push(
      ...section(
        m.correctionHeading(),
        corrections.map((c) => m.correction(c.claim, escapeMarkdown(c.quote))),
      ),
    );
  return `${parts.join('\n\n')}\n`;
}
