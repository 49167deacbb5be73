-- The province's transparency log (RFC 6962 Merkle tree over the province-wide log, signed C2SP
-- checkpoints): what its proofs need and what it has signed. Leaf i is the event at position i + 1
-- (ledger/tlog/log-leaf.ts says what a leaf holds).

-- Every perfect subtree's hash: the 2^level leaves from idx * 2^level. Level 0 holds the leaf
-- hashes; any tree head or proof is made of these (about two rows per event).
create table tlog_node (
  level smallint not null check (level between 0 and 62),
  idx bigint not null check (idx >= 0),
  hash bytea not null check (length(hash) = 32),
  primary key (level, idx)
);

-- How many leaves the tree has (the events it covers so far), kept with the nodes' inserts.
create table tlog_tree (
  only_row boolean primary key default true check (only_row),
  size bigint not null default 0 check (size >= 0)
);
insert into tlog_tree default values;

-- Every checkpoint the log signed, as signed (the note's exact text), and when.
create table tlog_checkpoint (
  tree_size bigint primary key check (tree_size >= 0),
  root_hash bytea not null check (length(root_hash) = 32),
  note text not null,
  signed_at timestamptz not null default now()
);

-- The tree and what was signed are never changed or removed (SQLSTATE CC003).
create function tlog_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'the transparency log is append-only' using errcode = 'CC003';
end $$;
create trigger tlog_node_append_only before update or delete on tlog_node
  for each row execute function tlog_refuse_change();
create trigger tlog_node_no_truncate before truncate on tlog_node
  for each statement execute function tlog_refuse_change();
create trigger tlog_checkpoint_append_only before update or delete on tlog_checkpoint
  for each row execute function tlog_refuse_change();
create trigger tlog_checkpoint_no_truncate before truncate on tlog_checkpoint
  for each statement execute function tlog_refuse_change();
