import { LedgerError } from '../../ledger/errors.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import type { Ledger, LedgerOptions } from '../../ledger/ledger.ts';
import { openPendingLedger } from '../../ledger/pending-ledger.ts';
import { settlePending } from '../../ledger/settle-pending.ts';
import type { PendingEvent } from '../../ledger/signed-content.ts';
import { EMPTY_HEAD } from '../../ledger/store.ts';
import { storedLine } from '../../ledger/stored-line.ts';
import { withoutPlace } from '../../ledger/stores/pending-overlay-store.ts';
import type { Evidence } from '../../ledger/tlog/checkpoint-witness.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { ChainChecker } from '../../ledger/verify.ts';
import { ChainDivergedError, checkedChain, continueCopy, fetchContinuation, type CheckedChain } from '../../server/protocol/chain-continuation.ts';
import { checkFinality } from '../../server/protocol/log-finality.ts';
import { describeCheckpoint, witnessCheckpoint, type HeadLine, type LogMemory } from '../../server/protocol/log-witness.ts';
import { pushPending } from '../../server/protocol/push-answer.ts';
import { ServiceError, type ServiceClient } from '../../server/protocol/service-client.ts';
import { serviceAddress } from '../../server/protocol/service-address.ts';
import type { SyncState } from '../../server/protocol/sync-state.ts';
import { witnessTrust, type WitnessTrust } from '../../server/protocol/witness-trust.ts';
import type { MirroredStore } from './ledger-copies.ts';
import { explain, PaneApp, type PaneDeps } from './pane-app.ts';
import { ALWAYS_ONLINE, paneServiceClient, type PaneNetwork } from './pane-service.ts';
import { EMPTY_SHELF, readShelf, writeShelf, type KeptEvidence, type SyncShelf } from './sync-shelf.ts';
import type { RecordedField } from './tracking-cells.ts';

/** An event waiting to be placed by the service, or refused by it, as the sync card lists it. */
export interface SyncEntry {
  id: string;
  type: string;
  /** The item's numbering in the plan ("1.2") and its row in the plan's sheet, when the event is about an item. */
  numbering: string | null;
  row: number | null;
  actor: string;
}

export interface RefusedEntry extends SyncEntry {
  refusedAt: string;
  vi: string;
  en: string;
  /** Recorded by this user (their key signed it). */
  mine: boolean;
}

export interface SyncModel {
  /** Null while the workbook is not connected to a service. */
  server: string | null;
  plan: string | null;
  /** The service and plan the user disconnected the workbook from (its pending events kept for them), while disconnected. */
  disconnectedFrom: { server: string; plan: string } | null;
  lastSyncAt: string | null;
  pending: SyncEntry[];
  refused: RefusedEntry[];
  /** idle: connected, nothing under way; offline: the last try did not reach the service (recording goes on); stopped: the log failed a check. */
  status: 'disconnected' | 'idle' | 'syncing' | 'offline' | 'stopped';
  /** Why the last sync did not finish, when it did not. */
  problem: { vi: string; en: string } | null;
  /** The province's log failed a check: both checkpoints named; the evidence can be downloaded. */
  alarm: { vi: string; en: string; previous: string; offered: string } | null;
  /** The log key this workbook trusts (trusted on first use at connection). */
  logKey: string | null;
  /** With witnesses trusted: whether the head of the last sync is final (cosigned by k of them), in the command line's words; null before. */
  finality: { final: boolean; vi: string; en: string } | null;
  /** The witnesses the connected workbook trusts (their vkeys) and how many must cosign; empty and null when none. */
  witnesses: string[];
  witnessesNeeded: number | null;
}

/** The witnesses a workbook trusts, as typed in the connect form: their cosignature vkeys one a line, and how many must cosign (blank: all). */
export interface TypedWitnesses {
  vkeys: string;
  needed: string;
}

export interface SyncDeps {
  network?: PaneNetwork;
  /** How long after a recording the sync waits for more (debounced); default 3 s. */
  syncDelayMs?: number;
}

