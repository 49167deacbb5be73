import type * as z from 'zod';
import { firstInvalidUtf8 } from '../../ledger/utf8.ts';
import type { PendingEvent, Signer } from '../../ledger/signed-content.ts';
import {
  AgencyInfo,
  ErrorBody,
  HEAD_HASH_HEADER,
  HEAD_SEQ_HEADER,
  Health,
  Me,
  PersonInfo,
  PlanInfo,
  PushResponse,
  ReportFigures,
  type ReportFiguresQuery,
  type Head,
  type NewAgency,
  type NewPerson,
  type NewPlan,
  type RefusalReason,
} from './bodies.ts';
import { SIGNATURE_HEADER, signRequest } from './request-signature.ts';
import { ServiceError } from './service-error.ts';

export { ServiceError };

export interface PulledLines {
  /** The stored lines after `after`, byte for byte, without their newlines. */
  lines: string[];
  /** The plan's head when they were read (more may follow the last line when it is further on). */
  head: Head;
}

/**
 * A client of the provincial service over global `fetch` (Node 18+, browsers, the add-in): every
 * request but the health check and the transparency log's signed by `signer`; without a signer (an
 * auditor's), only those unsigned ones. Runs anywhere; no Node module is imported.
 */
export class ServiceClient {
  readonly base: string;

