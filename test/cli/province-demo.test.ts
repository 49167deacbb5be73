import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliAsync } from '../support/run-cli.ts';

const PERIODS = ['2021-Q1', '2021-H1', '2021-9M', '2021-Y'];

describe('cchc demo --province', () => {
  // Asynchronous runs: a minute-long synchronous child would block the test worker's messages to vitest.
  it('runs the province through its service, refuses the one stray event, and leaves exports that rebuild the same reports offline', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cchc-province-')), 'out');
    const r = await runCliAsync(['demo', '--province', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);

    // The one event written outside its agency's tasks is refused, naming both agencies.
    const refused = r.stdout.split('\n').filter((l) => l.startsWith('Bị từ chối / refused:'));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain('(Sở Y tế)');
    expect(refused[0]).toContain('Sở Tư pháp');

    const exported = join(out, 'so-theo-doi');
    const ledgers = readdirSync(exported).filter((f) => f.endsWith('.ndjson'));
    expect(ledgers).toHaveLength(28);
    const verified = await runCliAsync(['verify', join(exported, 'kh-cchc-tinh-2021.ndjson')]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/chữ ký|signed/i);

    // The four offline rebuilds are independent processes: run together, they share the cores.
    const rebuilds = await Promise.all(
      PERIODS.map(async (period) => {
        const again = join(out, `lai-${period}.xlsx`);
        const offline = await runCliAsync(['report', '--province', join(exported, 'tinh.json'), '--period', period, '--known-at', knownAtOf(period), '--out', again, '--config', 'samples/bentre-2021-bao-cao.json']);
        return { period, again, offline };
      }),
    );
    for (const { period, again, offline } of rebuilds) {
      expect(r.stdout).toContain(`Báo cáo tổng hợp ${period}`);
      // The exported ledgers and the manifest give, offline, the very bytes the demo built from the service.
      expect(offline.stderr).toBe('');
      expect(offline.code).toBe(0);
      expect(readFileSync(again).equals(readFileSync(join(out, `bao-cao-tong-hop-${period}.xlsx`)))).toBe(true);
      expect(readFileSync(again.replace(/\.xlsx$/, '.docx')).equals(readFileSync(join(out, `bao-cao-tong-hop-${period}.docx`)))).toBe(true);
    }
  });
});

/** The demo makes each report at 10:00 Vietnam time on the 18th after the cut-off. */
function knownAtOf(period: string): string {
  const month = { Q1: '03', H1: '06', '9M': '09', Y: '12' }[period.slice(5)]!;
  return `2021-${month}-18T10:00`;
}
