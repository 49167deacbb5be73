import { formatVietnameseDate, vietnamDateOf } from '../../ledger/dates.ts';
import { ASSESSMENT_LABELS_VI } from '../../ledger/state.ts';
import { formatPercentVi } from '../../templates/reports/completion-rate.ts';
import { defaultPeriodKey, type DashboardPeriod } from '../../templates/reports/dashboard-period.ts';
import { shorten, vietnamTimeText } from '../../templates/reports/cell-values.ts';
import type { PaneModel } from '../app/pane-app.ts';
import { DUE_SOON_DAYS, attentionFor, dashboardChoices, type AttentionItem, type Dashboard, type DashboardRow } from '../app/pane-dashboard.ts';
import type { HistoryEntry } from '../app/row-history.ts';
import { el } from './dom.ts';
import { PaneCard } from './pane-card.ts';
import { evidenceWithLink } from './evidence-link.ts';
import { PERIOD_NAMES_EN } from './i18n.ts';

/** Items of the list shown open; the rest are folded, so the keyboard reaches the reports below quickly. */
const ATTENTION_IN_VIEW = 8;

/**
 * The pane's progress dashboard, the overdue and due-soon list (a click goes to the item's row)
 * and the history of the row selected in the sheet. The figures come from the app (the report's
 * tallies); the period and unit chosen are this view's own.
 */
export class DashboardView extends PaneCard {
  /** "2022:H1": the cut chosen; empty until the first drawing picks the default. */
  private choice = '';
  /** The lead agency the list is filtered by; empty for all. */
  private unit = '';
  private cached: { key: string; dashboard: Dashboard | null } | null = null;
  /** The folded parts the user opened: kept open through redraws (each step of the pane redraws it). */
  private readonly opened = new Set<string>();

  private get vi(): boolean {
    return this.words.lang === 'vi';
  }

  private percent(basisPoints: number | null): string {
    if (basisPoints === null) return '—';
    const text = formatPercentVi(basisPoints);
    return `${this.vi ? text : text.replace(',', '.')}%`;
  }

  private periodName(period: DashboardPeriod): string {
    if (period.key === 'today') return `${this.t('dashToday')}, ${formatVietnameseDate(period.validAt)}`;
    return this.vi ? period.label : `${PERIOD_NAMES_EN[period.key]} ${period.year}`;
  }

  /** The cards, in order: the selected row's history, the dashboard, the list. */
  sections(model: PaneModel): HTMLElement[] {
    const today = vietnamDateOf(new Date());
    const choices = dashboardChoices(model.ledger?.year ?? null, today);
    if (!choices.some((c) => `${c.year}:${c.key}` === this.choice)) {
      const year = choices[0]!.year;
      this.choice = `${year}:${defaultPeriodKey(year, today)}`;
    }
    const [year, key] = this.choice.split(':') as [string, string];
    const cacheKey = `${this.app.ledger?.head.hash ?? ''}|${this.choice}|${today}|${model.binding?.sheet ?? ''}`;
    if (this.cached?.key !== cacheKey) this.cached = { key: cacheKey, dashboard: this.app.dashboard(Number(year), key) };
    const dashboard = this.cached.dashboard;
    return [this.historySection(model), ...(dashboard ? [this.dashboardSection(model, dashboard, choices), this.attentionSection(model, dashboard)] : [])];
  }

  // ---- the dashboard ------------------------------------------------------------------

