/**
 * Control characters a terminal would act on rather than show: C0 (but line feed and tab), DEL,
 * C1, and the bidirectional embeddings, overrides and isolates that make text read other than it is
 * stored. A note typed as "\u001b]0;...\u0007" must not retitle an auditor's terminal.
 */
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The text with each such character written out as a \\uXXXX escape: visible to a person, and
 * still the same character to a JSON reader (inside a JSON string the escape means it).
 */
export function terminalText(text: string): string {
  return text.replace(ACTIVE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Text for one field of one line: every control and invisible character (newline and tab too) written out as \\uXXXX. */
export function oneLineText(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Makes every string written to stdout and stderr terminal text, whichever command writes it. */
export function guardTerminalOutput(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? terminalText(chunk) : chunk, ...rest)) as typeof stream.write;
  }
}