  constructor(
    server: string,
    private readonly signer: Signer | null,
    private readonly fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis),
    /** How long to wait for an answer's headers before the service counts as unreachable. */
    private readonly answerWithinMs = 30_000,
  ) {
    this.base = server.replace(/\/+$/, '');
  }

  async health(): Promise<Health> {
    return this.parsed(Health, await this.send('GET', '/api/v1/health', undefined, false));
  }

  async me(): Promise<Me> {
    return this.parsed(Me, await this.send('GET', '/api/v1/me'));
  }

  async agencies(): Promise<AgencyInfo[]> {
    return this.parsed(AgencyInfo.array(), await this.send('GET', '/api/v1/agencies'));
  }

  async createAgency(agency: NewAgency): Promise<AgencyInfo> {
    return this.parsed(AgencyInfo, await this.send('POST', '/api/v1/agencies', agency));
  }

  async people(agencyId?: string): Promise<PersonInfo[]> {
    return this.parsed(PersonInfo.array(), await this.send('GET', `/api/v1/people${query({ agency: agencyId })}`));
  }

  async createPerson(person: NewPerson): Promise<PersonInfo> {
    return this.parsed(PersonInfo, await this.send('POST', '/api/v1/people', person));
  }

  async revokeKey(fingerprint: string, from?: string): Promise<PersonInfo> {
    return this.parsed(PersonInfo, await this.send('POST', `/api/v1/keys/${encodeURIComponent(fingerprint)}/revoke`, from === undefined ? {} : { from }));
  }

  async plans(agencyId?: string): Promise<PlanInfo[]> {
    return this.parsed(PlanInfo.array(), await this.send('GET', `/api/v1/plans${query({ agency: agencyId })}`));
  }

  async plan(planId: string): Promise<PlanInfo> {
    return this.parsed(PlanInfo, await this.send('GET', `/api/v1/plans/${encodeURIComponent(planId)}`));
  }

  async createPlan(plan: NewPlan): Promise<PlanInfo> {
    return this.parsed(PlanInfo, await this.send('POST', '/api/v1/plans', plan));
  }

  /** The plan's stored lines after seq `after` (at most `limit`, the service's own limit when omitted). */
  async pullLines(planId: string, after = 0, limit?: number): Promise<PulledLines> {
    const response = await this.send('GET', `/api/v1/plans/${encodeURIComponent(planId)}/events${query({ after: String(after), limit: limit === undefined ? undefined : String(limit) })}`);
    const text = utf8Text(response.status, new Uint8Array(await response.arrayBuffer()));
    const seq = Number(response.headers.get(HEAD_SEQ_HEADER));
    const hash = response.headers.get(HEAD_HASH_HEADER) ?? '';
    if (!Number.isSafeInteger(seq) || !/^[0-9a-f]{64}$/.test(hash)) throw notProtocol(response.status, 'CCHC-Head-Seq/CCHC-Head-Hash');
    return { lines: text === '' ? [] : text.replace(/\n$/, '').split('\n'), head: { seq, hash } };
  }

  /** Every stored line after `after`, page by page, up to the head the first page saw or beyond. */
  async pullAll(planId: string, after = 0): Promise<PulledLines> {
    const lines: string[] = [];
    for (;;) {
      const page = await this.pullLines(planId, after + lines.length);
      lines.push(...page.lines);
      if (page.lines.length === 0 || after + lines.length >= page.head.seq) return { lines, head: page.head };
    }
  }

  /** Every plan of the province counted for a report period (window from–to, assessed at `to`) as known at `knownAt`. */
  async reportFigures({ from, to, knownAt }: ReportFiguresQuery): Promise<ReportFigures> {
    return this.parsed(ReportFigures, await this.send('GET', `/api/v1/report/figures${query({ from, to, knownAt })}`));
  }

  /** Pushes signed pending events expecting `expected`; each comes back placed, already there, or refused with its reason. */
  async push(planId: string, expected: Head, events: readonly PendingEvent[]): Promise<PushResponse> {
    return this.parsed(PushResponse, await this.send('POST', `/api/v1/plans/${encodeURIComponent(planId)}/events`, { expected, events }));
  }

  /** One request, signed unless `signed` is false; a refusal is thrown as ServiceError. */
  async send(method: 'GET' | 'POST', path: string, body?: unknown, signed = true): Promise<Response> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (text !== undefined) headers['content-type'] = 'application/json';
    if (signed) {
      // A programming error, not the person's: an auditor's client asks only what anyone may read.
      if (this.signer === null) throw new Error(`ServiceClient without a signer cannot send ${method} ${path}`);
      headers[SIGNATURE_HEADER] = await signRequest(this.signer, { method, path, ...(text !== undefined && { body: text }) });
    }
    let response: Response;
    // A service killed mid-request can close the connection without an answer, which leaves Node 20's
    // fetch unsettled for good (and a command would end as if done): a timer that holds the process ends the wait.
    const abandon = new AbortController();
    const timer = setTimeout(() => abandon.abort(), this.answerWithinMs);
    try {
      response = await this.fetchImpl(this.base + path, { method, headers, signal: abandon.signal, ...(text !== undefined && { body: text }) });
    } catch (error) {
      const seconds = this.answerWithinMs / 1000;
      const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      const [vi, en] = abandon.signal.aborted ? [`không trả lời trong ${String(seconds).replace('.', ',')} giây`, `no answer within ${seconds} s`] : [reason, reason];
      throw new ServiceError(0, 'unreachable', `Không kết nối được dịch vụ ${this.base}: ${vi}.`, `Cannot reach the service at ${this.base}: ${en}.`);
    } finally {
      clearTimeout(timer);
    }
    if (response.ok) return response;
    const refusal = ErrorBody.safeParse(await response.json().catch(() => null));
    if (!refusal.success) throw notProtocol(response.status, 'error body');
    const { code, vi, en, where } = refusal.data.error as RefusalReason;
    throw new ServiceError(response.status, code, vi, en, where);
  }

  private async parsed<T extends z.ZodType>(schema: T, response: Response): Promise<z.infer<T>> {
    const body = schema.safeParse(await response.json().catch(() => undefined));
    if (!body.success) throw notProtocol(response.status, body.error.issues[0]?.path.join('.') ?? 'body');
    return body.data;
  }
}

function query(params: Record<string, string | undefined>): string {
  const given = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return given.length === 0 ? '' : `?${new URLSearchParams(given).toString()}`;
}

function notProtocol(status: number, what: string): ServiceError {
  return new ServiceError(
    status,
    'protocol',
    `Câu trả lời của dịch vụ (HTTP ${status}) không đúng giao thức đồng bộ (${what}): địa chỉ có đúng là dịch vụ CCHC không?`,
    `The service's answer (HTTP ${status}) does not follow the sync protocol (${what}): is the address a CCHC service?`,
  );
}

/** The body as text; bytes that are not UTF-8 are refused at the byte, not turned into U+FFFD and a hash mismatch later. */
function utf8Text(status: number, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Found below: the decoder says whether, not where.
  }
  const at = firstInvalidUtf8(bytes);
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
  throw new ServiceError(
    status,
    'protocol',
    `Dịch vụ gửi các sự kiện không phải UTF-8 hợp lệ: byte ${at} (dòng ${line}) của câu trả lời.`,
    `The service sent events that are not valid UTF-8: byte ${at} (line ${line}) of its answer.`,
  );
}
