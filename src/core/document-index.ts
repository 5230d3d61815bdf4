// Scan results per open document, recomputed only when the document's version changes, with the lookups the
// editor features need ("which region is the cursor in", "which matrix called K is defined above here").
import type {
  DocumentFormat,
  MathRegion,
  MatrixLiteral,
  Position,
  ScalarDefinition,
  ScannedDocument,
  ShapeDeclaration,
} from './document-model';
import { LineIndex } from './positions';
import { type ScanOptions, scanWithLines } from './scan';

export class IndexedDocument {
  constructor(
    readonly key: string,
    readonly version: number,
    readonly scan: ScannedDocument,
    readonly lines: LineIndex,
  ) {}

  positionAt(offset: number): Position {
    return this.lines.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.lines.offsetAt(position);
  }

  /** The region containing `offset` (its delimiters included), if any. */
  regionAt(offset: number): MathRegion | undefined {
    const regions = this.scan.regions;
    const i = lastStartingAtOrBefore(regions, offset);
    return i >= 0 && offset <= regions[i].endOffset ? regions[i] : undefined;
  }

  /** The nearest literal assigned to `name` that starts before `offset` (the definition in force there). */
  matrixNamed(name: string, offset: number): MatrixLiteral | undefined {
    return nearestBefore(this.scan.matrices, offset, (m) => m.name === name);
  }

  shapeOf(symbol: string, offset: number): ShapeDeclaration | undefined {
    return nearestBefore(this.scan.shapes, offset, (s) => s.symbol === symbol);
  }

  scalarNamed(symbol: string, offset: number): ScalarDefinition | undefined {
    return nearestBefore(this.scan.scalars, offset, (s) => s.symbol === symbol);
  }
}

/** Index of the last item (sorted by start) starting at or before `offset`, or -1. */
function lastStartingAtOrBefore(items: readonly { startOffset: number }[], offset: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid].startOffset <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function nearestBefore<T extends { startOffset: number }>(
  items: readonly T[],
  offset: number,
  match: (t: T) => boolean,
): T | undefined {
  for (let i = lastStartingAtOrBefore(items, offset); i >= 0; i--) if (match(items[i])) return items[i];
  return undefined;
}

export class DocumentIndex {
  private readonly documents = new Map<string, IndexedDocument>();
  private scanCount = 0;

  constructor(private options: ScanOptions = {}) {}

  /** How many scans have run: a document read again at the same version costs none. */
  get scans(): number {
    return this.scanCount;
  }

  /** The scan of document `key` at `version`; `getText` is only called when the version is new. */
  get(key: string, version: number, format: DocumentFormat, getText: () => string): IndexedDocument {
    const cached = this.documents.get(key);
    if (cached && cached.version === version && cached.scan.format === format) return cached;
    const text = getText();
    const lines = new LineIndex(text);
    const indexed = new IndexedDocument(key, version, scanWithLines(text, format, this.options, lines), lines);
    this.scanCount++;
    this.documents.set(key, indexed);
    return indexed;
  }

  /** The last scan of `key`, whatever its version. */
  peek(key: string): IndexedDocument | undefined {
    return this.documents.get(key);
  }

  forget(key: string): void {
    this.documents.delete(key);
  }

  /** New options (user macros changed): every document is scanned again on its next `get`. */
  setOptions(options: ScanOptions): void {
    this.options = options;
    this.documents.clear();
  }
}
