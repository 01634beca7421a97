#!/usr/bin/env bash
# Runs every test. On a fresh Debian machine it first installs what the tests need:
# PostgreSQL (started on loopback for this run), Chromium for browser tests, redis-server (the
# Redis token-cache tests start their own on a free loopback port), npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# npm packages are installed and copied into the themes by the build (src/Themes/TheAdmin).

# A private PostgreSQL cluster on loopback, owned by this run.
source build/postgres.sh
start_test_postgres
trap stop_test_postgres EXIT

export LIANJIE_TEST_POSTGRES
export LIANJIE_CHROMIUM="${LIANJIE_CHROMIUM:-/usr/bin/chromium}"
dotnet build Lianjie.sln -c Release --nologo -v q
dotnet test Lianjie.sln -c Release --no-build --nologo "$@"
