/**
 * A ledger edited by hand: the workbook's ledger sheet (a cell changed, a row deleted, rows swapped
 * ...) and the NDJSON file (a byte changed, a line removed, the chain rebuilt). `cchc verify` must
 * name the first bad seq and where it is; the add-in's reopening check must refuse the workbook.
 * Truncation and a rebuilt chain are only detectable against an issued report's anchor: counted
 * both ways, honestly.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaneApp } from '../../addin/app/pane-app.ts';
import { cellAddress } from '../../addin/excel/a1.ts';
import { MemoryHost } from '../../addin/excel/memory-host.ts';
import { memoryWorkbookFromXlsx } from '../../addin/excel/memory-workbook-xlsx.ts';
import { newPrivateKeyPem, signerOfPrivateKey } from '../../cli/key-file.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { LEDGER_SHEET_NAME } from '../../ledger/stores/sheet-rows.ts';
import type { EventStore } from '../../ledger/store.ts';
import { parsedLines, resealed } from '../../scripts/hostile-corpus/ledgers.ts';
import { writeCorpus, type Corpus } from '../../scripts/hostile-corpus/cases.ts';
import { publishFigures } from './support/figures.ts';
import { inPool, runCommand, type CommandRun } from './support/run-command.ts';

let corpus: Corpus;
let dir: string;
let goodHead: string;
const outcomes: Array<{ where: string; case: string; detected: boolean; anchored: boolean }> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cchc-tamper-'));
  corpus = await writeCorpus(join(dir, 'corpus'), ['ledger-sheet']);
  const verified = await runCommand(['verify', '--json', corpus.good.ledger]);
  const head = (JSON.parse(verified.stdout) as { head: { seq: number; hash: string } }).head;
  goodHead = `${head.seq}:${head.hash}`;
}, 120_000);

afterAll(() => {
  if (!outcomes.length) return;
  const count = (where: string, anchored: boolean) => outcomes.filter((o) => o.where === where && o.anchored === anchored);
  const row = (where: string, anchored: boolean, measure: string) => {
    const list = count(where, anchored);
    return { measure, value: list.filter((o) => o.detected).length, outOf: list.length, note: list.filter((o) => !o.detected).map((o) => o.case).join(', ') || undefined };
  };
  publishFigures('3-tampering', [
    row('ledger sheet', false, 'ledger-sheet edits detected by cchc verify (no anchor)'),
    row('ledger sheet', true, 'ledger-sheet edits detected with the report anchor'),
    row('ndjson', false, 'NDJSON edits detected by cchc verify (no anchor)'),
    row('ndjson', true, 'NDJSON edits detected with the report anchor'),
    row('add-in', false, "ledger-sheet edits refused by the add-in's reopening check"),
  ].map((f) => (f.note ? f : { measure: f.measure, value: f.value, outOf: f.outOf })));
  rmSync(dir, { recursive: true, force: true });
});

/** The first bad event `verify` must name for each hand edit of the sheet, and its row. */
const SHEET_EDITS: Record<string, { seq: number; row: number; code: string } | 'only-with-anchor'> = {
  'ls-cell-changed': { seq: 4, row: 5, code: 'hash' },
  'ls-date-changed': { seq: 2, row: 3, code: 'hash' },
  'ls-row-deleted': { seq: 4, row: 4, code: 'sequence' },
  'ls-rows-swapped': { seq: 4, row: 4, code: 'sequence' },
  'ls-row-duplicated': { seq: 5, row: 7, code: 'sequence' },
  'ls-last-row-deleted': 'only-with-anchor',
  'ls-seq-cell-changed': { seq: 4, row: 5, code: 'parse' },
  'ls-hash-cell-changed': { seq: 2, row: 3, code: 'parse' },
  'ls-json-broken': { seq: 6, row: 7, code: 'parse' },
  'ls-header-changed': { seq: 1, row: 1, code: 'parse' },
  'ls-formula': { seq: 2, row: 3, code: 'parse' },
};

function verdict(run: CommandRun): { ok: boolean; seq?: number; code?: string; where?: { row?: number; line?: number; sheet?: string } } {
  expect(run.stderr, run.args.join(' ')).toBe('');
  return JSON.parse(run.stdout) as ReturnType<typeof verdict>;
}

