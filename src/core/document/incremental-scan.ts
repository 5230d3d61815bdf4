// Rescanning after an edit: the region finder starts again at the last resync point before the edit and stops where
// it meets the previous scan after it; the results before are kept, those after are moved. The result is exactly
// what scanning the whole new text gives; whatever cannot be shown to be so is scanned whole.
//
// The results after the edit are moved in place, not copied: a large note has a hundred thousand of them, and copies
// made at every pause in typing kept the collector busy for longer than the rescan. The previous scan is then
// superseded: its lists hold the moved results, at the new text's offsets, so it is read no more (features ask for
// the current scan) and rescanned no more (a second rescan of it scans the whole text).
import type {
  Located,
  MacroDefinition,
  MathRegion,
  MatrixLiteral,
  Range,
  ScannedDocument,
  ScanProblem,
} from './document-model';
import { replaced } from './lists';
import type { LineIndex } from './positions';
import { recordListEdits, type TextEdit } from './readings';
import type { ResyncPoint } from './resync-points';
import {
  findRegions,
  outsideMacros,
  readRegions,
  type ScanOptions,
  type ScanTrail,
  scanTracked,
  type TrackedScan,
} from './scan';
import type { ScannedRegion } from './scanned-region';
import { rememberSource } from './source-text';

/** A change as VS Code reports it: `rangeLength` characters at `rangeOffset` replaced by `text`. */
export interface TextChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** [start, oldEnd) of the old text became [start, newEnd) of the new one; the rest is unchanged. */
export interface Edit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The one span covering a sequence of changes, each made to the text the previous ones left. */
export class ChangedSpan {
  private prefix: number;
  private suffix: number;

  constructor(
    readonly originalLength: number,
    private currentLength = originalLength,
  ) {
    this.prefix = originalLength;
    this.suffix = originalLength;
  }

  get length(): number {
    return this.currentLength;
  }

  /** False when a change does not fit the text (a change was missed): the span is then unknown. */
  add(changes: readonly TextChange[]): boolean {
    for (const c of changes) {
      const end = c.rangeOffset + c.rangeLength;
      if (c.rangeOffset < 0 || c.rangeLength < 0 || end > this.currentLength) return false;
      this.prefix = Math.min(this.prefix, c.rangeOffset);
      this.suffix = Math.min(this.suffix, this.currentLength - end);
      this.currentLength += c.text.length - c.rangeLength;
    }
    return true;
  }

  get edit(): Edit {
    return { start: this.prefix, oldEnd: this.originalLength - this.suffix, newEnd: this.currentLength - this.suffix };
  }
}

export interface Scanned extends TrackedScan {
  lines: LineIndex;
}

/** Scans whose results a rescan moved on to its own. */
const superseded = new WeakSet<ScannedDocument>();

/** Whether a rescan of `doc` moved its results on: its lists no longer hold what it found, so it is read whole. */
export const isSuperseded = (doc: ScannedDocument): boolean => superseded.has(doc);

/** Records that a rescan is about to move `doc`'s results on to its own. */
export const supersede = (doc: ScannedDocument): void => {
  superseded.add(doc);
};

/** The scan of `text`, which is `previous`'s text changed by `edit`. */
export function rescan(previous: Scanned, text: string, edit: Edit, options: ScanOptions): Scanned {
  const lines = previous.lines.edited(text, edit.start, edit.oldEnd, edit.newEnd);
  const spliced =
    text.length === previous.trail.textLength + edit.newEnd - edit.oldEnd && !isSuperseded(previous.doc)
      ? splice(previous, text, edit, options, lines)
      : null;
  return spliced ?? { ...scanTracked(text, previous.doc.format, options, lines), lines };
}

/** The last point before the edit that no decision before it read past the edit's start, or -1. */
function startPoint(points: readonly ResyncPoint[], start: number): number {
  let index = -1;
  let reach = 0;
  for (let k = 0; k < points.length && points[k].offset <= start; k++) {
    reach = Math.max(reach, points[k].reach);
    if (reach > start) break;
    index = k;
  }
  return index;
}

