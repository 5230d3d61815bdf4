// The measurement on real notes: how well the classifier finds attention formulas (against hand labels), which
// `check` findings are real author mistakes (against a reviewed list) and how many worked examples evaluate. The
// notes themselves stay outside the project; formulas are named by file, line and ordinal, never by their text.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { documentsUnder } from '../../src/cli/check';
import { type DocumentFile, type JsonPlace, jsonPlace, openDocument, scanFile } from '../../src/cli/document-file';
import type { AttentionKind } from '../../src/core/attention/classify';
import { evaluateDocument } from '../../src/core/attention/evaluate';
import { evaluateCodeFormulas, evaluateProseExamples } from '../../src/core/attention/evaluate-code';
import { classifyRegion } from '../../src/core/attention/formula-inputs';
import { checkPrintedValues } from '../../src/core/attention/printed-values';
import { diagnoseDocument } from '../../src/core/diagnose/diagnose';
import { LineIndex } from '../../src/core/document/positions';

export const realNotesDir = resolve(__dirname, '../../../shared/real-notes');
export const labelsPath = resolve(__dirname, '../fixtures/real-notes/labels.json');
export const expectedFindingsPath = resolve(__dirname, '../fixtures/real-notes/expected-findings.json');

export const ATTENTION_KINDS: readonly AttentionKind[] = [
  'scaled_dot_product',
  'masked_scaled_dot_product',
  'multi_head',
  'head_projection',
  'additive_bahdanau',
  'luong_general_or_dot',
  'softmax_weights_elementwise',
  'linear_attention',
  'cross_attention_definition',
  'other_attention',
  'none',
];

/** Where a math region starts: file (relative to the folder, `/`-separated), cell in a notebook, 1-based line, and
 * its rank among the regions starting on that line (1 when alone). */
export interface RegionPlace {
  file: string;
  cell?: number;
  line: number;
  ordinal?: number;
}

export interface Label extends RegionPlace {
  kind: AttentionKind;
  reason: string;
}

/** A `check` finding reviewed as a real mistake of the note's author. */
export interface ExpectedFinding {
  file: string;
  cell?: number;
  line: number;
  code: string;
  why: string;
}

export const placeKey = (p: RegionPlace) => `${p.file}:${p.cell ?? ''}:${p.line}:${p.ordinal ?? 1}`;
const findingKey = (p: { file: string; cell?: number; line: number; code: string }) =>
  `${p.file}:${p.cell ?? ''}:${p.line}:${p.code}`;

export function readLabels(path = labelsPath): Label[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { labels: Label[] }).labels;
}

/** The reviewed findings: the file's `findings` list (a bare list is read too). */
export function readExpectedFindings(path = expectedFindingsPath): ExpectedFinding[] {
  const json = JSON.parse(readFileSync(path, 'utf8')) as ExpectedFinding[] | { findings: ExpectedFinding[] };
  return Array.isArray(json) ? json : json.findings;
}

export interface RegionResult extends RegionPlace {
  kind: AttentionKind;
}

export interface FindingResult {
  file: string;
  cell?: number;
  line: number;
  column: number;
  code: string;
  message: string;
}

export interface FileResult {
  file: string;
  /** Why the file could not be read, when it could not. */
  error?: string;
  regions: RegionResult[];
  findings: FindingResult[];
  /** Attention formulas whose symbols the note defines, as `attention-lens eval` lists them, and how many of them
   * evaluate without an error. */
  evaluations: number;
  evaluated: number;
  printedValues: number;
  printedValuesDiffering: number;
}

const posix = (path: string) => path.split(sep).join('/');

/** Scans, classifies, checks and evaluates one file, as `scan --json`, `check` and `eval` do. */
export function measureFile(folder: string, path: string): FileResult {
  const name = posix(relative(folder, path));
  let file: DocumentFile;
  try {
    file = openDocument(path);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    const empty = { regions: [], findings: [], evaluations: 0, evaluated: 0, printedValues: 0 };
    return { file: name, error, ...empty, printedValuesDiffering: 0 };
  }
  const { text } = file;
  const lines = new LineIndex(text);
  const positionAt = (offset: number) => lines.positionAt(offset);
  const scan = scanFile(file, lines);
  const place = (offset: number): JsonPlace => jsonPlace(file, positionAt(offset));

  const ordinals = new Map<string, number>();
  const regions = scan.regions.map((r, index) => {
    const { cell, line } = place(r.startOffset);
    const at: RegionPlace = cell === undefined ? { file: name, line } : { file: name, cell, line };
    const ordinal = (ordinals.get(placeKey(at)) ?? 0) + 1;
    ordinals.set(placeKey(at), ordinal);
    // The kind `scan --json` reports for the region.
    return { ...at, ...(ordinal === 1 ? {} : { ordinal }), kind: classifyRegion(scan, index).kind };
  });

  const findings = diagnoseDocument(scan, { text, language: 'en', positionAt }).map((f) => {
    const { cell, line, column } = jsonPlace(file, f.range.start);
    return { file: name, ...(cell === undefined ? {} : { cell }), line, column, code: f.code, message: f.message };
  });
  const evaluations = [
    ...evaluateDocument(scan, { maskedRows: 'zeros', positionAt }),
    ...evaluateCodeFormulas(scan, { maskedRows: 'zeros', positionAt }),
    ...evaluateProseExamples(scan, text, { maskedRows: 'zeros', positionAt }),
  ];
  const printed = checkPrintedValues(scan, { text, positionAt });
  return {
    file: name,
    regions,
    findings,
    evaluations: evaluations.length,
    evaluated: evaluations.filter((e) => e.errors.length === 0 && e.output !== null).length,
    printedValues: printed.length,
    printedValuesDiffering: printed.filter((p) => !p.agrees).length,
  };
}

