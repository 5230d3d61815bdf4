// Runs the command-line tool in-process, as the `attention-lens` binary would: what it prints, and its exit code
// (an exception escaping a command is the binary's exit code 3, an internal error).
import { main } from '../../src/cli';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  let code: number;
  try {
    code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  } catch (e) {
    code = 3;
    err += e instanceof Error ? e.stack : String(e);
  }
  return { code, out, err };
}
