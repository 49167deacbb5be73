-- The dashboard's figures of each plan for each period cut (the date items are assessed at and
-- the data window), as of one head of the plan's chain: kept by the writer in the transaction that
-- moves the head, so that the overview is one query. Derived data: rows may be deleted at any time
-- (the dashboard replays the plan's events and stores them again); reports never read them.
create table plan_figures (
  plan_id text not null references plan (id),
  valid_at date not null,
  window_from date not null,
  window_to date not null,
  head_seq integer not null check (head_seq > 0),
  head_hash text not null,
  -- server/dashboard/period-figures.ts PeriodFigures, as JSON text.
  figures json not null,
  primary key (plan_id, valid_at, window_from, window_to)
);
