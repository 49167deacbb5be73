import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPrivateKeyPem, signerOfPrivateKey } from '../../cli/key-file.ts';
import { ServiceClient, ServiceError } from '../../server/protocol/service-client.ts';

// A service killed mid-request: the kernel closes its socket (FIN) without an answer. Node 20's fetch
// then never settles, and a command waiting on it ended with exit code 0 as if it were done.
let server: Server;
let address = '';
const sockets: Socket[] = [];
beforeAll(async () => {
  server = createServer((socket) => {
    sockets.push(socket);
    socket.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('a service that closes the connection without answering', () => {
  it('is unreachable after the answer time, said in both languages, instead of a wait that never ends', async () => {
    const client = new ServiceClient(address, signerOfPrivateKey(newPrivateKeyPem()), undefined, 300);
    const failure = await client.plan('kh-2021').then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ServiceError);
    expect(failure).toMatchObject({ status: 0, code: 'unreachable', messageVi: `Không kết nối được dịch vụ ${address}: không trả lời trong 0,3 giây.`, messageEn: `Cannot reach the service at ${address}: no answer within 0.3 s.` });
  });
});
