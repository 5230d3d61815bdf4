// Formula ids: what the preview and the webview know a formula by across updates.
import type { MathRegion, ScannedDocument } from '../core/document/document-model';
import type { FormulaWindow } from './formula-window';

/**
 * An id per formula of regions [start, end) from its TeX and display kind, numbered when the same formula occurs
 * again among them: editing one formula changes its id only, so the preview keeps every other formula as it is.
 * Ids are told apart within the formulas shown together, so an update costs the window, not the note.
 */
export function formulaIds(regions: readonly MathRegion[], start = 0, end = regions.length): string[] {
  const hashes: string[] = [];
  for (let i = start; i < end; i++) hashes.push(hashOf(regions[i]));
  return numbered('f', hashes);
}

/** Ids of the examples the prose names, from their words and matrices, told apart from formulas by their prefix. */
export function proseExampleIds(examples: readonly { source: string }[]): string[] {
  return numbered(
    'w',
    examples.map((e) => fnv1a(e.source)),
  );
}

/** `prefix` and each hash, numbered from its second occurrence on. */
function numbered(prefix: string, hashes: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return hashes.map((hash) => {
    const n = seen.get(hash) ?? 0;
    seen.set(hash, n + 1);
    return n === 0 ? `${prefix}${hash}` : `${prefix}${hash}-${n}`;
  });
}

/** The ids of a scan's window, computed once: the cursor moves many times between two edits. */
const byScan = new WeakMap<ScannedDocument, { window: FormulaWindow; ids: string[] }>();

/** The ids of the formulas in `window`, the first at index 0. */
export function idsOf(scan: ScannedDocument, window: FormulaWindow): string[] {
  const known = byScan.get(scan);
  if (known && known.window.start === window.start && known.window.end === window.end) return known.ids;
  const ids = formulaIds(scan.regions, window.start, window.end);
  byScan.set(scan, { window, ids });
  return ids;
}

// Keyed by the TeX string, which a rescan keeps for regions it did not touch: those are not hashed again. A
// plain Map, as every region is looked up on each update; emptied in the rare case it outgrows a few large notes.
const HASHES_LIMIT = 100_000;
const hashes = { inline: new Map<string, string>(), display: new Map<string, string>() };

function hashOf(r: MathRegion): string {
  const known = hashes[r.kind];
  let hash = known.get(r.tex);
  if (hash === undefined) {
    if (known.size >= HASHES_LIMIT) known.clear();
    hash = fnv1a(`${r.kind}\u0000${r.tex}`);
    known.set(r.tex, hash);
  }
  return hash;
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}
