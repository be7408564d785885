#!/usr/bin/env bash
# Starts the local PostgreSQL the tests use when it is installed but not running.
set -euo pipefail
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
    echo "ensure-services: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  else
    echo "ensure-services: PostgreSQL is not reachable on 127.0.0.1:5432 and cannot be started here" >&2
    exit 1
  fi
fi
