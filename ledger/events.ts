import * as z from 'zod';
import { IsoDate, IsoInstant } from './dates.ts';
import { Id, Item, ItemPatch, PlanIdentity, PlanSource, Section, Task } from './plan.ts';
import { Status } from './status.ts';

/**
 * The event format versions. 1: unsigned, stored as any JSON of the event. 2: every event signed
 * (`sig`), stored as exactly one byte sequence (ledger/stored-line.ts). A ledger keeps the version of
 * its first event; a reader refuses a `v` it does not know rather than guess.
 */
export const FORMAT_UNSIGNED = 1;
export const FORMAT_SIGNED = 2;
export type FormatVersion = typeof FORMAT_UNSIGNED | typeof FORMAT_SIGNED;
export const FORMAT_VERSIONS: readonly number[] = [FORMAT_UNSIGNED, FORMAT_SIGNED];

export const GENESIS_HASH = '0'.repeat(64);

const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');
const Text = z.string().max(100_000);
const NonEmptyText = Text.refine((s) => s.trim().length > 0, 'must not be empty');

export const Actor = z.strictObject({
  name: NonEmptyText.pipe(z.string().max(200)),
  unit: NonEmptyText.pipe(z.string().max(300)),
});
export type Actor = z.infer<typeof Actor>;

