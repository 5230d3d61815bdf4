// The web-worker host's side of load.ts: the heavy parts are in the bundle, imported on first use.
export const loadEvaluator = () => import('./evaluate');
export const loadExplainer = () => import('./explain');
export const loadTexSvg = () => import('./tex-svg');
