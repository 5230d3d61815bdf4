// The workbench's console mixes its own logging with the extension host's. Everything the suite prints is tagged
// so that the runner outside can keep just that. (VS Code makes `console.log` in the extension host read-only,
// so the tag is added by our own functions rather than by replacing console.log.)
export const testOutputMarker = '[attention-lens-test] ';

/** console.log for the suite's own lines (figures, notes). */
export function testLog(first: unknown, ...rest: unknown[]): void {
  if (first === undefined) console.log(testOutputMarker);
  else if (typeof first === 'string') console.log(testOutputMarker + first, ...rest);
  else console.log(testOutputMarker, first, ...rest);
}

/** Mocha's reporters print through `Base.consoleLog`. */
export function tagReporterOutput(reporterBase: { consoleLog: (...args: unknown[]) => void }): void {
  reporterBase.consoleLog = testLog;
}
