#!/usr/bin/env bash
# Times taking in the 200 files of 100 members as a whole process
# (`camket branch import`) into a branch whose roster holds 500 members with
# their keys bound, five times: the matching must stay fast at the size of a
# grassroots committee.
# Usage: scripts/bench-branch.sh   (needs a release build: cargo build --release --bin camket)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
camket="$root/target/release/camket"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
base="$work/base.sqlite3"
"$camket" branch secretary --db "$base" --name "Nguyễn Văn Hùng" --position "Bí thư Chi bộ" \
  --branch "Chi bộ Trung tâm Lưu trữ quốc gia I" --committee "Đảng bộ Cục Văn thư và Lưu trữ nhà nước" \
  --place "Hà Nội" >/dev/null
"$camket" demo branch --out "$work/roster" --members 500 --year 2026 >/dev/null
"$camket" branch import --db "$base" "$work/roster" >/dev/null || true
"$camket" branch bind --db "$base" --all | tail -n 1
"$camket" demo branch --out "$work/in" --members 100 --year 2027 >/dev/null
for i in 1 2 3 4 5; do
  cp "$base" "$work/db-$i.sqlite3"
  start=$(date +%s.%N)
  "$camket" branch import --db "$work/db-$i.sqlite3" "$work/in" | tail -n 1 >"$work/last"
  end=$(date +%s.%N)
  echo "import of 200 files into a roster of 500, run $i: $(echo "($end - $start) * 1000" | bc | cut -d. -f1) ms ($(cat "$work/last"))"
done
