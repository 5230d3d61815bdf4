// The preview page: one script, allowed by a nonce, and styles from the extension only, which carry KaTeX's fonts
// as data URLs. Kept free of `vscode` so the webview tests serve exactly this page.

export interface PreviewPage {
  /** The webview's `cspSource`: where its own resources are allowed from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
  /** The display language, for the page's `lang`. */
  language: string;
}

export function previewHtml(page: PreviewPage): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${page.nonce}'`,
    `style-src ${page.cspSource}`,
    // The fonts are inside the stylesheet (see .ci/bundle.mjs).
    'font-src data:',
    `img-src ${page.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${attribute(page.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(page.styleUri)}">
</head>
<body>
<main id="content"></main>
<script nonce="${attribute(page.nonce)}" src="${attribute(page.scriptUri)}"></script>
</body>
</html>`;
}

/** 128 random bits, as the CSP nonce of one page. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
