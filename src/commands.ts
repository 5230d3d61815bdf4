// Every command id the extension registers or calls, in one place; package.json contributes the same ids
// (test/unit/commands.test.ts compares them).
export const Command = {
  showLog: 'attentionLens.showLog',
  openSampleNote: 'attentionLens.openSampleNote',
  openPreviewToSide: 'attentionLens.openPreviewToSide',
  togglePreviewLock: 'attentionLens.togglePreviewLock',
  evaluateSelection: 'attentionLens.evaluateSelection',
  evaluateAt: 'attentionLens.evaluateAt',
  insertResultAsLatex: 'attentionLens.insertResultAsLatex',
  insertWorkedExample: 'attentionLens.insertWorkedExample',
  copyAsPython: 'attentionLens.copyAsPython',
} as const;
