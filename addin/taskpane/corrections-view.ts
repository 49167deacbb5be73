import { formatVietnameseDate, parseUserDate } from '../../ledger/dates.ts';
import { EVENT_TYPE_LABELS_VI } from '../../ledger/events.ts';
import { STATUS_LABELS_EN, STATUS_LABELS_VI } from '../../ledger/status.ts';
import { shorten } from '../../templates/reports/cell-values.ts';
import { REOPEN_STATUSES, type Correction } from '../app/correction-drafts.ts';
import type { Note, PaneModel } from '../app/pane-app.ts';
import { el } from './dom.ts';
import { PaneCard } from './pane-card.ts';

/**
 * The corrections in the pane: the reason asked when a done item's status is changed, the card
 * that voids an entry, corrects a completion date, reopens an item or records a met condition for
 * the item selected, the plan revision read from the edited table, and the button a refusal
 * telling the user to void an entry carries to get there.
 */
export class CorrectionsView extends PaneCard {
  /** The date fields the user typed wrong, shown with their error until typed again. */
  private readonly invalid = new Set<string>();

  private button(label: string, id: string, onClick: () => void, kind: 'primary' | 'secondary' = 'secondary', name?: string): HTMLButtonElement {
    return el('button', { type: 'button', class: `button button-${kind}`, id, disabled: this.app.model.busy, onClick, ...(name && { attrs: { 'aria-label': name } }) }, label);
  }

