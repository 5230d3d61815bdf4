// One webview panel of the preview: its page, its messages in both directions, and what it last reported, so
// the manager (and the integration tests) can see what the page shows.
import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import { log } from '../log';
import type { FormulaInspection, HostMessage, WebviewMessage } from '../preview-page/protocol';
import { createNonce, previewHtml } from './preview-html';

export const previewViewType = 'attentionLens.preview';

export interface PanelEvents {
  onReady(): void;
  onReveal(line: number): void;
}

type Rendered = Extract<WebviewMessage, { type: 'rendered' }>;

/** Panels created and not yet disposed, so tests can check that none outlives its tab. */
let livePanels = 0;
export const livePanelCount = () => livePanels;

export class PreviewPanel extends Disposable {
  /** Whether the page's script is listening; messages sent before are lost, so `ready` triggers a full send. */
  ready = false;
  /** The last `document` or `update` message. */
  lastContent: Extract<HostMessage, { type: 'document' | 'update' }> | undefined;
  lastRendered: Rendered | undefined;
  /** The formula the page last highlighted; undefined before the first cursor message. */
  lastHighlighted: string | null | undefined;
  private readonly inspections = new Map<number, (formulas: FormulaInspection[]) => void>();
  private nextRequest = 1;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly events: PanelEvents,
  ) {
    super();
    livePanels++;
    const webviewDir = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [webviewDir, vscode.Uri.joinPath(extensionUri, 'media')],
    };
    panel.webview.html = previewHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewDir, 'preview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewDir, 'preview.css')).toString(),
      nonce: createNonce(),
      language: vscode.env.language,
    });
    this._register(panel.webview.onDidReceiveMessage((message: WebviewMessage) => this.receive(message)));
    // A hidden webview loses its page; it says `ready` again when shown.
    this._register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    );
  }

  post(message: HostMessage): void {
    if (message.type === 'document' || message.type === 'update') this.lastContent = message;
    void this.panel.webview.postMessage(message);
  }

  /** What the page shows, read from its DOM. */
  inspect(): Promise<FormulaInspection[]> {
    const requestId = this.nextRequest++;
    return new Promise((resolve) => {
      this.inspections.set(requestId, resolve);
      this.post({ type: 'inspect', requestId });
    });
  }

  private receive(message: WebviewMessage): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.events.onReady();
        return;
      case 'reveal':
        this.events.onReveal(message.line);
        return;
      case 'rendered':
        this.lastRendered = message;
        return;
      case 'highlighted':
        this.lastHighlighted = message.id;
        return;
      case 'inspection':
        this.inspections.get(message.requestId)?.(message.formulas);
        this.inspections.delete(message.requestId);
        return;
      default: {
        const unknown: never = message;
        log().warn(`preview: ignored an unknown message ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** Also called when the user closes the tab: the page is gone, so its listeners and pending requests go too. */
  override dispose(): void {
    if (this.disposed) return;
    super.dispose();
    livePanels--;
    for (const resolve of this.inspections.values()) resolve([]);
    this.inspections.clear();
    this.panel.dispose();
  }
}
