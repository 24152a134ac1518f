#!/usr/bin/env bash
# The full suite: starts the real servers it talks to (PostgreSQL, MariaDB; installed from Debian
# packages when missing, which needs root), then runs every test, the store suite on both
# PGlite and PostgreSQL. `npm run test:unit` runs without servers (their suites are skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash .ci/services.sh)"
exec npx vitest run "$@"
