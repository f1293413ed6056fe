#!/usr/bin/env bash
# `make bench`: Herald's benchmarks (see bench/README.md). Arguments and BENCH_* variables
# pass through to bench/run.py, which does the work.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" != 0 ]; then
    echo "bench: install the wrk load generator (Debian/Ubuntu: apt-get install wrk)." >&2
    exit 2
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

exec .venv/bin/python bench/run.py "$@"