/** A document that decides or proves something: "Kế hoạch số 513/KH-UBND ngày 31/12/2020". */
export const DocumentRef = z.strictObject({
  kind: NonEmptyText, // Kế hoạch, Báo cáo, Quyết định, Công văn ...
  number: Text.optional(), // 513/KH-UBND
  date: IsoDate.optional(),
  issuer: Text.optional(),
  title: Text.optional(),
  // Where the document is kept (SharePoint, OneDrive, the agency's system): https only, never a script or a local file.
  link: z.string().max(2_000).regex(/^https:\/\/[^\s/?#]+[^\s]*$/u, 'expected an https:// address').optional(),
});
export type DocumentRef = z.infer<typeof DocumentRef>;

/**
 * Where a change came from, when not typed through the add-in or the command line by its actor:
 * `outside-addin` marks a difference found in the sheet on reopening and then recorded;
 * `co-author` a change a co-author made in the shared workbook, recorded by the actor for an
 * author the add-in cannot name. Either way the actor only copied it into the ledger.
 */
export const ORIGINS = ['outside-addin', 'co-author'] as const;
export type Origin = (typeof ORIGINS)[number];
const Origin = z.enum(ORIGINS).optional();

/** How the audit trail and `cchc log` say where a change came from. */
export const ORIGIN_LABELS_VI: Record<Origin, string> = {
  'outside-addin': 'sửa trong bảng khi sổ theo dõi không mở, người sửa không rõ',
  'co-author': 'sửa bởi đồng tác giả, không rõ tên',
};

// ---- data of each event type ------------------------------------------------------------

export const PlanImportedData = z.strictObject({
  plan: PlanIdentity,
  source: PlanSource,
  sections: z.array(Section),
  tasks: z.array(Task),
  items: z.array(Item).min(1),
});

export const PlanRevisedData = z.strictObject({
  document: DocumentRef, // the "Kế hoạch điều chỉnh, bổ sung" that decided it
  source: PlanSource.optional(),
  sections: z.array(Section).default([]), // sections new in this revision
  tasks: z.array(Task).default([]), // tasks new in this revision
  added: z.array(Item).default([]),
  amended: z.array(z.strictObject({ item: Id, set: ItemPatch, was: ItemPatch })).default([]),
  withdrawn: z.array(z.strictObject({ item: Id, reason: Text.optional() })).default([]),
});

export const StatusChangedData = z.strictObject({
  item: Id,
  status: Status,
  effective: IsoDate, // the day it happened, which may be before it was recorded
  note: Text.optional(),
  origin: Origin,
});

export const EvidenceAttachedData = z.strictObject({
  item: Id,
  document: DocumentRef,
  effective: IsoDate.optional(), // defaults to the document's date, else the day it was recorded
  note: Text.optional(),
  origin: Origin,
});

export const ProgressNotedData = z.strictObject({
  item: Id,
  note: NonEmptyText,
  percent: z.number().min(0).max(100).optional(),
  effective: IsoDate.optional(), // defaults to the day it was recorded
  origin: Origin,
});

/** A relative or conditional deadline's trigger happened ("Sau khi có Quyết định ..."): the clock starts. */
export const ConditionMetData = z.strictObject({
  item: Id,
  effective: IsoDate, // the day the trigger happened
  document: DocumentRef.optional(),
  due: IsoDate.optional(), // the due date set when the trigger happened, where the text gives no offset
  note: Text.optional(),
});

export const EventVoidedData = z.strictObject({
  event: z.string().min(1), // the id of the mistaken event
  reason: NonEmptyText,
});

export const ReportIssuedData = z.strictObject({
  period: z.string().regex(/^\d{4}-(Q1|H1|Q3|9M|Y)$/, 'a period such as 2021-Q1, 2021-H1, 2021-Q3, 2021-9M, 2021-Y'),
  cutoff: z.strictObject({ from: IsoDate, to: IsoDate }),
  knownAt: IsoInstant,
  head: z.strictObject({ seq: z.number().int().nonnegative(), hash: Hash }),
  file: z.strictObject({ name: Text, sha256: Hash }),
  /** The same report as a Word document, written beside the workbook (absent in ledgers from before it existed). */
  document: z.strictObject({ name: Text, sha256: Hash }).optional(),
  /**
   * How the workbook was written into bytes (templates/reports/report-writer.ts), so that it can be
   * rebuilt byte for byte; absent in ledgers from before it was recorded.
   */
  writer: z.string().regex(/^[a-z0-9][a-z0-9.+-]{0,63}$/, 'a writer name such as exceljs-stream+zlib').optional(),
});

/** Who may do what with keys: an administrator enrolls and revokes keys; a member records. */
export const KeyRole = z.enum(['admin', 'member']);
export type KeyRole = z.infer<typeof KeyRole>;

/**
 * The link to the person's legal digital signature (chữ ký số): their X.509 certificate (DER, in
 * base64) and the signature its key made over the enrolment request (`enrolmentStatement`,
 * ledger/enrolment-request.ts): RSASSA-PKCS1-v1_5 or ECDSA (DER), with SHA-256, in hex. The
 * command line checks it (cli/legal-signature.ts); the chain does not depend on it.
 */
export const LegalSignature = z.strictObject({
  alg: z.enum(['RSA-SHA256', 'ECDSA-SHA256']),
  certificate: z.string().max(32_000).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected the certificate in base64 (DER)'),
  value: z.string().max(2_048).regex(/^(?:[0-9a-f]{2})+$/, 'expected lowercase hex digits'),
});
export type LegalSignature = z.infer<typeof LegalSignature>;

/** A key joins the ledger: its Ed25519 public key (32 bytes, hex), fingerprint, person and role. */
export const KeyEnrolledData = z.strictObject({
  key: Hash, // the fingerprint: SHA-256 of the 32 public key bytes
  publicKey: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits (32 bytes)'),
  person: Actor,
  role: KeyRole,
  decision: DocumentRef.optional(), // the decision that assigns the person, when cited
  legal: LegalSignature.optional(), // the person's chữ ký số over this key, when given
});

/** A key stops signing: events it signs recorded at or after `from` are refused. */
export const KeyRevokedData = z.strictObject({
  key: Hash,
  from: IsoInstant,
  reason: NonEmptyText,
});

// ---- the envelope -------------------------------------------------------------------------

/** An event's signature (format 2): by the key with this fingerprint, over ledger/signed-content.ts. */
export const Signature = z.strictObject({
  alg: z.literal('Ed25519'),
  key: Hash,
  value: z.string().regex(/^[0-9a-f]{128}$/, 'expected 128 lowercase hex digits (64 bytes)'),
});
export type Signature = z.infer<typeof Signature>;

const envelope = {
  v: z.union([z.literal(FORMAT_UNSIGNED), z.literal(FORMAT_SIGNED)]),
  seq: z.number().int().positive(),
  id: z.string().min(1).max(100),
  at: IsoInstant,
  actor: Actor,
  prev: Hash,
  sig: Signature.optional(), // present exactly in format 2
  hash: Hash,
};

const eventOf = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.strictObject({ ...envelope, type: z.literal(type), data });

/** Every event of the ledger: one discriminated union, the single source of the TypeScript types. */
export const LedgerEvent = z.discriminatedUnion('type', [
  eventOf('plan.imported', PlanImportedData),
  eventOf('plan.revised', PlanRevisedData),
  eventOf('status.changed', StatusChangedData),
  eventOf('evidence.attached', EvidenceAttachedData),
  eventOf('progress.noted', ProgressNotedData),
  eventOf('condition.met', ConditionMetData),
  eventOf('event.voided', EventVoidedData),
  eventOf('report.issued', ReportIssuedData),
  eventOf('key.enrolled', KeyEnrolledData),
  eventOf('key.revoked', KeyRevokedData),
]);
export type LedgerEvent = z.infer<typeof LedgerEvent>;
export type EventType = LedgerEvent['type'];
export type EventOf<T extends EventType> = Extract<LedgerEvent, { type: T }>;
export type DataOf<T extends EventType> = EventOf<T>['data'];

type EventInput = z.input<typeof LedgerEvent>;
type DraftOf<E> = E extends unknown ? Omit<E, 'v' | 'seq' | 'prev' | 'hash' | 'sig' | 'id' | 'at'> & { id?: string; at?: string } : never;

/** What a writer proposes; the ledger assigns v, seq, prev and hash, and signs (and id and at, unless given). */
export type EventDraft = DraftOf<EventInput>;

/** Events that speak about one item carry `data.item`. */
export function itemOf(event: LedgerEvent): string | undefined {
  const data = event.data as { item?: unknown };
  return typeof data.item === 'string' ? data.item : undefined;
}

export const EVENT_TYPE_LABELS_VI: Record<EventType, string> = {
  'plan.imported': 'Nhập kế hoạch',
  'plan.revised': 'Điều chỉnh, bổ sung kế hoạch',
  'status.changed': 'Cập nhật trạng thái',
  'evidence.attached': 'Bổ sung tài liệu kiểm chứng',
  'progress.noted': 'Ghi nhận tiến độ',
  'condition.met': 'Điều kiện thực hiện đã có',
  'event.voided': 'Hủy bỏ ghi nhận sai',
  'report.issued': 'Phát hành báo cáo',
  'key.enrolled': 'Đăng ký khóa ký',
  'key.revoked': 'Thu hồi khóa ký',
};
