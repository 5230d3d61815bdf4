// A math region as the scanner returns it. A large note has tens of thousands of regions, and every object made for
// one outlives the scan, so the collector copies it: its range (three objects) and its TeX (a string) are made when
// first read, from the line table of the text the region was found in, and then kept. Both read as properties.
import type { MathKind, MathRegion, Range } from './document-model';
import type { LineIndex } from './positions';

export class ScannedRegion implements MathRegion {
  // Private fields: copies, comparisons and serialisations see the region's data, whether or not it was read.
  /** The table of the text the region was found in, where its offsets were `#moved` less. */
  readonly #lines: LineIndex;
  readonly #texEnd: number;
  /** How far the region moved since it was found, by later edits before it: in offsets and in lines. */
  readonly #moved: number;
  readonly #movedLines: number;
  #range: Range | undefined;
  #tex: string | undefined;

  constructor(
    lines: LineIndex,
    readonly startOffset: number,
    readonly endOffset: number,
    readonly kind: MathKind,
    readonly delimiter: string,
    readonly texOffset: number,
    texEnd: number,
    moved = 0,
    movedLines = 0,
    range?: Range,
    tex?: string,
  ) {
    this.#lines = lines;
    this.#texEnd = texEnd;
    this.#moved = moved;
    this.#movedLines = movedLines;
    this.#range = range;
    this.#tex = tex;
  }

  get range(): Range {
    if (this.#range === undefined) {
      const range = this.#lines.range(this.startOffset - this.#moved, this.endOffset - this.#moved);
      range.start.line += this.#movedLines;
      range.end.line += this.#movedLines;
      this.#range = range;
    }
    return this.#range;
  }

  get tex(): string {
    this.#tex ??= this.#lines.text.slice(this.texOffset - this.#moved, this.#texEnd - this.#moved);
    return this.#tex;
  }

  /**
   * The same region `offset` characters and `lines` lines further on, after an edit before it. A range already
   * read is moved now, and shared when its lines did not move: ranges are never changed in place.
   */
  moved(offset: number, lines: number): ScannedRegion {
    const r = this.#range;
    const range =
      r === undefined || lines === 0
        ? r
        : {
            start: { line: r.start.line + lines, character: r.start.character },
            end: { line: r.end.line + lines, character: r.end.character },
          };
    return new ScannedRegion(
      this.#lines,
      this.startOffset + offset,
      this.endOffset + offset,
      this.kind,
      this.delimiter,
      this.texOffset + offset,
      this.#texEnd + offset,
      this.#moved + offset,
      this.#movedLines + lines,
      range,
      this.#tex,
    );
  }
}
