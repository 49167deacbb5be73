import { CommanderError } from 'commander';
import { commandModules } from './commands/index.ts';
import { CliError, EXIT_FAILED, EXIT_OUTPUT_LOST, EXIT_USAGE } from './exit.ts';
import { boundHeapGrowth } from './heap-growth.ts';
import { guardTerminalOutput } from './terminal-text.ts';
import { CchcCommand } from './usage-error.ts';

// Text from ledgers and tables reaches the terminal: its control characters are shown, not obeyed.
guardTerminalOutput();

// A command may read a ledger of a million events in one pass: its heap grows by a bounded factor.
boundHeapGrowth();

// Whatever goes wrong, the user reads a sentence, never a stack trace.
process.on('uncaughtException', (error) => fail(error));
process.on('unhandledRejection', (error) => fail(error));

// `cchc log ... | head` closes the pipe early: that is the reader being done, not an error.
// Any other failure to print (a full disk, a closed descriptor) does not undo what the command did:
// it is said on stderr and in the exit code, once the command has finished.
let outputLost: NodeJS.ErrnoException | null = null;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  outputLost ??= error;
});

const program = new CchcCommand('cchc')
  .description(
    'Sổ theo dõi kế hoạch cải cách hành chính (CCHC): nhập phụ lục, ghi nhận tiến độ, kiểm tra chuỗi, lập báo cáo.\n' +
      'The CCHC plan ledger: import the appendix table, record progress, verify the chain, build reports.',
  )
  .version('0.1.0', '-V, --version', 'phiên bản / the version')
  .helpOption('-h, --help', 'hướng dẫn / help')
  .helpCommand('help [command]', 'hướng dẫn của một lệnh / help for a command')
  .exitOverride();

// The command named (`cchc verify …`, `cchc help verify`) is loaded; for the list, or a word that is
// no command, each is only its name and summary.
const named = commandModules.find(({ name }) => name === (process.argv[2] === 'help' ? process.argv[3] : process.argv[2]));
if (named) (await named.load()).register(program);
else for (const { name, summary } of commandModules) program.command(name).description(summary);
for (const command of program.commands) command.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
}
// A failed write to stdout is reported on the next turn of the event loop.
await new Promise((resolve) => setImmediate(resolve));
// Set by the listener above, which TypeScript's flow analysis does not see.
const lost = outputLost as NodeJS.ErrnoException | null;
if (lost) {
  const code = lost.code ?? lost.message;
  const done = !process.exitCode;
  process.stderr.write(
    `Lỗi: không ghi được kết quả ra đầu ra chuẩn (${code}).${done ? ' Lệnh ĐÃ thực hiện xong (ghi nhận đã lưu, tệp đã ghi): đừng chạy lại.' : ''}\n` +
      `Error: could not write the output to stdout (${code}).${done ? ' The command DID complete (any event is recorded, any file written): do not run it again.' : ''}\n`,
  );
  if (done) process.exitCode = EXIT_OUTPUT_LOST;
}

function fail(error: unknown): void {
  process.exitCode = exitCodeFor(error);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end through here too, with exit code 0.
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (error instanceof CliError) {
    process.stderr.write(`Lỗi: ${error.messageVi}\nError: ${error.messageEn}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Lỗi không mong đợi / Unexpected error: ${message}\n`);
  return EXIT_FAILED;
}