/** The rescan, or null when its result could differ from a whole scan's (the macro definitions changed). */
function splice(previous: Scanned, text: string, edit: Edit, options: ScanOptions, lines: LineIndex): Scanned | null {
  const { doc, trail } = previous;
  const points = trail.points;
  const delta = edit.newEnd - edit.oldEnd;
  const startIndex = startPoint(points, edit.start);
  const from = startIndex >= 0 ? points[startIndex] : null;
  let first = startIndex + 1;
  while (first < points.length && points[first].offset < edit.oldEnd) first++;
  const found = findRegions(text, doc.format, { from, targets: points, first, delta });
  const met = found.resync.metAt >= 0 ? points[found.resync.metAt] : null;

  // Definitions apply to every later region: the rescanned part must define exactly what it did before.
  const outside = doc.macros.slice(0, trail.outsideDefinitions);
  const macrosFrom = from?.macros ?? 0;
  if (!sameMacros(found.macros, outside.slice(macrosFrom, met ? met.macros : outside.length))) return null;
  const regionsFrom = from?.regions ?? 0;
  const regionsTo = met ? met.regions : doc.regions.length;
  const defined = doc.macros.slice(trail.outsideDefinitions);
  const definedFrom = firstAtLeast(trail.definedIn, regionsFrom, (r) => r);
  const definedTo = firstAtLeast(trail.definedIn, regionsTo, (r) => r);
  const macros = outsideMacros(options, outside);
  for (const d of defined.slice(0, definedFrom)) macros.set(d.name, d);
  const middle = readRegions(text, doc.format, found, regionsFrom, macros, options, lines);
  if (!sameMacros(middle.doc.macros, defined.slice(definedFrom, definedTo))) return null;

  // What the rescan makes of each list, found before the items after the edit move.
  const listEdit = <T extends { regionIndex: number }>(old: readonly T[], added: readonly T[]): TextEdit => {
    const start = firstAtLeast(old, regionsFrom, (t) => t.regionIndex);
    return { start, oldEnd: firstAtLeast(old, regionsTo, (t) => t.regionIndex), newEnd: start + added.length };
  };
  const lists = {
    regions: { start: regionsFrom, oldEnd: regionsTo, newEnd: regionsFrom + middle.doc.regions.length },
    matrices: listEdit(doc.matrices, middle.doc.matrices),
    shapes: listEdit(doc.shapes, middle.doc.shapes),
    scalars: listEdit(doc.scalars, middle.doc.scalars),
  };
  // Nothing below returns null: from here on the previous scan's results are moved.
  supersede(doc);
  const startOffset = from?.offset ?? 0;
  const shift: Shift = {
    offset: delta,
    line: met ? lines.positionAt(met.offset + delta).line - previous.lines.positionAt(met.offset).line : 0,
    region: regionsFrom + found.regions.length - regionsTo,
  };
  const byRegion = joinerByRegion(regionsFrom, regionsTo, shift);
  const metOffset = met ? met.offset : Number.POSITIVE_INFINITY;
  const problems = joined(
    doc.problems,
    firstAtLeast(doc.problems, startOffset, (p) => p.startOffset),
    middle.doc.problems,
    firstAtLeast(doc.problems, metOffset, (p) => p.startOffset),
    shift,
    moveProblem,
  );
  const definedAfter = defined.slice(definedTo);
  const scan: ScannedDocument = {
    format: doc.format,
    regions: joined(doc.regions, regionsFrom, middle.doc.regions, regionsTo, shift, moveRegion),
    matrices: byRegion(doc.matrices, middle.doc.matrices, moveMatrix),
    shapes: byRegion(doc.shapes, middle.doc.shapes, moveListed),
    scalars: byRegion(doc.scalars, middle.doc.scalars, moveListed),
    macros: [...outside, ...defined.slice(0, definedFrom), ...middle.doc.macros, ...definedAfter],
    problems,
  };
  const newTrail: ScanTrail = {
    textLength: text.length,
    points: points.slice(0, startIndex + 1).concat(found.resync.points),
    outsideDefinitions: trail.outsideDefinitions,
    definedIn: [
      ...trail.definedIn.slice(0, definedFrom),
      ...middle.definedIn,
      ...trail.definedIn.slice(definedTo).map((r) => r + shift.region),
    ],
  };
  if (met) {
    const problemShift = (from?.problems ?? 0) + found.problems.length - met.problems;
    const moved = points.slice(found.resync.metAt);
    for (const p of moved) movePoint(p, shift, problemShift);
    // The decisions since the last new point are the rescan's, not the previous scan's.
    moved[0].reach = found.resync.reach;
    newTrail.points = newTrail.points.concat(moved);
  }
  rememberSource(scan, lines);
  recordListEdits(scan, doc, lists);
  return { doc: scan, trail: newTrail, lines };
}

