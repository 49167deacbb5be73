import { FIELD_HEADERS_VI, type Field } from '../../templates/table/fields.ts';
import type { TableRead } from '../../templates/table/table-read.ts';
import type { PaneModel, Note } from '../app/pane-app.ts';
import { formatVietnameseDate, parseUserDate, vietnamDateOf } from '../../ledger/dates.ts';
import { shortFingerprint } from '../../ledger/signed-content.ts';
import { DEFAULT_PERIODS } from '../../templates/reports/report-config.ts';
import { vietnamClockParts } from '../../templates/reports/cell-values.ts';
import { periodNameVi, type PeriodKind } from '../../templates/reports/report-period.ts';
import { TRACKING_HEADERS } from '../app/tracking-columns.ts';
import { CorrectionsView } from './corrections-view.ts';
import { DashboardView } from './dashboard-view.ts';
import type { SyncedPaneApp } from '../app/pane-sync.ts';
import { SyncView } from './sync-view.ts';
import { el, replace } from './dom.ts';
import { PERIOD_NAMES_EN, Words, type Lang } from './i18n.ts';

/** Notes shown open in the activity list; older ones are folded. */
const NOTES_IN_VIEW = 5;

/** Where the focus goes when the control it was on is gone, by the control's id without its item part. */
const FOCUS_AFTER: Record<string, string> = {
  'note-hide': 'activity-title',
  'ask-ok': 'activity-title',
  'ask-cancel': 'plan-title',
  'drift-record': 'activity-title',
  'drift-restore': 'activity-title',
  'plan-confirm': 'plan-title',
  'plan-cancel': 'plan-title',
  'plan-read': 'plan-title',
  att: 'attention-title',
  'reason-ok': 'activity-title',
  'reason-cancel': 'plan-title',
  'corr-void-ok': 'corrections-title',
  'corr-reopen-ok': 'corrections-title',
  'corr-date-ok': 'corrections-title',
  'corr-cond-ok': 'corrections-title',
  'note-void': 'corrections-title',
  'rev-ok': 'revision-title',
  'rev-cancel': 'revision-title',
  'sync-disconnect': 'sync-title',
  'sync-connect': 'sync-title',
};

const shortText = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * The task pane, drawn from the app's model after every step. Everything a workbook holds reaches
 * the page through text nodes (see dom.ts). What the user is typing in the pane survives a redraw:
 * inputs keep their values and the focus stays where it was.
 */
