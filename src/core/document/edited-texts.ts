// The text of each open document, kept up to date from the changes the editor reports, so that a rescan after a
// keystroke does not ask the editor to join every line of a large note again. The changes are kept until the text
// is read, then made at once: the text is copied once per read, not once per keystroke, as splicing each change into
// the last text would (a slice of an unflattened text copies all of it first).
import type { TextChange } from './incremental-scan';

/** Past this many changes waiting, they are made without waiting for a read, so that they do not pile up. */
const MAX_WAITING = 1000;

/** `text` with `changes` made to it, each to the text the previous ones left; null when one does not fit it. */
export function applyChanges(text: string, changes: readonly TextChange[]): string | null {
  // The text as pieces: slices of `text` (which share its characters) and inserted strings, joined once.
  let pieces = [text];
  let length = text.length;
  for (const c of changes) {
    const end = c.rangeOffset + c.rangeLength;
    if (c.rangeOffset < 0 || c.rangeLength < 0 || end > length) return null;
    const inserted = c.text === '' ? [] : [c.text];
    pieces = [...cut(pieces, 0, c.rangeOffset), ...inserted, ...cut(pieces, end, length)];
    length += c.text.length - c.rangeLength;
  }
  return pieces.length === 1 ? pieces[0] : pieces.join('');
}

/** Pieces holding the characters [from, to) of the text `pieces` join. */
function cut(pieces: readonly string[], from: number, to: number): string[] {
  const out: string[] = [];
  let at = 0;
  for (const piece of pieces) {
    const next = at + piece.length;
    if (next > from && at < to)
      out.push(from <= at && next <= to ? piece : piece.slice(Math.max(0, from - at), Math.min(piece.length, to - at)));
    at = next;
  }
  return out;
}

interface Kept {
  version: number;
  text: string;
  /** Changes reported since `text`, to be made when it is next read; `length` is the text's once they are. */
  waiting: TextChange[];
  length: number;
}

export class EditedTexts<K extends object> {
  private readonly kept = new WeakMap<K, Kept>();

  /**
   * The text of document `key` at `version`: the kept one when the reported changes reached that version and it
   * has the length `length` gives (the editor's count, cheap to ask), else the one `read` gives, kept from then on.
   */
  textOf(key: K, version: number, read: () => string, length: () => number): string {
    const kept = this.kept.get(key);
    if (kept && kept.version === version && kept.length === length()) {
      const text = this.caughtUp(kept);
      if (text !== null) return text;
    }
    const text = read();
    this.kept.set(key, { version, text, waiting: [], length: text.length });
    return text;
  }

  /**
   * Changes that made document `key` reach `version`, each made to the text the previous ones left, as VS Code
   * reports them. A change that does not fit, or a new version without changes (the line ends replaced), drops the
   * kept text: the next `textOf` reads it anew.
   */
  edit(key: K, version: number, changes: readonly TextChange[]): void {
    const kept = this.kept.get(key);
    if (!kept || version <= kept.version) return;
    if (changes.length === 0) {
      this.kept.delete(key);
      return;
    }
    kept.version = version;
    kept.waiting.push(...changes);
    for (const c of changes) kept.length += c.text.length - c.rangeLength;
    if (kept.waiting.length > MAX_WAITING && this.caughtUp(kept) === null) this.kept.delete(key);
  }

  /** Makes the changes waiting for document `key` now, so that the next read of its text copies nothing. */
  catchUp(key: K): void {
    const kept = this.kept.get(key);
    if (kept && this.caughtUp(kept) === null) this.kept.delete(key);
  }

  forget(key: K): void {
    this.kept.delete(key);
  }

  /** The kept text with the waiting changes made, kept from then on; null when one of them did not fit. */
  private caughtUp(kept: Kept): string | null {
    if (kept.waiting.length === 0) return kept.text;
    const text = applyChanges(kept.text, kept.waiting);
    if (text === null) return null;
    kept.text = text;
    kept.waiting = [];
    return text;
  }
}
