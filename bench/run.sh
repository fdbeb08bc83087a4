#!/usr/bin/env bash
# Whole-CLI benchmark: generate a corpus (default 100 MB, 1,000 entities,
# 100 patterns, seeded), run `factlint check` over it with 1 and 2 threads
# under /usr/bin/time -v, and print MB/s, peak memory and the recall of the
# planted errors. Usage: bench/run.sh [MEGABYTES] [ENTITIES] [PATTERNS]
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-100}
entities=${2:-1000}
patterns=${3:-100}
dir=${BENCH_DIR:-target/bench-corpus-$mb-$entities-$patterns}

cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
if [ ! -f "$dir/planted.json" ]; then
  rm -rf "$dir"
  ./target/release/examples/gen_corpus "$dir" "$mb" "$entities" "$patterns"
fi
bytes=$(du -sb "$dir/articles" | cut -f1)

for threads in 1 2; do
  log=$(mktemp)
  /usr/bin/time -v ./target/release/factlint check --no-config --threads "$threads" \
    -r "$dir/rules.facts" "$dir/articles" --format json > "$dir/report-$threads.json" 2> "$log" || true
  secs=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  peak=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
  awk -v b="$bytes" -v s="$secs" -v p="$peak" -v t="$threads" \
    'BEGIN { printf "threads=%d  %.1f MB in %.2f s  %.2f MB/s  peak %.1f MB\n", t, b/1e6, s, (b/1e6)/s, p/1024 }'
  rm -f "$log"
done
./target/release/examples/gen_corpus score "$dir/planted.json" "$dir/report-1.json"
cmp -s "$dir/report-1.json" "$dir/report-2.json" && echo "reports for 1 and 2 threads are identical" || echo "REPORTS DIFFER between 1 and 2 threads"