/** How many times one sync sends again events made late by other clients' pushes (as `cchc sync`). */
const SYNC_ROUNDS = 5;
const CONNECTING = { vi: 'Đang kết nối dịch vụ của tỉnh…', en: "Connecting to the province's service…" };
const SYNCING = { vi: 'Đang đồng bộ với dịch vụ của tỉnh…', en: "Syncing with the province's service…" };
/** The cell a refused event was about. */
const FIELD_OF_TYPE: Record<string, RecordedField> = { 'status.changed': 'status', 'evidence.attached': 'evidence', 'progress.noted': 'progressNote' };
const REFUSED_FILL = '#F8D7DA';

/** The log failed a check: its evidence is kept; the sync stops here. */
class LogAlarm extends Error {}

/**
 * The pane connected to the province's service (issue 13) and witnessing its transparency log
 * (issue 15). Once connected, the workbook's ledger sheet holds only what the service placed, and
 * what this pane records waits as pending in the sync shelf (sync-shelf.ts) over it, exactly as a
 * command-line clone keeps it beside its copy (ledger/pending-ledger.ts); pushing, pulling and
 * witnessing are the command line's own code (server/protocol/). A sync runs on the button, a
 * moment after each recording when online, and on reconnecting; a service that cannot be reached
 * never stops recording.
 */
export class SyncedPaneApp extends PaneApp {
  readonly sync: SyncModel = {
    server: null,
    plan: null,
    disconnectedFrom: null,
    lastSyncAt: null,
    pending: [],
    refused: [],
    status: 'disconnected',
    problem: null,
    alarm: null,
    logKey: null,
    finality: null,
    witnesses: [],
    witnessesNeeded: null,
  };
  private shelf: SyncShelf = EMPTY_SHELF;
  private readonly network: PaneNetwork;
  private readonly delay: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Resolves when the sync scheduled last has run (or was called off). */
  private scheduled: Promise<void> | null = null;
  private fire: () => void = () => {};
  private readonly stopReconnect: () => void;

  constructor(deps: PaneDeps & SyncDeps) {
    super(deps);
    this.network = deps.network ?? ALWAYS_ONLINE;
    this.delay = deps.syncDelayMs ?? 3_000;
    this.stopReconnect = this.network.onReconnect(() => this.scheduleSync(0));
  }

  override async start(): Promise<void> {
    await super.start();
    // Opening the ledger read the shelf; a workbook with no plan imported yet still has one to read.
    await this.run(async () => {
      if (!this.store) this.shelf = await readShelf(this.deps.host);
      this.refreshSync();
    });
    this.scheduleSync(0);
  }

  override async stop(): Promise<void> {
    this.stopReconnect();
    this.callOff();
    await super.stop();
  }

  /** Resolves when no sync is waiting to start and every task asked so far is done. */
  async settled(): Promise<void> {
    for (;;) {
      const scheduled = this.scheduled;
      if (scheduled) await scheduled;
      await this.idle();
      if (this.scheduled === null || this.scheduled === scheduled) return;
    }
  }

  protected override async openWritable(store: MirroredStore, options: LedgerOptions): Promise<Ledger> {
    this.shelf = await readShelf(this.deps.host);
    this.refreshSync();
    if (!this.shelf.state) return super.openWritable(store, options);
    const opened = await openPendingLedger(store, this.shelf.pending, (all) => this.keepPending(all), options);
    for (const { event, error } of opened.stale) {
      this.note(
        'info',
        `Ghi nhận chờ đồng bộ (${event.type}) không còn hợp với sổ sau khi tải về: ${error.messageVi} Dịch vụ sẽ quyết định khi gửi lên.`,
        `A pending event (${event.type}) no longer fits the ledger after the pull: ${error.messageEn} The service decides when it is sent.`,
      );
    }
    await this.restorePending(opened.ledger, this.shelf.state);
    return opened.ledger;
  }

  /**
   * Writes the shelf into the workbook, its pending events first also on this computer (settings):
   * a workbook closed unsaved gets them back on opening, as the ledger's own events come back from IndexedDB.
   */
  private async saveShelf(): Promise<void> {
    const state = this.shelf.state;
    if (state) this.deps.settings.set(localPendingKey(state), JSON.stringify(this.shelf.pending));
    await writeShelf(this.deps.host, this.shelf);
  }

