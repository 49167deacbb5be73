import { Command, type ErrorOptions, type ParseOptionsResult } from 'commander';
import { CliError, EXIT_USAGE } from './exit.ts';

/**
 * A commander command whose usage errors are one Vietnamese sentence and one English one, naming
 * the command and the option, with commander's own "did you mean" (exit 2, no help dump); every
 * subcommand is one too.
 */
export class CchcCommand extends Command {
  override createCommand(name?: string): Command {
    return new CchcCommand(name);
  }

  /** The words parsing left over, kept so a mistyped option is named before a missing one. */
  private unknownWords: string[] = [];

  override parseOptions(argv: string[]): ParseOptionsResult {
    const parsed = super.parseOptions(argv);
    this.unknownWords = parsed.unknown;
    return parsed;
  }

  override error(message: string, errorOptions?: ErrorOptions): never {
    const mistyped = this.unknownWords.find((word) => word.startsWith('--'));
    // commander checks required options first: `--stats done` would be told "--item needed", not "did you mean --status".
    if (errorOptions?.code === 'commander.missingMandatoryOptionValue' && mistyped) (this as unknown as { unknownOption(flag: string): never }).unknownOption(mistyped);
    throw usageError(this, message, errorOptions?.code ?? '');
  }
}

/** commander's English message (its wording is stable within a major version), said again in both languages. */
export function usageError(command: Command, message: string, code: string): CliError {
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const similar = /\(Did you mean ([^?]+)\?\)/.exec(message)?.[1]?.trim();
  const isRoot = !command.parent;
  const name = isRoot ? 'cchc' : `cchc ${command.name()}`;
  const help = `${name} --help`;
  const said = (vi: string, en: string) => new CliError(vi, en, EXIT_USAGE);
  switch (code) {
    case 'commander.unknownCommand':
      return said(
        `Không có lệnh "${quoted}"${similar ? `; có phải ý bạn là "cchc ${similar}"?` : `; xem danh sách lệnh: ${help}.`}`,
        `There is no command "${quoted}"${similar ? `; did you mean "cchc ${similar}"?` : `; see the commands: ${help}.`}`,
      );
    case 'commander.unknownOption':
      return said(
        `${name} không có tùy chọn ${quoted}${similar ? `; có phải ý bạn là ${similar}?` : `; xem ${help}.`}`,
        `${name} has no option ${quoted}${similar ? `; did you mean ${similar}?` : `; see ${help}.`}`,
      );
    case 'commander.missingMandatoryOptionValue':
      return said(`${name} cần tùy chọn ${quoted}; xem ${help}.`, `${name} needs the option ${quoted}; see ${help}.`);
    case 'commander.optionMissingArgument':
      return said(`Tùy chọn ${quoted} của ${name} cần một giá trị.`, `The option ${quoted} of ${name} needs a value.`);
    case 'commander.missingArgument':
      return said(`${name} cần đối số <${quoted}>; xem ${help}.`, `${name} needs the argument <${quoted}>; see ${help}.`);
    case 'commander.excessArguments': {
      const expected = command.registeredArguments.map((a) => `<${a.name()}>`).join(' ') || '(không có / none)';
      return said(`${name} chỉ nhận ${expected}, thừa đối số; tùy chọn viết --tên giá-trị, giá trị có dấu cách đặt trong ngoặc kép.`, `${name} takes only ${expected}, too many arguments were given; options are --name value, a value with spaces in quotes.`);
    }
    case 'commander.conflictingOption':
      return said(`Không dùng được cùng lúc các tùy chọn này của ${name}: ${message.replace(/^error: /, '')}.`, `${message.replace(/^error: /, '')} (${name}).`);
    default:
      return said(`Sai cách dùng ${name}: ${message.replace(/^error: /, '')}; xem ${help}.`, `Bad usage of ${name}: ${message.replace(/^error: /, '')}; see ${help}.`);
  }
}
