import { describe, expect, it } from 'vitest';
import { signerOfSeed } from '../../cli/key-file.ts';
import { HEAD_HASH_HEADER, HEAD_SEQ_HEADER } from '../../server/protocol/bodies.ts';
import { ServiceClient } from '../../server/protocol/service-client.ts';
import { ServiceError } from '../../server/protocol/service-error.ts';

/** A service that answers every pull with `body`, as a well-formed head. */
function answering(body: Uint8Array<ArrayBuffer>): typeof fetch {
  return async () =>
    new Response(body, { status: 200, headers: { 'content-type': 'application/x-ndjson', [HEAD_SEQ_HEADER]: '2', [HEAD_HASH_HEADER]: 'a'.repeat(64) } });
}

const signer = signerOfSeed(new Uint8Array(32).fill(7));

describe('pulling lines from a service', () => {
  it('keeps every byte of well-formed UTF-8, Vietnamese included', async () => {
    const text = '{"note":"Hoàn thành đúng hạn"}\n{"note":"Đã ban hành"}\n';
    const client = new ServiceClient('http://service.test', signer, answering(new TextEncoder().encode(text)));
    const pulled = await client.pullLines('p1');
    expect(pulled.lines).toEqual(['{"note":"Hoàn thành đúng hạn"}', '{"note":"Đã ban hành"}']);
  });

  it('refuses bytes that are not UTF-8 at the byte and line, instead of a replacement character', async () => {
    const good = new TextEncoder().encode('{"note":"Hoàn thành"}\n{"note":"');
    const body = new Uint8Array([...good, 0xc3, 0x28, ...new TextEncoder().encode('"}\n')]);
    const client = new ServiceClient('http://service.test', signer, answering(body));
    const refusal = await client.pullLines('p1').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ServiceError);
    expect(refusal).toMatchObject({ code: 'protocol', messageEn: `The service sent events that are not valid UTF-8: byte ${good.length} (line 2) of its answer.` });
    expect((refusal as ServiceError).messageVi).toContain(`byte ${good.length} (dòng 2)`);
  });
});
