import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** An answer a hostile service gives itself. */
export type OwnAnswer = { status: number; body: string };

/**
 * In front of the service, as a network or a misbehaving operator would be: passes everything,
 * unless `hostile` answers a request (path and query) itself, or `onAnswer` changes the service's
 * answer on its way back or loses it ('lose': the service acted, the client never hears so).
 */
export class ServiceProxy {
  hostile: (url: string) => Promise<OwnAnswer | undefined> = async () => undefined;
  onAnswer: (request: IncomingMessage, body: Buffer) => Buffer | 'lose' = (_request, body) => body;
  readonly server: Server;

  constructor(private readonly target: string) {
    this.server = createServer((request, response) => void this.#forward(request, response));
  }

  async #forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const own = await this.hostile(request.url!);
    if (own) {
      response.writeHead(own.status, { 'content-type': own.body.startsWith('{') ? 'application/json' : 'text/plain; charset=utf-8' }).end(own.body);
      return;
    }
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name))) as Record<string, string>;
    const upstream = await fetch(this.target + request.url, { method: request.method!, headers, ...(chunks.length > 0 && { body: Buffer.concat(chunks) }) });
    const body = this.onAnswer(request, Buffer.from(await upstream.arrayBuffer()));
    if (body === 'lose') {
      response.socket?.destroy();
      return;
    }
    const passed = Object.fromEntries([...upstream.headers].filter(([name]) => !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)));
    response.writeHead(upstream.status, passed).end(body);
  }
}

/** Listens on a free port of 127.0.0.1; resolves to the address. */
export async function listen(server: Server | FastifyInstance): Promise<string> {
  if ('inject' in server) return server.listen({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}
