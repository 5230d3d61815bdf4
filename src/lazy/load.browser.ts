// The web-worker host's side of load.ts: the heavy parts are in the bundle, imported on first use.
import * as analysisModule from './analysis';
import type { Checker } from './checker';

/** One bundle here: the analysis is part of it. */
export const analysis = () => analysisModule;

export const loadEvaluator = () => import('./evaluate');
export const loadExplainer = () => import('./explain');
export const loadTexSvg = () => import('./tex-svg');
/** The web-worker host cannot start a worker of its own: the note checks run on its thread, in short slices. */
export const loadChecker = async (): Promise<Checker> => (await import('./checks')).inThreadChecker();
