// What the two document scanners (Markdown, LaTeX) hand to the analysis: regions and problems as offsets only.
// Line/character positions are added once, at the end, from one line table.
import type { MacroDefinition, MathKind } from './document-model';
import type { ResyncRecorder } from './resync-points';

export interface FoundRegion {
  kind: MathKind;
  delimiter: string;
  start: number;
  end: number;
  texStart: number;
  texEnd: number;
}

export interface FoundProblem {
  start: number;
  end: number;
  message: string;
}

export interface RegionScan {
  regions: FoundRegion[];
  problems: FoundProblem[];
  /** Definitions found outside math (LaTeX preambles); definitions inside regions are read later from their TeX. */
  macros: MacroDefinition[];
  /** Where the finder could start again, and where it met a previous scan when it was resumed. */
  resync: ResyncRecorder;
}

/** Environments that are display math on their own, in LaTeX and as bare blocks in Markdown. */
export const DISPLAY_ENVIRONMENTS: ReadonlySet<string> = new Set(
  ['equation', 'align', 'alignat', 'flalign', 'gather', 'multline', 'eqnarray', 'displaymath', 'dmath'].flatMap((n) => [
    n,
    `${n}*`,
  ]),
);

/** Environments whose content is taken literally: no math, no comments, no macros. */
export const VERBATIM_ENVIRONMENTS: ReadonlySet<string> = new Set([
  'verbatim',
  'verbatim*',
  'Verbatim',
  'lstlisting',
  'minted',
  'comment',
  'alltt',
]);