/** The notes of a folder: its documents, less the README that describes the folder. */
export function notesUnder(folder: string): string[] {
  return documentsUnder(folder).filter((p) => relative(folder, p).toLowerCase() !== 'readme.md');
}

export interface KindMismatch {
  place: RegionPlace;
  labelled: AttentionKind;
  classified: AttentionKind;
  /** The label's reason; absent for a region classified as attention that no label names. */
  reason?: string;
  /** Whether the scanner found a region at the labelled place at all. */
  found: boolean;
}

export interface LabelScore {
  /** Regions classified as attention, and those of them labelled as attention. */
  classifiedAttention: number;
  truePositives: number;
  /** Labelled attention formulas. */
  labelledAttention: number;
  /** True positives whose kind is the labelled one. */
  kindCorrect: number;
  precision: number;
  recall: number;
  kindAccuracy: number;
  /** Labels that name no region the scanner found (formulas it misses, or a stale label). */
  missingRegions: RegionPlace[];
  /** Per labelled attention kind: how many formulas, how many classified as attention, how many of the kind. */
  byKind: Partial<Record<AttentionKind, { labelled: number; found: number; right: number }>>;
  mismatches: KindMismatch[];
}

const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);

/** Scores the classification of every region against the labels; an unlabelled region's kind is `none`. */
export function scoreLabels(files: readonly FileResult[], labels: readonly Label[]): LabelScore {
  const byPlace = new Map(labels.map((l) => [placeKey(l), l]));
  const regionsByPlace = new Map(files.flatMap((f) => f.regions.map((r) => [placeKey(r), r] as const)));
  let classifiedAttention = 0;
  let truePositives = 0;
  let kindCorrect = 0;
  const mismatches: KindMismatch[] = [];
  const missingRegions: RegionPlace[] = [];
  for (const f of files)
    for (const r of f.regions) {
      const label = byPlace.get(placeKey(r));
      const labelled = label?.kind ?? 'none';
      if (r.kind !== 'none') classifiedAttention++;
      if (r.kind !== 'none' && labelled !== 'none') {
        truePositives++;
        if (r.kind === labelled) kindCorrect++;
      }
      if (r.kind !== labelled)
        mismatches.push({ place: r, labelled, classified: r.kind, reason: label?.reason, found: true });
    }
  const byKind: LabelScore['byKind'] = {};
  for (const l of labels) {
    const classified = regionsByPlace.get(placeKey(l))?.kind ?? 'none';
    if (l.kind !== 'none') {
      const k = byKind[l.kind] ?? { labelled: 0, found: 0, right: 0 };
      byKind[l.kind] = k;
      k.labelled++;
      if (classified !== 'none') k.found++;
      if (classified === l.kind) k.right++;
    }
    if (regionsByPlace.has(placeKey(l))) continue;
    missingRegions.push(l);
    if (l.kind !== 'none')
      mismatches.push({ place: l, labelled: l.kind, classified: 'none', reason: l.reason, found: false });
  }
  const labelledAttention = labels.filter((l) => l.kind !== 'none').length;
  return {
    classifiedAttention,
    truePositives,
    labelledAttention,
    kindCorrect,
    precision: ratio(truePositives, classifiedAttention),
    recall: ratio(truePositives, labelledAttention),
    kindAccuracy: ratio(kindCorrect, truePositives),
    missingRegions,
    mismatches,
    byKind,
  };
}

export interface FindingScore {
  /** Findings that are reviewed author mistakes. */
  confirmed: FindingResult[];
  falseAlarms: FindingResult[];
  /** Reviewed mistakes that `check` no longer reports. */
  missed: ExpectedFinding[];
}

export function scoreFindings(files: readonly FileResult[], expected: readonly ExpectedFinding[]): FindingScore {
  const wanted = new Set(expected.map(findingKey));
  const all = files.flatMap((f) => f.findings);
  const reported = new Set(all.map(findingKey));
  return {
    confirmed: all.filter((f) => wanted.has(findingKey(f))),
    falseAlarms: all.filter((f) => !wanted.has(findingKey(f))),
    missed: expected.filter((e) => !reported.has(findingKey(e))),
  };
}