describe("the workbook's ledger sheet edited by hand", () => {
  it('cchc verify names the first bad seq, its sheet and row; a deleted last row shows against the anchor', async () => {
    const cases = corpus.cases.filter((c) => c.group === 'ledger-sheet');
    expect(cases.map((c) => c.id).sort()).toEqual(Object.keys(SHEET_EDITS).sort());
    await inPool(cases, 2, async (c) => {
      const file = join(corpus.dir, c.file);
      const expected = SHEET_EDITS[c.id]!;
      const plain = await runCommand(['verify', '--json', file]);
      const anchored = await runCommand(['verify', '--json', file, '--anchor', goodHead]);
      // The words a person reads, on two of them (the JSON verdict is the same check).
      const human = c.id === 'ls-cell-changed' || c.id === 'ls-row-deleted' ? await runCommand(['verify', file]) : null;
      if (expected === 'only-with-anchor') {
        expect(plain.code).toBe(0);
        expect(anchored.code).toBe(1);
        expect(verdict(anchored)).toMatchObject({ ok: false, code: 'anchor', seq: 6 });
      } else {
        expect(plain.code, plain.stdout).toBe(1);
        expect(verdict(plain)).toMatchObject({ ok: false, seq: expected.seq, code: expected.code, where: { sheet: LEDGER_SHEET_NAME, row: expected.row } });
        if (human) {
          expect(human.stdout).toContain(`seq ${expected.seq} (sheet ${LEDGER_SHEET_NAME}, row ${expected.row})`);
          expect(human.stdout).toMatch(/Ghi nhận hỏng đầu tiên: số \d+/);
        }
        expect(anchored.code).toBe(1);
      }
      outcomes.push({ where: 'ledger sheet', case: c.id, detected: plain.code === 1, anchored: false });
      outcomes.push({ where: 'ledger sheet', case: c.id, detected: anchored.code === 1, anchored: true });
    });
  }, 300_000);
});

describe('the NDJSON ledger edited by hand', () => {
  it('cchc verify names the first bad seq, line and byte; truncation and a rebuilt chain show against the anchor', async () => {
    const lines = readFileSync(corpus.good.ledger, 'utf8').split('\n').filter(Boolean);
    const values = parsedLines(lines);
    const edits: Array<[string, string[], { seq: number; line: number } | 'only-with-anchor']> = [
      ['a status changed', [...lines.slice(0, 3), lines[3]!.replace('"status":"done"', '"status":"on_hold"'), ...lines.slice(4)], { seq: 4, line: 4 }],
      ['an effective date moved', [...lines.slice(0, 1), lines[1]!.replace('2021-01-18', '2021-01-08'), ...lines.slice(2)], { seq: 2, line: 2 }],
      ['an actor renamed', [...lines.slice(0, 4), lines[4]!.replace('Nguyễn Thị Hồng Nhung', 'Nguyễn Thị Hồng Nhưng'), ...lines.slice(5)], { seq: 5, line: 5 }],
      ['a line removed', [...lines.slice(0, 2), ...lines.slice(3)], { seq: 4, line: 3 }],
      ['two lines swapped', [...lines.slice(0, 2), lines[3]!, lines[2]!, ...lines.slice(4)], { seq: 4, line: 3 }],
      ['a line repeated', [...lines.slice(0, 3), lines[2]!, ...lines.slice(3)], { seq: 3, line: 4 }],
      ['an evidence number changed, its hash recomputed', (() => {
        const edited = JSON.parse(lines[2]!.replace('7018/KH-UBND', '7019/KH-UBND')) as Record<string, unknown>;
        return [...lines.slice(0, 2), resealed([...values.slice(0, 2), edited])[2]!, ...lines.slice(3)];
      })(), { seq: 4, line: 4 }],
      ['the last line removed (truncated)', lines.slice(0, -1), 'only-with-anchor'],
      ['an edit with the whole chain rebuilt after it', resealed(values.map((v, i) => (i === 2 ? { ...v, data: { ...(v.data as object), document: { kind: 'Công văn' } } } : v))), 'only-with-anchor'],
    ];
    await inPool(edits, 2, async ([what, edited, expected]) => {
      const file = join(dir, `${what.replace(/\W+/g, '-')}.ndjson`);
      writeFileSync(file, edited.map((l) => `${l}\n`).join(''));
      const plain = await runCommand(['verify', '--json', file]);
      const anchored = await runCommand(['verify', '--json', file, '--anchor', goodHead]);
      if (expected === 'only-with-anchor') {
        expect(plain.code, what).toBe(0);
        expect(verdict(anchored), what).toMatchObject({ ok: false, code: 'anchor' });
      } else {
        expect(verdict(plain), what).toMatchObject({ ok: false, seq: expected.seq, where: { line: expected.line } });
        expect(anchored.code, what).toBe(1);
      }
      outcomes.push({ where: 'ndjson', case: what, detected: plain.code === 1, anchored: false });
      outcomes.push({ where: 'ndjson', case: what, detected: anchored.code === 1, anchored: true });
    });
    // And the untouched ledger passes with its anchor: the check finds edits, not ledgers.
    const untouched = join(dir, 'untouched.ndjson');
    copyFileSync(corpus.good.ledger, untouched);
    expect((await runCommand(['verify', untouched, '--anchor', goodHead])).code).toBe(0);
  }, 300_000);
});

