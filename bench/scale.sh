#!/usr/bin/env bash
# How the cost of checking grows with the knowledge base: a corpus of the
# same size (default 10 MB, 100 patterns) checked against generated rule
# files of 100, 1,000 and 10,000 entities, one thread, under /usr/bin/time.
# Prints the time to load the rules alone (an empty folder), the whole
# check, and the throughput of the part that reads articles.
# Usage: bench/scale.sh [MEGABYTES]
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-10}
cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
empty=$(mktemp -d)
for entities in 100 1000 10000; do
  dir=${BENCH_DIR:-target}/bench-corpus-$mb-$entities-100
  if [ ! -f "$dir/planted.json" ]; then
    rm -rf "$dir"
    ./target/release/examples/gen_corpus "$dir" "$mb" "$entities" 100
  fi
  bytes=$(du -sb "$dir/articles" | cut -f1)
  run() {
    local log
    log=$(mktemp)
    /usr/bin/time -f "%e %M" -o "$log" ./target/release/factlint check --no-config --threads 1 \
      -r "$dir/rules.facts" "$1" --format sarif > /dev/null || true
    tail -1 "$log"
    rm -f "$log"
  }
  read -r load_s load_kb < <(run "$empty")
  read -r all_s all_kb < <(run "$dir/articles")
  awk -v e="$entities" -v b="$bytes" -v l="$load_s" -v a="$all_s" -v m="$all_kb" \
    'BEGIN { printf "entities=%-6d load %.2f s  check %.2f s  articles %.2f MB/s  peak %.0f MB\n", e, l, a, (b/1e6)/(a-l), m/1024 }'
done
rmdir "$empty"
