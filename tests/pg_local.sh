#!/usr/bin/env bash
# Run a command (the test suite) with a real PostgreSQL for the store tests.
#
#   tests/pg_local.sh .venv/bin/python -m pytest
#
# When ESCALADE_TEST_PG already names a server, the command simply runs against it.
# Otherwise a throw-away cluster is created (initdb) in a temporary directory, listening on
# loopback only with its socket in that directory, a test database is created, its URL is
# exported as ESCALADE_TEST_PG, the command runs, and the cluster this script started is
# stopped and removed, whatever the command's outcome.
set -euo pipefail

if [ -n "${ESCALADE_TEST_PG:-}" ]; then
	exec "$@"
fi

bin_pg=""
for d in /usr/lib/postgresql/*/bin; do
	[ -x "$d/initdb" ] && bin_pg="$d"
done
if [ -z "$bin_pg" ]; then
	if command -v initdb >/dev/null 2>&1; then
		bin_pg="$(dirname "$(command -v initdb)")"
	else
		echo "PostgreSQL introuvable (paquet postgresql) : tests PostgreSQL ignorés." >&2
		exec "$@"
	fi
fi

racine="$(mktemp -d /tmp/escalade-pg.XXXXXX)"
chmod 755 "$racine"
# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
if [ "$(id -u)" = 0 ]; then
	id postgres >/dev/null 2>&1 || useradd --system --home-dir "$racine" postgres
	chown postgres "$racine"
	en_pg() { su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; }
else
	en_pg() { "$@"; }
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
donnees="$racine/donnees"
arreter() {
	en_pg "$bin_pg/pg_ctl" -D "$donnees" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$racine"
}
trap arreter EXIT

en_pg "$bin_pg/initdb" -D "$donnees" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
en_pg "$bin_pg/pg_ctl" -D "$donnees" -l "$racine/journal.log" -w \
	-o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$racine -c fsync=off" \
	start >/dev/null
en_pg "$bin_pg/createdb" -h 127.0.0.1 -p "$port" -U postgres escalade_test

export ESCALADE_TEST_PG="postgresql+psycopg://postgres@127.0.0.1:$port/escalade_test"
echo "PostgreSQL de test : $ESCALADE_TEST_PG (arrêté à la fin)" >&2
set +e
"$@"
statut=$?
set -e
exit $statut
