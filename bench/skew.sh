#!/usr/bin/env bash
# Balance of the threads on a corpus whose files differ in size: a folder
# `a/` of 100 large articles (50 of the generated corpus's articles each,
# about 200 KB) before a folder `b/` of 5,000 ordinary ones (about 4 KB),
# 20 MB each. Cut in two by count, the first half holds every large file
# (30 MB against 10). Runs `factlint check` with 1 and 2 threads and
# prints MB/s. Needs the corpus of `bench/run.sh 100` (made if missing).
# Usage: [RUNS=3] bench/skew.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source=target/bench-corpus-100-1000-100
dir=${BENCH_DIR:-target/bench-skew}
if [ ! -f "$source/planted.json" ]; then
  bench/run.sh 100 > /dev/null
fi
cargo build --release --quiet
if [ ! -d "$dir/b" ]; then
  rm -rf "$dir"
  mkdir -p "$dir/a" "$dir/b"
  mapfile -t names < <(ls "$source/articles" | sort)
  for i in $(seq 0 99); do
    (cd "$source/articles" && cat "${names[@]:$((i * 50)):50}") > "$dir/a/big$(printf %03d "$i").txt"
  done
  for name in "${names[@]:10000:5000}"; do
    cp "$source/articles/$name" "$dir/b/"
  done
fi
bytes=$(du -sb "$dir" | cut -f1)
runs=${RUNS:-3}
for threads in 1 2; do
  results=$(mktemp)
  for _ in $(seq "$runs"); do
    find "$dir" -type f -print0 | xargs -0 cat > /dev/null
    /usr/bin/time -f "%e %U %S" -o "$results.one" ./target/release/factlint check --no-config \
      --threads "$threads" -r "$source/rules.facts" "$dir" --format sarif > /dev/null || true
    tail -1 "$results.one" >> "$results"
  done
  sort -n "$results" | awk -v b="$bytes" -v t="$threads" -v n="$runs" '
    { s[NR] = $1; c[NR] = $2 + $3 }
    END {
      m = int((NR + 1) / 2)
      printf "skewed sizes, sarif, threads=%d: %.1f MB in %.2f s (cpu %.2f s)  %.2f MB/s  (median of %d runs)\n",
        t, b/1e6, s[m], c[m], (b/1e6)/s[m], n
    }'
  rm -f "$results" "$results.one"
done
