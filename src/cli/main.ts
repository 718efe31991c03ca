#!/usr/bin/env node
// The command line: a thin shell over the library. Each command lives in commands/ and
// is registered in COMMANDS.
import { LOOKUP_CLOUDS, LookupCloud } from '../registry/run-lookup';
import { escapeControl } from '../core/text';
import { useLookupWorker } from '../lookups/worker/bridge';
import { LOOKUP_WORKER } from '../registry/lookup-worker-entry';
import { CliCommand, CliIo, commandHelp, wantsHelp } from './command';
import { checkCommand } from './commands/check';
import { fakeCloudCommand } from './commands/fake-cloud';
import { initCommand } from './commands/init';
import { lookupCloudHelp, lookupCommand } from './commands/lookup';
import { recordsCommand } from './commands/records';
import { releaseCommand } from './commands/release';

const COMMANDS: CliCommand[] = [initCommand, lookupCommand, fakeCloudCommand, checkCommand, releaseCommand, recordsCommand];

function usage(): string {
  return `usage: cdktf-headroom <command> [options]   (cdktf-headroom <command> --help for its options)\n\ncommands:\n${COMMANDS.map((c) => `  ${c.usage}\n      ${c.summary}`).join('\n')}\n`;
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  useLookupWorker(LOOKUP_WORKER); // `lookup` and a shared record's `records` run on the lookup worker
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help') {
    io.out(usage());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  if (wantsHelp(rest)) {
    const cloud = rest[0] as LookupCloud;
    io.out(commandHelp(command === lookupCommand && LOOKUP_CLOUDS.includes(cloud) ? lookupCloudHelp(cloud) : command));
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    io.err(`cdktf-headroom ${name}: ${(err as Error).message}\n`);
    return 2;
  }
}

/**
 * The CLI's one output path: everything goes through `process.stdout` / `process.stderr`
 * writes, and the process ends by itself once they are drained, with `process.exitCode`
 * set. (`process.exit` would end it at once, cutting a piped report at the 64 KiB the
 * pipe holds.) Control characters in what a command writes are escaped (newlines and
 * tabs kept): a report quoting a hostile cloud cannot steer the terminal. JSON stays
 * valid (its strings hold C0 controls escaped already; the rest become `\u` escapes).
 */
export function processIo(): CliIo {
  return {
    out: (t) => void process.stdout.write(escapeControl(t, { lines: true })),
    err: (t) => void process.stderr.write(escapeControl(t, { lines: true })),
  };
}

if (require.main === module) {
  void runCli(process.argv.slice(2), processIo()).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`cdktf-headroom: ${escapeControl(String((err as Error)?.message ?? err), { lines: true })}\n`);
      process.exitCode = 2;
    },
  );
}
