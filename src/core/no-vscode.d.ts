// The core must run anywhere (CLI, web worker, webview), so `vscode` resolves here to a module with no members:
// any use of it in src/core fails to type-check. Adapters to VS Code live in src/.
export {};
