import { STATUS_LABELS_VI, Status } from '../../ledger/status.ts';
import { FIELD_HEADERS_VI } from '../../templates/table/fields.ts';

/**
 * The columns the add-in adds to the plan's table, headed as the table reader knows them, so that
 * `cchc inspect` and a later binding read them back. The sheet stays Vietnamese whatever the
 * pane's language: it is the agency's document. "Mã" holds each row's item id.
 */
export const TRACKING_FIELDS = ['status', 'completedOn', 'evidence', 'progressNote', 'ref'] as const;
export type TrackingField = (typeof TRACKING_FIELDS)[number];

export const TRACKING_HEADERS: Record<TrackingField, string> = {
  status: FIELD_HEADERS_VI.status,
  completedOn: FIELD_HEADERS_VI.completedOn,
  evidence: FIELD_HEADERS_VI.evidence,
  progressNote: FIELD_HEADERS_VI.progressNote,
  ref: FIELD_HEADERS_VI.ref,
};

/** Column widths in points. */
export const TRACKING_WIDTHS: Record<TrackingField, number> = {
  status: 105,
  completedOn: 90,
  evidence: 230,
  progressNote: 200,
  ref: 55,
};

/** The drop-down's choices, in the statuses' order. */
export const STATUS_CHOICES: string[] = Status.options.map((s) => STATUS_LABELS_VI[s]);

export const STATUS_LIST_TITLE = 'Trạng thái';
export const STATUS_LIST_MESSAGE = `Chọn một trạng thái trong danh sách: ${STATUS_CHOICES.join(', ')}.`;

/** Soft fills for the status cells (Fluent's palette), none for "not started". */
export const STATUS_COLOURS: Partial<Record<Status, { fill: string; font: string }>> = {
  in_progress: { fill: '#EBF3FC', font: '#0F548C' },
  done: { fill: '#F1FAF1', font: '#0E700E' },
  on_hold: { fill: '#FFF9F5', font: '#8A3707' },
};

export const HEADER_STYLE = { bold: true, fill: '#F0F0F0', wrap: true, horizontal: 'Center', vertical: 'Center', borders: '#BDBDBD' } as const;
