import * as z from 'zod';
import { IsoInstant } from '../../ledger/dates.ts';
import { Item, PlanIdentity, ReformArea } from '../../ledger/plan.ts';

/**
 * The bodies of the provincial service's requests and answers (docs/sync-protocol.md), shared by the
 * service, which checks what it receives against them, and its clients.
 */

const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');
const DirectoryId = z.string().min(1).max(100).regex(/^[\p{L}\p{N}._-]+$/u, 'an id is letters, digits, dots, hyphens');
const Name = z.string().trim().min(1).max(300);
const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD');

export const Head = z.strictObject({ seq: z.number().int().nonnegative(), hash: Hash });
export type Head = z.infer<typeof Head>;

/** Every refusal: a stable code, a Vietnamese and an English sentence, and where, when known. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    vi: z.string(),
    en: z.string(),
    where: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
export type RefusalReason = ErrorBody['error'];

/** What a key allows at the service: the Sở Nội vụ's administrators, an agency's administrators, its staff. */
export const ServiceRole = z.enum(['province-admin', 'agency-admin', 'staff']);
export type ServiceRole = z.infer<typeof ServiceRole>;

export const AgencyLevel = z.enum(['province', 'department', 'district', 'commune']);
export type AgencyLevel = z.infer<typeof AgencyLevel>;

export const NewAgency = z.strictObject({
  id: DirectoryId,
  officialName: Name,
  parentId: DirectoryId.optional(),
  level: AgencyLevel,
});
export type NewAgency = z.infer<typeof NewAgency>;
export const AgencyInfo = NewAgency.extend({ parentId: DirectoryId.nullable() });
export type AgencyInfo = z.infer<typeof AgencyInfo>;

export const NewPerson = z.strictObject({
  id: DirectoryId,
  agencyId: DirectoryId,
  fullName: Name.pipe(z.string().max(200)),
  publicKey: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits (32 bytes)'),
  role: ServiceRole,
});
export type NewPerson = z.infer<typeof NewPerson>;

export const KeyInfo = z.object({
  fingerprint: Hash,
  publicKey: z.string(),
  role: ServiceRole,
  enrolledAt: z.string(),
  revokedAt: z.string().nullable(),
});
export const PersonInfo = z.object({
  id: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  fullName: z.string(),
  keys: z.array(KeyInfo),
});
export type PersonInfo = z.infer<typeof PersonInfo>;

/** Who signed the request, as the directory knows them (GET /api/v1/me). */
export const Me = z.object({
  person: z.object({ id: z.string(), fullName: z.string() }),
  agency: z.object({ id: z.string(), officialName: z.string() }),
  key: z.object({ fingerprint: Hash, role: ServiceRole }),
  /** The actor an event of this person must name: what the ledger's key ring compares. */
  actor: z.object({ name: z.string(), unit: z.string() }),
});
export type Me = z.infer<typeof Me>;

export const RevokeKey = z.strictObject({ from: z.iso.datetime({ offset: true }).optional() });
export type RevokeKey = z.infer<typeof RevokeKey>;

export const PlanScope = z.enum(['province', 'agency']);
export const NewPlan = z
  .strictObject({
    id: DirectoryId,
    ownerAgencyId: DirectoryId,
    scope: PlanScope,
    title: Name.pipe(z.string().max(500)),
    periodFrom: IsoDay,
    periodTo: IsoDay,
  })
  .refine((p) => p.periodTo >= p.periodFrom, { message: 'periodTo is before periodFrom', path: ['periodTo'] });
export type NewPlan = z.infer<typeof NewPlan>;

export const PlanInfo = z.object({
  id: z.string(),
  ownerAgencyId: z.string(),
  scope: PlanScope,
  title: z.string(),
  periodFrom: IsoDay,
  periodTo: IsoDay,
  head: Head,
});
export type PlanInfo = z.infer<typeof PlanInfo>;

