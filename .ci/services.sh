#!/usr/bin/env bash
# Installs (when missing) and starts the real servers the test suite talks to:
# PostgreSQL 15 and MariaDB from Debian's packages, and Chromium for the browser tests.
# Idempotent: safe to run again on a machine where they already run.
# Prints the environment the tests read; `eval "$(bash .ci/services.sh)"` exports it.
set -euo pipefail
log() { echo "services: $*" >&2; }

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v mariadbd >/dev/null 2>&1 || need+=(mariadb-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v promtool >/dev/null 2>&1 || need+=(prometheus) # promtool checks generated rules and /metrics
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${need[@]}" >&2
fi

# PostgreSQL: the Debian cluster, a password-authenticated role and a scratch database.
pgver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q online; then
  pg_lsclusters -h | grep -q "^$pgver main" || pg_createcluster "$pgver" main >&2
  pg_ctlcluster "$pgver" main start >&2
fi
for _ in $(seq 1 30); do su postgres -c "pg_isready -q" && break; sleep 0.5; done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='vigil'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE vigil LOGIN SUPERUSER PASSWORD 'vigil'\"" >&2
for db in vigil_test vigil_warehouse; do
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='$db'\"" | grep -q 1 ||
    su postgres -c "createdb -O vigil $db" >&2
done

# MariaDB: started by hand (no init system in containers), one user with a password.
if ! mysqladmin ping --silent >/dev/null 2>&1; then
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  (mysqld_safe --user=mysql >/dev/null 2>&1 &)
  for _ in $(seq 1 60); do mysqladmin ping --silent >/dev/null 2>&1 && break; sleep 0.5; done
fi
mysql -uroot -e "CREATE DATABASE IF NOT EXISTS vigil_warehouse;
  CREATE USER IF NOT EXISTS 'vigil'@'localhost' IDENTIFIED BY 'vigil';
  CREATE USER IF NOT EXISTS 'vigil'@'127.0.0.1' IDENTIFIED BY 'vigil';
  GRANT ALL ON *.* TO 'vigil'@'localhost'; GRANT ALL ON *.* TO 'vigil'@'127.0.0.1'; FLUSH PRIVILEGES;" >&2

echo "export VIGIL_TEST_PG_URL=postgres://vigil:vigil@127.0.0.1:5432/vigil_test"
echo "export VIGIL_TEST_PG_WAREHOUSE_URL=postgres://vigil:vigil@127.0.0.1:5432/vigil_warehouse"
echo "export VIGIL_TEST_MYSQL_URL=mysql://vigil:vigil@127.0.0.1:3306/vigil_warehouse"
echo "export VIGIL_TEST_CHROMIUM=/usr/bin/chromium"
echo "export VIGIL_TEST_PROMTOOL=$(command -v promtool)"
