// The web-worker host's side of lazy.ts: the heavy parts are in the bundle, imported on first use.
export const loadEvaluator = () => import('./chunks/evaluate');
export const loadExplainer = () => import('./chunks/explain');
export const loadTexSvg = () => import('./chunks/tex-svg');
