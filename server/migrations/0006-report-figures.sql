-- What the consolidated report counts of each plan at one cut (the date items are assessed at and
-- the data window), from the events up to one head of the plan's chain: kept so that a report does
-- not read and replay every plan's events again (server/report/report-figures.ts). Each event was
-- checked (schema, signature, key ring, rules, permissions) when it was appended, once. The writer
-- keeps the figures of the report periods of the plan's years at each new head, projected from the
-- state it just checked the push against, and drops those of earlier heads no report has read; a
-- report that finds none for its cut and knownAt replays the plan once and keeps them.
--
-- A row holds for every knownAt from its head event's `at` (head_at; any knownAt for an empty
-- prefix, head_seq 0) until the next event's `at`: recorded times never go back along a chain,
-- so the events known at such a knownAt are exactly those up to the head. The next event is looked
-- up when the row is read, so an event appended later (even one stamped before a knownAt already
-- asked) makes the row stop holding for that knownAt. Derived data: rows may be deleted at any time.
create table report_figures (
  plan_id text not null references plan (id),
  valid_at date not null,
  window_from date not null,
  window_to date not null,
  head_seq integer not null check (head_seq >= 0),
  head_hash text not null,
  -- The head event's `at` as recorded (ISO 8601, compared as text: they all have one form); null for seq 0.
  head_at text check ((head_seq = 0) = (head_at is null)),
  -- templates/reports/province-plans.ts PlanCutFigures, as JSON text.
  figures json not null,
  -- A report has read them: kept when the head moves on, so that report is made again without a replay.
  reported boolean not null default false,
  primary key (plan_id, valid_at, window_from, window_to, head_seq)
);
