// A math region as the scanner returns it, made once by the region finder. A large note has tens of thousands of
// regions, and every object made for one outlives the scan, so the collector copies it: its range (three objects)
// and its TeX (a string) are made when first read, from the line table of the text it is in, and then kept. Both
// read as properties. An edit before the region moves it in place (`move`): a rescan hands the same object on to
// the new scan rather than a copy per region after the edit, which the collector would have to copy again.
import type { MathKind, MathRegion, Range } from './document-model';
import type { LineIndex } from './positions';

export class ScannedRegion implements MathRegion {
  // Private fields: copies, comparisons and serialisations see the region's data, whether or not it was read.
  #texEnd: number;
  /** The table of the text the region is in, once the scan has one (`locate`); its offsets there are `#moved` less. */
  #lines: LineIndex | undefined;
  /** How far the region moved since it was located, by later edits before it: in offsets and in lines. */
  #moved = 0;
  #movedLines = 0;
  #range: Range | undefined = undefined;
  #tex: string | undefined;

  constructor(
    /** Offsets change only by `move`. */
    public startOffset: number,
    public endOffset: number,
    readonly kind: MathKind,
    readonly delimiter: string,
    public texOffset: number,
    texEnd: number,
    lines?: LineIndex,
    /** The TeX, when it is not the text between the delimiters as written (math escaped for Markdown). */
    tex?: string,
  ) {
    this.#texEnd = texEnd;
    this.#lines = lines;
    this.#tex = tex;
  }

  /** The end of the TeX: the offset of the closing delimiter. */
  get texEnd(): number {
    return this.#texEnd;
  }

  /** Gives the region the line table of the text its offsets are in, before its range or TeX is read. */
  locate(lines: LineIndex): void {
    this.#lines = lines;
  }

  get range(): Range {
    if (this.#range === undefined) {
      const range = this.source.range(this.startOffset - this.#moved, this.endOffset - this.#moved);
      range.start.line += this.#movedLines;
      range.end.line += this.#movedLines;
      this.#range = range;
    }
    return this.#range;
  }

  get tex(): string {
    this.#tex ??= this.source.text.slice(this.texOffset - this.#moved, this.#texEnd - this.#moved);
    return this.#tex;
  }

  private get source(): LineIndex {
    if (this.#lines === undefined) throw new Error('A region was read before it was located');
    return this.#lines;
  }

  /**
   * Moves the region `offset` characters and `lines` lines further on, after an edit before it (or, before it is
   * located, into a text that holds its text at `offset`). A range already read is replaced, not changed, when its
   * lines move: whoever was given it keeps the place it had.
   */
  move(offset: number, lines = 0): void {
    this.startOffset += offset;
    this.endOffset += offset;
    this.texOffset += offset;
    this.#texEnd += offset;
    if (this.#lines === undefined) return;
    this.#moved += offset;
    this.#movedLines += lines;
    const r = this.#range;
    if (r !== undefined && lines !== 0)
      this.#range = {
        start: { line: r.start.line + lines, character: r.start.character },
        end: { line: r.end.line + lines, character: r.end.character },
      };
  }
}
