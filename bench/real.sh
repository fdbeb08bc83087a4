#!/usr/bin/env bash
# Throughput on real news text: the five SCO articles of fixtures/articles,
# copied COPIES times (default 400, about 10 MB), checked against the
# shipped rules (rules/sco.facts) with 1 and 2 threads under /usr/bin/time,
# in each output format.
# Real reports have longer sentences and richer patterns than the
# generator's text, so pattern matching costs more per byte here.
# Usage: [RUNS=3] bench/real.sh [COPIES]
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
# Every format, as bench/run.sh measures them: sarif and github write the
# findings only, human draws each with its sentence and rule, json writes
# every claim. Each run is repeated (RUNS, default 3) and the median by
# wall-clock time printed: this machine is shared.
runs=${RUNS:-3}
for format in sarif github human json; do
  for threads in 1 2; do
    results=$(mktemp)
    for _ in $(seq "$runs"); do
      log=$(mktemp)
      # Read the articles once first, so that the disk is not what is timed.
      find "$dir" -type f -print0 | xargs -0 cat > /dev/null
      /usr/bin/time -f "%e %U %S %M" -o "$log" ./target/release/factlint check --no-config \
        --threads "$threads" -r rules/sco.facts "$dir" --format "$format" > /dev/null || true
      tail -1 "$log" >> "$results"
      rm -f "$log"
    done
    sort -n "$results" | awk -v b="$bytes" -v t="$threads" -v f="$format" -v n="$runs" '
      { s[NR] = $1; c[NR] = $2 + $3; if ($4 > peak) peak = $4 }
      END {
        m = int((NR + 1) / 2)
        printf "real text, %-6s threads=%d: %.1f MB in %.2f s (cpu %.2f s)  %.2f MB/s  %.2f MB/s per cpu-second  peak %.1f MB  (median of %d runs)\n",
          f, t, b/1e6, s[m], c[m], (b/1e6)/s[m], (b/1e6)/c[m], peak/1024, n
      }'
    rm -f "$results"
  done
done