  /**
   * Pending events this computer kept that the workbook lacks (recorded, then the workbook closed
   * unsaved): recorded again through the ledger's checks, which skip any already on the chain.
   */
  private async restorePending(ledger: Ledger, state: SyncState): Promise<void> {
    let kept: unknown;
    try {
      kept = JSON.parse(this.deps.settings.get(localPendingKey(state)) ?? '[]');
    } catch {
      kept = [];
    }
    const inShelf = new Set(this.shelf.pending.map((e) => e.id));
    let restored = 0;
    for (const event of Array.isArray(kept) ? (kept as PendingEvent[]) : []) {
      if (inShelf.has(event.id)) continue;
      try {
        await ledger.appendSigned([event]);
      } catch (error) {
        if (!(error instanceof LedgerError)) throw error;
        if (error.code === 'duplicate-id') continue; // placed meanwhile: on the chain already
        // No longer fits the copy's head (others recorded since): still pending, for the service to decide.
        this.shelf = { ...this.shelf, pending: [...this.shelf.pending, event] };
        await this.saveShelf();
      }
      restored++;
    }
    if (restored === 0) return;
    this.note(
      'info',
      `${restored} ghi nhận chờ đồng bộ đã lưu trên máy này nhưng chưa có trong bảng tính (lần trước bảng tính chưa được lưu) đã được ghi lại vào bảng tính. Hãy lưu bảng tính.`,
      `${restored} pending entries saved on this computer but missing from the workbook (it was not saved last time) were written back. Please save the workbook.`,
    );
  }

  /** A recording while connected: kept in the workbook's shelf before the pane says it is saved; a sync follows. */
  private async keepPending(all: PendingEvent[]): Promise<void> {
    this.shelf = { ...this.shelf, pending: all };
    await this.saveShelf();
    this.refreshSync();
    this.scheduleSync(this.delay);
  }

  // ---- connecting ---------------------------------------------------------------------------

  /**
   * Connects the workbook to plan `planId` of the service at `typed`. Before the plan is imported
   * here, the plan must be empty on the service: the import is then pushed as the first events.
   * After, the workbook's ledger and the service's must be one chain: what the service lacks is
   * pushed (the service places it where it already stands), what the workbook lacks is pulled.
   * With `witnesses`, each sync then says whether its head is final (cosigned by k of them).
   * A workbook the user disconnected connects again to its plan as it was (the same log trusted),
   * or to another service or plan holding the same chain; its pending events are then sent.
   */
  connect(typed: string, planId: string, witnesses: TypedWitnesses = { vkeys: '', needed: '' }): Promise<void> {
    return this.run(async () => {
      const address = serviceAddress(typed);
      const plan = planId.trim();
      if ('vi' in address) return this.note('refused', address.vi, address.en);
      if (!plan) return this.note('refused', 'Hãy nhập mã kế hoạch trên dịch vụ (ví dụ kh-2025).', "Enter the plan's id on the service (for example kh-2025).");
      const trust = typedTrust(witnesses);
      if ('vi' in trust) return this.note('refused', `Chưa kết nối: ${trust.vi}`, `Not connected: ${trust.en}`);
      if (!this.signer) {
        return this.note('refused', 'Chưa có khóa ký trên máy này nên chưa kết nối được dịch vụ.', 'There is no signing key on this computer, so the service cannot be connected.');
      }
      const shelf = await readShelf(this.deps.host);
      const same = shelf.state?.server === address.url && shelf.state.plan === plan;
      // Connected, its ledger is that plan's copy: the user disconnects it first (the join then checks the chains are one).
      if (shelf.state && !same && !shelf.disconnectedAt) {
        return this.note(
          'refused',
          `Bảng tính này đang kết nối với kế hoạch ${shelf.state.plan} (${shelf.state.server}); hãy ngắt kết nối trước khi kết nối với kế hoạch hoặc dịch vụ khác.`,
          `This workbook is connected to plan ${shelf.state.plan} (${shelf.state.server}); disconnect it before connecting it to another plan or service.`,
        );
      }
      this.shelf = shelf;
      const client = paneServiceClient(address.url, this.signer, this.network);
      try {
        await client.plan(plan);
        if (same) await this.rejoin(client, trust);
        else await this.join(client, plan, trust);
      } catch (error) {
        if (error instanceof LogAlarm) return;
        const reason = this.reasonOf(error);
        this.sync.problem = reason;
        this.note('refused', `Chưa kết nối được: ${reason.vi}`, `Not connected: ${reason.en}`);
      }
    }, CONNECTING);
  }

