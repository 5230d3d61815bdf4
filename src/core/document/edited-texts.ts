// The text of each open document, kept up to date from the changes the editor reports, so that a rescan after a
// keystroke does not ask the editor to join every line of a large note again: the kept text with the change spliced
// in is one copy of the text, made when it is first read, where the editor's join visits each of its lines.
import type { TextChange } from './incremental-scan';

/** `text` with `changes` made to it, each to the text the previous ones left; null when one does not fit it. */
export function applyChanges(text: string, changes: readonly TextChange[]): string | null {
  let changed = text;
  for (const c of changes) {
    const end = c.rangeOffset + c.rangeLength;
    if (c.rangeOffset < 0 || c.rangeLength < 0 || end > changed.length) return null;
    changed = changed.slice(0, c.rangeOffset) + c.text + changed.slice(end);
  }
  return changed;
}

interface Kept {
  version: number;
  text: string;
}

export class EditedTexts<K extends object> {
  private readonly kept = new WeakMap<K, Kept>();

  /**
   * The text of document `key` at `version`: the kept one when the reported changes reached that version and it
   * has the length `length` gives (the editor's count, cheap to ask), else the one `read` gives, kept from then on.
   */
  textOf(key: K, version: number, read: () => string, length: () => number): string {
    const kept = this.kept.get(key);
    if (kept && kept.version === version && kept.text.length === length()) return kept.text;
    const text = read();
    this.kept.set(key, { version, text });
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
    const text = changes.length === 0 ? null : applyChanges(kept.text, changes);
    if (text === null) this.kept.delete(key);
    else this.kept.set(key, { version, text });
  }

  forget(key: K): void {
    this.kept.delete(key);
  }
}
