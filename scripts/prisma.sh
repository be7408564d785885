#!/usr/bin/env bash
# Runs the Prisma CLI. Prisma's CLI downloads a native schema engine on first use; on
# machines that cannot reach that download (our CI and development machines reach the
# npm registry only) the team's stand-in engine beside the checkout is used instead,
# unless PRISMA_SCHEMA_ENGINE_BINARY already points at an engine.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
offline=$root/../shared/tools/prisma-offline/setup
if [[ -z ${PRISMA_SCHEMA_ENGINE_BINARY:-} && -x $offline ]]; then
  eval "$("$offline")"
fi
cd "$root"
exec "$root/node_modules/.bin/prisma" "$@"
