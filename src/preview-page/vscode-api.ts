// The one handle the webview has on VS Code, typed with the protocol. `acquireVsCodeApi` may be called only once.
import type { PersistedState, WebviewMessage } from './protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
  post(message: WebviewMessage): void;
  restore(): PersistedState | undefined;
  save(state: PersistedState): void;
}

export function connectHost(): Host {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    restore: () => (api.getState() as PersistedState | undefined) ?? undefined,
    save: (state) => api.setState(state),
  };
}
