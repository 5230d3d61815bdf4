// Offsets <-> line/character, the way VS Code counts: lines end at `\n`, `\r\n` or a lone `\r`, and characters
// are UTF-16 code units (so an emoji counts 2 and a CJK character 1, exactly as JavaScript strings index them).
import type { Position, Range } from './document-model';

export class LineIndex {
  /** Offset at which each line starts; lineStarts[0] is 0. */
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    this.lineStarts = lineStartsOf(text);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    // Binary search for the last line start <= offset.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - starts[lo] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') === -1) {
    // Common case: `\n` only, found with the engine's fast substring search.
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}
