import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyRequest } from 'fastify';
import type * as z from 'zod';
import { LedgerError } from '../../ledger/errors.ts';
import type { Database } from '../db/database.ts';
import { isDatabaseUnavailable } from '../db/storage-error.ts';
import * as directory from '../directory.ts';
import { PlanWriter } from '../plan-writer.ts';
import { createPlan, planById, plans, storedLines } from '../plans.ts';
import { reportFigures } from '../report/report-figures.ts';
import {
  HEAD_HASH_HEADER,
  HEAD_SEQ_HEADER,
  MAX_PULL,
  NDJSON,
  NewAgency,
  NewPerson,
  NewPlan,
  PushRequest,
  ReportFiguresQuery,
  RevokeKey,
  type Health,
  type Me,
} from '../protocol/bodies.ts';
import { SIGNATURE_HEADER } from '../protocol/request-signature.ts';
import { errorBody, ServiceError } from '../protocol/service-error.ts';
import { authenticate } from '../request-auth.ts';
import cors from '@fastify/cors';

/** A plugin served beside the API (the dashboard at `/` and `/dashboard/…`, the transparency log at `/log/…`). */
export interface ServicePlugin<Options extends Record<string, unknown> = Record<string, unknown>> {
  plugin: FastifyPluginAsync<Options>;
  options?: Options;
}

export interface ServiceAppOptions {
  db: Database;
  /** The service's clock: signatures' freshness, events' future check. */
  clock?: () => Date;
  /** Fastify's request log (off by default; `cchc serve` turns it on). */
  logger?: boolean;
  /** Registered after the API, each in its own encapsulated context. */
  // Each plugin has options of its own type.
  plugins?: readonly ServicePlugin<any>[];
  /** Largest request body (default 16 MiB: a province plan's import is a few hundred kB). */
  bodyLimit?: number;
  /**
   * Origins whose pages may call the API from a browser (the add-in's task pane: `https://addin.example.vn`).
   * Exact origins only, never `*`; none by default. No cookies are involved: a request is authenticated
   * by its signature header, so CORS here only lets the pane read answers, it grants nothing.
   */
  allowedOrigins?: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    rawBody: Buffer | undefined;
    caller: directory.DirectoryKey | undefined;
  }
}

/**
 * The provincial service's HTTP application (docs/sync-protocol.md): the API under /api/v1, every
 * request but the health check authenticated by its signature, refusals as the protocol's bilingual
 * error body. Returned ready but not listening: callers may register more before `listen`.
 */
