-- What the service adds around the chains: the nonces of signed requests, so that a request is
-- accepted once however many service processes share the database.

-- A nonce is kept past the time a signature is accepted (300 s either way of the clock), so a
-- replay within that time always finds it; older rows are removed as new ones come.
create table request_nonce (
  fingerprint text not null,
  nonce text not null,
  seen_at timestamptz not null default now(),
  primary key (fingerprint, nonce)
);
create index request_nonce_seen on request_nonce (seen_at);