/**
 * A push: the client's signed pending events (ledger/signed-content.ts PendingEvent: everything but
 * seq, prev and hash) and the head it last saw. Each event is checked by the ledger's own schema and
 * rules at the service; here it needs only an id to be answered by.
 */
export const PushRequest = z.strictObject({
  expected: Head,
  events: z.array(z.looseObject({ id: z.string().min(1).max(100) })).max(1_000),
});
export type PushRequest = z.infer<typeof PushRequest>;

const Placed = z.object({ id: z.string(), outcome: z.enum(['placed', 'already']), seq: z.number().int().positive(), hash: Hash, line: z.string() });
const Refused = z.object({ id: z.string(), outcome: z.literal('refused'), error: ErrorBody.shape.error });
export const PushResult = z.discriminatedUnion('outcome', [Placed.extend({ outcome: z.literal('placed') }), Placed.extend({ outcome: z.literal('already') }), Refused]);
export type PushResult = z.infer<typeof PushResult>;

export const PushResponse = z.object({ head: Head, results: z.array(PushResult) });
export type PushResponse = z.infer<typeof PushResponse>;

const Count = z.number().int().nonnegative();
const TallyBody = z.strictObject({
  total: Count,
  done_on_time: Count,
  done_late: Count,
  open_in_time: Count,
  open_overdue: Count,
  waiting: Count,
  withdrawn: Count,
  completedInPeriod: Count,
});

/** templates/reports/province-plans.ts PlanCutFigures: what the consolidated report counts of one plan. */
const PlanCutFiguresBody = z.strictObject({
  head: Head,
  count: Count,
  format: z.union([z.literal(1), z.literal(2)]).nullable(),
  identity: PlanIdentity.nullable(),
  validAt: IsoDay,
  window: z.strictObject({ from: IsoDay, to: IsoDay }),
  unit: z.enum(['nhiệm vụ', 'mục theo dõi']),
  overall: TallyBody,
  areas: z.array(z.strictObject({ area: ReformArea, label: z.string(), tally: TallyBody })),
  leads: z.array(z.strictObject({ name: z.string(), group: z.boolean(), tally: TallyBody })),
  overdue: z.array(z.strictObject({ definition: Item, due: IsoDay.nullable(), daysOverdue: z.number().int() })),
});

export const ReportFiguresQuery = z.object({ from: IsoDay, to: IsoDay, knownAt: IsoInstant });
export type ReportFiguresQuery = z.infer<typeof ReportFiguresQuery>;

/**
 * GET /api/v1/report/figures?from=&to=&knownAt=: every plan of the province counted for a period
 * (items assessed at `to`, completions counted from `from` to `to`) as known at `knownAt`, each
 * with the head its figures come from and that head event's position in the province-wide log.
 */
export const ReportFigures = z.object({
  knownAt: IsoInstant,
  from: IsoDay,
  to: IsoDay,
  plans: z.array(
    z.object({
      id: z.string(),
      ownerAgencyId: z.string(),
      scope: PlanScope,
      figures: PlanCutFiguresBody,
      /** The head event's place in the province-wide log (its leaf is position − 1); null when nothing is counted. */
      position: z.number().int().positive().nullable(),
    }),
  ),
  /**
   * The smallest tree size the transparency log signed a checkpoint at that holds every counted
   * head (GET /log/checkpoint?size=N); null when it has signed none yet (or keeps no log).
   */
  checkpointSize: z.number().int().nonnegative().nullable(),
});
export type ReportFigures = z.infer<typeof ReportFigures>;

export const Health = z.object({ ok: z.literal(true), service: z.literal('cchc'), protocol: z.literal(1), province: z.object({ code: z.string(), name: z.string() }).nullable() });
export type Health = z.infer<typeof Health>;

/** Headers of a pull's answer: the plan's head when the lines were read. */
export const HEAD_SEQ_HEADER = 'cchc-head-seq';
export const HEAD_HASH_HEADER = 'cchc-head-hash';
export const NDJSON = 'application/x-ndjson';
/** At most this many lines per pull; ask again after the last seq for more. */
export const MAX_PULL = 5_000;
