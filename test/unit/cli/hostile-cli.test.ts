// Every command of the command-line tool on every hostile document, written to a file as Markdown and as LaTeX:
// each must finish with a meaningful exit code (never 3, an internal error), say clearly what it refused, and
// print no control character of the document into the terminal.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { terminalSafe } from '../../../src/cli/terminal-text';
import { scanDocument } from '../../../src/core/document/scan';
import { runCli as run } from '../../support/cli';
import { type HostileDocument, hostileDocuments, terminalPayloads } from '../../support/hostile';

/** The first character a document could use to act on a terminal (every control except tab and line feed). */
function terminalControl(text: string): string | undefined {
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if ((code < 0x20 && ch !== '\t' && ch !== '\n') || (code >= 0x7f && code <= 0x9f)) return ch;
  }
  return undefined;
}

/** What each command must say about a document, beyond finishing cleanly; `--line` picks the formula's line. */
const expected: Record<string, { args: string[]; code: number; output: RegExp }[]> = {
  'unclosed display': [{ args: ['check'], code: 0, output: /AL010 Display math opened with \$\$ is never closed/ }],
  'def bomb': [{ args: ['check'], code: 0, output: /Macro expansion of \\a exceeded its limit/ }],
  'newcommand bomb': [{ args: ['check'], code: 0, output: /Macro expansion of \\c exceeded its limit/ }],
  'exponential macros': [{ args: ['check'], code: 0, output: /Macro expansion of \\ma exceeded its limit/ }],
  'huge matrix': [
    { args: ['eval', '--line', '3'], code: 1, output: /Q is 1000x1000, above the limit of 512 per dimension/ },
    { args: ['eval', '--line', '1'], code: 1, output: /too long to read/ },
  ],
  'ragged and non-numeric': [
    { args: ['check'], code: 1, output: /Row 2 of the matrix has 1 entry; the widest row has 2/ },
    { args: ['eval', '--line', '2'], code: 1, output: /entries that are not numbers \(a, \\alpha, x\^2\)/ },
  ],
  'non-finite everywhere': [
    { args: ['eval'], code: 1, output: /V on line 1 cannot be used: it has entries that are not numbers/ },
  ],
  'shapes that do not fit': [
    { args: ['eval'], code: 1, output: /Q is 2x3 but K is 4x2; their column counts \(d_k\) must match/ },
    { args: ['check'], code: 1, output: /AL001 QK\^T cannot be computed: Q is 2×3 and K is 4×2/ },
  ],
  'lone surrogates and NUL': [
    { args: ['check'], code: 0, output: /AL009 Entry \(1, 1\) of the matrix is not a number/ },
  ],
  'terminal escapes': [
    { args: ['check'], code: 0, output: /not a number: \u241b\[2J/ },
    { args: ['eval', '--line', '6'], code: 1, output: /expected a term but found '\u241b'/ },
    { args: ['scan'], code: 0, output: /\u241b\]8;;https:\/\/example.invalid\u2407link/ },
  ],
};

/** Where `explain` is asked: inside each of the first few formulas, and the middle of the document. */
function explainPlaces(doc: HostileDocument): { line: number; column: number }[] {
  const scan = scanDocument(doc.text, doc.format);
  const places = scan.regions
    .slice(0, 3)
    .map((r) => ({ line: r.range.start.line + 1, column: r.range.start.character + 3 }));
  places.push({ line: Math.max(1, Math.floor(doc.text.split('\n').length / 2)), column: 1 });
  return places;
}

describe('the command line on hostile documents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attention-lens-hostile-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const doc of hostileDocuments()) {
    // The 20 MB note is read in its own format only; every other document also as the other format.
    const large = doc.name === 'large note';
    const extensions = large ? ['.md'] : ['.md', '.tex'];
    for (const extension of extensions) {
      it(`${doc.name} (${extension})`, { timeout: large ? 600_000 : 120_000 }, async () => {
        const path = join(dir, `${doc.name.replaceAll(' ', '-')}${extension}`);
        writeFileSync(path, doc.text);
        const commands = [
          ['scan', path],
          ['eval', path],
          ['check', path],
          ...explainPlaces(doc).map((p) => ['explain', path, '--line', String(p.line), '--column', String(p.column)]),
          // JSON of the 20 MB note would be some 160 MB of output; the text commands cover it.
          ...(large
            ? []
            : [
                ['scan', path, '--json'],
                ['eval', path, '--json'],
                ['check', path, '--format', 'json'],
              ]),
        ];
        for (const args of commands) {
          const { code, out, err } = await run(args);
          const what = `${args.slice(0, 1).concat(args.slice(2)).join(' ')}: exit ${code}\n${err.slice(0, 2000)}`;
          assert.ok(code === 0 || code === 1, what);
          if (args.includes('--json')) JSON.parse(out);
          else assert.equal(terminalControl(out), undefined, what);
          assert.equal(terminalControl(err), undefined, what);
        }
        const format = extension === '.tex' ? 'latex' : 'markdown';
        if (format !== doc.format) return;
        for (const { args, code, output } of expected[doc.name] ?? []) {
          const result = await run([args[0], path, ...args.slice(1)]);
          assert.equal(result.code, code, `${args.join(' ')}: ${result.out}${result.err}`);
          assert.match(result.out, output, args.join(' '));
        }
      });
    }
  }
});

describe('terminalSafe', () => {
  it('shows each control character of the document as its picture, keeping line breaks and tabs', () => {
    assert.equal(
      terminalSafe('a\u001b[2Jb\u0000c\td\ne\rf\u007f\u009b'),
      'a\u241b[2Jb\u2400c\td\ne\u240df\u2421\ufffd',
    );
    for (const payload of terminalPayloads) assert.equal(terminalControl(terminalSafe(payload)), undefined);
  });

  it('leaves ordinary text, TeX and other scripts as they are', () => {
    const text = '\\mathrm{softmax}(QK^\\top) — 注意力 😀';
    assert.equal(terminalSafe(text), text);
  });
});
