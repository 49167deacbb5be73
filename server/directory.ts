import { fingerprintOf } from '../ledger/signed-content.ts';
import type { Queryable } from './db/database.ts';
import type { AgencyInfo, NewAgency, NewPerson, PersonInfo, ServiceRole } from './protocol/bodies.ts';
import { ServiceError } from './protocol/service-error.ts';

/**
 * The province's directory: agencies, people and their keys, as the service keeps them. Each
 * function runs on whatever it is given (the database, or a transaction).
 */

/** A key of the directory with the person and agency it belongs to. */
export interface DirectoryKey {
  fingerprint: string;
  publicKey: string;
  role: ServiceRole;
  enrolledAt: string;
  revokedAt: string | null;
  person: { id: string; fullName: string };
  agency: { id: string; officialName: string };
}

interface KeyRow {
  fingerprint: string;
  public_key: string;
  role: ServiceRole;
  enrolled_at: Date | string;
  revoked_at: Date | string | null;
  person_id: string;
  full_name: string;
  agency_id: string;
  official_name: string;
}

const KEY_SELECT = `select k.fingerprint, k.public_key, k.role, k.enrolled_at, k.revoked_at, p.id as person_id, p.full_name,
  a.id as agency_id, a.official_name
  from person_key k join person p on p.id = k.person_id join agency a on a.id = p.agency_id`;

const iso = (value: Date | string): string => new Date(value).toISOString();

function keyOfRow(row: KeyRow): DirectoryKey {
  return {
    fingerprint: row.fingerprint,
    publicKey: row.public_key,
    role: row.role,
    enrolledAt: iso(row.enrolled_at),
    revokedAt: row.revoked_at === null ? null : iso(row.revoked_at),
    person: { id: row.person_id, fullName: row.full_name },
    agency: { id: row.agency_id, officialName: row.official_name },
  };
}

/** The directory's keys with these fingerprints (those it has). */
export async function keysByFingerprint(db: Queryable, fingerprints: readonly string[]): Promise<Map<string, DirectoryKey>> {
  const rows = fingerprints.length === 0 ? [] : await db.query<KeyRow>(`${KEY_SELECT} where k.fingerprint = any($1::text[])`, [[...new Set(fingerprints)]]);
  return new Map(rows.map((row) => [row.fingerprint, keyOfRow(row)]));
}

export async function keyByFingerprint(db: Queryable, fingerprint: string): Promise<DirectoryKey | undefined> {
  return (await keysByFingerprint(db, [fingerprint])).get(fingerprint);
}

/** Whether a key may sign at `at` (an ISO instant). */
export function isLive(key: DirectoryKey, at: string): boolean {
  return key.revokedAt === null || at < key.revokedAt;
}

/** The actor an event by this key must name: the person's full name, their agency's official name. */
export function actorOf(key: DirectoryKey): { name: string; unit: string } {
  return { name: key.person.fullName, unit: key.agency.officialName };
}

export async function provinceOf(db: Queryable): Promise<{ code: string; name: string } | null> {
  const [row] = await db.query<{ code: string; name: string }>('select code, name from province order by created_at limit 1');
  return row ?? null;
}

export async function agencies(db: Queryable): Promise<AgencyInfo[]> {
  const rows = await db.query<{ id: string; official_name: string; parent_id: string | null; level: AgencyInfo['level'] }>(
    'select id, official_name, parent_id, level from agency order by id',
  );
  return rows.map((r) => ({ id: r.id, officialName: r.official_name, parentId: r.parent_id, level: r.level }));
}

export async function agencyById(db: Queryable, id: string): Promise<AgencyInfo | undefined> {
  return (await agencies(db)).find((a) => a.id === id);
}

export async function createAgency(db: Queryable, agency: NewAgency): Promise<AgencyInfo> {
  const province = await provinceOf(db);
  if (!province) throw notInitialised();
  if (agency.parentId !== undefined && !(await agencyById(db, agency.parentId))) throw unknownAgency(agency.parentId, 'parentId');
  await refuseTaken(db, 'select 1 from agency where id = $1', agency.id, 'cơ quan', 'agency');
  await db.query('insert into agency (id, province_code, official_name, parent_id, level) values ($1, $2, $3, $4, $5)', [
    agency.id,
    province.code,
    agency.officialName.normalize('NFC'),
    agency.parentId ?? null,
    agency.level,
  ]);
  return (await agencyById(db, agency.id))!;
}