export async function buildServiceApp(options: ServiceAppOptions): Promise<FastifyInstance> {
  const { db } = options;
  const clock = options.clock ?? (() => new Date());
  const writer = new PlanWriter(db, clock);
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: options.bodyLimit ?? 16 * 1024 * 1024 });

  app.decorateRequest('rawBody', undefined);
  app.decorateRequest('caller', undefined);
  // The signature covers the body's bytes as sent: they are kept, then parsed.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    request.rawBody = body as Buffer;
    try {
      done(null, body.length === 0 ? undefined : JSON.parse(body.toString('utf8')));
    } catch (error) {
      done(badRequest(`Thân yêu cầu không phải JSON: ${(error as Error).message}.`, `The request body is not JSON: ${(error as Error).message}.`), undefined);
    }
  });

  app.setErrorHandler((error, request, reply) => {
    const refusal = asServiceError(error);
    if (refusal.status >= 500) request.log.error(error);
    return reply.code(refusal.status).send(errorBody(refusal));
  });

  if (options.allowedOrigins?.length) {
    // For the add-in's pane: only the configured origins may read answers, the API's and the
    // transparency log's (a pane witnesses the log on every pull). No credentials: a request is
    // authenticated by its signature header, not a cookie, so this grants nothing by itself. The
    // preflight (unsigned by nature) is answered before any handler.
    await app.register(cors, {
      origin: [...options.allowedOrigins],
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', SIGNATURE_HEADER],
      exposedHeaders: [HEAD_SEQ_HEADER, HEAD_HASH_HEADER],
      credentials: false,
      maxAge: 600,
    });
  }
  await app.register(
    async (api) => {
      api.addHook('preHandler', async (request) => {
        if (request.is404 || request.routeOptions.url === '/api/v1/health') return;
        const header = request.headers[SIGNATURE_HEADER];
        request.caller = await authenticate(
          db,
          Array.isArray(header) ? header.join(',') : header,
          { method: request.method, path: request.url, ...(request.rawBody && { body: request.rawBody }) },
          clock(),
        );
      });

      api.setNotFoundHandler((request, reply) =>
        reply.code(404).send(errorBody(notFound(`Dịch vụ không có ${request.method} ${request.url}.`, `The service has no ${request.method} ${request.url}.`))),
      );

      api.get('/health', async (): Promise<Health> => ({ ok: true, service: 'cchc', protocol: 1, province: await directory.provinceOf(db) }));

      api.get('/me', async (request): Promise<Me> => {
        const key = callerOf(request);
        return {
          person: key.person,
          agency: key.agency,
          key: { fingerprint: key.fingerprint, role: key.role },
          actor: directory.actorOf(key),
        };
      });

      api.get('/agencies', async () => directory.agencies(db));
      api.post('/agencies', async (request, reply) => {
        const agency = partOf('body', NewAgency, request);
        requireProvinceAdmin(callerOf(request), 'tạo cơ quan', 'create agencies');
        return reply.code(201).send(await db.transaction((tx) => directory.createAgency(tx, agency)));
      });

      api.get('/people', async (request) => directory.people(db, queryText(request, 'agency')));
      api.post('/people', async (request, reply) => {
        const person = partOf('body', NewPerson, request);
        requireDirectoryRights(callerOf(request), person.agencyId, person.role);
        return reply.code(201).send(await db.transaction((tx) => directory.createPerson(tx, person)));
      });

      api.post('/keys/:fingerprint/revoke', async (request) => {
        const { from } = partOf('body', RevokeKey, request);
        const fingerprint = (request.params as { fingerprint: string }).fingerprint;
        const target = await directory.keyByFingerprint(db, fingerprint);
        if (!target) throw notFound(`Không có khóa ${fingerprint} trong danh bạ.`, `There is no key ${fingerprint} in the directory.`);
        requireDirectoryRights(callerOf(request), target.agency.id, target.role);
        await directory.revokeKey(db, fingerprint, from ?? clock().toISOString());
        return directory.personById(db, target.person.id);
      });

      api.get('/plans', async (request) => plans(db, queryText(request, 'agency')));
      api.post('/plans', async (request, reply) => {
        const plan = partOf('body', NewPlan, request);
        const caller = callerOf(request);
        const allowed =
          plan.scope === 'province' ? caller.role === 'province-admin' : caller.role !== 'staff' && caller.agency.id === plan.ownerAgencyId;
        if (!allowed) {
          throw forbidden(
            plan.scope === 'province'
              ? 'Chỉ người quản trị của tỉnh (Sở Nội vụ) mới tạo kế hoạch của tỉnh.'
              : `Chỉ người quản trị của cơ quan ${plan.ownerAgencyId} mới tạo kế hoạch của cơ quan đó.`,
            plan.scope === 'province'
              ? "Only the province's administrators (Sở Nội vụ) create the province's plan."
              : `Only the administrators of agency ${plan.ownerAgencyId} create its plans.`,
          );
        }
        return reply.code(201).send(await createPlan(db, plan));
      });

      api.get('/plans/:id', async (request) => planById(db, (request.params as { id: string }).id));

      api.get('/plans/:id/events', async (request, reply) => {
        const after = queryCount(request, 'after') ?? 0;
        const limit = queryCount(request, 'limit') ?? MAX_PULL;
        const { lines, head } = await storedLines(db, (request.params as { id: string }).id, after, limit);
        return reply
          .type(NDJSON)
          .header(HEAD_SEQ_HEADER, String(head.seq))
          .header(HEAD_HASH_HEADER, head.hash)
          .send(lines.map((line) => `${line}\n`).join(''));
      });

      api.post('/plans/:id/events', async (request) => {
        const push = partOf('body', PushRequest, request);
        return writer.push((request.params as { id: string }).id, push.events);
      });

      api.get('/report/figures', async (request) => {
        const { from, to, knownAt } = partOf('query', ReportFiguresQuery, request);
        if (from > to) throw badRequest(`Ngày đầu kỳ ${from} sau ngày chốt ${to}.`, `The period's first day ${from} is after its cut-off ${to}.`, { field: 'from' });
        return reportFigures(db, { from, to }, knownAt);
      });
    },
    { prefix: '/api/v1' },
  );

  for (const { plugin, options: pluginOptions } of options.plugins ?? []) await app.register(plugin, pluginOptions ?? {});
  return app;
}

