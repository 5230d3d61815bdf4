// The scanner's entry: a document's text in, its math regions, matrix literals, shape declarations, scalar
// definitions and macros out, with positions. Bad input never throws: what cannot be read becomes a problem.
import type {
  DocumentFormat,
  MacroDefinition,
  MathRegion,
  MatrixLiteral,
  ScalarDefinition,
  ScannedDocument,
  ScanProblem,
  ShapeDeclaration,
} from './document-model';
import { findLatexRegions } from './latex-regions';
import { DEFAULT_EXPANSION_LIMITS, definitionsFromSetting, type ExpansionLimits, expandMacros } from './macros';
import { findMarkdownRegions } from './markdown-regions';
import { analyzeMath, type MathFindings } from './math-analysis';
import { LineIndex } from './positions';
import type { FoundRegion } from './regions';

export interface ScanOptions {
  /** User macros as KaTeX's `macros` option writes them: `{ "\\R": "\\mathbb{R}" }`. */
  macros?: Readonly<Record<string, string>>;
  expansionLimits?: ExpansionLimits;
}

/**
 * Scans `text`. `ScannedDocument.macros` lists the document's own definitions (user macros are the caller's);
 * both are expanded before matrices, shapes and scalars are read, so `\R^{n\times d}` is understood.
 */
export function scanDocument(text: string, format: DocumentFormat, options: ScanOptions = {}): ScannedDocument {
  return scanWithLines(text, format, options, new LineIndex(text));
}

/** As `scanDocument`, reusing a line table the caller already has. */
export function scanWithLines(
  text: string,
  format: DocumentFormat,
  options: ScanOptions,
  lines: LineIndex,
): ScannedDocument {
  const found = format === 'latex' ? findLatexRegions(text) : findMarkdownRegions(text);
  const macroMap = new Map<string, MacroDefinition>();
  for (const d of definitionsFromSetting(options.macros ?? {})) macroMap.set(d.name, d);
  const documentMacros = [...found.macros];
  for (const d of documentMacros) macroMap.set(d.name, d);

  const doc: ScannedDocument = {
    format,
    regions: [],
    matrices: [],
    shapes: [],
    scalars: [],
    macros: documentMacros,
    problems: found.problems.map((p) => ({ ...lines.located(p.start, p.end), message: p.message })),
  };
  const limits = options.expansionLimits ?? DEFAULT_EXPANSION_LIMITS;

  found.regions.forEach((region, index) => {
    doc.regions.push(toRegion(region, text, lines));
    let analysed = analyzeRegion(text, region, macroMap, limits);
    if (analysed.findings.definitions.length > 0) {
      // Definitions apply from where they are, so a region that defines a macro and uses it is read again.
      for (const d of analysed.findings.definitions) {
        macroMap.set(d.name, d);
        documentMacros.push(d);
      }
      analysed = analyzeRegion(text, region, macroMap, limits);
    }
    addFindings(doc, analysed, index, lines);
  });
  doc.problems.sort((a, b) => a.startOffset - b.startOffset);
  return doc;
}

interface AnalysedRegion {
  findings: MathFindings;
  /** Offsets of the analysed text -> document offsets. */
  toSource(offset: number): number;
  expansionProblem: FoundProblemAt | null;
}

interface FoundProblemAt {
  start: number;
  end: number;
  message: string;
}

function analyzeRegion(
  text: string,
  region: FoundRegion,
  macros: ReadonlyMap<string, MacroDefinition>,
  limits: ExpansionLimits,
): AnalysedRegion {
  const expansion = expandMacros(text, region.texStart, region.texEnd, macros, limits);
  if (expansion && 'text' in expansion) {
    return {
      findings: analyzeMath(expansion.text, 0, expansion.text.length),
      toSource: expansion.toSource,
      expansionProblem: null,
    };
  }
  return {
    findings: analyzeMath(text, region.texStart, region.texEnd),
    toSource: identity,
    expansionProblem: expansion ? { start: region.start, end: region.texStart, message: expansion.problem } : null,
  };
}

const identity = (offset: number) => offset;

function toRegion(r: FoundRegion, text: string, lines: LineIndex): MathRegion {
  return {
    ...lines.located(r.start, r.end),
    kind: r.kind,
    delimiter: r.delimiter,
    tex: text.slice(r.texStart, r.texEnd),
    texOffset: r.texStart,
  };
}

function addFindings(doc: ScannedDocument, analysed: AnalysedRegion, regionIndex: number, lines: LineIndex): void {
  const { findings, toSource } = analysed;
  const at = (start: number, end: number) => lines.located(toSource(start), toSource(end));
  for (const { name, literal } of findings.matrices) {
    const matrix: MatrixLiteral = {
      ...at(literal.start, literal.end),
      name,
      form: literal.form,
      rows: literal.rows,
      cols: literal.cols,
      values: literal.values,
      raggedRows: literal.raggedRows,
      nonNumeric: literal.nonNumeric.map((e) => ({ ...at(e.start, e.end), row: e.row, col: e.col, text: e.text })),
      regionIndex,
    };
    doc.matrices.push(matrix);
  }
  for (const s of findings.shapes) {
    const shape: ShapeDeclaration = {
      ...at(s.start, s.end),
      symbol: s.symbol,
      rows: s.rows,
      cols: s.cols,
      regionIndex,
    };
    doc.shapes.push(shape);
  }
  for (const s of findings.scalars) {
    const scalar: ScalarDefinition = { ...at(s.start, s.end), symbol: s.symbol, value: s.value, regionIndex };
    doc.scalars.push(scalar);
  }
  const problems: ScanProblem[] = findings.problems.map((p) => ({ ...at(p.start, p.end), message: p.message }));
  if (analysed.expansionProblem) {
    const p = analysed.expansionProblem;
    problems.push({ ...lines.located(p.start, p.end), message: p.message });
  }
  doc.problems.push(...problems);
}
