// The scanner's entry: a document's text in, its math regions, matrix literals, shape declarations, scalar
// definitions and macros out, with positions. Bad input never throws: what cannot be read becomes a problem.

import type { ExpansionLimits } from '../tex/macros';
import * as macroExpansion from '../tex/macros';
import type {
  DocumentFormat,
  MacroDefinition,
  MatrixLiteral,
  ScalarDefinition,
  ScannedDocument,
  ScanProblem,
  ShapeDeclaration,
} from './document-model';
import { findLatexRegions } from './latex-regions';
import { isEscapedDelimiter, unescapeMarkdown } from './markdown-escapes';
import { findMarkdownRegions } from './markdown-regions';
import type { MathSink } from './math-analysis';
import { ReplayedReads } from './math-replays';
import type { LiteralFound } from './matrix-literal';
import { LineIndex } from './positions';
import type { FoundRegion, RegionScan } from './regions';
import type { Resume, ResyncPoint } from './resync-points';
import { rememberSource } from './source-text';

/** The empty list of every rectangular, numeric literal: a large note has tens of thousands. */
const NONE: readonly never[] = Object.freeze([]);

// Bound once at load: CommonJS transpilation (tests, benchmarks) would otherwise read every imported name
// through a property getter, for every region.
const { DEFAULT_EXPANSION_LIMITS, definitionsFromSetting, expandMacros } = macroExpansion;

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
  return scanTracked(text, format, options, lines).doc;
}

/** What a later rescan of part of the document needs besides the document itself (see incremental-scan.ts). */
export interface ScanTrail {
  textLength: number;
  points: ResyncPoint[];
  /** How many of the document's macros the finder met outside math; the rest were defined in regions. */
  outsideDefinitions: number;
  /** The region defining each of the other macros. */
  definedIn: number[];
}

export interface TrackedScan {
  doc: ScannedDocument;
  trail: ScanTrail;
}

/** The region finder of `format`, from the beginning or resumed. */
export function findRegions(text: string, format: DocumentFormat, resume?: Resume): RegionScan {
  return format === 'latex' ? findLatexRegions(text, resume) : findMarkdownRegions(text, resume);
}

/** The macros in force before the first region: the user's, then those defined outside math. */
export function outsideMacros(options: ScanOptions, outside: readonly MacroDefinition[]): Map<string, MacroDefinition> {
  const macros = new Map<string, MacroDefinition>();
  for (const d of definitionsFromSetting(options.macros ?? {})) macros.set(d.name, d);
  for (const d of outside) macros.set(d.name, d);
  return macros;
}

/** `scanWithLines` with what a later incremental rescan needs. */
export function scanTracked(text: string, format: DocumentFormat, options: ScanOptions, lines: LineIndex): TrackedScan {
  const found = findRegions(text, format);
  const read = readRegions(text, format, found, 0, outsideMacros(options, found.macros), options, lines);
  const doc = { ...read.doc, macros: [...found.macros, ...read.doc.macros] };
  rememberSource(doc, lines);
  return {
    doc,
    trail: {
      textLength: text.length,
      points: found.resync.points,
      outsideDefinitions: found.macros.length,
      definedIn: read.definedIn,
    },
  };
}

/**
 * Reads the TeX of the found regions, numbered from `firstIndex`, with `macros` in force before the first (the map
 * gains the regions' definitions). The result's macros are the regions' own; its problems are the finder's and the
 * analysis's, by offset.
 */
export function readRegions(
  text: string,
  format: DocumentFormat,
  found: RegionScan,
  firstIndex: number,
  macros: Map<string, MacroDefinition>,
  options: ScanOptions,
  lines: LineIndex,
): { doc: ScannedDocument; definedIn: number[] } {
  const regions = found.regions;
  const builder = new DocumentBuilder(format, regions, lines, firstIndex);
  for (const p of found.problems) builder.problemAt(p.start, p.end, p.message);
  const limits = options.expansionLimits ?? DEFAULT_EXPANSION_LIMITS;

  for (let index = 0; index < regions.length; index++) {
    const region = regions[index];
    builder.region(region, index);
    builder.mark();
    analyzeRegion(text, region, macros, limits, builder);
    if (builder.newDefinitions.length > 0) {
      // Definitions apply from where they are, so a region that defines a macro and uses it is read again.
      for (const d of builder.newDefinitions) macros.set(d.name, d);
      builder.rewind();
      analyzeRegion(text, region, macros, limits, builder);
      builder.adoptDefinitions();
    }
  }
  return builder.finish();
}

function analyzeRegion(
  text: string,
  region: FoundRegion,
  macros: ReadonlyMap<string, MacroDefinition>,
  limits: ExpansionLimits,
  builder: DocumentBuilder,
): void {
  if (isEscapedDelimiter(region.delimiter)) {
    readEscaped(text, region, macros, limits, builder);
    return;
  }
  const expansion = expandMacros(text, region.texOffset, region.texEnd, macros, limits);
  if (expansion && 'text' in expansion) {
    builder.toSource = expansion.toSource;
    builder.reader.read(expansion.text, 0, expansion.text.length);
    return;
  }
  builder.toSource = null;
  if (expansion) builder.problemAt(region.startOffset, region.texOffset, expansion.problem);
  builder.reader.read(text, region.texOffset, region.texEnd);
}

