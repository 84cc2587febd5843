/** `grym` command-line entry. Each command lives in its own file and registers itself here. */
import { Command, CommanderError } from 'commander';
import { register as registerValidate } from './validate.ts';
import { register as registerRun } from './run.ts';
import { register as registerRuns } from './runs.ts';
import { register as registerServe } from './serve.ts';
import { register as registerModels } from './models.ts';
import { register as registerAnalyze } from './analyze.ts';

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program.name('grym').description('grym-synth: durable, parallel audio workflows').exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerValidate(program);
  registerRun(program);
  registerRuns(program);
  registerServe(program);
  registerModels(program);
  registerAnalyze(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const e = err as { code?: string; message?: string };
    process.stderr.write(`grym: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}\n`);
    return 1;
  }
}
