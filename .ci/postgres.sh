#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers where the tests look for one (CCHC_TEST_DATABASE_URL,
# default postgres://postgres@127.0.0.1:5432/postgres): on a machine where none runs, installs
# Debian's postgresql, starts its cluster on port 5432, and lets local TCP connections from this
# machine in without a password (trust, 127.0.0.1 and ::1 only). A server given by the variable is
# the caller's: it is only waited for.
set -euo pipefail

url="${CCHC_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
ready() { pg_isready -q -d "$url"; }
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "$@" >/dev/null
}

# The client alone first: a server may run without one installed here.
command -v pg_isready >/dev/null 2>&1 || apt_install postgresql-client
if ready; then exit 0; fi

if [ -z "${CCHC_TEST_DATABASE_URL:-}" ]; then
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || apt_install postgresql
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  # The package creates a cluster "main" on the first free port; make one if there is none.
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
    pg_createcluster "$version" main --port 5432 >/dev/null
  fi
  conf="/etc/postgresql/$version/main"
  sed -i -E "s/^#?port *=.*/port = 5432/" "$conf/postgresql.conf"
  if ! grep -q '^host all postgres 127.0.0.1/32 trust' "$conf/pg_hba.conf"; then
    # The first matching line decides: these go before the package's password rules.
    sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$conf/pg_hba.conf"
  fi
  if pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    pg_ctlcluster "$version" main restart
  else
    pg_ctlcluster "$version" main start
  fi
fi

for _ in $(seq 1 60); do
  if ready; then exit 0; fi
  sleep 1
done
# The variable's address may hold a password: named, not printed.
if [ -n "${CCHC_TEST_DATABASE_URL:-}" ]; then where="the address in CCHC_TEST_DATABASE_URL"; else where="$url"; fi
echo "PostgreSQL does not answer at $where after 60 s" >&2
exit 1
