// Notes repeat their formulas (`$Q$`, `$d_k = 2$`, the same matrix in two sections), and what the analysis finds
// in a TeX (as written, or with its macros expanded) depends on that text alone: within one scan, each distinct TeX
// is read once and its findings are replayed, moved to where it is read again. Not a TeX that defines a macro: its
// region is read again once the definition is in force.
import type { MacroDefinition } from './document-model';
import { MathReader, type MathSink, mayFind } from './math-analysis';
import type { LiteralFound } from './matrix-literal';

/** Longer TeX is rarely written twice; its text is not kept as a key. */
const MAX_KEY = 512;
/** Distinct TeX kept per scan. */
const MAX_KEPT = 4096;

/** What reading a TeX reported, at the offsets of that reading. */
type Finding =
  | { kind: 'matrix'; name: string | null; literal: LiteralFound }
  | { kind: 'shape'; symbol: string; rows: string; cols: string; start: number; end: number }
  | { kind: 'scalar'; symbol: string; value: number; start: number; end: number }
  | { kind: 'problem'; start: number; end: number; message: string };

/** A literal's offsets moved by `delta`; its values are shared. */
function movedLiteral(l: LiteralFound, delta: number): LiteralFound {
  return {
    ...l,
    start: l.start + delta,
    end: l.end + delta,
    nonNumeric: l.nonNumeric.map((e) => ({ ...e, start: e.start + delta, end: e.end + delta })),
    rowSpans: l.rowSpans.map(([s, e]) => [s + delta, e + delta]),
  };
}

function report(sink: MathSink, f: Finding, delta: number): void {
  switch (f.kind) {
    case 'matrix':
      sink.matrix(f.name, movedLiteral(f.literal, delta));
      break;
    case 'shape':
      sink.shape(f.symbol, f.rows, f.cols, f.start + delta, f.end + delta);
      break;
    case 'scalar':
      sink.scalar(f.symbol, f.value, f.start + delta, f.end + delta);
      break;
    case 'problem':
      sink.problem(f.start + delta, f.end + delta, f.message);
  }
}

/** The findings of one reading, and where the TeX read started. */
interface Reading {
  start: number;
  findings: Finding[];
}

/** Passes findings on to `sink` while recording them; a definition spoils the record. */
class Recorder implements MathSink {
  findings: Finding[] | null = [];

  constructor(private readonly sink: MathSink) {}

  matrix(name: string | null, literal: LiteralFound): void {
    this.findings?.push({ kind: 'matrix', name, literal });
    this.sink.matrix(name, literal);
  }

  shape(symbol: string, rows: string, cols: string, start: number, end: number): void {
    this.findings?.push({ kind: 'shape', symbol, rows, cols, start, end });
    this.sink.shape(symbol, rows, cols, start, end);
  }

  scalar(symbol: string, value: number, start: number, end: number): void {
    this.findings?.push({ kind: 'scalar', symbol, value, start, end });
    this.sink.scalar(symbol, value, start, end);
  }

  definition(definition: MacroDefinition): void {
    this.findings = null;
    this.sink.definition(definition);
  }

  problem(start: number, end: number, message: string): void {
    this.findings?.push({ kind: 'problem', start, end, message });
    this.sink.problem(start, end, message);
  }
}

/** Reads TeX for `sink` as a MathReader does, replaying the findings of a TeX already read. */
export class ReplayedReads {
  private readonly recorder: Recorder;
  private readonly reader: MathReader;
  private readonly readings = new Map<string, Reading>();

  constructor(private readonly sink: MathSink) {
    this.recorder = new Recorder(sink);
    this.reader = new MathReader(this.recorder);
  }

  /** Analyses `text[start, end)`, as `MathReader.read` does. */
  read(text: string, start: number, end: number): void {
    if (!mayFind(text, start, end)) return;
    // The character after the TeX is part of the key: a reader may look one past the end before it stops.
    const key = end - start <= MAX_KEY ? text.slice(start, end + 1) : null;
    const known = key === null ? undefined : this.readings.get(key);
    if (known) {
      for (const f of known.findings) report(this.sink, f, start - known.start);
      return;
    }
    this.recorder.findings = [];
    this.reader.readTokens(text, start, end);
    const findings = this.recorder.findings;
    if (key !== null && findings && this.readings.size < MAX_KEPT) this.readings.set(key, { start, findings });
  }
}
