#!/usr/bin/env bash
# The soak (issue 6): the real app under steady load for a bounded time, sampled every minute; fails on growth.
#
#   bash scripts/soak.sh            # 30 minutes
#   bash scripts/soak.sh 10         # 10 minutes
#
# One whole order flow per second (12 API calls, six stations) and five live dispatcher screens, on the real host
# (co-hosted silo, Blob storage on its own Azurite, Kestrel). Every minute: managed heap after a full collection,
# working set, open handles, threads, and p50/p95/p99 of that minute's API calls. After the first two minutes
# (warm-up), the median of the last third of the samples is compared with the first third's; any metric grown past
# its allowance (docs/benchmarks.md, "Soak") fails the run with exit status 1. The table is printed as it goes and
# written to artifacts/benchmarks/soak-<time>.md and .json. Extra arguments go to the benchmark (e.g. --rate 2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need dotnet "install the .NET 10 SDK"
ensure_azurite

minutes="${1:-30}"
shift || true
[[ "$minutes" =~ ^[0-9]+$ ]] && [ "$minutes" -ge 8 ] || { echo "usage: scripts/soak.sh [minutes (8 or more: two of warm-up, six samples to judge; default 30)] [benchmark options]" >&2; exit 2; }

cd "$root"
dotnet run -c Release --project tests/Dispatch.Benchmarks -- soak --seconds $((minutes * 60)) "$@"
