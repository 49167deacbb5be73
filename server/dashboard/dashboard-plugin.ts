import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { agencyPlans } from './agency-plans.ts';
import { dashboardContext, type DashboardContext } from './dashboard-context.ts';
import { DashboardRequestError } from './dashboard-request-error.ts';
import { itemHistory } from './item-history.ts';
import { PlanStateCache, replayFromDatabase } from './plan-state-cache.ts';
import { provinceOverview } from './province-overview.ts';

export interface DashboardOptions {
  db: Database;
  /** The clock that says what "today" and "now" are; tests and demos pass their own. */
  clock?: () => Date;
}

// From the sources and from the built command line (build/cli/) alike: two levels up is the repository.
const PUBLIC_DIR = fileURLToPath(new URL('../../server/dashboard/public/', import.meta.url));
/** chart.js's own UMD build, from node_modules: the page works with no internet. */
const CHART_JS_DIR = dirname(createRequire(import.meta.url).resolve('chart.js'));
const CHART_JS_FILE = 'chart.umd.min.js';

/** Only this origin's own scripts, styles and data: no CDN, no inline script. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

type PeriodQuery = { year?: string; period?: string };

/**
 * The province's dashboard, read-only: the page at `/`, its script and style under
 * `/dashboard/assets/`, chart.js under `/dashboard/vendor/`, and JSON under `/dashboard/api/`:
 * `overview`, `agencies/:agencyId` (its plans and items) and `plans/:planId/items/:itemId` (the
 * item's history), each for `?year=&period=` (Q1, H1, Q3, 9M, Y or today).
 */
export const dashboardPlugin: FastifyPluginAsync<DashboardOptions> = async (app, options) => {
  const { db } = options;
  const clock = options.clock ?? (() => new Date());
  const cache = new PlanStateCache(replayFromDatabase(db, clock));
  const page = await readFile(join(PUBLIC_DIR, 'index.html'), 'utf8');

  // Two roots, neither decorating the reply: the app that registers this plugin may serve files of its own.
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/dashboard/assets/', decorateReply: false, index: false });
  await app.register(fastifyStatic, {
    root: CHART_JS_DIR,
    prefix: '/dashboard/vendor/',
    decorateReply: false,
    index: false,
    allowedPath: (path) => path === `/${CHART_JS_FILE}`,
  });

  app.get('/', async (_request, reply) => {
    return reply.header('content-security-policy', CONTENT_SECURITY_POLICY).type('text/html; charset=utf-8').send(page);
  });

  const withContext = async <T>(query: PeriodQuery, reply: FastifyReply, answer: (context: DashboardContext) => Promise<T>) => {
    try {
      const context = await dashboardContext(db, clock, query);
      if (!context) {
        throw new DashboardRequestError(404, 'Cơ sở dữ liệu chưa có tỉnh nào.', 'The database holds no province yet.');
      }
      return reply.header('cache-control', 'no-store').send(await answer(context));
    } catch (error) {
      if (!(error instanceof DashboardRequestError)) throw error;
      return reply.code(error.statusCode).send({ error: { vi: error.messageVi, en: error.messageEn } });
    }
  };

  app.get<{ Querystring: PeriodQuery }>('/dashboard/api/overview', (request, reply) =>
    withContext(request.query, reply, (context) => provinceOverview(db, cache, context)),
  );
  app.get<{ Querystring: PeriodQuery; Params: { agencyId: string } }>('/dashboard/api/agencies/:agencyId', (request, reply) =>
    withContext(request.query, reply, (context) => agencyPlans(db, cache, context, request.params.agencyId)),
  );
  app.get<{ Querystring: PeriodQuery; Params: { planId: string; itemId: string } }>('/dashboard/api/plans/:planId/items/:itemId', (request, reply) =>
    withContext(request.query, reply, (context) => itemHistory(db, cache, context, request.params.planId, request.params.itemId)),
  );
};

export default dashboardPlugin;
