import { EVENT_TYPE_LABELS_VI, type EventType } from '../../ledger/events.ts';
import { vietnamTimeText } from '../../templates/reports/cell-values.ts';
import type { SyncedPaneApp, SyncEntry, SyncModel } from '../app/pane-sync.ts';
import { el } from './dom.ts';
import type { MessageKey, Words } from './i18n.ts';
import type { ViewParts } from './pane-card.ts';

/**
 * The sync card: connect the workbook to the province's service (address and plan), then what is
 * pending, what the service refused and why (the user's own marked), when the workbook last synced,
 * whether its head is final (with witnesses trusted), and the alarm with its evidence when the
 * province's log fails a check; the witnesses trusted can be changed, and the workbook disconnected
 * (its pending entries kept, to connect again to the same plan or another service).
 */
export class SyncView {
  /** The witnesses' form stays open across redraws (a sync redraws the pane while the user types). */
  private witnessesOpen = false;

  constructor(
    private readonly app: SyncedPaneApp,
    private readonly words: Words,
    private readonly parts: ViewParts & { button(label: string, onClick: () => void, kind?: 'primary' | 'secondary', id?: string): HTMLButtonElement },
  ) {}

  private w(key: MessageKey): string {
    return this.words.t(key);
  }

  private said(text: { vi: string; en: string }): string {
    return this.words.lang === 'vi' ? text.vi : text.en;
  }

  section(): HTMLElement {
    const sync = this.app.sync;
    return this.parts.section('sync', this.w('syncTitle'), ...(sync.server === null ? this.connectForm(sync) : this.status(sync)));
  }