export class PaneView {
  private readonly words: Words;
  private readonly dashboard: DashboardView;
  private readonly corrections: CorrectionsView;
  private readonly syncView: SyncView;
  private lastAnnounced = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly app: SyncedPaneApp,
    private readonly announcer: HTMLElement,
    lang: Lang = 'vi',
  ) {
    this.words = new Words(lang);
    const parts = { section: (...a: Parameters<PaneView['section']>) => this.section(...a), field: (...a: Parameters<PaneView['field']>) => this.field(...a), render: () => this.render() };
    this.dashboard = new DashboardView(app, this.words, parts);
    this.corrections = new CorrectionsView(app, this.words, parts);
    this.syncView = new SyncView(app, this.words, { ...parts, button: (...a: Parameters<PaneView['button']>) => this.button(...a) });
    app.subscribe(() => this.render());
  }

  /** The control the keyboard was on when the pane started working: disabled meanwhile, it gets the focus back after. */
  private pendingFocus = '';

  private t(key: Parameters<Words['t']>[0]): string {
    return this.words.t(key);
  }

  private get vi(): boolean {
    return this.words.lang === 'vi';
  }

  setLanguage(lang: Lang): void {
    this.words.lang = lang;
    document.documentElement.lang = lang;
    this.render();
  }

  get language(): Lang {
    return this.words.lang;
  }

  render(): void {
    const model = this.app.model;
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && active !== document.body && active.id ? active.id : this.pendingFocus;
    const kept = new Map<string, string>();
    for (const input of this.root.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input[id], select[id], textarea[id]')) kept.set(input.id, input.value);

    this.root.setAttribute('aria-busy', String(model.busy));
    replace(
      this.root,
      this.workingLine(model),
      model.problem ? el('p', { class: 'banner banner-error', role: 'alert' }, this.vi ? model.problem.vi : model.problem.en) : null,
      this.limitsBanner(),
      model.phase === 'bound' && model.askDate.length > 0 ? this.askDateSection(model) : null,
      this.corrections.askReasonSection(model),
      model.phase === 'starting' ? el('p', { class: 'subtle' }, this.t('loading')) : null,
      model.phase !== 'starting' ? this.whoSection(model) : null,
      model.phase !== 'starting' && model.key ? this.keySection(model) : null,
      model.phase !== 'starting' ? this.planSection(model) : null,
      model.phase !== 'starting' ? this.syncView.section() : null,
      model.phase === 'bound' && model.drift.length > 0 ? this.driftSection(model) : null,
      model.phase !== 'starting' ? this.activitySection(model) : null,
      ...(model.phase === 'bound' ? this.boundSections(model) : []),
    );

    for (const [id, value] of kept) {
      const input = document.getElementById(id) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null;
      // A choice no longer offered (an entry just voided) is not put back: the list would show nothing chosen.
      const offered = !(input instanceof HTMLSelectElement) || [...input.options].some((o) => o.value === value);
      if (input && input.value !== value && input.dataset['keep'] !== 'no' && offered) input.value = value;
    }
    this.restoreFocus(focused);
    const newest = model.notes[0];
    if (newest && newest.id !== this.lastAnnounced) {
      this.lastAnnounced = newest.id;
      this.announcer.textContent = this.noteText(newest);
    }
  }

  /** The row's history and its corrections, the dashboard and the list, the plan revision, the outputs. */
  private boundSections(model: PaneModel): HTMLElement[] {
    const [history, ...dashboard] = this.dashboard.sections(model);
    return [history!, this.corrections.correctionsSection(model), ...dashboard, this.corrections.revisionSection(model), this.outputsSection(model)];
  }

  /** Focus back where it was; if that control is gone (a finished step, a hidden note), on its section's title. */
  private restoreFocus(id: string): void {
    // Never pull the keyboard out of the sheet: only while the pane itself has it.
    if (!id || !document.hasFocus()) return;
    const target = document.getElementById(id) as HTMLButtonElement | null;
    if (target?.disabled) {
      // Disabled while working: focused again when the work is done.
      this.pendingFocus = id;
      return;
    }
    this.pendingFocus = '';
    if (target) {
      if (document.activeElement !== target) target.focus();
      return;
    }
    const fallback = FOCUS_AFTER[id] ?? FOCUS_AFTER[id.replace(/-[^-]+$/, '')] ?? 'activity-title';
    document.getElementById(fallback)?.focus();
  }

  /** What this Excel cannot do (below ExcelApi 1.9 or 1.13), said once at the top. */
  private limitsBanner(): HTMLElement | null {
    const limits = this.app.limits;
    if (limits.length === 0) return null;
    const words = { listValidation: this.t('limitListValidation'), workbookEvents: this.t('limitWorkbookEvents'), merges: this.t('limitMerges') };
    return el('p', { class: 'banner' }, `${this.t('limitedExcel')} ${limits.map((l) => words[l]).join('; ')}.`);
  }

  /** What the pane is doing, in words and steps, kept in view at the top of the pane while it works. */
  private workingLine(model: PaneModel): HTMLElement | null {
    const working = model.working;
    if (!working) return null;
    const text = `${this.vi ? working.vi : working.en}${working.steps > 1 ? ` (${this.t('step')} ${working.step}/${working.steps})` : ''}`;
    return el(
      'div',
      { class: 'working', role: 'status' },
      el('span', {}, text),
      el('progress', { attrs: { max: String(working.steps), value: String(working.step - 0.5), 'aria-label': text } }),
    );
  }

  private button(label: string, onClick: () => void, kind: 'primary' | 'secondary' = 'secondary', id?: string): HTMLButtonElement {
    return el('button', { type: 'button', class: `button button-${kind}`, disabled: this.app.model.busy, onClick, ...(id && { id }) }, label);
  }

  private section(id: string, title: string, ...children: Array<Node | string | null | false>): HTMLElement {
    // The title takes the focus when the control the user was on is gone.
    return el('section', { class: 'card', id, attrs: { 'aria-labelledby': `${id}-title` } }, el('h2', { id: `${id}-title`, attrs: { tabindex: '-1' } }, title), ...children);
  }

  // ---- a "Hoàn thành" waiting for its date -------------------------------------------------

  private askDateSection(model: PaneModel): HTMLElement {
    return this.section(
      'ask',
      this.t('askTitle'),
      el('p', { class: 'subtle' }, this.t('askHint')),
      el(
        'ul',
        { class: 'plain-list' },
        ...model.askDate.map((ask) => {
          const inputId = `ask-date-${ask.item}`;
          const where = `${this.t('row')} ${ask.row} · ${ask.numbering}`;
          return el(
            'li',
            { class: 'ask' },
            this.field(inputId, `${where}: ${this.t('askDate')}`, el('input', { id: inputId, type: 'text', value: formatVietnameseDate(ask.suggested), attrs: { inputmode: 'numeric', 'aria-describedby': `${inputId}-hint` } })),
            el('p', { class: 'subtle hint', id: `${inputId}-hint` }, this.t('dateHint')),
            el(
              'div',
              { class: 'actions' },
              el(
                'button',
                {
                  type: 'button',
                  class: 'button button-primary',
                  id: `ask-ok-${ask.item}`,
                  disabled: model.busy,
                  attrs: { 'aria-label': `${this.t('askConfirm')} (${where})` },
                  onClick: () => {
                    const date = parseUserDate((document.getElementById(inputId) as HTMLInputElement).value);
                    if (date) void this.app.confirmDone(ask.item, date);
                    else (document.getElementById(inputId) as HTMLInputElement).setAttribute('aria-invalid', 'true');
                  },
                },
                this.t('askConfirm'),
              ),
              el(
                'button',
                { type: 'button', class: 'button button-secondary', id: `ask-cancel-${ask.item}`, disabled: model.busy, attrs: { 'aria-label': `${this.t('askCancel')} (${where})` }, onClick: () => void this.app.cancelDone(ask.item) },
                this.t('askCancel'),
              ),
            ),
          );
        }),
      ),
    );
  }

  private field(id: string, label: string, input: HTMLElement): HTMLElement {
    return el('div', { class: 'field' }, el('label', { for: id }, label), input);
  }

  // ---- who records ------------------------------------------------------------------

  private editingWho = false;
  private whoIncomplete = false;

  private whoSection(model: PaneModel): HTMLElement {
    if (model.actor && !this.editingWho) {
      return this.section(
        'who',
        this.t('whoTitle'),
        el('p', { class: 'who' }, el('strong', {}, model.actor.name), el('span', { class: 'subtle' }, ` · ${model.actor.unit}`)),
        this.button(
          this.t('whoChange'),
          () => {
            this.editingWho = true;
            this.render();
            document.getElementById('who-name')?.focus();
          },
          'secondary',
          'who-change',
        ),
      );
    }
    const form = el(
      'form',
      {
        class: 'stack',
        onSubmit: (event) => {
          event.preventDefault();
          const name = (document.getElementById('who-name') as HTMLInputElement).value;
          const unit = (document.getElementById('who-unit') as HTMLInputElement).value;
          const saved = this.app.setActor(name, unit);
          this.whoIncomplete = !saved;
          if (saved) this.editingWho = false;
          this.render();
          if (!this.editingWho) document.getElementById('who-change')?.focus();
        },
      },
      el('p', { class: 'subtle' }, this.t('whoHint')),
      this.field('who-name', this.t('whoName'), el('input', { id: 'who-name', type: 'text', autocomplete: 'name', required: true, value: model.actor?.name ?? '' })),
      this.field('who-unit', this.t('whoUnit'), el('input', { id: 'who-unit', type: 'text', autocomplete: 'organization', required: true, value: model.actor?.unit ?? '' })),
      this.whoIncomplete ? el('p', { class: 'field-error', role: 'alert' }, this.t('whoMissing')) : null,
      el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'button button-primary', id: 'who-save' }, this.t('whoSave'))),
    );
    return this.section('who', this.t('whoTitle'), form);
  }

  // ---- the signing key ------------------------------------------------------------------

  private keySection(model: PaneModel): HTMLElement {
    const key = model.key!;
    const standingText: Record<typeof key.standing, string> = {
      admin: this.t('keyAdmin'),
      member: this.t('keyMember'),
      unsigned: this.t('keyUnsigned'),
      'not-enrolled': this.t('keyNotEnrolled'),
      'other-person': `${this.t('keyOtherPerson')} ${key.enrolledFor?.name ?? ''} (${key.enrolledFor?.unit ?? ''}).`,
      revoked: this.t('keyRevoked'),
      none: this.t('keyNone'),
    };
    const needsEnrolment = key.standing === 'not-enrolled' || key.standing === 'other-person';
    const request = key.request ? JSON.stringify(key.request) : null;
    const requestBlock = request
      ? el(
          'div',
          { class: 'stack' },
          this.field(
            'key-request',
            this.t('keyRequest'),
            el('textarea', { id: 'key-request', class: 'key-request', attrs: { readonly: '', rows: '4', 'data-keep': 'no', 'aria-describedby': 'key-request-hint', spellcheck: 'false' }, value: request }),
          ),
          el('p', { class: 'subtle hint', id: 'key-request-hint' }, this.t('keyRequestHint')),
          el(
            'div',
            { class: 'actions' },
            this.button(this.t('keyCopy'), () => void this.copyRequest(request), 'secondary', 'key-copy'),
            this.button(this.t('keyDownload'), () => this.app.downloadRequest(), 'secondary', 'key-download'),
          ),
        )
      : el('p', { class: 'subtle' }, this.t('keyRequestNeedsName'));
    return this.section(
      'key',
      this.t('keyTitle'),
      el(
        'dl',
        { class: 'facts' },
        el('dt', {}, this.t('keyFingerprint')),
        el('dd', {}, el('code', { title: key.fingerprint }, shortFingerprint(key.fingerprint))),
        el('dt', {}, this.t('keyStanding')),
        el('dd', { class: needsEnrolment ? 'key-warning' : '' }, standingText[key.standing]),
        ...(key.revokedFrom ? this.revocation(key.revokedFrom, key.standing !== 'revoked') : []),
      ),
      // Open only when it is what the person must do next; before any ledger is open it would be clutter.
      needsEnrolment ? requestBlock : el('details', {}, el('summary', {}, this.t('keyRequest')), requestBlock),
      key.standing === 'admin' ? this.enrolForm(model) : null,
    );
  }

  /** When the key stops signing, in Vietnam time; a warning while it still signs (revoked from a later moment). */
  private revocation(from: string, ahead: boolean): HTMLElement[] {
    const { time, date } = vietnamClockParts(from);
    const moment = this.vi ? `${time} ngày ${date} (giờ Việt Nam)` : `${time} on ${date} (Vietnam time)`;
    return [el('dt', {}, this.t('keyRevokedFrom')), el('dd', { class: ahead ? 'key-warning' : '' }, ahead ? `${moment}. ${this.t('keyEndsHint')}` : moment)];
  }

  private async copyRequest(request: string): Promise<void> {
    const box = document.getElementById('key-request') as HTMLTextAreaElement | null;
    try {
      await navigator.clipboard.writeText(request);
    } catch {
      // No clipboard permission in this WebView: selected, for Ctrl+C.
      box?.select();
    }
  }

  /** An administrator pastes someone's enrolment request and enrolls their key. */
  private enrolForm(model: PaneModel): HTMLElement {
    return el(
      'form',
      {
        class: 'stack enrol',
        onSubmit: (event) => {
          event.preventDefault();
          const text = (document.getElementById('enrol-request') as HTMLTextAreaElement).value;
          const role = (document.getElementById('enrol-role') as HTMLSelectElement).value === 'admin' ? 'admin' : 'member';
          void this.app.enrollKey(text, role).then(() => {
            // Looked up again: every redraw makes new elements. Emptied once enrolled, kept after a refusal.
            const box = document.getElementById('enrol-request') as HTMLTextAreaElement | null;
            if (box && this.app.model.notes[0]?.kind === 'saved') box.value = '';
          });
        },
      },
      el('h3', {}, this.t('enrolTitle')),
      this.field('enrol-request', this.t('enrolPaste'), el('textarea', { id: 'enrol-request', attrs: { rows: '3', spellcheck: 'false' } })),
      this.field('enrol-role', this.t('enrolRole'), el('select', { id: 'enrol-role' }, el('option', { value: 'member' }, this.t('enrolMember')), el('option', { value: 'admin' }, this.t('enrolAdmin')))),
      el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'button button-primary', id: 'enrol-submit', disabled: model.busy }, this.t('enrolSubmit'))),
    );
  }

  // ---- the plan table --------------------------------------------------------------------

  private planSection(model: PaneModel): HTMLElement {
    if (model.phase === 'previewing' && model.preview) return this.previewSection(model);
    if (model.phase === 'bound' && model.binding) {
      return this.section(
        'plan',
        this.t('planTitle'),
        el(
          'dl',
          { class: 'facts' },
          el('dt', {}, this.t('planBoundSheet')),
          el('dd', {}, model.binding.sheet),
          el('dt', {}, this.t('planItemCount')),
          el('dd', {}, String(model.ledger?.items ?? 0)),
          el('dt', {}, this.t('planEventCount')),
          el('dd', {}, String(model.ledger?.events ?? 0)),
        ),
        el('p', { class: 'subtle' }, this.t('planHowTo')),
      );
    }
    if (model.phase === 'broken') return this.section('plan', this.t('planTitle'));
    return this.section('plan', this.t('planTitle'), el('p', { class: 'subtle' }, this.t('planHint')), el('div', { class: 'actions' }, this.button(this.t('planRead'), () => void this.app.readTable(), 'primary', 'plan-read')));
  }

  private previewSection(model: PaneModel): HTMLElement {
    const { read, deadlines, sheet } = model.preview!;
    const identity = read.identity;
    const yearInput = el('input', { id: 'plan-year', type: 'number', value: String(read.year ?? ''), attrs: { min: '1990', max: '2100', inputmode: 'numeric' } });
    const warnings = read.warnings;
    return this.section(
      'plan',
      this.t('planTitle'),
      el('p', { class: 'lead' }, `${this.t('planUnderstood')} (${sheet}): `, el('strong', {}, `${read.counts.sections} ${this.t('planSections')}, ${read.counts.tasks} ${this.t('planTasks')}, ${read.counts.items} ${this.t('planItems')}`)),
      el(
        'dl',
        { class: 'facts' },
        identity.issuer ? el('dt', {}, this.t('planIssuer')) : null,
        identity.issuer ? el('dd', {}, identity.issuer) : null,
        identity.number ? el('dt', {}, this.t('planNumber')) : null,
        identity.number ? el('dd', {}, identity.date ? `${identity.number} (${formatVietnameseDate(identity.date)})` : identity.number) : null,
        el('dt', {}, this.t('planDeadlines')),
        el(
          'dd',
          {},
          `${deadlines.dated} ${this.t('planDeadlineDated')}; ${deadlines.waiting} ${this.t('planDeadlineWaiting')}; ${deadlines.unknown} ${this.t('planDeadlineUnknown')}`,
        ),
      ),
      this.columnsChooser(read),
      el('ul', { class: 'plain-list' }, ...read.sections.map((s) => el('li', {}, el('span', { class: 'numeral' }, s.numeral), ` ${s.title}`, el('span', { class: 'subtle' }, ` — ${s.tasks.reduce((n, t) => n + t.items.length, 0)} ${this.t('planItems')}`)))),
      this.field('plan-year', this.t('planYear'), yearInput),
      el(
        'details',
        { class: 'warnings' },
        el('summary', {}, `${this.t('planWarnings')} (${warnings.length})`),
        warnings.length === 0
          ? el('p', { class: 'subtle' }, this.t('planNoWarnings'))
          : el('ul', {}, ...warnings.map((w) => el('li', {}, w.row !== null ? el('span', { class: 'numeral' }, `${this.t('row')} ${w.row}`) : null, ` ${this.vi ? w.message_vi : w.message_en}`))),
      ),
      el(
        'div',
        { class: 'actions' },
        this.button(
          this.t('planConfirm'),
          () => {
            const year = Number((document.getElementById('plan-year') as HTMLInputElement).value);
            void this.app.importPlan(Number.isInteger(year) && year > 1990 ? year : undefined);
          },
          'primary',
          'plan-confirm',
        ),
        this.button(this.t('planCancel'), () => this.app.cancelPreview(), 'secondary', 'plan-cancel'),
      ),
    );
  }

  /** Every column of the table with what it was read as; a drop-down changes it before importing. */
  private columnsChooser(read: TableRead): HTMLElement {
    const fields = Object.keys(FIELD_HEADERS_VI) as Field[];
    return el(
      'details',
      { class: 'columns' },
      el('summary', {}, `${this.t('planColumns')} (${read.header.columns.length})`),
      el(
        'ul',
        { class: 'plain-list' },
        ...read.header.columns.map((c) => {
          const select = el(
            'select',
            {
              id: `plan-column-${c.letter}`,
              attrs: { 'aria-label': `${this.t('planColumn')} ${c.letter}` },
              onChange: (event) => {
                const value = (event.target as HTMLSelectElement).value;
                void this.app.remapColumn(c.letter, value === '' ? null : (value as Field));
              },
            },
            el('option', { value: '' }, this.t('planColumnNone')),
            ...fields.map((f) => el('option', { value: f }, FIELD_HEADERS_VI[f])),
          );
          select.value = c.field ?? '';
          const sure = c.field ? ` ${Math.round(c.confidence * 100)}%` : '';
          return el('li', {}, el('span', { class: 'numeral' }, c.letter), ` ${c.header || '—'} `, select, el('span', { class: 'subtle' }, sure));
        }),
      ),
    );
  }

  // ---- differences ---------------------------------------------------------------------

  private driftSection(model: PaneModel): HTMLElement {
    return this.section(
      'drift',
      this.t('driftTitle'),
      el('p', { class: 'subtle' }, this.t('driftHint')),
      el(
        'ul',
        { class: 'diff-list' },
        ...model.drift.map((d) =>
          el(
            'li',
            {},
            el('div', { class: 'diff-where' }, `${this.t('row')} ${d.row} · ${d.numbering} · ${TRACKING_HEADERS[d.field]}`),
            d.origin === 'co-author' ? el('div', { class: 'diff-origin' }, this.t('driftByCoAuthor')) : null,
            el('div', {}, el('span', { class: 'subtle' }, `${this.t('driftInSheet')}: `), d.inSheet === '' ? el('em', {}, this.t('emptyCell')) : d.inSheet),
            el('div', {}, el('span', { class: 'subtle' }, `${this.t('driftInLedger')}: `), d.inLedger === '' ? el('em', {}, this.t('emptyCell')) : d.inLedger),
          ),
        ),
      ),
      el(
        'div',
        { class: 'actions' },
        this.button(this.t('driftRecord'), () => void this.app.recordDrift(), 'primary', 'drift-record'),
        this.button(this.t('driftRestore'), () => void this.app.restoreDrift(), 'secondary', 'drift-restore'),
      ),
    );
  }

  // ---- activity ----------------------------------------------------------------------

  private noteText(note: Note): string {
    return this.vi ? note.vi : note.en;
  }

  private activitySection(model: PaneModel): HTMLElement {
    const icon: Record<Note['kind'], string> = { saved: '✓', refused: '!', info: 'i', error: '!' };
    const label: Record<Note['kind'], string> = {
      saved: this.t('saved'),
      refused: this.t('refused'),
      info: this.t('noteInfo'),
      error: this.t('noteError'),
    };
    const item = (note: Note, index: number) =>
      el(
        'li',
        { class: `note note-${note.kind}` },
        el('span', { class: 'note-icon', attrs: { 'aria-hidden': 'true' } }, icon[note.kind]),
        el(
          'div',
          { class: 'note-body' },
          el('div', { class: 'note-kind' }, label[note.kind]),
          el('div', {}, this.noteText(note)),
          note.typed !== undefined && note.typed !== ''
            ? el('div', { class: 'typed' }, el('span', { class: 'subtle' }, `${this.t('youTyped')}: `), el('q', {}, note.typed))
            : null,
          note.kind === 'refused' ? el('div', { class: 'subtle' }, this.t('putBack')) : null,
          this.corrections.voidButton(note, index),
        ),
        // Each "×" says which note it hides: "Ẩn ghi nhận 3: Dòng 7, mục theo dõi I.1: …".
        el(
          'button',
          {
            type: 'button',
            class: 'icon-button',
            id: `note-hide-${note.id}`,
            title: this.t('dismiss'),
            attrs: { 'aria-label': `${this.t('dismiss')} ${index + 1}: ${shortText(this.noteText(note), 60)}` },
            onClick: () => this.app.dismiss(note.id),
          },
          '×',
        ),
      );
    const shown = model.notes.slice(0, NOTES_IN_VIEW);
    const older = model.notes.slice(NOTES_IN_VIEW);
    return this.section(
      'activity',
      this.t('activityTitle'),
      model.notes.length === 0 ? el('p', { class: 'subtle' }, this.t('activityEmpty')) : el('ul', { class: 'notes' }, ...shown.map(item)),
      // Older notes folded: their buttons stay out of the way of the reports below until asked for.
      older.length > 0
        ? el('details', { class: 'older-notes' }, el('summary', {}, `${this.t('olderNotes')} (${older.length})`), el('ul', { class: 'notes' }, ...older.map((n, i) => item(n, i + NOTES_IN_VIEW))))
        : null,
    );
  }

  // ---- outputs -----------------------------------------------------------------------

  private dateIncomplete = false;

  private outputsSection(model: PaneModel): HTMLElement {
    const today = vietnamDateOf(new Date());
    const thisYear = Number(today.slice(0, 4));
    // The plan's year first (its reports are the ones due), then the current year if it differs.
    const years = [...new Set([model.ledger?.year ?? thisYear, thisYear])];
    const periods = years.flatMap((year) =>
      (Object.keys(DEFAULT_PERIODS) as PeriodKind[]).map((kind) => ({
        id: `${year}-${kind}`,
        name: this.vi ? periodNameVi({ kind, year }) : `${PERIOD_NAMES_EN[kind]} ${year}`,
      })),
    );
    const chain = model.chain;
    const chosenPeriod = () => (document.getElementById('out-period') as HTMLSelectElement).value;
    return this.section(
      'outputs',
      this.t('outputsTitle'),
      el(
        'div',
        { class: 'actions actions-column' },
        this.button(this.t('refreshProgress'), () => void this.app.refreshProgress(), 'secondary', 'out-progress'),
        this.button(this.t('writeAudit'), () => void this.app.writeAudit(), 'secondary', 'out-audit'),
      ),
      el(
        'div',
        { class: 'inline-form' },
        this.field(
          'out-date',
          this.t('asOfDate'),
          el('input', { id: 'out-date', type: 'text', value: formatVietnameseDate(today), attrs: { inputmode: 'numeric', placeholder: this.t('dateHint'), 'aria-describedby': 'out-date-hint' } }),
        ),
        this.dateIncomplete ? el('p', { class: 'field-error', id: 'out-date-hint', role: 'alert' }, this.t('dateInvalid')) : el('p', { class: 'subtle hint', id: 'out-date-hint' }, this.t('dateHint')),
        this.button(
          this.t('asOfMake'),
          () => {
            const date = parseUserDate((document.getElementById('out-date') as HTMLInputElement).value);
            this.dateIncomplete = date === null;
            if (date) void this.app.snapshot(date);
            else this.render();
          },
          'secondary',
          'out-snapshot',
        ),
      ),
      el(
        'div',
        { class: 'inline-form' },
        this.field('out-period', this.t('period'), el('select', { id: 'out-period' }, ...periods.map((p) => el('option', { value: p.id }, p.name)))),
        this.button(
          this.t('makeReport'),
          () => void this.app.makeReport((document.getElementById('out-period') as HTMLSelectElement).value),
          'secondary',
          'out-report',
        ),
        this.button(this.t('openReport'), () => void this.app.openReport(chosenPeriod()), 'secondary', 'out-report-open'),
        this.button(this.t('anchorReport'), () => void this.app.anchorReport(chosenPeriod()), 'secondary', 'out-report-anchor'),
      ),
      el('div', { class: 'actions' }, this.button(this.t('verifyChain'), () => void this.app.verifyChain(), 'secondary', 'out-verify')),
      chain
        ? el(
            'p',
            { class: chain.ok ? 'banner banner-ok' : 'banner banner-error' },
            chain.ok ? `${this.t('chainOk')}: ${chain.count} ${this.t('planEvents')}.` : `${this.t('chainBroken')}: ${this.vi ? chain.message_vi : chain.message_en}`,
          )
        : null,
    );
  }
}
