-- The province, its agencies, people and their keys, plans, and each plan's events as its own
-- chain, with a province-wide log that numbers every event in commit order without gaps.

create table province (
  code text primary key check (code <> ''),
  name text not null check (name <> ''),
  created_at timestamptz not null default now()
);

-- Levels: 'province' (the provincial People's Committee and its office), 'department' (sở, ban,
-- ngành under it), 'district' (cấp huyện, abolished on 1 July 2025 but owner of earlier plans),
-- 'commune' (xã, phường, đặc khu).
create table agency (
  id text primary key check (id <> ''),
  province_code text not null references province (code),
  official_name text not null check (official_name <> ''),
  parent_id text references agency (id) check (parent_id <> id),
  level text not null check (level in ('province', 'department', 'district', 'commune')),
  created_at timestamptz not null default now()
);
create index agency_parent on agency (parent_id);

create table person (
  id text primary key check (id <> ''),
  agency_id text not null references agency (id),
  full_name text not null check (full_name <> ''),
  created_at timestamptz not null default now()
);
create index person_agency on person (agency_id);

-- A plan of the province (scope 'province', owned by the agency that keeps it, the Sở Nội vụ) or
-- of one agency, for a year or a longer period. head_seq and head_hash are its chain's last event,
-- kept by the trigger below in the transaction that inserts it.
create table plan (
  id text primary key check (id <> ''),
  province_code text not null references province (code),
  owner_agency_id text not null references agency (id),
  scope text not null check (scope in ('province', 'agency')),
  title text not null check (title <> ''),
  period_from date not null,
  period_to date not null check (period_to >= period_from),
  head_seq integer not null default 0 check (head_seq >= 0),
  head_hash text not null default '0000000000000000000000000000000000000000000000000000000000000000',
  created_at timestamptz not null default now()
);
create index plan_owner on plan (owner_agency_id, period_from);

-- The province-wide log's counter: one row, taken (row lock) by each inserted event and held until
-- its transaction ends. A position is therefore given only after every lower one has committed or
-- rolled back (and a rollback returns its positions): positions are gap-free and in commit order,
-- so a reader that has seen position N never later finds a new event below N. A sequence would not
-- do: its numbers are taken at insert, committed in any order, and lost on rollback.
create table province_log (
  only_row boolean primary key default true check (only_row),
  last_position bigint not null check (last_position >= 0)
);
insert into province_log (last_position) values (0);

-- Each event exactly as written (its JSON line, read back byte for byte: jsonb would reorder keys),
-- with what the chain and the log need beside it.
create table plan_event (
  plan_id text not null references plan (id),
  seq integer not null check (seq > 0),
  event_id text not null,
  prev_hash text not null,
  hash text not null,
  line text not null,
  position bigint not null unique,
  stored_at timestamptz not null default now(), -- when its transaction began
  primary key (plan_id, seq),
  unique (plan_id, event_id)
);

-- The database, not only the program, keeps each chain whole: an event must continue its plan's
-- head (seq one more, prev its hash), which it then becomes, and takes the next log position. The
-- plan row and the counter row stay locked to the end of the transaction, so two writers — two
-- service processes included — can never both extend one head. SQLSTATE CC001: not the head.
create function plan_event_continue_chain() returns trigger language plpgsql as $$
declare
  head_seq integer;
  head_hash text;
begin
  select p.head_seq, p.head_hash into head_seq, head_hash from plan p where p.id = new.plan_id for update;
  if not found then
    raise exception 'no plan %', new.plan_id using errcode = 'foreign_key_violation';
  end if;
  if new.seq <> head_seq + 1 or new.prev_hash <> head_hash then
    raise exception 'event % of plan % does not continue its head (seq %)', new.seq, new.plan_id, head_seq
      using errcode = 'CC001';
  end if;
  update plan set head_seq = new.seq, head_hash = new.hash where id = new.plan_id;
  update province_log set last_position = last_position + 1 returning last_position into new.position;
  return new;
end $$;
create trigger plan_event_continue_chain before insert on plan_event
  for each row execute function plan_event_continue_chain();

-- Recorded events are never changed or removed (SQLSTATE CC002).
create function plan_event_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'plan events are append-only' using errcode = 'CC002';
end $$;
create trigger plan_event_append_only before update or delete on plan_event
  for each row execute function plan_event_refuse_change();
create trigger plan_event_no_truncate before truncate on plan_event
  for each statement execute function plan_event_refuse_change();

-- A person's signing keys, as the service knows them to authorise requests quickly. The events
-- that enrol and revoke keys (format v2: key.enrolled, key.revoked) are the source of truth: this
-- table is derived from them in the same transaction that appends them, and can be rebuilt from
-- the chains. enrolled_by / revoked_by name those events.
create table person_key (
  fingerprint text primary key check (fingerprint <> ''),
  person_id text not null references person (id),
  algorithm text not null check (algorithm <> ''),
  public_key text not null unique check (public_key <> ''),
  role text not null check (role in ('province-admin', 'agency-admin', 'staff')),
  enrolled_at timestamptz not null,
  revoked_at timestamptz check (revoked_at >= enrolled_at),
  enrolled_by_plan text,
  enrolled_by_seq integer,
  revoked_by_plan text,
  revoked_by_seq integer,
  foreign key (enrolled_by_plan, enrolled_by_seq) references plan_event (plan_id, seq),
  foreign key (revoked_by_plan, revoked_by_seq) references plan_event (plan_id, seq)
);
create index person_key_person on person_key (person_id);