  private dashboardSection(model: PaneModel, dashboard: Dashboard, choices: ReturnType<typeof dashboardChoices>): HTMLElement {
    const select = el(
      'select',
      {
        id: 'dash-period',
        onChange: (event) => {
          this.choice = (event.target as HTMLSelectElement).value;
          this.parts.render();
        },
      },
      ...choices.map((c) => el('option', { value: `${c.year}:${c.key}` }, this.periodName(c.period))),
    );
    select.value = this.choice;
    const { tally, completion } = dashboard.overall;
    const counts: Array<[string, number]> = [
      [this.vi ? ASSESSMENT_LABELS_VI.done_on_time : this.t('dashOnTime'), tally.done_on_time],
      [this.vi ? ASSESSMENT_LABELS_VI.done_late : this.t('dashLate'), tally.done_late],
      [this.vi ? ASSESSMENT_LABELS_VI.open_in_time : this.t('dashInTime'), tally.open_in_time],
      [this.vi ? ASSESSMENT_LABELS_VI.open_overdue : this.t('dashOverdue'), tally.open_overdue],
      [this.vi ? ASSESSMENT_LABELS_VI.waiting : this.t('dashWaiting'), tally.waiting],
      ...(tally.withdrawn > 0 ? [[this.vi ? ASSESSMENT_LABELS_VI.withdrawn : this.t('dashWithdrawn'), tally.withdrawn] as [string, number]] : []),
    ];
    const rate = this.percent(completion.basisPoints);
    return this.parts.section(
      'dashboard',
      this.t('dashTitle'),
      this.parts.field('dash-period', this.t('dashAt'), select),
      el(
        'p',
        { class: 'subtle dash-note' },
        dashboard.period.ongoing && dashboard.period.key !== 'today' ? `${this.t('dashOngoing')} ` : '',
        `${this.t('dashWindow')} ${formatVietnameseDate(dashboard.period.validAt)}.`,
      ),
      el('p', { class: 'dash-headline' }, el('strong', {}, `${this.t('dashDone')} ${completion.done}/${completion.inForce}`), ` ${this.t('dashDoneOf')} · `, el('strong', {}, rate)),
      el('progress', { class: 'dash-bar', attrs: { max: String(Math.max(completion.inForce, 1)), value: String(completion.done), 'aria-label': `${this.t('dashRateLabel')} ${rate}` } }),
      el('dl', { class: 'facts dash-counts' }, ...counts.flatMap(([label, n]) => [el('dt', {}, label), el('dd', {}, String(n))])),
      this.tallyTable('dash-sections', this.t('dashBySection'), this.t('dashColSection'), dashboard.bySection),
      this.tallyTable('dash-leads', this.t('dashByLead'), this.t('dashColLead'), dashboard.byLead, this.t('dashLeadNote')),
    );
  }

  /** A folded part that stays as the user left it. */
  private folded(id: string, className: string, ...children: Array<Node | null>): HTMLElement {
    const details = el('details', { class: className, id, ...(this.opened.has(id) && { attrs: { open: '' } }) }, ...children);
    details.addEventListener('toggle', () => (details.open ? this.opened.add(id) : this.opened.delete(id)));
    return details;
  }