export async function people(db: Queryable, agencyId?: string): Promise<PersonInfo[]> {
  const rows = await db.query<{ id: string; agency_id: string; official_name: string; full_name: string }>(
    `select p.id, p.agency_id, a.official_name, p.full_name from person p join agency a on a.id = p.agency_id
     where $1::text is null or p.agency_id = $1 order by p.id`,
    [agencyId ?? null],
  );
  const keys = await db.query<KeyRow>(`${KEY_SELECT} where $1::text is null or p.agency_id = $1 order by k.enrolled_at`, [agencyId ?? null]);
  return rows.map((r) => ({
    id: r.id,
    agencyId: r.agency_id,
    agencyName: r.official_name,
    fullName: r.full_name,
    keys: keys
      .filter((k) => k.person_id === r.id)
      .map(keyOfRow)
      .map(({ fingerprint, publicKey, role, enrolledAt, revokedAt }) => ({ fingerprint, publicKey, role, enrolledAt, revokedAt })),
  }));
}

export async function personById(db: Queryable, id: string): Promise<PersonInfo | undefined> {
  return (await people(db)).find((p) => p.id === id);
}

/** A new person with their first key. */
export async function createPerson(db: Queryable, person: NewPerson): Promise<PersonInfo> {
  if (!(await agencyById(db, person.agencyId))) throw unknownAgency(person.agencyId, 'agencyId');
  await refuseTaken(db, 'select 1 from person where id = $1', person.id, 'người', 'person');
  const fingerprint = fingerprintOf(person.publicKey);
  await refuseTaken(db, 'select 1 from person_key where fingerprint = $1', fingerprint, 'khóa', 'key');
  await db.query('insert into person (id, agency_id, full_name) values ($1, $2, $3)', [person.id, person.agencyId, person.fullName.normalize('NFC')]);
  await db.query(`insert into person_key (fingerprint, person_id, algorithm, public_key, role, enrolled_at) values ($1, $2, 'Ed25519', $3, $4, now())`, [
    fingerprint,
    person.id,
    person.publicKey,
    person.role,
  ]);
  return (await personById(db, person.id))!;
}

/** Revokes a key from `from` (not before it was enrolled); already revoked: unchanged. */
export async function revokeKey(db: Queryable, fingerprint: string, from: string, by?: { plan: string; seq: number }): Promise<void> {
  await db.query(
    `update person_key set revoked_at = greatest($2::timestamptz, enrolled_at), revoked_by_plan = $3, revoked_by_seq = $4
     where fingerprint = $1 and revoked_at is null`,
    [fingerprint, from, by?.plan ?? null, by?.seq ?? null],
  );
}

/** Notes the chain event that enrolled a directory key (the first one that did). */
export async function noteEnrolment(db: Queryable, fingerprint: string, by: { plan: string; seq: number }): Promise<void> {
  await db.query('update person_key set enrolled_by_plan = $2, enrolled_by_seq = $3 where fingerprint = $1 and enrolled_by_plan is null', [
    fingerprint,
    by.plan,
    by.seq,
  ]);
}

async function refuseTaken(db: Queryable, sql: string, id: string, vi: string, en: string): Promise<void> {
  if ((await db.query(sql, [id])).length > 0) {
    throw new ServiceError(409, 'exists', `Đã có ${vi} mã "${id}"; không ghi gì.`, `There is already a ${en} "${id}"; nothing was written.`, { id });
  }
}

function unknownAgency(id: string, field: string): ServiceError {
  return new ServiceError(400, 'bad-request', `Không có cơ quan mã "${id}" trong danh bạ của tỉnh.`, `There is no agency "${id}" in the province's directory.`, { field });
}

export function notInitialised(): ServiceError {
  return new ServiceError(
    503,
    'storage',
    'Cơ sở dữ liệu chưa có tỉnh: người vận hành hãy chạy "cchc serve init" trước.',
    'The database holds no province yet: the operator must run "cchc serve init" first.',
  );
}
