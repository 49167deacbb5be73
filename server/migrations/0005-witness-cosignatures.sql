-- The cosignatures the province's witnesses posted back (C2SP tlog-cosignature lines), kept for
-- every checkpoint they cosigned: every service process on the database serves them, across
-- restarts. A witness posting again for the same checkpoint keeps its first line.
create table tlog_cosignature (
  tree_size bigint not null references tlog_checkpoint (tree_size),
  witness text not null,
  line text not null,
  received_at timestamptz not null default now(),
  primary key (tree_size, witness)
);

-- Like the log itself, never changed or removed (SQLSTATE CC003).
create trigger tlog_cosignature_append_only before update or delete on tlog_cosignature
  for each row execute function tlog_refuse_change();
create trigger tlog_cosignature_no_truncate before truncate on tlog_cosignature
  for each statement execute function tlog_refuse_change();