  private connectForm(sync: SyncModel): Array<HTMLElement | null> {
    const left = sync.disconnectedFrom;
    return [
      sync.alarm ? this.alarm(sync) : null,
      left
        ? el(
            'p',
            { class: 'banner', id: 'sync-disconnected', role: 'status' },
            `${this.w('syncDisconnectedFrom')} `,
            el('strong', {}, left.plan),
            ` · ${left.server}. ${sync.pending.length} ${this.w('syncKeptPending')}`,
          )
        : null,
      el('p', { class: 'subtle' }, this.w('syncHint')),
      this.parts.field(
        'sync-server',
        this.w('syncServer'),
        el('input', { id: 'sync-server', type: 'url', autocomplete: 'url', ...(left && { value: left.server }), attrs: { placeholder: 'https://cchc.tinh.gov.vn', spellcheck: 'false' } }),
      ),
      this.parts.field('sync-plan', this.w('syncPlan'), el('input', { id: 'sync-plan', type: 'text', ...(left && { value: left.plan }), attrs: { spellcheck: 'false' } })),
      el(
        'details',
        { class: 'sync-witnesses' },
        el('summary', {}, this.w('syncWitnesses')),
        el('p', { class: 'subtle' }, this.w('syncWitnessesHint')),
        this.parts.field('sync-witness-keys', this.w('syncWitnessKeys'), el('textarea', { id: 'sync-witness-keys', attrs: { rows: '3', spellcheck: 'false', placeholder: 'thanhtra.gialai.gov.vn/nhan-chung+1a2b3c4d+…' } })),
        this.parts.field('sync-witnesses-needed', this.w('syncWitnessesNeeded'), el('input', { id: 'sync-witnesses-needed', type: 'text', attrs: { inputmode: 'numeric' } })),
      ),
      el(
        'div',
        { class: 'actions' },
        this.parts.button(
          this.w('syncConnect'),
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
    const last = sync.lastSyncAt ? vietnamTimeText(sync.lastSyncAt) : this.w('syncNever');
    return [
      sync.alarm ? this.alarm(sync) : null,
      el('p', { class: 'sync-where' }, `${this.w('syncConnectedTo')} `, el('strong', {}, sync.plan ?? ''), ` · ${sync.server}`),
      el('p', { class: 'subtle', id: 'sync-last' }, `${this.w('syncLast')}: ${last}`),
      sync.status === 'offline' ? el('p', { class: 'banner', role: 'status' }, this.w('syncOffline')) : null,
      sync.status === 'syncing' ? el('p', { class: 'subtle', role: 'status' }, this.w('syncSyncing')) : null,
      sync.problem && sync.status !== 'offline' ? el('p', { class: 'banner banner-error' }, this.said(sync.problem)) : null,
      sync.finality ? el('p', { class: `banner sync-finality${sync.finality.final ? ' banner-ok' : ''}`, id: 'sync-finality', role: 'status' }, this.said(sync.finality)) : null,
      el('h3', { class: 'sync-heading' }, `${this.w('syncPending')} (${sync.pending.length})`),
      sync.pending.length === 0 ? el('p', { class: 'subtle' }, this.w('syncNonePending')) : el('ul', { class: 'plain-list sync-list' }, ...sync.pending.map((e) => el('li', {}, this.entryText(e)))),
      sync.refused.length > 0 ? el('h3', { class: 'sync-heading' }, `${this.w('syncRefused')} (${sync.refused.length})`) : null,
      sync.refused.length > 0
        ? el(
            'ul',
            { class: 'plain-list sync-list sync-refused' },
            ...sync.refused.map((r) =>
              el('li', {}, el('strong', {}, this.entryText(r)), r.mine ? ` (${this.w('syncYours')})` : '', el('br', {}), el('span', { class: 'subtle' }, `${vietnamTimeText(r.refusedAt)}: ${this.said(r)}`)),
            ),
          )
        : null,
      sync.logKey ? el('p', { class: 'subtle sync-key' }, `${this.w('syncLogKey')}: `, el('code', {}, sync.logKey)) : null,
      sync.alarm ? null : this.witnessesForm(sync),
      el(
        'div',
        { class: 'actions' },
        sync.alarm ? null : this.parts.button(this.w('syncNow'), () => void this.app.syncNow(), 'primary', 'sync-now'),
        this.parts.button(this.w('syncDisconnect'), () => void this.app.disconnect(), 'secondary', 'sync-disconnect'),
      ),
      el('p', { class: 'subtle' }, this.w('syncDisconnectHint')),
    ];
  }

  /** The witnesses trusted now, and a form to replace them. */
  private witnessesForm(sync: SyncModel): HTMLElement {
    const now = sync.witnesses.length > 0 ? `${sync.witnesses.length}, ${this.w('syncWitnessesOf')} ${sync.witnessesNeeded}` : this.w('syncWitnessesNone');
    const form = el(
      'details',
      { class: 'sync-witnesses', id: 'sync-witnesses-now' },
      el('summary', {}, `${this.w('syncWitnessesNow')}: ${now}`),
      el('p', { class: 'subtle' }, this.w('syncWitnessesChangeHint')),
      this.parts.field(
        'sync-witness-edit',
        this.w('syncWitnessKeys'),
        el('textarea', { id: 'sync-witness-edit', value: sync.witnesses.join('\n'), attrs: { rows: '3', spellcheck: 'false' } }),
      ),
      this.parts.field(
        'sync-witness-edit-needed',
        this.w('syncWitnessesNeeded'),
        el('input', { id: 'sync-witness-edit-needed', type: 'text', value: sync.witnessesNeeded === null ? '' : String(sync.witnessesNeeded), attrs: { inputmode: 'numeric' } }),
      ),
      el(
        'div',
        { class: 'actions' },
        this.parts.button(
          this.w('syncWitnessesSave'),
          () => {
            const value = (id: string) => (document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement | null)?.value ?? '';
            void this.app.changeWitnesses({ vkeys: value('sync-witness-edit'), needed: value('sync-witness-edit-needed') });
          },
          'secondary',
          'sync-witnesses-save',
        ),
      ),
    );
    form.open = this.witnessesOpen;
    form.addEventListener('toggle', () => (this.witnessesOpen = form.open));
    return form;
  }

  private entryText(entry: SyncEntry): string {
    const where = entry.row !== null ? `${this.w('syncRow')} ${entry.row} · ${entry.numbering} · ` : entry.numbering ? `${entry.numbering} · ` : '';
    const type = this.words.lang === 'vi' ? (EVENT_TYPE_LABELS_VI[entry.type as EventType] ?? entry.type) : entry.type;
    return `${where}${type} · ${entry.actor}`;
  }

  private alarm(sync: SyncModel): HTMLElement {
    const alarm = sync.alarm!;
    return el(
      'div',
      { class: 'banner banner-error sync-alarm', role: 'alert' },
      el('strong', {}, this.w('syncAlarmTitle')),
      el('p', {}, this.said(alarm)),
      el('p', {}, `${this.w('syncPrevious')}: `, el('code', {}, alarm.previous)),
      el('p', {}, `${this.w('syncOffered')}: `, el('code', {}, alarm.offered)),
      this.parts.button(this.w('syncEvidence'), () => this.app.downloadEvidence(), 'secondary', 'sync-evidence'),
    );
  }
}
