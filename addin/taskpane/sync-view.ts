import { EVENT_TYPE_LABELS_VI, type EventType } from '../../ledger/events.ts';
import { vietnamTimeText } from '../../templates/reports/cell-values.ts';
import type { SyncedPaneApp, SyncEntry, SyncModel } from '../app/pane-sync.ts';
import { el } from './dom.ts';
import type { Words } from './i18n.ts';
import type { ViewParts } from './pane-card.ts';

/** This card's words, Vietnamese and English (kept here: they belong to no other card). */
const WORDS = {
  title: ['Đồng bộ với dịch vụ của tỉnh', "Sync with the province's service"],
  hint: [
    'Kết nối để gửi các ghi nhận lên dịch vụ của tỉnh và nhận ghi nhận của người khác. Không kết nối được thì vẫn ghi nhận bình thường; sổ tự đồng bộ khi có mạng.',
    "Connect to send your entries to the province's service and receive others'. Without a connection recording goes on as usual; the ledger syncs when the network is back.",
  ],
  server: ['Địa chỉ dịch vụ', 'Service address'],
  plan: ['Mã kế hoạch trên dịch vụ', "The plan's id on the service"],
  connect: ['Kết nối', 'Connect'],
  syncNow: ['Đồng bộ ngay', 'Sync now'],
  connectedTo: ['Kế hoạch', 'Plan'],
  lastSync: ['Đồng bộ lần cuối', 'Last synced'],
  never: ['chưa lần nào', 'never'],
  pending: ['Chờ đồng bộ', 'Waiting to sync'],
  nonePending: ['Không có ghi nhận nào chờ đồng bộ.', 'Nothing is waiting to sync.'],
  refused: ['Bị dịch vụ từ chối', 'Refused by the service'],
  yours: ['của bạn', 'yours'],
  offline: ['Chưa kết nối được dịch vụ; các ghi nhận được giữ trong bảng tính và sẽ gửi khi có mạng.', 'The service cannot be reached; entries are kept in the workbook and sent when the network is back.'],
  syncing: ['Đang đồng bộ…', 'Syncing…'],
  alarmTitle: ['CẢNH BÁO: nhật ký minh bạch của tỉnh không đáng tin — đã ngừng đồng bộ', "ALARM: the province's transparency log cannot be trusted — syncing stopped"],
  previous: ['Điểm kiểm đã chấp nhận', 'Checkpoint accepted before'],
  offered: ['Điểm kiểm vừa nhận', 'Checkpoint just received'],
  evidence: ['Tải bằng chứng cho cơ quan thanh tra', 'Download the evidence for an inspector'],
  logKey: ['Khóa nhật ký minh bạch (đối chiếu với khóa tỉnh công bố)', "Transparency log key (compare with the one the province publishes)"],
  row: ['Dòng', 'Row'],
  witnesses: ['Nhân chứng tin cậy (không bắt buộc)', 'Trusted witnesses (optional)'],
  witnessesHint: [
    'Khóa đồng ký (vkey) của các nhân chứng bạn tin (cơ quan thanh tra, trung tâm dữ liệu), mỗi dòng một khóa. Sau mỗi lần đồng bộ, thẻ này cho biết sổ đã chung cuộc chưa: được đủ số nhân chứng đồng ký.',
    'The cosignature keys (vkeys) of the witnesses you trust (the inspectorate, the data centre), one per line. After each sync this card says whether the ledger is final: cosigned by enough of them.',
  ],
  witnessKeys: ['Khóa đồng ký của nhân chứng, mỗi dòng một khóa', "Witnesses' cosignature keys, one per line"],
  witnessesNeeded: ['Số nhân chứng cần đồng ký (để trống: tất cả)', 'Witnesses needed (blank: all)'],
} as const;

/**
 * The sync card: connect the workbook to the province's service (address and plan), then what is
 * pending, what the service refused and why (the user's own marked), when the workbook last synced,
 * whether its head is final (with witnesses trusted), and the alarm with its evidence when the
 * province's log fails a check.
 */
export class SyncView {
  constructor(
    private readonly app: SyncedPaneApp,
    private readonly words: Words,
    private readonly parts: ViewParts & { button(label: string, onClick: () => void, kind?: 'primary' | 'secondary', id?: string): HTMLButtonElement },
  ) {}

  private w(key: keyof typeof WORDS): string {
    return WORDS[key][this.words.lang === 'vi' ? 0 : 1];
  }

  private said(text: { vi: string; en: string }): string {
    return this.words.lang === 'vi' ? text.vi : text.en;
  }

  section(): HTMLElement {
    const sync = this.app.sync;
    return this.parts.section('sync', this.w('title'), ...(sync.server === null ? this.connectForm(sync) : this.status(sync)));
  }

