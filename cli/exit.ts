/**
 * Exit codes of every command: 0 done (or intact), 1 the check failed or the input was refused,
 * 2 bad usage, 3 done (an event recorded, a file written) but what it printed could not be written
 * (stdout closed or its disk full): a caller must not do it again.
 */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_OUTPUT_LOST = 3;

/** A refusal the user should read: no stack trace, a Vietnamese sentence first and an English one after. */
export class CliError extends Error {
  constructor(
    readonly messageVi: string,
    readonly messageEn: string,
    readonly exitCode: number = EXIT_FAILED,
    options?: ErrorOptions,
  ) {
    super(messageEn, options);
  }
}
