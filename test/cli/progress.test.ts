import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startProgress } from '../../cli/progress.ts';
import { guardTerminalOutput } from '../../cli/terminal-text.ts';

function stream(isTTY: boolean) {
  const out = Object.assign(new PassThrough(), { isTTY, columns: 100, cursorTo() {}, clearLine() {}, moveCursor() {} });
  let written = '';
  out.on('data', (chunk) => (written += String(chunk)));
  return { out, written: () => written };
}

describe('progress on long work', () => {
  it('draws a bar with the label and the share done on a terminal, and erases it at the end', async () => {
    const tty = stream(true);
    const progress = startProgress('Kiểm tra sổ / verifying', 1_000, { stream: tty.out, unit: 'byte' });
    progress.update(500);
    await new Promise((resolve) => setTimeout(resolve, 150));
    progress.stop();
    expect(tty.written()).toContain('Kiểm tra sổ / verifying');
    expect(tty.written()).toMatch(/50% \(500\/1000 byte\)/);
  });

  it("moves the terminal's cursor through the guard that shows a ledger's control characters as text", async () => {
    const tty = stream(true);
    guardTerminalOutput([tty.out as unknown as NodeJS.WriteStream]);
    const progress = startProgress('x', 10, { stream: tty.out });
    progress.update(5);
    progress.stop();
    expect(tty.written()).toContain('\u001b[');
    expect(tty.written()).not.toContain('\\u001B');
  });

  it('writes nothing when the output is not a terminal, or is JSON, or there is nothing to count', async () => {
    for (const [isTTY, json, total] of [
      [false, false, 1_000],
      [true, true, 1_000],
      [true, false, 0],
    ] as const) {
      const s = stream(isTTY);
      const progress = startProgress('x', total, { stream: s.out, json });
      progress.update(10);
      await new Promise((resolve) => setTimeout(resolve, 120));
      progress.stop();
      expect(s.written(), `${isTTY} ${json} ${total}`).toBe('');
    }
  });
});