export function sameMacros(a: readonly MacroDefinition[], b: readonly MacroDefinition[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (d, i) =>
        d.name === b[i].name &&
        d.params === b[i].params &&
        d.body === b[i].body &&
        d.optionalDefault === b[i].optionalDefault,
    )
  );
}

/** Index of the first item whose key is at least `value`, in a list sorted by that key. */
export function firstAtLeast<T>(items: readonly T[], value: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(items[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---- moving what follows the edit --------------------------------------------------------------------------

/** How far results after the rescanned part move: in offsets, lines and region numbers. */
export interface Shift {
  offset: number;
  line: number;
  region: number;
}

/** `old` up to `keepTo`, then `added`, then `old` from `moveFrom` on, each of those moved in place by `move`. */
export function joined<T>(
  old: readonly T[],
  keepTo: number,
  added: readonly T[],
  moveFrom: number,
  shift: Shift,
  move: (t: T, s: Shift) => void,
): T[] {
  // One copy of the list, the rescanned part replaced in it: typing makes a large note's long lists again at every
  // pause (the previous scan's lists stay as they are, to name what a rescan kept and replaced).
  const result = replaced(old.slice(), keepTo, moveFrom, added);
  // An edit that keeps lengths, lines and region count (a character replaced) moves nothing.
  if (shift.offset === 0 && shift.line === 0 && shift.region === 0) return result;
  for (let k = keepTo + added.length; k < result.length; k++) move(result[k], shift);
  return result;
}

/** `joined` for results listed by region number: those of regions [from, to) replaced by the ones read again. */
export const joinerByRegion =
  (from: number, to: number, shift: Shift) =>
  <T extends { regionIndex: number }>(old: readonly T[], added: readonly T[], move: (t: T, s: Shift) => void): T[] =>
    joined(
      old,
      firstAtLeast(old, from, (t) => t.regionIndex),
      added,
      firstAtLeast(old, to, (t) => t.regionIndex),
      shift,
      move,
    );

// Ranges are never changed in place, so one on a line that did not move is kept, and whoever was given one keeps
// the place it had.
const moveRange = (r: Range, lines: number): Range =>
  lines === 0
    ? r
    : {
        start: { line: r.start.line + lines, character: r.start.character },
        end: { line: r.end.line + lines, character: r.end.character },
      };

function moveLocated(l: Located, s: Shift): void {
  l.range = moveRange(l.range, s.line);
  l.startOffset += s.offset;
  l.endOffset += s.offset;
}

export const moveProblem: (p: ScanProblem, s: Shift) => void = moveLocated;

export function moveListed(d: Located & { regionIndex: number }, s: Shift): void {
  moveLocated(d, s);
  d.regionIndex += s.region;
}

export function moveRegion(r: MathRegion, s: Shift): void {
  // A scan's regions are all ScannedRegions (scan.ts), which move without reading their range or TeX.
  (r as ScannedRegion).move(s.offset, s.line);
}

export function moveMatrix(m: MatrixLiteral, s: Shift): void {
  moveListed(m, s);
  for (const e of m.nonNumeric) moveLocated(e, s);
}

function movePoint(p: ResyncPoint, s: Shift, problemShift: number): void {
  p.offset += s.offset;
  p.reach += s.offset;
  p.regions += s.region;
  p.problems += problemShift;
}