  /** The plan the workbook was connected to, again: its log still trusted as before, the witnesses as typed. */
  private async rejoin(client: ServiceClient, trust: WitnessTrust): Promise<void> {
    const state = this.shelf.state!;
    const wasDisconnected = this.shelf.disconnectedAt !== null;
    this.shelf = { ...this.shelf, state: withTrust(state, trust), disconnectedAt: null };
    await this.saveShelf();
    this.refreshSync();
    // A log found rewritten stays the alarm it was: nothing is synced with it.
    if (!this.shelf.evidence) await this.syncRounds(client);
    if (wasDisconnected) {
      this.note('saved', `Đã kết nối lại kế hoạch ${state.plan} trên ${state.server}.`, `Connected again to plan ${state.plan} at ${state.server}.`);
    }
  }

  private async join(client: ServiceClient, plan: string, trust: WitnessTrust): Promise<void> {
    const store = this.store;
    // The workbook's copy read once: checked, and its events kept to compare with the service's.
    const local: LedgerEvent[] = [];
    const checked = store ? await this.checked(store, (event) => local.push(event)) : { checker: new ChainChecker(), lastLine: null };
    const served = await client.pullAll(plan, 0);
    let common = 0;
    while (common < local.length && common < served.lines.length && storedLine(local[common]!) === served.lines[common]) common++;
    const source = `${client.base}/api/v1/plans/${plan}/events`;
    if (common < local.length && common < served.lines.length) {
      throw new ChainDivergedError(
        `sổ trong bảng tính và sổ của kế hoạch ${plan} trên dịch vụ khác nhau từ ghi nhận số ${common + 1}; đây không phải cùng một sổ.`,
        `the workbook's ledger and plan ${plan}'s on the service differ from seq ${common + 1}; they are not one ledger.`,
      );
    }
    let pushed = 0;
    let pulled = 0;
    if (served.lines.length > local.length) {
      if (!store || !this.model.binding) {
        throw new ChainDivergedError(
          `kế hoạch ${plan} đã có ${served.lines.length} ghi nhận trên dịch vụ; hãy mở bảng tính đang giữ sổ đó (chỉ kết nối được bảng tính chưa nhập kế hoạch với một kế hoạch còn trống).`,
          `plan ${plan} already holds ${served.lines.length} events on the service; open the workbook that holds that ledger (a workbook with no plan imported connects only to an empty plan).`,
        );
      }
      const before = checked.checker.head;
      const events = continueCopy(checked.checker, served.lines.slice(local.length), source);
      await store.append(events, before);
      pulled = events.length;
    } else if (local.length > served.lines.length) {
      const rest = local.slice(common);
      const expected = common === 0 ? EMPTY_HEAD : { seq: local[common - 1]!.seq, hash: local[common - 1]!.hash };
      const answer = await pushPending(client, plan, expected, rest.map(withoutPlace), { signer: this.signer! }, async () => {});
      const refused = answer.refused[0];
      if (refused) throw new ServiceError(409, refused.error.code, refused.error.vi, refused.error.en);
      const lines = new Map(answer.results.flatMap((r) => (r.outcome === 'refused' ? [] : [[r.seq, r.line] as const])));
      const moved = rest.find((e) => lines.get(e.seq) !== storedLine(e));
      if (moved) {
        throw new ChainDivergedError(
          `dịch vụ đặt ghi nhận số ${moved.seq} của bảng tính vào chỗ khác (có người ghi vào kế hoạch cùng lúc); hãy kết nối lại.`,
          `the service placed the workbook's event ${moved.seq} elsewhere (someone wrote to the plan meanwhile); connect again.`,
        );
      }
      pushed = rest.length;
    }
    const last = local.length >= served.lines.length ? local.at(-1) : undefined;
    const headLine = last ? { seq: last.seq, line: storedLine(last) } : served.lines.length > 0 ? { seq: served.lines.length, line: served.lines.at(-1)! } : undefined;
    const head = headLine ? { seq: headLine.seq, hash: (JSON.parse(headLine.line) as LedgerEvent).hash } : EMPTY_HEAD;
    const state: SyncState = { server: client.base, plan, syncedSeq: head.seq, syncedHash: head.hash, lastSyncAt: null, ...trust };
    const memory = await this.witness(client, state, headLine);
    // Entries recorded while disconnected stay pending: they go with the next sync, checked against this plan's head.
    const kept = this.shelf.pending;
    this.shelf = { state: { ...state, ...memory, lastSyncAt: this.clock().toISOString() }, pending: kept, refused: [], evidence: null, disconnectedAt: null };
    await this.saveShelf();
    if (store) await this.openLedger();
    this.sync.problem = null;
    this.refreshSync();
    this.note(
      'saved',
      `Đã kết nối kế hoạch ${plan} trên ${client.base}: ${pushed} ghi nhận gửi lên, ${pulled} ghi nhận tải về${kept.length ? `, ${kept.length} ghi nhận chờ đồng bộ sẽ gửi ngay` : ''}.`,
      `Connected to plan ${plan} at ${client.base}: ${pushed} events sent, ${pulled} received${kept.length ? `, ${kept.length} waiting to sync to be sent now` : ''}.`,
    );
    if (kept.length > 0) this.scheduleSync(0);
  }

