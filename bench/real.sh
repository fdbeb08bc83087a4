#!/usr/bin/env bash
# Throughput on real news text: the five SCO articles of fixtures/articles,
# copied COPIES times (default 400, about 10 MB), checked against the
# shipped rules (rules/sco.facts) with 1 and 2 threads under /usr/bin/time.
# Real reports have longer sentences and richer patterns than the
# generator's text, so pattern matching costs more per byte here.
# Usage: bench/real.sh [COPIES]
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-400}
dir=${BENCH_DIR:-target/bench-real-$copies}
cargo build --release --quiet
if [ ! -d "$dir" ]; then
  mkdir -p "$dir"
  for i in $(seq 1 "$copies"); do
    for f in fixtures/articles/*.txt; do
      cp "$f" "$dir/$(basename "$f" .txt)-$i.txt"
    done
  done
fi
bytes=$(du -sb "$dir" | cut -f1)
for threads in 1 2; do
  log=$(mktemp)
  # Read the articles once first, so that the disk is not what is timed.
  find "$dir" -type f -print0 | xargs -0 cat > /dev/null
  /usr/bin/time -f "%e %U %S %M" -o "$log" ./target/release/factlint check --no-config \
    --threads "$threads" -r rules/sco.facts "$dir" --format sarif > /dev/null || true
  read -r secs user sys peak < <(tail -1 "$log")
  awk -v b="$bytes" -v s="$secs" -v u="$user" -v y="$sys" -v p="$peak" -v t="$threads" \
    'BEGIN { c = u + y; printf "real text, sarif, threads=%d: %.1f MB in %.2f s (cpu %.2f s)  %.2f MB/s  %.2f MB/s per cpu-second  peak %.1f MB\n", t, b/1e6, s, c, (b/1e6)/s, (b/1e6)/c, p/1024 }'
  rm -f "$log"
done
