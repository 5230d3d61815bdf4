// What the two document scanners (Markdown, LaTeX) hand to the analysis: regions and problems as offsets only.
// Line/character positions come from one line table: a problem's when the scan is read, a region's when it is read.
import type { MacroDefinition } from './document-model';
import type { ResyncRecorder } from './resync-points';
import type { ScannedRegion } from './scanned-region';

/** The regions a finder makes are those the scan returns, located in the scan's line table by the analysis. */
export type FoundRegion = ScannedRegion;

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
