// What a checked printed value is said to be, in the hover of a printed matrix and under its formula in the
// preview: what it was checked against, and the result.
import type { PrintedValueCheck } from './core/attention/printed-values';
import { formatNumber, jsonNumber } from './core/numbers';
import type { Translate } from './preview/preview-text';

/** Entries that differ listed in one sentence; the rest are counted. */
const ENTRIES_SHOWN = 3;

/** One sentence; `quote` escapes what comes from the note (its TeX and names) for where the sentence goes. */
export function printedSentence(t: Translate, c: PrintedValueCheck, quote: (text: string) => string): string {
  const against = c.inputs.length
    ? t('{0} with {1}', quote(c.against), c.inputs.map((x) => t('{0} from line {1}', quote(x.name), x.line)).join(', '))
    : quote(c.against);
  if (c.agrees)
    return t('Checked against {0}: it agrees at the precision printed ({1} decimal places).', against, c.decimals);
  const entries = c.differing
    .slice(0, ENTRIES_SHOWN)
    .map((d) =>
      t(
        'entry ({0}, {1}) is printed {2} but is {3}',
        d.row,
        d.col,
        formatNumber(jsonNumber(d.printed), c.decimals),
        formatNumber(jsonNumber(d.computed), Math.max(4, c.decimals + 1)),
      ),
    );
  const more = c.differing.length - entries.length;
  if (more > 0) entries.push(t('{0} more', more));
  const cause =
    c.causedBy === undefined
      ? ''
      : ` ${t('It follows from the value printed on line {0}, which differs.', c.causedBy)}`;
  return `${t('Checked against {0}: {1}.', against, entries.join('; '))}${cause}`;
}