  private value(id: string): string {
    return (document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '';
  }

  /** A date field's value, or null with the field marked wrong (said under it). */
  private dateOf(id: string, optional = false): string | null | undefined {
    const text = this.value(id).trim();
    if (optional && text === '') return undefined;
    const date = parseUserDate(text);
    if (date) this.invalid.delete(id);
    else this.invalid.add(id);
    return date;
  }

  private dateField(id: string, label: string, value: string): HTMLElement {
    const wrong = this.invalid.has(id);
    return el(
      'div',
      {},
      this.parts.field(id, label, el('input', { id, type: 'text', value, attrs: { inputmode: 'numeric', 'aria-describedby': `${id}-hint`, ...(wrong && { 'aria-invalid': 'true' }) } })),
      wrong ? el('p', { class: 'field-error', id: `${id}-hint`, role: 'alert' }, this.t('corrDateInvalid')) : el('p', { class: 'subtle hint', id: `${id}-hint` }, this.t('dateHint')),
    );
  }

  /** Carries out a correction; once recorded, the fields named are emptied (kept after a refusal). */
  private async correct(correction: Correction, clear: string[]): Promise<void> {
    const before = this.app.model.notes[0]?.id;
    await this.app.correct(correction);
    const newest = this.app.model.notes[0];
    if (newest && newest.id !== before && newest.kind === 'saved') {
      for (const id of clear) {
        const input = document.getElementById(id) as HTMLInputElement | null;
        if (input) input.value = '';
      }
    }
  }

  // ---- the refusal's way to the void --------------------------------------------------------

  /** On a refusal that says to void an entry: the button that opens the void for that item, its entry chosen. */
  voidButton(note: Note, index: number): HTMLElement | null {
    const item = note.voidItem;
    if (!item) return null;
    return el(
      'button',
      {
        type: 'button',
        class: 'button button-secondary note-action',
        id: `note-void-${note.id}`,
        disabled: this.app.model.busy,
        // Named apart from the other notes' buttons: "Hủy ghi nhận sai… 2: Dòng 7, mục theo dõi I.1: …".
        attrs: { 'aria-label': `${this.t('corrVoidFromNote')} ${index + 1}: ${shorten(this.words.lang === 'vi' ? note.vi : note.en, 60)}` },
        onClick: () =>
          void this.app.selectItem(item).then(() => {
            this.parts.render();
            const entry = document.getElementById('corr-void-entry') as HTMLSelectElement | null;
            // The entry the refusal is about: the evidence still in force.
            const evidence = this.app.model.history?.entries.find((e) => e.voidable && e.evidence !== null && e.voids === null);
            if (entry && evidence) entry.value = evidence.id;
            (entry ?? document.getElementById('corrections-title'))?.focus();
          }),
      },
      this.t('corrVoidFromNote'),
    );
  }

  // ---- the reason for reopening, asked ------------------------------------------------------

  askReasonSection(model: PaneModel): HTMLElement | null {
    if (model.phase !== 'bound' || model.askReason.length === 0) return null;
    const statusLabel = (s: (typeof model.askReason)[number]['status']) => (this.words.lang === 'vi' ? STATUS_LABELS_VI[s] : STATUS_LABELS_EN[s]);
    return this.parts.section(
      'reason',
      this.t('reasonTitle'),
      el('p', { class: 'subtle' }, this.t('reasonHint')),
      el(
        'ul',
        { class: 'plain-list' },
        ...model.askReason.map((ask) => {
          const inputId = `reason-text-${ask.item}`;
          const where = `${this.t('row')} ${ask.row} · ${ask.numbering}`;
          return el(
            'li',
            { class: 'ask' },
            this.parts.field(inputId, `${where} → “${statusLabel(ask.status)}”: ${this.t('reasonFor')}`, el('textarea', { id: inputId, attrs: { rows: '2' } })),
            el(
              'div',
              { class: 'actions' },
              this.button(this.t('reasonOk'), `reason-ok-${ask.item}`, () => void this.app.confirmReopen(ask.item, this.value(inputId)), 'primary', `${this.t('reasonOk')} (${where})`),
              this.button(this.t('reasonCancel'), `reason-cancel-${ask.item}`, () => void this.app.cancelReopen(ask.item), 'secondary', `${this.t('reasonCancel')} (${where})`),
            ),
          );
        }),
      ),
    );
  }

  // ---- the corrections card -------------------------------------------------------------------

  correctionsSection(model: PaneModel): HTMLElement {
    const history = model.history;
    const item = history ? this.app.ledger?.state.items[history.item] : undefined;
    if (!history || !item) return this.parts.section('corrections', this.t('corrTitle'), el('p', { class: 'subtle' }, this.t('corrHint')));
    const id = item.definition.id;
    const voidable = history.entries.filter((e) => e.voidable);
    // What the entry said first (a narrow list cuts the rest): the document, the note, or the change.
    const said = (e: (typeof voidable)[number]) => e.evidence ?? (e.typeLabel === EVENT_TYPE_LABELS_VI['progress.noted'] ? e.note : null) ?? e.change;
    const label = (e: (typeof voidable)[number]) => shorten(`${this.t('histEntry')} ${e.seq}: ${said(e)} (${e.typeLabel.toLocaleLowerCase('vi')})`, 110);
    const kind = item.definition.timeline.kind;
    const done = item.status === 'done';
    const statusName = (s: (typeof REOPEN_STATUSES)[number]) => (this.words.lang === 'vi' ? STATUS_LABELS_VI[s] : STATUS_LABELS_EN[s]);
    return this.parts.section(
      'corrections',
      this.t('corrTitle'),
      el('p', { class: 'lead' }, el('strong', {}, `${this.t('corrFor')} ${history.numbering}`), ` — ${shorten(history.text, 90)}`),

      el('h3', {}, this.t('corrVoidTitle')),
      voidable.length === 0
        ? el('p', { class: 'subtle' }, this.t('corrVoidNone'))
        : el(
            'div',
            { class: 'stack' },
            el('p', { class: 'subtle' }, this.t('corrVoidHint')),
            this.parts.field('corr-void-entry', this.t('corrVoidEntry'), el('select', { id: 'corr-void-entry' }, ...voidable.map((e) => el('option', { value: e.id }, label(e))))),
            this.parts.field('corr-void-reason', this.t('corrReason'), el('textarea', { id: 'corr-void-reason', attrs: { rows: '2' } })),
            el(
              'div',
              { class: 'actions' },
              this.button(this.t('corrVoidOk'), 'corr-void-ok', () => void this.correct({ kind: 'void', event: this.value('corr-void-entry'), reason: this.value('corr-void-reason') }, ['corr-void-reason']), 'primary'),
            ),
          ),

      done
        ? el(
            'div',
            { class: 'stack' },
            el('h3', {}, this.t('corrDateTitle')),
            el('p', { class: 'subtle' }, this.t('corrDateHint')),
            this.dateField(`corr-date-${id}`, this.t('corrDate'), item.completedOn ? formatVietnameseDate(item.completedOn) : ''),
            el(
              'div',
              { class: 'actions' },
              this.button(this.t('corrDateOk'), 'corr-date-ok', () => {
                const date = this.dateOf(`corr-date-${id}`);
                if (date) void this.correct({ kind: 'completion-date', item: id, date }, []);
                else this.parts.render();
              }),
            ),
            el('h3', {}, this.t('corrReopenTitle')),
            this.parts.field('corr-reopen-status', this.t('corrReopenStatus'), el('select', { id: 'corr-reopen-status' }, ...REOPEN_STATUSES.map((s) => el('option', { value: s }, statusName(s))))),
            this.parts.field('corr-reopen-reason', this.t('corrReason'), el('textarea', { id: 'corr-reopen-reason', attrs: { rows: '2' } })),
            el(
              'div',
              { class: 'actions' },
              this.button(this.t('corrReopenOk'), 'corr-reopen-ok', () => {
                const status = REOPEN_STATUSES.find((s) => s === this.value('corr-reopen-status')) ?? 'in_progress';
                void this.correct({ kind: 'reopen', item: id, status, reason: this.value('corr-reopen-reason') }, ['corr-reopen-reason']);
              }),
            ),
          )
        : null,

      kind === 'relative' || kind === 'conditional'
        ? el(
            'div',
            { class: 'stack' },
            el('h3', {}, this.t('corrCondTitle')),
            el('p', { class: 'subtle' }, `${this.t('corrCondHint')}: “${shorten(item.definition.timeline.raw, 90)}”.`),
            this.dateField(`corr-cond-date-${id}`, this.t('corrCondDate'), ''),
            this.parts.field(`corr-cond-doc-${id}`, this.t('corrCondDoc'), el('input', { id: `corr-cond-doc-${id}`, type: 'text' })),
            this.dateField(`corr-cond-due-${id}`, this.t('corrCondDue'), ''),
            el(
              'div',
              { class: 'actions' },
              this.button(this.t('corrCondOk'), 'corr-cond-ok', () => {
                const effective = this.dateOf(`corr-cond-date-${id}`);
                const due = this.dateOf(`corr-cond-due-${id}`, true);
                if (!effective || due === null) return this.parts.render();
                const document = this.value(`corr-cond-doc-${id}`);
                void this.correct({ kind: 'condition', item: id, effective, ...(document.trim() && { document }), ...(due && { due }) }, [`corr-cond-date-${id}`, `corr-cond-doc-${id}`, `corr-cond-due-${id}`]);
              }),
            ),
          )
        : null,
    );
  }

  // ---- the plan revision --------------------------------------------------------------------

  revisionSection(model: PaneModel): HTMLElement {
    const revision = model.revision;
    const list = (title: string, lines: string[]) => (lines.length === 0 ? null : el('div', {}, el('h3', {}, `${title} (${lines.length})`), el('ul', { class: 'plain-list' }, ...lines.map((l) => el('li', {}, l)))));
    return this.parts.section(
      'revision',
      this.t('revTitle'),
      el('p', { class: 'subtle' }, this.t('revHint')),
      this.parts.field('rev-document', this.t('revDocument'), el('input', { id: 'rev-document', type: 'text', attrs: { 'aria-describedby': 'rev-document-hint' } })),
      el('p', { class: 'subtle hint', id: 'rev-document-hint' }, this.t('revDocumentHint')),
      el('div', { class: 'actions' }, this.button(this.t('revRead'), 'rev-read', () => void this.app.previewRevision(this.value('rev-document')))),
      revision
        ? el(
            'div',
            { class: 'stack revision-preview' },
            list(this.t('revAdded'), revision.added.map((a) => `${a.numbering} — ${shorten(a.text, 90)}`)),
            list(this.t('revAmended'), revision.amended.map((a) => `${a.numbering}: ${a.fields.join(', ')}`)),
            list(this.t('revWithdrawn'), revision.withdrawn.map((w) => `${w.numbering} — ${shorten(w.text, 90)}`)),
            el(
              'div',
              { class: 'actions' },
              this.button(this.t('revOk'), 'rev-ok', () => void this.app.confirmRevision(), 'primary'),
              this.button(this.t('revCancel'), 'rev-cancel', () => this.app.cancelRevision()),
            ),
          )
        : null,
    );
  }
}