  // ---- disconnecting, and the witnesses trusted ------------------------------------------

  /**
   * Stops syncing until the user connects again. The sync state stays in the workbook (connecting
   * again to the same plan trusts the same log); entries recorded meanwhile wait as pending.
   */
  disconnect(): Promise<void> {
    return this.run(async () => {
      this.shelf = await readShelf(this.deps.host);
      const state = this.shelf.state;
      if (!state || this.shelf.disconnectedAt) return this.refreshSync();
      this.callOff();
      this.shelf = { ...this.shelf, disconnectedAt: this.clock().toISOString() };
      await this.saveShelf();
      this.sync.problem = null;
      this.sync.finality = null;
      this.refreshSync();
      const waiting = this.shelf.pending.length;
      this.note(
        'info',
        `Đã ngắt kết nối khỏi kế hoạch ${state.plan} (${state.server}). Vẫn ghi nhận bình thường; ${waiting} ghi nhận chờ đồng bộ được giữ trong bảng tính và sẽ gửi khi kết nối lại.`,
        `Disconnected from plan ${state.plan} (${state.server}). Recording goes on as usual; ${waiting} entries waiting to sync are kept in the workbook and sent on connecting again.`,
      );
    });
  }

  /** The witnesses the connected workbook trusts, replaced by those typed (none: finality is no longer asked); the next sync counts by them. */
  changeWitnesses(typed: TypedWitnesses): Promise<void> {
    return this.run(async () => {
      this.shelf = await readShelf(this.deps.host);
      const state = this.shelf.state;
      if (!state || this.shelf.disconnectedAt) return this.refreshSync();
      const trust = typedTrust(typed);
      if ('vi' in trust) return this.note('refused', `Chưa đổi nhân chứng tin cậy: ${trust.vi}`, `Witnesses not changed: ${trust.en}`);
      this.shelf = { ...this.shelf, state: withTrust(state, trust) };
      await this.saveShelf();
      this.sync.finality = null;
      this.refreshSync();
      if (trust.witnesses) {
        this.note(
          'saved',
          `Đã lưu ${trust.witnesses.length} nhân chứng tin cậy, cần ${trust.witnessesNeeded} đồng ký; lần đồng bộ sau cho biết sổ đã chung cuộc chưa.`,
          `${trust.witnesses.length} trusted witnesses saved, ${trust.witnessesNeeded} needed to cosign; the next sync says whether the ledger is final.`,
        );
      } else {
        this.note('saved', 'Đã bỏ nhân chứng tin cậy: thẻ đồng bộ thôi cho biết sổ đã chung cuộc chưa.', 'Trusted witnesses removed: the sync card no longer says whether the ledger is final.');
      }
      this.scheduleSync(0);
    });
  }

