// The texts of the notes the checks worker holds, kept in step from the editor's changes: the host posts the changes
// since the version the worker has rather than the whole text, which for a large note costs its host a copy of
// megabytes at each pause in typing. The whole text goes when the worker has none for the note, when the changes
// do not lead from its version to the one checked, or when the worker finds they do not fit its text.
import { applyChanges } from '../core/document/edited-texts';
import { ChangedSpan, type TextChange } from '../core/document/incremental-scan';

/** What the worker is posted of a note's text: all of it, or the changes from the version it has. */
export type TextUpdate =
  | { whole: string }
  /** `changes`, each to the text the previous ones left, make `base` the version checked, `length` long. */
  | { base: number; changes: TextChange[]; length: number };

const insertedBy = (changes: readonly TextChange[]): number => changes.reduce((n, c) => n + c.text.length, 0);

/** The characters an update carries. */
export const postedLength = (update: TextUpdate): number =>
  'whole' in update ? update.whole.length : insertedBy(update.changes);

interface Held {
  /** The version the worker has once it has read every message posted, and its text's length. */
  version: number;
  length: number;
  /** The changes reported since, one event per version, from `version + 1` on. */
  events: { version: number; changes: TextChange[] }[];
  /** The characters those changes insert: past the text's length, posting the whole text costs less. */
  inserted: number;
}

/** The host's side: what the worker holds of each note, and the changes since. */
export class PostedTexts {
  private readonly held = new Map<string, Held>();

  /**
   * The update that makes the worker's text of `key` the `text` of `version`. The changes are those reported since
   * the version posted last, each event one version on from the previous one (a version skipped means an event was
   * missed), and they must give the text's length; otherwise the whole text is posted.
   */
  update(key: string, version: number, text: string): TextUpdate {
    const held = this.held.get(key);
    if (!held || version < held.version) return this.whole(key, version, text);
    // The events up to the version checked (`edited` keeps them one version apart).
    const used = held.events.findIndex((e) => e.version > version);
    const events = used < 0 ? held.events : held.events.slice(0, used);
    const reached = events.length > 0 ? events[events.length - 1].version : held.version;
    const changes = events.flatMap((e) => e.changes);
    const span = new ChangedSpan(held.length);
    if (reached !== version || !span.add(changes) || span.length !== text.length) return this.whole(key, version, text);
    const base = held.version;
    held.events.splice(0, events.length);
    held.inserted = insertedBy(held.events.flatMap((e) => e.changes));
    held.version = version;
    held.length = span.length;
    return { base, changes, length: span.length };
  }

  /** The whole text of `version`, which the worker holds from then on. */
  whole(key: string, version: number, text: string): TextUpdate {
    this.held.set(key, { version, length: text.length, events: [], inserted: 0 });
    return { whole: text };
  }

  /**
   * Changes the editor reported, making `key` reach `version`; none means it could not say what changed (the line
   * ends replaced). Kept only for notes the worker holds; a change that cannot follow the last one kept drops the
   * note, whose whole text is then posted next time.
   */
  edited(key: string, version: number, changes: readonly TextChange[]): void {
    const held = this.held.get(key);
    if (!held) return;
    const last = held.events.length > 0 ? held.events[held.events.length - 1].version : held.version;
    if (version <= last) return;
    const inserted = insertedBy(changes);
    if (version !== last + 1 || changes.length === 0 || held.inserted + inserted > held.length) {
      this.held.delete(key);
      return;
    }
    // Plain copies: the editor's changes carry ranges the worker has no use for.
    held.events.push({
      version,
      changes: changes.map(({ rangeOffset, rangeLength, text }) => ({ rangeOffset, rangeLength, text })),
    });
    held.inserted += inserted;
  }

  forget(key: string): void {
    this.held.delete(key);
  }

  /** A new worker holds nothing. */
  clear(): void {
    this.held.clear();
  }
}

/** The worker's side: the text of each note at the version last posted. */
export class ReceivedTexts {
  private readonly texts = new Map<string, { version: number; text: string }>();

  /**
   * The text of `key` at `version` once `update` is made to the one held; null when the update does not fit it (not
   * the version it starts from, a change out of range, another length), and then the note is dropped until its
   * whole text comes.
   */
  receive(key: string, version: number, update: TextUpdate): string | null {
    let text: string | null;
    if ('whole' in update) text = update.whole;
    else {
      const held = this.texts.get(key);
      text = held?.version === update.base ? applyChanges(held.text, update.changes) : null;
      if (text?.length !== update.length) text = null;
    }
    if (text === null) this.texts.delete(key);
    else this.texts.set(key, { version, text });
    return text;
  }

  forget(key: string): void {
    this.texts.delete(key);
  }
}