describe("the add-in's reopening check", () => {
  const FIXTURE = new URL('../../samples/gialai-sgddt-2022-phuluc.xlsx', import.meta.url);
  const NOW = new Date('2022-06-20T03:00:00.000Z');

  /** A computer: its settings and its stand-in for IndexedDB. */
  function computer() {
    const map = new Map<string, string>();
    const locals = new Map<string, MemoryStore>();
    const key = signerOfPrivateKey(newPrivateKeyPem());
    return {
      signer: async () => key,
      settings: { get: (k: string) => map.get(k) ?? null, set: (k: string, v: string) => void map.set(k, v) },
      openLocal: async (genesis: string): Promise<EventStore> => {
        let store = locals.get(genesis);
        if (!store) locals.set(genesis, (store = new MemoryStore()));
        return store;
      },
    };
  }

  async function open(host: MemoryHost, pc: ReturnType<typeof computer>): Promise<PaneApp> {
    const app = new PaneApp({ host, settings: pc.settings, openLocal: pc.openLocal, signer: pc.signer, clock: () => NOW, documentName: 'gialai.xlsx' });
    await app.start();
    return app;
  }

  /** A workbook bound and imported (signed: its importer's key enrolled first), with two statuses recorded through the pane: 4 events in the ledger sheet. */
  async function recorded() {
    const host = new MemoryHost(await memoryWorkbookFromXlsx(new Uint8Array(readFileSync(FIXTURE))));
    const pc = computer();
    const app = await open(host, pc);
    app.setActor('Nguyễn Thị Lan', 'Văn phòng Sở Giáo dục và Đào tạo');
    await app.readTable();
    await app.importPlan();
    const binding = app.model.binding!;
    const rows = Object.values(binding.rows);
    for (const [i, status] of [[0, 'Đang thực hiện'], [1, 'Đang thực hiện']] as const) {
      host.userEdit(binding.sheet, cellAddress(rows[i]! - 1, binding.columns.status - 1), [[status]]);
      await new Promise((r) => setTimeout(r, 5));
      await app.idle();
    }
    await app.stop();
    const sheet = host.workbook.sheet(LEDGER_SHEET_NAME)!;
    expect(sheet.values.filter(Boolean)).toHaveLength(5); // header and 4 events
    return { host, pc, sheet };
  }

  const EDITS: Array<[string, (values: unknown[][]) => void, number]> = [
    ['a JSON cell changed', (v) => void (v[3]![2] = String(v[3]![2]).replace('in_progress', 'done')), 3],
    ['a row deleted', (v) => void v.splice(3, 1), 4],
    ['two rows swapped', (v) => void ([v[3], v[4]] = [v[4]!, v[3]!]), 4],
    ['a hash cell typed over', (v) => void (v[1]![1] = 'f'.repeat(64)), 1],
  ];

  it('refuses a workbook whose ledger sheet was edited, naming the first bad seq, on another computer and on the one that wrote it', async () => {
    for (const [what, edit, seq] of EDITS) {
      for (const where of ['another computer', 'the same computer'] as const) {
        const { host, pc, sheet } = await recorded();
        edit(sheet.values as unknown[][]);
        const reopened = await open(host, where === 'the same computer' ? pc : computer());
        expect(reopened.model.phase, `${what}, ${where}`).toBe('broken');
        expect(reopened.model.problem?.en, `${what}, ${where}`).toContain(`broken at seq ${seq}`);
        expect(reopened.model.problem?.vi).toContain(`ghi nhận số ${seq}`);
        outcomes.push({ where: 'add-in', case: `${what} (${where})`, detected: reopened.model.phase === 'broken', anchored: false });
        await reopened.stop();
      }
    }
  }, 120_000);

  it('puts back a deleted last row from the copy on the computer that wrote it', async () => {
    const { host, pc, sheet } = await recorded();
    sheet.values.splice(4, 1);
    const reopened = await open(host, pc);
    expect(reopened.model.phase).toBe('bound');
    expect(reopened.model.copies?.restoredToSheet).toBe(1);
    expect(reopened.ledger!.state.count).toBe(4);
    await reopened.stop();
  });
});