  // ---- syncing ------------------------------------------------------------------------------

  /** Pushes what is pending and pulls what others recorded, now (queued after the task under way). */
  syncNow(): Promise<void> {
    return this.run(async () => {
      this.shelf = await readShelf(this.deps.host);
      const state = this.shelf.state;
      if (!state || this.shelf.evidence || this.shelf.disconnectedAt || !this.signer) return this.refreshSync();
      try {
        await this.syncRounds(paneServiceClient(state.server, this.signer, this.network));
      } catch (error) {
        if (error instanceof LogAlarm) return;
        this.sync.problem = this.reasonOf(error);
        this.sync.status = error instanceof ServiceError && error.code === 'unreachable' ? 'offline' : 'idle';
        // Unreachable is the ordinary state of a laptop on the road: the card says it; no note.
        if (this.sync.status !== 'offline') this.note('error', `Chưa đồng bộ được: ${this.sync.problem.vi}`, `Not synced: ${this.sync.problem.en}`);
      }
    }, SYNCING);
  }

  /** A sync a moment from now (debounced: recordings in a row make one), if connected and online. */
  private scheduleSync(delay: number): void {
    if (!this.shelf.state || this.shelf.evidence || this.shelf.disconnectedAt) return;
    this.callOff();
    let fire!: () => void;
    this.scheduled = new Promise<void>((resolve) => (fire = resolve));
    this.fire = fire;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.network.online()) void this.syncNow().finally(fire);
      else {
        this.sync.status = 'offline';
        this.publish();
        fire();
      }
    }, delay);
  }

  /** The sync scheduled and not started yet is not to run. */
  private callOff(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.fire();
  }

  private async syncRounds(client: ServiceClient): Promise<void> {
    const store = this.store;
    this.sync.status = 'syncing';
    this.publish();
    const refusedBefore = new Set(this.shelf.refused.map((r) => r.event.id));
    try {
      // Before the plan is imported here there is nothing to send, nor a ledger to pull into.
      if (store) {
        // What is sent rests on the service's history: a log that fails its check gets nothing.
        const state = this.shelf.state!;
        this.shelf = { ...this.shelf, state: { ...state, ...(await this.witness(client, state, undefined)) } };
        for (let round = 1; (await this.syncRound(client, store)) > 0 && round < SYNC_ROUNDS; round++);
      }
      this.sync.problem = null;
      this.sync.status = 'idle';
    } finally {
      if (store) await this.openLedger();
      this.refreshSync();
      await this.markRefused(refusedBefore);
    }
  }

  /**
   * One push and one pull: the pending events settled against the copy and sent expecting its
   * head; then the service's events after it, checked as the copy's continuation, and appended only
   * once the log's checkpoint extends the one last accepted and holds the new head. Returns how many
   * events came back refused only for being stamped early (they are sent again after this pull).
   */
  private async syncRound(client: ServiceClient, store: MirroredStore): Promise<number> {
    const state = this.shelf.state!;
    const checked = await this.checked(store);
    const { checker } = checked;
    const local = checker.head;
    const settled = await settlePending(this.shelf.pending, checker, this.signer!);
    const pushed = await pushPending(client, state.plan, local, settled, { signer: this.signer!, keepLate: true }, async (refused, remaining) => {
      const known = new Set(this.shelf.refused.map((r) => r.event.id));
      this.shelf = { ...this.shelf, pending: remaining, refused: [...this.shelf.refused, ...refused.filter((r) => !known.has(r.event.id))] };
      await this.saveShelf();
    });
    const { events, head } = await fetchContinuation(client, state.plan, checker);
    const line = events.length > 0 ? storedLine(events.at(-1)!) : checked.lastLine;
    const memory = await this.witness(client, state, line === null ? undefined : { seq: head.seq, line });
    if (events.length > 0) await store.append(events, local);
    const pending = await settlePending(this.shelf.pending, checker, this.signer!);
    this.shelf = { ...this.shelf, pending, state: { ...state, ...memory, syncedSeq: head.seq, syncedHash: head.hash, lastSyncAt: this.clock().toISOString() } };
    await this.saveShelf();
    return pushed.deferred;
  }

  private async checked(store: MirroredStore, each?: (stored: LedgerEvent) => void): Promise<CheckedChain> {
    const checked = await checkedChain(store, each);
    if ('checker' in checked) return checked;
    throw new LedgerError('storage', `Sổ trong bảng tính hỏng ở ghi nhận số ${checked.seq}: ${checked.message_vi}`, `The workbook's ledger is broken at seq ${checked.seq}: ${checked.message_en}`);
  }

  // ---- witnessing the province's log ---------------------------------------------------------

  /**
   * The log's latest checkpoint must extend the one the workbook accepted last (a consistency
   * proof, checked by the same CheckpointWitness as the command line's) and hold `head`; otherwise
   * the evidence is kept in the shelf, the alarm raised, and syncing stops. With witnesses trusted,
   * whether `head` is final is then asked as the command line asks it, and the card says it.
   */
  private async witness(client: ServiceClient, state: SyncState, head: HeadLine | undefined): Promise<LogMemory> {
    const witnessed = await witnessCheckpoint(client, state, state.plan, head);
    if (witnessed.kind === 'accepted') {
      if (state.witnesses && head && head.seq > 0) {
        const finality = await checkFinality(client, state.witnesses, state.witnessesNeeded, witnessed, head.seq);
        if (finality.kind === 'alarm') return this.alarm(state, finality.evidence);
        this.sync.finality = { final: finality.kind === 'final', vi: finality.vi, en: finality.en };
      }
      return witnessed.memory;
    }
    if (witnessed.kind === 'alarm') return this.alarm(state, witnessed.evidence);
    if (state.logKey !== undefined || state.checkpoint !== undefined) {
      throw new LedgerError(
        'storage',
        `Dịch vụ ${client.base} không đưa điểm kiểm nào của nhật ký minh bạch, trong khi bảng tính này đã ghi nhận khóa nhật ký của nó: không tải về. Báo cho cơ quan quản lý dịch vụ.`,
        `The service at ${client.base} serves no checkpoint of its transparency log, though this workbook holds its log key: nothing pulled. Tell the service's operator.`,
      );
    }
    return {};
  }

  private async alarm(state: SyncState, evidence: Evidence): Promise<never> {
    const kept: KeptEvidence = { server: state.server, plan: state.plan, ...evidence };
    this.shelf = { ...this.shelf, evidence: kept };
    await this.saveShelf();
    this.refreshSync();
    const { previous, offered } = this.sync.alarm!;
    this.note(
      'error',
      `CẢNH BÁO: nhật ký minh bạch của dịch vụ ${state.server} không đáng tin: ${evidence.messageVi} Điểm kiểm đã chấp nhận: ${previous}. Điểm kiểm vừa nhận: ${offered}. Đã ngừng đồng bộ; không ghi gì vào sổ. Hãy tải bằng chứng (mục “Đồng bộ”) và gửi cho cơ quan thanh tra.`,
      `ALARM: the transparency log of the service at ${state.server} cannot be trusted: ${evidence.messageEn} Checkpoint accepted before: ${previous}. Checkpoint just received: ${offered}. Syncing stopped; nothing was appended. Download the evidence ("Sync") and hand it to an inspector.`,
    );
    throw new LogAlarm();
  }

  /** The evidence of the log's failed check, as a file for an inspector: both signed checkpoints, the proof, the reason. */
  downloadEvidence(): void {
    const evidence = this.shelf.evidence;
    if (!evidence) return;
    const name = `bang-chung-nhat-ky-${evidence.detectedAt.replace(/[:.]/g, '-')}.json`;
    this.deps.download?.(name, new TextEncoder().encode(`${JSON.stringify(evidence, null, 2)}\n`));
  }

  // ---- what the card shows -----------------------------------------------------------------

  private refreshSync(): void {
    const { state, evidence, disconnectedAt } = this.shelf;
    const connected = disconnectedAt ? null : state;
    const sync = this.sync;
    sync.server = connected?.server ?? null;
    sync.plan = connected?.plan ?? null;
    sync.disconnectedFrom = state && disconnectedAt ? { server: state.server, plan: state.plan } : null;
    sync.lastSyncAt = state?.lastSyncAt ?? null;
    sync.logKey = state?.logKey ?? null;
    sync.witnesses = connected?.witnesses ?? [];
    sync.witnessesNeeded = connected?.witnessesNeeded ?? null;
    if (!connected?.witnesses) sync.finality = null;
    sync.pending = this.shelf.pending.map((e) => this.entryOf(e));
    const mine = this.signer?.fingerprint;
    sync.refused = this.shelf.refused.map((r) => ({ ...this.entryOf(r.event), refusedAt: r.refusedAt, vi: r.error.vi, en: r.error.en, mine: r.event.sig?.key === mine }));
    sync.alarm = evidence
      ? { vi: evidence.messageVi, en: evidence.messageEn, previous: describeCheckpoint(evidence.previous), offered: describeCheckpoint(evidence.offered) }
      : null;
    if (!connected) sync.status = 'disconnected';
    else if (evidence) sync.status = 'stopped';
    else if (sync.status === 'disconnected' || sync.status === 'stopped') sync.status = 'idle';
    this.publish();
  }

  private entryOf(event: PendingEvent): SyncEntry {
    const item = (event.data as { item?: unknown }).item;
    const definition = typeof item === 'string' ? this.ledger?.state.items[item]?.definition : undefined;
    const row = typeof item === 'string' && this.model.binding && Object.hasOwn(this.model.binding.rows, item) ? this.model.binding.rows[item]! : null;
    return { id: event.id, type: event.type, numbering: definition?.numbering ?? (typeof item === 'string' ? item : null), row, actor: event.actor.name };
  }

  /**
   * Events refused since `before`: the cell each was about is marked in the plan's sheet, and its
   * author (this user) is told why; what the sheet shows that the ledger lacks is then among the differences.
   */
  private async markRefused(before: ReadonlySet<string>): Promise<void> {
    const fresh = this.shelf.refused.filter((r) => !before.has(r.event.id));
    const binding = this.model.binding;
    if (fresh.length === 0) return;
    const marks = [];
    for (const refused of fresh) {
      const entry = this.entryOf(refused.event);
      const where = entry.row !== null ? `Dòng ${entry.row}, mục ${entry.numbering}: ` : '';
      const whereEn = entry.row !== null ? `Row ${entry.row}, item ${entry.numbering}: ` : '';
      if (refused.event.sig?.key === this.signer?.fingerprint) {
        this.note('refused', `${where}dịch vụ của tỉnh từ chối ghi nhận của bạn: ${refused.error.vi}`, `${whereEn}the province's service refused your entry: ${refused.error.en}`);
      }
      const field = FIELD_OF_TYPE[refused.event.type];
      if (binding && entry.row !== null && field) {
        marks.push({ op: 'format' as const, sheet: binding.sheet, rect: { row: entry.row - 1, col: binding.columns[field] - 1, rows: 1, cols: 1 }, style: { fill: REFUSED_FILL } });
      }
    }
    if (marks.length > 0) await this.deps.host.apply(marks);
    void this.checkDrift();
  }

  private reasonOf(error: unknown): { vi: string; en: string } {
    if (error instanceof ServiceError) return { vi: error.messageVi, en: error.messageEn };
    if (error instanceof ChainDivergedError || error instanceof TlogError) return { vi: error.messageVi, en: error.messageEn };
    return explain(error);
  }
}

/** `state` trusting the witnesses of `trust` instead of its own (none: finality is not asked). */
function withTrust(state: SyncState, trust: WitnessTrust): SyncState {
  const next: SyncState = { ...state, ...trust };
  if (!trust.witnesses) {
    delete next.witnesses;
    delete next.witnessesNeeded;
  }
  return next;
}

/** The witnesses typed in the card (one vkey a line), checked as `cchc clone --witness` checks them. */
function typedTrust(typed: TypedWitnesses): WitnessTrust | { vi: string; en: string } {
  const vkeys = typed.vkeys.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return witnessTrust(vkeys, typed.needed);
}

/** Where this computer keeps a connected workbook's pending events. */
const localPendingKey = (state: SyncState): string => `cchc.pending.${state.server} ${state.plan}`;
