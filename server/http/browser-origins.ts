import type { FastifyInstance } from 'fastify';
import { HEAD_HASH_HEADER, HEAD_SEQ_HEADER } from '../protocol/bodies.ts';
import { SIGNATURE_HEADER } from '../protocol/request-signature.ts';

/**
 * CORS for the API, for the add-in's task pane: pages of the `origins` given (exact origins, as
 * `cchc serve --allow-origin` checks them) may read the API's answers; no page of another origin may.
 * No credentials are ever allowed: a request is authenticated by its signature header, not a cookie,
 * so this only lets the pane read what its own signed requests get; it grants nothing by itself.
 */
export function allowBrowserOrigins(api: FastifyInstance, origins: readonly string[]): void {
  const allowed = new Set(origins);
  api.addHook('onRequest', async (request, reply) => {
    // Answers differ by Origin: a cache must not hand one origin's answer to another.
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (typeof origin !== 'string' || !allowed.has(origin)) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-expose-headers', `${HEAD_SEQ_HEADER}, ${HEAD_HASH_HEADER}`);
  });
  // The browser's preflight for a signed POST (its CCHC-Signature and JSON body): unsigned by nature.
  api.options('/*', async (request, reply) => {
    if (reply.hasHeader('access-control-allow-origin')) {
      reply.header('access-control-allow-methods', 'GET, POST');
      reply.header('access-control-allow-headers', `content-type, ${SIGNATURE_HEADER}`);
      reply.header('access-control-max-age', '600');
    }
    return reply.code(204).send();
  });
}