/** Math escaped for Markdown: its TeX without the escapes is read, its findings placed back in the document. */
function readEscaped(
  text: string,
  region: FoundRegion,
  macros: ReadonlyMap<string, MacroDefinition>,
  limits: ExpansionLimits,
  builder: DocumentBuilder,
): void {
  const tex = unescapeMarkdown(text, region.texOffset, region.texEnd);
  const expansion = expandMacros(tex.text, 0, tex.text.length, macros, limits);
  if (expansion && 'text' in expansion) {
    builder.toSource = (offset) => tex.toSource(expansion.toSource(offset));
    builder.reader.read(expansion.text, 0, expansion.text.length);
    return;
  }
  builder.toSource = tex.toSource;
  if (expansion) builder.problemAt(region.startOffset, region.texOffset, expansion.problem);
  builder.reader.read(tex.text, 0, tex.text.length);
}

/** Builds the document's data as findings arrive, with positions from the line table. The regions are the finder's. */
class DocumentBuilder implements MathSink {
  private readonly doc: ScannedDocument;
  /** Maps offsets of the analysed text to the document when it is a macro expansion; null when they are equal. */
  toSource: ((offset: number) => number) | null = null;
  /** Definitions met in the current region, not yet in effect for it. */
  readonly newDefinitions: MacroDefinition[] = [];
  private regionIndex = -1;
  private readonly marks = [0, 0, 0, 0];
  private readonly definedIn: number[] = [];
  /** Reads each distinct TeX once, replaying its findings where it repeats. */
  readonly reader = new ReplayedReads(this);

  constructor(
    format: DocumentFormat,
    regions: FoundRegion[],
    private readonly lines: LineIndex,
    private readonly firstIndex: number,
  ) {
    this.doc = { format, regions, matrices: [], shapes: [], scalars: [], macros: [], problems: [] };
  }

  /** The `index`-th of the regions, whose TeX is read next. */
  region(r: FoundRegion, index: number): void {
    this.regionIndex = this.firstIndex + index;
    r.locate(this.lines);
  }

  /** Notes the lengths of the finding lists, to drop what a region produced when it is read again. */
  mark(): void {
    const d = this.doc;
    this.marks[0] = d.matrices.length;
    this.marks[1] = d.shapes.length;
    this.marks[2] = d.scalars.length;
    this.marks[3] = d.problems.length;
  }

  rewind(): void {
    const d = this.doc;
    this.newDefinitions.length = 0;
    d.matrices.length = this.marks[0];
    d.shapes.length = this.marks[1];
    d.scalars.length = this.marks[2];
    d.problems.length = this.marks[3];
  }

  finish(): { doc: ScannedDocument; definedIn: number[] } {
    this.doc.problems.sort((a, b) => a.startOffset - b.startOffset);
    return { doc: this.doc, definedIn: this.definedIn };
  }

  private source(offset: number): number {
    return this.toSource === null ? offset : this.toSource(offset);
  }

  matrix(name: string | null, literal: LiteralFound): void {
    const start = this.source(literal.start);
    const end = this.source(literal.end);
    const matrix: MatrixLiteral = {
      range: this.lines.range(start, end),
      startOffset: start,
      endOffset: end,
      name,
      form: literal.form,
      rows: literal.rows,
      cols: literal.cols,
      values: literal.values,
      raggedRows: literal.raggedRows.length === 0 ? NONE : literal.raggedRows,
      nonNumeric:
        literal.nonNumeric.length === 0
          ? NONE
          : literal.nonNumeric.map((e) => {
              const s = this.source(e.start);
              const t = this.source(e.end);
              return {
                range: this.lines.range(s, t),
                startOffset: s,
                endOffset: t,
                row: e.row,
                col: e.col,
                text: e.text,
              };
            }),
      regionIndex: this.regionIndex,
    };
    this.doc.matrices.push(matrix);
  }

  shape(symbol: string, rows: string, cols: string, startAt: number, endAt: number): void {
    const start = this.source(startAt);
    const end = this.source(endAt);
    const shape: ShapeDeclaration = {
      range: this.lines.range(start, end),
      startOffset: start,
      endOffset: end,
      symbol,
      rows,
      cols,
      regionIndex: this.regionIndex,
    };
    this.doc.shapes.push(shape);
  }

  scalar(symbol: string, value: number, startAt: number, endAt: number): void {
    const start = this.source(startAt);
    const end = this.source(endAt);
    const scalar: ScalarDefinition = {
      range: this.lines.range(start, end),
      startOffset: start,
      endOffset: end,
      symbol,
      value,
      regionIndex: this.regionIndex,
    };
    this.doc.scalars.push(scalar);
  }

  definition(definition: MacroDefinition): void {
    this.newDefinitions.push(definition);
  }

  /** The current region's definitions become part of the document's. */
  adoptDefinitions(): void {
    this.doc.macros.push(...this.newDefinitions);
    this.definedIn.push(...this.newDefinitions.map(() => this.regionIndex));
    this.newDefinitions.length = 0;
  }

  problem(startAt: number, endAt: number, message: string): void {
    this.problemAt(this.source(startAt), this.source(endAt), message);
  }

  /** A problem at document offsets. */
  problemAt(start: number, end: number, message: string): void {
    const problem: ScanProblem = { range: this.lines.range(start, end), startOffset: start, endOffset: end, message };
    this.doc.problems.push(problem);
  }
}
