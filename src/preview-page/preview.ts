// The preview page's entry: connects the host's messages to the document view and reports back what it did.
import { DocumentView } from './document-view';
import type { HostMessage, PersistedState } from './protocol';
import { connectHost } from './vscode-api';

const host = connectHost();
const content = document.getElementById('content') ?? document.body;
let state: PersistedState | undefined = host.restore();
/** Created by the first `configure`, which brings the labels; messages before it wait in `pending`. */
let view: DocumentView | undefined;
const pending: HostMessage[] = [];
/** The document or update being typeset: reported as `rendered` once all of it is (the latest one, if several). */
let rendering = { version: 0, started: 0 };

function handle(message: HostMessage): void {
  if (!view && message.type !== 'configure') {
    pending.push(message);
    return;
  }
  switch (message.type) {
    case 'configure':
      view ??= new DocumentView(
        content,
        message.labels,
        (line) => host.post({ type: 'reveal', line }),
        (outcome) =>
          host.post({
            type: 'rendered',
            version: rendering.version,
            ...outcome,
            ms: performance.now() - rendering.started,
          }),
      );
      view.configure(message.settings, message.labels);
      for (const queued of pending.splice(0)) handle(queued);
      return;
    case 'document': {
      rendering = { version: message.version, started: performance.now() };
      const scrollY = state?.uri === message.uri ? state.scrollY : 0;
      save({ uri: message.uri, locked: message.locked, scrollY });
      view!.show(message.macros, message.layout, message.formulas, message.notice, scrollY);
      return;
    }
    case 'update':
      rendering = { version: message.version, started: performance.now() };
      view!.update(message.macros, message.layout, message.formulas, message.notice);
      return;
    case 'lock':
      if (state) save({ ...state, locked: message.locked });
      return;
    case 'cursor':
      host.post({ type: 'highlighted', id: view!.highlight(message.id, message.reveal) });
      return;
    case 'inspect':
      host.post({ type: 'inspection', requestId: message.requestId, formulas: view!.inspect() });
      return;
    default: {
      const unknown: never = message;
      console.warn('preview: ignored an unknown message', unknown);
    }
  }
}

function save(next: PersistedState): void {
  state = next;
  host.save(next);
}

let scrollSave = 0;
window.addEventListener('scroll', () => {
  // The last position within a quarter second is enough; saving on every scroll event is wasteful.
  window.clearTimeout(scrollSave);
  scrollSave = window.setTimeout(() => state && save({ ...state, scrollY: window.scrollY }), 250);
});

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  if (event.data && typeof event.data === 'object' && 'type' in event.data) handle(event.data);
});
host.post({ type: 'ready' });