export interface CorpusReport {
  folder: string;
  files: FileResult[];
  /** Present when the folder holds every labelled file, so the labels describe it. */
  labels?: LabelScore;
  findings?: FindingScore;
}

/** Measures a folder; the labels and expected findings apply when the folder holds every file they name. */
export function measureFolder(
  folder: string,
  labels: readonly Label[] = readLabels(),
  expected: readonly ExpectedFinding[] = readExpectedFindings(),
): CorpusReport {
  const files = notesUnder(folder).map((p) => measureFile(folder, p));
  const named = new Set([...labels, ...expected].map((l) => l.file));
  const labelled = named.size > 0 && [...named].every((f) => existsSync(join(folder, f)));
  if (!labelled) return { folder, files };
  return { folder, files, labels: scoreLabels(files, labels), findings: scoreFindings(files, expected) };
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
/** `file:line`, `file:cell N:line`, with ` (#k)` for the k-th region starting on that line. */
const where = (p: RegionPlace) =>
  `${p.file}:${p.cell === undefined ? '' : `cell ${p.cell}:`}${p.line}${p.ordinal && p.ordinal > 1 ? ` (#${p.ordinal})` : ''}`;

/** The report as text, for `npm run corpus`. */
export function formatReport(report: CorpusReport): string {
  const out: string[] = [];
  const { files, labels, findings } = report;
  const sum = (f: (r: FileResult) => number) => files.reduce((n, r) => n + f(r), 0);
  const attention = (r: FileResult) => r.regions.filter((x) => x.kind !== 'none').length;
  out.push(
    `# ${report.folder}: ${count(files.length, 'note')}, ${count(
      sum((r) => r.regions.length),
      'math region',
    )}, ${sum(attention)} classified as attention`,
  );
  for (const r of files.filter((f) => f.error)) out.push(`  ${r.file}: not read: ${r.error}`);

  if (labels) {
    const { precision, recall, kindAccuracy } = labels;
    out.push(
      '',
      '## Attention formulas, against test/fixtures/real-notes/labels.json',
      `precision      ${percent(precision)}  (${labels.truePositives} of ${labels.classifiedAttention} regions classified as attention are attention)`,
      `recall         ${percent(recall)}  (${labels.truePositives} of ${labels.labelledAttention} labelled attention formulas are classified as attention)`,
      `kind accuracy  ${percent(kindAccuracy)}  (${labels.kindCorrect} of those ${labels.truePositives} get the labelled kind)`,
      '',
      'Per labelled kind: formulas, classified as attention, of that kind',
      ...ATTENTION_KINDS.flatMap((kind) => {
        const k = labels.byKind[kind];
        return k
          ? [
              `  ${kind.padEnd(28)} ${String(k.labelled).padStart(3)} ${String(k.found).padStart(3)} ${String(k.right).padStart(3)}`,
            ]
          : [];
      }),
      '',
      'Differences (labelled -> classified):',
    );
    for (const m of labels.mismatches) {
      const missing = m.found ? '' : ' [no region found here]';
      out.push(`  ${where(m.place)}  ${m.labelled} -> ${m.classified}${missing}${m.reason ? `  (${m.reason})` : ''}`);
    }
  }

  out.push('', '## check findings');
  for (const r of files) {
    if (r.findings.length === 0) continue;
    out.push(`${r.file}: ${r.findings.length}`);
    const wanted = new Set(findings?.confirmed ?? []);
    for (const f of r.findings) {
      const verdict = findings ? (wanted.has(f) ? 'real mistake' : 'FALSE ALARM') : '';
      out.push(`  ${where(f)}:${f.column} ${f.code} ${verdict ? `[${verdict}] ` : ''}${f.message}`);
    }
  }
  if (findings) {
    out.push(
      `${count(
        sum((r) => r.findings.length),
        'finding',
      )}: ${count(findings.confirmed.length, 'real mistake')} (of ${findings.confirmed.length + findings.missed.length} reviewed), ${count(findings.falseAlarms.length, 'false alarm')}`,
    );
    for (const m of findings.missed) out.push(`  missed: ${where(m)} ${m.code} (${m.why})`);
  } else
    out.push(
      `${count(
        sum((r) => r.findings.length),
        'finding',
      )} (no reviewed list for this folder)`,
    );

  out.push('', '## Worked examples (as attention-lens eval)');
  for (const r of files.filter((f) => f.evaluations > 0 || f.printedValues > 0)) {
    out.push(
      `  ${r.file}: ${r.evaluated} of ${count(r.evaluations, 'formula')} evaluate; ${count(r.printedValues, 'printed value')} checked, ${r.printedValuesDiffering} differ`,
    );
  }
  out.push(
    `${sum((r) => r.evaluated)} of ${count(
      sum((r) => r.evaluations),
      'formula',
    )} evaluate, in ${count(files.filter((f) => f.evaluated > 0).length, 'note')}; ${count(
      sum((r) => r.printedValues),
      'printed value',
    )} checked, ${sum((r) => r.printedValuesDiffering)} differ`,
  );
  return `${out.join('\n')}\n`;
}