function callerOf(request: FastifyRequest): directory.DirectoryKey {
  // Set by the preHandler for every route but the health check.
  return request.caller!;
}

/** What a request carries, as each part names a field that is wrong. */
const PARTS = {
  body: { unnamed: '(body)', vi: (field: string) => `Trường "${field}" của yêu cầu`, en: (field: string) => `Field "${field}" of the request` },
  query: { unnamed: '(query)', vi: (field: string) => `Tham số ${field}`, en: (field: string) => `Parameter ${field}` },
};

/** The request's body or query as `schema` reads it; else a 400 naming the first field that is wrong. */
function partOf<T extends z.ZodType>(part: keyof typeof PARTS, schema: T, request: FastifyRequest): z.infer<T> {
  const parsed = schema.safeParse(request[part] ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || PARTS[part].unnamed;
  return failWith(badRequest(`${PARTS[part].vi(field)} không hợp lệ: ${issue?.message}.`, `${PARTS[part].en(field)} is invalid: ${issue?.message}.`, { field }));
}

function failWith(error: ServiceError): never {
  throw error;
}

function queryText(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function queryCount(request: FastifyRequest, name: string): number | undefined {
  const text = queryText(request, name);
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text)) throw badRequest(`Tham số ${name} phải là số tự nhiên.`, `Parameter ${name} must be a whole number.`, { field: name });
  return Number(text);
}

function requireProvinceAdmin(caller: directory.DirectoryKey, vi: string, en: string): void {
  if (caller.role !== 'province-admin') throw forbidden(`Chỉ người quản trị của tỉnh (Sở Nội vụ) mới ${vi}.`, `Only the province's administrators (Sở Nội vụ) ${en}.`);
}

/** Province admins manage anyone; an agency admin, their own agency's staff and admins. */
function requireDirectoryRights(caller: directory.DirectoryKey, agencyId: string, role: string): void {
  if (caller.role === 'province-admin') return;
  if (caller.role === 'agency-admin' && caller.agency.id === agencyId && role !== 'province-admin') return;
  throw forbidden(
    `${caller.person.fullName} (${caller.role}) không quản lý người của cơ quan ${agencyId} với vai trò ${role}.`,
    `${caller.person.fullName} (${caller.role}) does not manage people of agency ${agencyId} with role ${role}.`,
  );
}

function asServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof LedgerError) {
    return new ServiceError(error.code === 'storage' ? 503 : 400, error.code, error.messageVi, error.messageEn);
  }
  if (isDatabaseUnavailable(error)) {
    const reason = error instanceof Error ? error.message || (error as { code?: string }).code : String(error);
    return new ServiceError(
      503,
      'storage',
      `Dịch vụ tạm thời không kết nối được cơ sở dữ liệu (${reason}); hãy thử lại sau.`,
      `The service cannot reach its database at the moment (${reason}); try again later.`,
    );
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (fastifyError.statusCode === 413) {
    return new ServiceError(413, 'bad-request', 'Thân yêu cầu quá lớn; hãy gửi ít ghi nhận hơn mỗi lần.', 'The request body is too large; push fewer events at a time.');
  }
  if (fastifyError.statusCode !== undefined && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return badRequest(`Yêu cầu không hợp lệ: ${fastifyError.message}.`, `Bad request: ${fastifyError.message}.`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ServiceError(500, 'internal', `Lỗi không mong đợi của dịch vụ: ${message}.`, `Unexpected service error: ${message}.`);
}

const badRequest = (vi: string, en: string, where?: Record<string, unknown>) => new ServiceError(400, 'bad-request', vi, en, where);
const forbidden = (vi: string, en: string) => new ServiceError(403, 'forbidden', vi, en);
const notFound = (vi: string, en: string) => new ServiceError(404, 'not-found', vi, en);
