// Places where a region finder can start again: offsets at which its state is known and small, recorded sparsely
// during every scan. After an edit, a rescan starts at the last such place before the edit and stops at the first
// one after it where the new scan is in the same state as the old one, since from there on both read the same text.

/** Points are at least this far apart, so recording them costs nothing measurable. */
const SPACING = 2048;

export interface ResyncPoint {
  offset: number;
  /** The finder's state at `offset` (the Markdown finder: whether a list is open), compared on meeting it again. */
  state: number;
  /**
   * The end of the furthest text read by decisions made since the previous point; Infinity when a decision read to
   * the end of the document (an unclosed block). A scan may start at a point only when no decision before it read
   * the edited text.
   */
  reach: number;
  /** How many regions, problems and macro definitions the finder had found before `offset`. */
  regions: number;
  problems: number;
  macros: number;
}

/** Where a rescan starts, and the points of the previous scan where it may stop. */
export interface Resume {
  /** A point of the previous scan before the edit; null to start at the beginning. */
  from: ResyncPoint | null;
  /** Points of the previous scan, from `first` on, at old offsets: this text's offsets are `delta` apart. */
  targets: readonly ResyncPoint[];
  first: number;
  delta: number;
}

/** Records the points of one scan and tells the finder when it meets the previous scan again. */
export class ResyncRecorder {
  readonly points: ResyncPoint[] = [];
  /** The index in `targets` of the point where the scan met the previous one, or -1. */
  metAt = -1;
  /** The finder need not call `at` before this offset: nothing is due there. */
  watch = 0;
  reach = 0;
  private nextRecord: number;
  private target: number;
  private readonly base: ResyncPoint | null;

  constructor(private readonly resume?: Resume) {
    this.base = resume?.from ?? null;
    this.nextRecord = this.base ? this.base.offset + SPACING : 0;
    this.target = resume ? resume.first : 0;
    this.updateWatch();
  }

  /** A decision read the text up to `end` (exclusive). */
  lookahead(end: number): void {
    if (end > this.reach) this.reach = end;
  }

  /** The finder is at `offset` in `state`, having found the given counts; true when it has met the previous scan. */
  at(offset: number, state: number, regions: number, problems: number, macros: number): boolean {
    const resume = this.resume;
    if (resume) {
      const { targets, delta } = resume;
      while (this.target < targets.length && targets[this.target].offset + delta < offset) this.target++;
      if (this.target < targets.length && targets[this.target].offset + delta === offset) {
        if (targets[this.target].state === state) {
          this.metAt = this.target;
          return true;
        }
        this.target++;
      }
    }
    if (offset >= this.nextRecord) {
      const b = this.base;
      this.points.push({
        offset,
        state,
        reach: this.reach,
        regions: (b?.regions ?? 0) + regions,
        problems: (b?.problems ?? 0) + problems,
        macros: (b?.macros ?? 0) + macros,
      });
      this.reach = 0;
      this.nextRecord = offset + SPACING;
    }
    this.updateWatch();
    return false;
  }

  private updateWatch(): void {
    const resume = this.resume;
    const target =
      resume && this.target < resume.targets.length
        ? resume.targets[this.target].offset + resume.delta
        : Number.POSITIVE_INFINITY;
    this.watch = Math.min(this.nextRecord, target);
  }
}
