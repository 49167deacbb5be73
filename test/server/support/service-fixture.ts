import type { FastifyInstance } from 'fastify';
import { signerOfPrivateKey, newPrivateKeyPem } from '../../../cli/key-file.ts';
import type { EventDraft, LedgerEvent } from '../../../ledger/events.ts';
import { Ledger } from '../../../ledger/ledger.ts';
import { normalizeText } from '../../../ledger/seal.ts';
import { signedContent, type PendingEvent, type Signer } from '../../../ledger/signed-content.ts';
import { EMPTY_HEAD } from '../../../ledger/store.ts';
import { MemoryStore } from '../../../ledger/stores/memory-store.ts';
import type { Database } from '../../../server/db/database.ts';
import { buildServiceApp } from '../../../server/http/service-app.ts';
import { ServiceClient } from '../../../server/protocol/service-client.ts';
import { initProvince } from '../../../server/province-init.ts';

/** fetch over fastify's inject: the whole HTTP stack (parsing, hooks, serialisation) without a socket. */
export function injectFetch(app: FastifyInstance): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const response = await app.inject({
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      url: url.pathname + url.search,
      headers: init?.headers as Record<string, string>,
      ...(init?.body !== undefined && { payload: init.body as string }),
    });
    return new Response(new Uint8Array(response.rawPayload), { status: response.statusCode, headers: response.headers as Record<string, string> });
  }) as typeof fetch;
}

export interface Person {
  id: string;
  signer: Signer;
  actor: { name: string; unit: string };
}

export const newSigner = (): Signer => signerOfPrivateKey(newPrivateKeyPem());

export const SO_NOI_VU = { id: 'snv', officialName: 'Sở Nội vụ tỉnh Bến Tre' };
export const SO_TU_PHAP = { id: 'stp', officialName: 'Sở Tư pháp tỉnh Bến Tre' };
export const SO_Y_TE = { id: 'syt', officialName: 'Sở Y tế tỉnh Bến Tre' };

/**
 * A province on `db` (Bến Tre: its Sở Nội vụ with a province admin, the Sở Tư pháp and the Sở Y tế
 * each with an agency admin and a staff member) and its service app, not listening.
 */
export async function provinceService(db: Database, clock?: () => Date) {
  const admin: Person = { id: 'an', signer: newSigner(), actor: { name: 'Nguyễn Thị An', unit: SO_NOI_VU.officialName } };
  await initProvince(db, {
    province: { code: '83', name: 'Tỉnh Bến Tre' },
    agency: SO_NOI_VU,
    admin: { id: admin.id, fullName: admin.actor.name, publicKey: admin.signer.publicKey },
  });
  const app = await buildServiceApp({ db, ...(clock && { clock }) });
  const clientOf = (person: Person) => new ServiceClient('http://service.test', person.signer, injectFetch(app));
  const adminClient = clientOf(admin);
  const people: Record<string, Person> = { admin };
  for (const agency of [SO_TU_PHAP, SO_Y_TE]) {
    await adminClient.createAgency({ ...agency, level: 'department' });
    for (const [role, name] of [['agency-admin', 'Quản trị'], ['staff', 'Cán bộ']] as const) {
      const person: Person = { id: `${agency.id}-${role}`, signer: newSigner(), actor: { name: `${name} ${agency.id.toUpperCase()}`, unit: agency.officialName } };
      await adminClient.createPerson({ id: person.id, agencyId: agency.id, fullName: person.actor.name, publicKey: person.signer.publicKey, role });
      people[person.id] = person;
    }
  }
  return { app, admin, people, clientOf };
}

/**
 * Signed pending events as a client makes them: its own Ledger over a copy of the plan's lines (and
 * of its earlier pending events), appending the drafts, then dropping each event's place.
 */
export async function pendingEvents(lines: readonly string[], signer: Signer, drafts: EventDraft[]): Promise<PendingEvent[]> {
  const store = new MemoryStore();
  if (lines.length > 0) await store.append(lines.map((l) => JSON.parse(l) as LedgerEvent), EMPTY_HEAD);
  const ledger = await Ledger.open(store, { signer });
  return (await ledger.append(drafts)).map(({ seq: _seq, prev: _prev, hash: _hash, ...pending }) => pending as PendingEvent);
}

/** A pending event signed as given, past the client's own checks: what a modified or careless client (or one whose clock reads `now`) could send. */
export async function signedAsGiven(lines: readonly string[], signer: Signer, draft: EventDraft, clock: Date = new Date()): Promise<PendingEvent> {
  const first = JSON.parse(lines[0]!) as { id: string };
  const lastAt = (JSON.parse(lines.at(-1)!) as { at: string }).at;
  const now = clock.toISOString();
  const event = normalizeText({ v: 2, id: globalThis.crypto.randomUUID(), at: now > lastAt ? now : lastAt, actor: draft.actor, type: draft.type, data: draft.data }) as PendingEvent;
  return { ...event, sig: { alg: 'Ed25519', key: signer.fingerprint, value: await signer.sign(signedContent(first.id, event, signer.fingerprint)) } } as PendingEvent;
}

/** An id fit for the directory (letters, digits, dots, hyphens) made from any text. */
export const slug = (text: string): string => text.replace(/[^\p{L}\p{N}.-]+/gu, '-');
