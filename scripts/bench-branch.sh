#!/usr/bin/env bash
# Times taking in the 200 files of a branch of 100 members as a whole
# process (`camket branch import` into a new database), five times.
# Usage: scripts/bench-branch.sh   (needs a release build: cargo build --release --bin camket)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
camket="$root/target/release/camket"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$camket" demo branch --out "$work/in" --members 100 --year 2026 >/dev/null
for i in 1 2 3 4 5; do
  start=$(date +%s.%N)
  "$camket" branch import --db "$work/db-$i.sqlite3" "$work/in" >/dev/null
  end=$(date +%s.%N)
  echo "import of 200 files, run $i: $(echo "($end - $start) * 1000" | bc | cut -d. -f1) ms"
done