  private tallyTable(id: string, title: string, nameHeader: string, rows: readonly DashboardRow[], note?: string): HTMLElement {
    return this.folded(
      id,
      'dash-table',
      el('summary', {}, `${title} (${rows.length})`),
      el(
        'table',
        {},
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { attrs: { scope: 'col' } }, nameHeader),
            el('th', { attrs: { scope: 'col' } }, this.t('dashColDone')),
            el('th', { attrs: { scope: 'col' } }, this.t('dashColRate')),
            el('th', { attrs: { scope: 'col' } }, this.t('dashColOverdue')),
          ),
        ),
        el(
          'tbody',
          {},
          ...rows.map((row) =>
            el(
              'tr',
              {},
              el('th', { attrs: { scope: 'row' } }, row.label),
              el('td', {}, `${row.completion.done}/${row.completion.inForce}`),
              el('td', {}, this.percent(row.completion.basisPoints)),
              el('td', { class: row.tally.open_overdue > 0 ? 'dash-overdue' : '' }, String(row.tally.open_overdue)),
            ),
          ),
        ),
      ),
      note ? el('p', { class: 'subtle dash-note' }, note) : null,
    );
  }

  // ---- overdue and due soon -------------------------------------------------------------

  private attentionSection(model: PaneModel, dashboard: Dashboard): HTMLElement {
    const units = dashboard.byLead.map((l) => l.label);
    if (this.unit && !units.includes(this.unit)) this.unit = '';
    const select = el(
      'select',
      {
        id: 'att-unit',
        onChange: (event) => {
          this.unit = (event.target as HTMLSelectElement).value;
          this.parts.render();
        },
      },
      el('option', { value: '' }, this.t('attAll')),
      ...units.map((u) => el('option', { value: u }, u)),
    );
    select.value = this.unit;
    const items = attentionFor(dashboard, this.unit || null);
    const shown = items.slice(0, ATTENTION_IN_VIEW);
    const more = items.slice(ATTENTION_IN_VIEW);
    const list = (list: AttentionItem[]) => el('ul', { class: 'plain-list attention' }, ...list.map((a) => el('li', {}, this.attentionButton(model, a))));
    return this.parts.section(
      'attention',
      this.t('attTitle'),
      this.parts.field('att-unit', this.t('attUnit'), select),
      el('p', { class: 'subtle dash-note' }, `${this.t('attHint')} ${this.t('attSoonBefore')} ${DUE_SOON_DAYS} ${this.t('attSoonAfter')}`),
      items.length === 0 ? el('p', { class: 'subtle' }, this.t('attEmpty')) : list(shown),
      more.length > 0 ? this.folded('att-more', 'older-notes', el('summary', {}, `${this.t('attMore')} (${more.length})`), list(more)) : null,
    );
  }

  private attentionButton(model: PaneModel, a: AttentionItem): HTMLElement {
    const when = a.kind === 'overdue' ? `${this.t('attOverdue')} ${a.days} ${this.t('attDays')}` : `${this.t('attDueIn')} ${a.days} ${this.t('attDays')}`;
    return el(
      'button',
      {
        type: 'button',
        class: `attention-item attention-${a.kind}`,
        id: `att-${a.item}`,
        disabled: model.busy || a.row === null,
        onClick: () => void this.app.selectItem(a.item),
      },
      el('span', { class: 'attention-where' }, `${this.t('attSelectRow')} ${a.row ?? '—'} · ${a.numbering}`),
      el('span', { class: `attention-when attention-when-${a.kind}` }, `${when} (${this.t('attDue')} ${formatVietnameseDate(a.due)})`),
      el('span', { class: 'attention-text' }, shorten(a.text, 90)),
      el('span', { class: 'attention-lead' }, a.leads.join('; ')),
    );
  }

  // ---- the selected row's history ----------------------------------------------------------

  private historySection(model: PaneModel): HTMLElement {
    const history = model.history;
    if (!history) return this.parts.section('history', this.t('histTitle'), el('p', { class: 'subtle' }, this.t('histHint')));
    return this.parts.section(
      'history',
      this.t('histTitle'),
      el('p', { class: 'lead' }, el('strong', {}, `${this.t('row')} ${history.row} · ${history.numbering}`), ` — ${shorten(history.text, 120)}`),
      history.entries.length === 0 ? el('p', { class: 'subtle' }, this.t('histEmpty')) : el('ol', { class: 'history' }, ...history.entries.map((e) => this.historyEntry(e))),
    );
  }

  private historyEntry(e: HistoryEntry): HTMLElement {
    const change = el('span', {}, `${e.typeLabel}: ${e.change}`);
    return el(
      'li',
      { class: e.voided ? 'history-entry history-voided' : 'history-entry' },
      el('div', { class: 'history-when' }, `${this.t('histEntry')} ${e.seq} · ${vietnamTimeText(e.at)} · ${e.actor.name} (${e.actor.unit})`),
      el('div', {}, e.voided ? el('s', {}, change) : change, e.effective ? el('span', { class: 'subtle' }, ` · ${this.t('histEffective')} ${formatVietnameseDate(e.effective)}`) : null),
      e.evidence ? el('div', {}, el('span', { class: 'subtle' }, `${this.t('histEvidence')}: `), ...evidenceWithLink(e.evidence, e.link)) : null,
      e.note ? el('div', {}, el('span', { class: 'subtle' }, `${this.t('histNote')}: `), e.note) : null,
      e.origin ? el('div', { class: 'diff-origin' }, e.origin) : null,
      e.voids !== null ? el('div', { class: 'subtle' }, `${this.t('histVoids')} ${e.voids}`) : null,
      e.voided
        ? el(
            'div',
            { class: 'history-void' },
            `${this.t('histVoided')} ${e.voided.actor.name} (${e.voided.actor.unit}), ${vietnamTimeText(e.voided.at)} · ${this.t('histEntry')} ${e.voided.seq}; ${this.t('histReason')}: ${e.voided.reason}`,
          )
        : null,
    );
  }
}
