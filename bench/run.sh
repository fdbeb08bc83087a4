#!/usr/bin/env bash
# Whole-CLI benchmark: generate a corpus (default 100 MB, 1,000 entities,
# 100 patterns, seeded), run `factlint check` over it with 1 and 2 threads
# under /usr/bin/time -v, and print MB/s, peak memory and the recall of the
# planted errors. Usage: [RUNS=3] bench/run.sh [MEGABYTES] [ENTITIES] [PATTERNS]
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

# --format json writes every claim of every article (about 7 bytes of
# report per byte of article); --format sarif and --format github write
# the findings only, as CI runs do; --format human (the default) shows
# each finding with its sentence and the rule behind it, read again from
# the files. All four are measured.
# Each run is repeated (RUNS, default 3) and the median by wall-clock time
# is printed, with the fastest: this machine is shared, and one run can
# take a fifth longer than the next.
runs=${RUNS:-3}
for format in json sarif github human; do
  for threads in 1 2; do
    results=$(mktemp)
    for _ in $(seq "$runs"); do
      log=$(mktemp)
      # Read the corpus once first: this machine's page cache lets files go
      # within seconds, and the run should time the check, not the disk
      # (as hyperfine's --warmup does).
      find "$dir/articles" -type f -print0 | xargs -0 cat > /dev/null
      /usr/bin/time -v ./target/release/factlint check --no-config --threads "$threads" \
        -r "$dir/rules.facts" "$dir/articles" --format "$format" > "$dir/report-$threads.$format" 2> "$log" || true
      secs=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
      cpu=$(awk '/User time/ {u=$NF} /System time/ {s=$NF} END {print u+s}' "$log")
      peak=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
      echo "$secs $cpu $peak" >> "$results"
      rm -f "$log"
    done
    sort -n "$results" | awk -v b="$bytes" -v t="$threads" -v f="$format" -v n="$runs" '
      { s[NR] = $1; c[NR] = $2; if ($3 > peak) peak = $3 }
      END {
        m = int((NR + 1) / 2)
        printf "%-5s threads=%d  %.1f MB in %.2f s (cpu %.2f s)  %.2f MB/s  %.2f MB/s per cpu-second  peak %.1f MB  (median of %d runs, peak the highest; fastest %.2f MB/s)\n",
          f, t, b/1e6, s[m], c[m], (b/1e6)/s[m], (b/1e6)/c[m], peak/1024, n, (b/1e6)/s[1]
      }'
    rm -f "$results"
  done
done
./target/release/examples/gen_corpus score "$dir/planted.json" "$dir/report-1.json"
cmp -s "$dir/report-1.json" "$dir/report-2.json" && cmp -s "$dir/report-1.sarif" "$dir/report-2.sarif" \
  && cmp -s "$dir/report-1.github" "$dir/report-2.github" \
  && cmp -s "$dir/report-1.human" "$dir/report-2.human" && echo "reports for 1 and 2 threads are identical" || echo "REPORTS DIFFER between 1 and 2 threads"
