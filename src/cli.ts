#!/usr/bin/env node
// The command-line face of the core: `attention-lens <command> ...`. Each command lives in src/cli/.
import type { CliCommand, CliIO } from './cli/command';
import { UsageError } from './cli/command';
import { readMacroFiles, useMacros } from './cli/document-file';
import { terminalSafe } from './cli/terminal-text';
import { problemText } from './core/tex/macro-files';
import { katexMacros } from './core/tex/macros';

const commands: Record<string, () => Promise<CliCommand>> = {
  scan: async () => (await import('./cli/scan')).scanCommand,
  eval: async () => (await import('./cli/eval')).evalCommand,
  explain: async () => (await import('./cli/explain')).explainCommand,
  check: async () => (await import('./cli/check')).checkCommand,
};

const macrosHelp = `
Every command also takes --macros FILE (repeatable): a .sty, a preamble .tex or a KaTeX macros .json whose
\\newcommand, \\renewcommand, \\def, \\DeclareMathOperator and \\DeclarePairedDelimiter apply to every file read.
A LaTeX file is also read with the macros of the files it brings in with \\input and \\include.
`;

/** Takes `--macros FILE` out of the arguments and reads the files; a file that cannot be read is bad usage. */
function macroOptions(args: string[], io: CliIO): string[] {
  const rest: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--macros') rest.push(args[i]);
    else if (i + 1 < args.length) files.push(args[++i]);
    else throw new UsageError('--macros needs a file');
  }
  const load = readMacroFiles(files);
  const unreadable = load.problems.filter((p) => p.kind === 'missing' || p.kind === 'not-macros');
  if (unreadable.length > 0) throw new UsageError(unreadable.map((p) => terminalSafe(problemText(p))).join('\n'));
  const warn = (message: string) => io.err(`attention-lens: ${message}\n`);
  for (const p of load.problems) warn(`macros: ${terminalSafe(problemText(p))}`);
  useMacros(katexMacros(load.definitions), warn);
  return rest;
}

const exitCodes = `Exit codes: 0 success, 1 findings or a request that could not be met, 2 bad usage, 3 internal error.`;

async function usage(): Promise<string> {
  const rows = await Promise.all(
    Object.entries(commands).map(async ([name, load]) => `  ${name.padEnd(9)}${(await load()).summary}`),
  );
  return `Usage: attention-lens <command> [options]\n\nCommands:\n${rows.join('\n')}\n\nRun 'attention-lens <command> --help' for a command's options.\n${exitCodes}\n`;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h') {
    io.out(await usage());
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    io.err(`attention-lens: unknown command '${name}'\n${await usage()}`);
    return 2;
  }
  const command = await load();
  if (args.includes('--help') || args.includes('-h')) {
    io.out(command.help + macrosHelp);
    return 0;
  }
  try {
    return await command.run(macroOptions(args, io), io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`attention-lens ${name}: ${err.message}\n\n${command.help}`);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(
        `attention-lens: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exitCode = 3;
    },
  );
}
