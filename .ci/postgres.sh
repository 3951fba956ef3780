#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 as user postgres with trust auth
# (what the test suite's DATABASE_URL expects). Installs and starts it if needed. Idempotent.
set -euo pipefail

if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && psql -h 127.0.0.1 -U postgres -w -Atc 'select 1' >/dev/null 2>&1; then
  exit 0
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

if ! command -v pg_lsclusters >/dev/null || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  pg_createcluster "$version" main >/dev/null
fi
read -r version cluster _ < <(pg_lsclusters -h | head -n 1)
hba="/etc/postgresql/$version/$cluster/pg_hba.conf"
# Local test server only: trust connections from the loopback addresses.
if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
  sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
fi
pg_ctlcluster "$version" "$cluster" start 2>/dev/null || pg_ctlcluster "$version" "$cluster" reload
for _ in $(seq 1 30); do
  if psql -h 127.0.0.1 -U postgres -w -Atc 'select 1' >/dev/null 2>&1; then exit 0; fi
  sleep 1
done
echo "PostgreSQL did not come up on 127.0.0.1:5432" >&2
exit 1
