import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

/** Two lines, a Vietnamese sentence then an English one, and nothing else: no help dump, no stack. */
function expectTwoSentences(stderr: string, vi: RegExp, en: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(2);
  expect(lines[0]).toMatch(/^Lỗi: /);
  expect(lines[0]).toMatch(vi);
  expect(lines[1]).toMatch(/^Error: /);
  expect(lines[1]).toMatch(en);
}

describe('usage errors', () => {
  it('a mistyped command: did you mean, exit 2', () => {
    const r = runCli(['verfy', 'so.ndjson']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expectTwoSentences(r.stderr, /Không có lệnh "verfy"; có phải ý bạn là "cchc verify"\?/, /no command "verfy"; did you mean "cchc verify"\?/);
  });

  it('a word that is no command points to the list', () => {
    const r = runCli(['lammoi']);
    expect(r.code).toBe(2);
    expectTwoSentences(r.stderr, /Không có lệnh "lammoi"; xem danh sách lệnh: cchc --help/, /see the commands: cchc --help/);
  });

  it('a mistyped option is named, with the option meant, before any missing required option', () => {
    const r = runCli(['record', 'so.ndjson', '--stats', 'done']);
    expect(r.code).toBe(2);
    expectTwoSentences(r.stderr, /cchc record không có tùy chọn --stats; có phải ý bạn là --status\?/, /cchc record has no option --stats; did you mean --status\?/);
  });

  it('a missing required option, a missing value, a missing argument, too many arguments', () => {
    const missing = runCli(['record', 'so.ndjson', '--item', '1.1', '--actor', 'Lan']);
    expect(missing.code).toBe(2);
    expectTwoSentences(missing.stderr, /cchc record cần tùy chọn --unit <unit>/, /cchc record needs the option --unit <unit>/);
    const noValue = runCli(['report', 'so.ndjson', '--period']);
    expect(noValue.code).toBe(2);
    expectTwoSentences(noValue.stderr, /Tùy chọn --period <period> của cchc report cần một giá trị/, /--period <period> of cchc report needs a value/);
    const noArgument = runCli(['verify']);
    expect(noArgument.code).toBe(2);
    expectTwoSentences(noArgument.stderr, /cchc verify cần đối số <ledger>/, /cchc verify needs the argument <ledger>/);
    const tooMany = runCli(['verify', 'a.ndjson', 'b.ndjson']);
    expect(tooMany.code).toBe(2);
    expectTwoSentences(tooMany.stderr, /cchc verify chỉ nhận <ledger>/, /cchc verify takes only <ledger>/);
  });

  it('--help lists every command in a screenful, and a command help its options', () => {
    const list = runCli(['--help']);
    expect(list.code).toBe(0);
    for (const name of ['record', 'void', 'verify', 'log', 'repair', 'inspect', 'template', 'import', 'replay', 'audit', 'report', 'demo']) {
      expect(list.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
    expect(list.stdout.split('\n').length).toBeLessThan(40);
    const verify = runCli(['help', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('--anchor <seq:hash>');
  });
});
