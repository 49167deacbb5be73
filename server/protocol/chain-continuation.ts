import type { LedgerEvent } from '../../ledger/events.ts';
import { parseLedgerJson } from '../../ledger/ledger-json.ts';
import type { EventStore, Head, RawEvent } from '../../ledger/store.ts';
import { storedLine } from '../../ledger/stored-line.ts';
import { ChainChecker, isFailure, type VerifyFailure } from '../../ledger/verify.ts';
import type { ServiceClient } from './service-client.ts';

/** The service's events do not continue the local copy: nothing of them may be kept. */
export class ChainDivergedError extends Error {
  override readonly name = 'ChainDivergedError';
  constructor(
    readonly messageVi: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
  }
}

/** A local copy as checked: the checker at its head, and its head event's stored line (null when empty). */
export interface CheckedChain {
  checker: ChainChecker;
  lastLine: string | null;
}

/**
 * A local copy read through the same checker as `verify` (chain, signatures, rules): the checker
 * then stands at the copy's head, ready to check what the service sends after it; or the copy's
 * first failure. `each`, when given, gets every event once checked, as the store holds it (its
 * line parsed), so a caller that needs the events too reads the copy once.
 */
export async function checkedChain(store: EventStore, each?: (stored: LedgerEvent) => void): Promise<CheckedChain | VerifyFailure> {
  const checker = new ChainChecker();
  let lastLine: string | null = null;
  for await (const raw of store.read()) {
    const result = checker.check(raw);
    if (isFailure(result)) return result;
    if (each && 'value' in raw) each(raw.value as LedgerEvent);
    lastLine = storedLine(result);
  }
  return { checker, lastLine };
}

/**
 * The service's events after the checker's head, each checked as the next event of the copy: it must
 * continue the chain (seq, prev), carry its own hash over exactly its bytes, be signed by a key
 * enrolled in this chain and pass the rules. The first that does not is an error and nothing is kept.
 * The values are returned as received: a store writes each back as exactly the line it came as.
 */
export async function fetchContinuation(client: ServiceClient, planId: string, checker: ChainChecker): Promise<{ events: LedgerEvent[]; head: Head }> {
  const local = checker.head;
  const pulled = await client.pullAll(planId, local.seq);
  const source = `${client.base}/api/v1/plans/${planId}/events`;
  if (pulled.head.seq < local.seq || (pulled.head.seq === local.seq && pulled.head.hash !== local.hash)) {
    throw diverged(local, `đầu chuỗi trên máy chủ là số ${pulled.head.seq} (${pulled.head.hash.slice(0, 12)})`, `the service's head is seq ${pulled.head.seq} (${pulled.head.hash.slice(0, 12)})`);
  }
  const events = continueCopy(checker, pulled.lines, source);
  const reached = checker.head;
  if (reached.seq < pulled.head.seq) {
    throw diverged(local, `máy chủ báo đầu chuỗi số ${pulled.head.seq} nhưng chỉ gửi đến số ${reached.seq}`, `the service says its head is seq ${pulled.head.seq} but sent events up to seq ${reached.seq}`);
  }
  return { events, head: reached };
}

/**
 * Lines that should follow the checker's head, checked one by one as the next events of the copy.
 * Throws at the first that does not continue it; the checker then stands at the last line's event.
 */
export function continueCopy(checker: ChainChecker, lines: readonly string[], source: string): LedgerEvent[] {
  const local = checker.head;
  const events: LedgerEvent[] = [];
  for (const [i, line] of lines.entries()) {
    const where = { file: source, line: i + 1 };
    const read = parseLedgerJson(line);
    const raw: RawEvent = 'value' in read ? { value: read.value, line, where } : { parseError: read.problem.en, where };
    const result = checker.check(raw);
    if (isFailure(result)) throw diverged(local, `ghi nhận số ${result.seq}: ${result.message_vi}`, `seq ${result.seq}: ${result.message_en}`);
    const value = (raw as { value: LedgerEvent }).value;
    // Appended verbatim: the store writes a value's stored line, so it must be these very bytes.
    if (storedLine(value) !== line) throw diverged(local, `ghi nhận số ${result.seq} không ở dạng lưu trữ duy nhất của nó`, `seq ${result.seq} is not in its one stored form`);
    events.push(value);
  }
  return events;
}

function diverged(local: Head, vi: string, en: string): ChainDivergedError {
  return new ChainDivergedError(
    `Lịch sử trên máy chủ không nối tiếp bản sao trên máy này (đến số ${local.seq}): ${vi}. Không ghi gì vào sổ.`,
    `The service's history does not continue the local copy (up to seq ${local.seq}): ${en}. Nothing was appended.`,
  );
}