  private connectForm(sync: SyncModel): Array<HTMLElement | null> {
    return [
      sync.alarm ? this.alarm(sync) : null,
      el('p', { class: 'subtle' }, this.w('hint')),
      this.parts.field('sync-server', this.w('server'), el('input', { id: 'sync-server', type: 'url', autocomplete: 'url', attrs: { placeholder: 'https://cchc.tinh.gov.vn', spellcheck: 'false' } })),
      this.parts.field('sync-plan', this.w('plan'), el('input', { id: 'sync-plan', type: 'text', attrs: { spellcheck: 'false' } })),
      el(
        'details',
        { class: 'sync-witnesses' },
        el('summary', {}, this.w('witnesses')),
        el('p', { class: 'subtle' }, this.w('witnessesHint')),
        this.parts.field('sync-witness-keys', this.w('witnessKeys'), el('textarea', { id: 'sync-witness-keys', attrs: { rows: '3', spellcheck: 'false', placeholder: 'thanhtra.gialai.gov.vn/nhan-chung+1a2b3c4d+…' } })),
        this.parts.field('sync-witnesses-needed', this.w('witnessesNeeded'), el('input', { id: 'sync-witnesses-needed', type: 'text', attrs: { inputmode: 'numeric' } })),
      ),
      el(
        'div',
        { class: 'actions' },
        this.parts.button(
          this.w('connect'),
          () => {
            const value = (id: string) => (document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement | null)?.value ?? '';
            void this.app.connect(value('sync-server'), value('sync-plan'), { vkeys: value('sync-witness-keys'), needed: value('sync-witnesses-needed') });
          },
          'primary',
          'sync-connect',
        ),
      ),
    ];
  }

  private status(sync: SyncModel): Array<HTMLElement | null> {
    const last = sync.lastSyncAt ? vietnamTimeText(sync.lastSyncAt) : this.w('never');
    return [
      sync.alarm ? this.alarm(sync) : null,
      el('p', { class: 'sync-where' }, `${this.w('connectedTo')} `, el('strong', {}, sync.plan ?? ''), ` · ${sync.server}`),
      el('p', { class: 'subtle', id: 'sync-last' }, `${this.w('lastSync')}: ${last}`),
      sync.status === 'offline' ? el('p', { class: 'banner', role: 'status' }, this.w('offline')) : null,
      sync.status === 'syncing' ? el('p', { class: 'subtle', role: 'status' }, this.w('syncing')) : null,
      sync.problem && sync.status !== 'offline' ? el('p', { class: 'banner banner-error' }, this.said(sync.problem)) : null,
      sync.finality ? el('p', { class: `banner sync-finality${sync.finality.final ? ' banner-ok' : ''}`, id: 'sync-finality', role: 'status' }, this.said(sync.finality)) : null,
      el('h3', { class: 'sync-heading' }, `${this.w('pending')} (${sync.pending.length})`),
      sync.pending.length === 0 ? el('p', { class: 'subtle' }, this.w('nonePending')) : el('ul', { class: 'plain-list sync-list' }, ...sync.pending.map((e) => el('li', {}, this.entryText(e)))),
      sync.refused.length > 0 ? el('h3', { class: 'sync-heading' }, `${this.w('refused')} (${sync.refused.length})`) : null,
      sync.refused.length > 0
        ? el(
            'ul',
            { class: 'plain-list sync-list sync-refused' },
            ...sync.refused.map((r) =>
              el('li', {}, el('strong', {}, this.entryText(r)), r.mine ? ` (${this.w('yours')})` : '', el('br', {}), el('span', { class: 'subtle' }, `${vietnamTimeText(r.refusedAt)}: ${this.said(r)}`)),
            ),
          )
        : null,
      sync.logKey ? el('p', { class: 'subtle sync-key' }, `${this.w('logKey')}: `, el('code', {}, sync.logKey)) : null,
      sync.alarm ? null : el('div', { class: 'actions' }, this.parts.button(this.w('syncNow'), () => void this.app.syncNow(), 'primary', 'sync-now')),
    ];
  }

  private entryText(entry: SyncEntry): string {
    const where = entry.row !== null ? `${this.w('row')} ${entry.row} · ${entry.numbering} · ` : entry.numbering ? `${entry.numbering} · ` : '';
    const type = this.words.lang === 'vi' ? (EVENT_TYPE_LABELS_VI[entry.type as EventType] ?? entry.type) : entry.type;
    return `${where}${type} · ${entry.actor}`;
  }

  private alarm(sync: SyncModel): HTMLElement {
    const alarm = sync.alarm!;
    return el(
      'div',
      { class: 'banner banner-error sync-alarm', role: 'alert' },
      el('strong', {}, this.w('alarmTitle')),
      el('p', {}, this.said(alarm)),
      el('p', {}, `${this.w('previous')}: `, el('code', {}, alarm.previous)),
      el('p', {}, `${this.w('offered')}: `, el('code', {}, alarm.offered)),
      this.parts.button(this.w('evidence'), () => this.app.downloadEvidence(), 'secondary', 'sync-evidence'),
    );
  }
}
