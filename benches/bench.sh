#!/usr/bin/env bash
# mura at scale, side by side with Morph-KGC and pyoxigraph (not a timed test: run it by hand).
#
#   benches/bench.sh                      N = 10000 100000 1000000, 3 runs each
#   SIZES="10000 100000" RUNS=3 benches/bench.sh
#
# For each N it generates the peer benchmark's tables (../shared/bench/gen_csv.py, same
# seed, so the same CSVs the peers read) and times, each step its own process under
# /usr/bin/time -v (wall, peak RSS), the median of RUNS runs:
#   nt      mura export --data CSV --format ntriples   (no store)
#   store   mura build --data CSV --store DIR          (on-disk RocksDB store)
#   memory  mura build --data CSV                      (in-memory store; skipped at N > MEM_MAX)
#   turtle  mura export --store DIR -o out.ttl         (sorted, pretty Turtle)
#   q:NAME  mura query benches/queries/NAME.rq --store DIR   (at N = QUERY_N only)
#   nt-null     the nt step writing to /dev/null       (mapping rate without disk writes; extra)
#   csv-turtle  mura export --data CSV -o out.ttl       (sorted Turtle with no store; extra)
# then prints one table with the peers' medians and the ratios (benches/summarize.py).
#
# Peers: by default the medians recorded by the peer kit in ../shared/bench/results/
# (morph.tsv, oxi.tsv; measured on this machine type). PEERS=1 reruns them here first with
# ../shared/bench/run_morph.sh and run_pyoxigraph.sh (needs their venvs, see that README).
#
# Env: SIZES, RUNS (3), BASE (/tmp/mura-bench: data, stores, outputs, results),
#      MURA (the release binary; built with --features rocksdb if missing), MEM_MAX (100000),
#      QUERY_N (100000), PEERS (0), PEER_RESULTS (../shared/bench/results),
#      STEPS ("nt nt-null store memory turtle queries csv-turtle"; a binary built without
#      the rocksdb feature can run "nt nt-null memory csv-turtle"). Rows are appended to
#      $BASE/results/mura.tsv: remove it for a fresh table.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=$(cd "$ROOT/../shared" && pwd)
SIZES=${SIZES:-"10000 100000 1000000"}
RUNS=${RUNS:-3}
BASE=${BASE:-/tmp/mura-bench}
MEM_MAX=${MEM_MAX:-100000}
QUERY_N=${QUERY_N:-100000}
PEERS=${PEERS:-0}
STEPS=${STEPS:-"nt nt-null store memory turtle queries csv-turtle"}
has() { case " $STEPS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
PEER_RESULTS=${PEER_RESULTS:-$SHARED/bench/results}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
MURA=${MURA:-$TARGET/release/mura}
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

if [ ! -x "$MURA" ]; then
  (cd "$ROOT" && cargo build --release --features rocksdb)
fi
mkdir -p "$BASE/results"
TSV=$BASE/results/mura.tsv
[ -s "$TSV" ] || printf 'date\tN\tstep\trun\twall_s\tmaxrss_mb\ttriples\ttriples_per_s\n' > "$TSV"

# step N NAME RUN TRIPLES_FILE_OR_COUNT -- CMD...: one timed process, one TSV row
step() {
  local n=$1 name=$2 run=$3 triples=$4; shift 5
  local t0 t1 wall rss tps
  sync
  t0=$(date +%s.%N)
  /usr/bin/time -v -o "$BASE/time.txt" "$@" > "$BASE/step.out" 2> "$BASE/step.err" \
    || { echo "failed: $*" >&2; cat "$BASE/step.err" >&2; exit 1; }
  t1=$(date +%s.%N)
  wall=$(echo "$t1 - $t0" | bc)
  rss=$(awk -F: '/Maximum resident set size/{printf "%.1f", $2/1024}' "$BASE/time.txt")
  if [ -f "$triples" ]; then triples=$(wc -l < "$triples"); fi
  if [ "$triples" = "-" ]; then tps="-"; else tps=$(echo "scale=0; $triples / $wall" | bc); fi
  local row
  row="$(date -u +%F)\t$n\t$name\t$run\t$(printf %.3f "$wall")\t$rss\t$triples\t$tps"
  printf "$row\n" >> "$TSV"
  printf "$row\n"
}

for N in $SIZES; do
  W=$BASE/n$N
  mkdir -p "$W"
  if [ ! -s "$W/data/awards.csv" ]; then
    python3 "$SHARED/bench/gen_csv.py" "$N" "$W/data"
  fi
  if [ "$PEERS" = 1 ]; then
    BASE=$BASE/peers RUNS=$RUNS PROCS=1 "$SHARED/bench/run_morph.sh" "$N"
    BASE=$BASE/peers RUNS=$RUNS VENV=${OXI_VENV:-$BASE/peers/venv-oxi05} RDFLIB=0 \
      "$SHARED/bench/run_pyoxigraph.sh" "$N" "$BASE/peers/n$N/morph_p1.nt"
    PEER_RESULTS=$BASE/peers/results
  fi
  for R in $(seq 1 "$RUNS"); do
    rm -f "$W/out.nt"
    # the N-Triples file gives the triple count of every other step
    if has nt || [ ! -s "$W/out.nt" ]; then
      step "$N" nt "$R" "$W/out.nt" -- "$MURA" export --data "$W/data" --format ntriples -q -o "$W/out.nt"
    fi
    triples=$(wc -l < "$W/out.nt")
    if has nt-null; then
      # the same to /dev/null: the mapping's own rate, without this machine's disk writes
      step "$N" nt-null "$R" "$triples" -- sh -c "\"\$0\" export --data \"\$1\" --format ntriples -q > /dev/null" "$MURA" "$W/data"
    fi
    if has store; then
      rm -rf "$W/store"
      step "$N" store "$R" "$triples" -- "$MURA" build --data "$W/data" --store "$W/store" -q
    fi
    if has memory && [ "$N" -le "$MEM_MAX" ]; then
      step "$N" memory "$R" "$triples" -- "$MURA" build --data "$W/data" -q
    fi
    if has turtle; then
      rm -f "$W/out.ttl"
      step "$N" turtle "$R" "$triples" -- "$MURA" export --store "$W/store" -q -o "$W/out.ttl"
    fi
    if has queries && [ "$N" = "$QUERY_N" ]; then
      for q in "$HERE"/queries/*.rq; do
        step "$N" "q:$(basename "$q" .rq)" "$R" - -- "$MURA" query "$q" --store "$W/store" --format tsv
      done
    fi
    if has csv-turtle; then
      rm -f "$W/csv.ttl"
      step "$N" csv-turtle "$R" "$triples" -- "$MURA" export --data "$W/data" -q -o "$W/csv.ttl"
    fi
  done
  echo "N=$N: $(du -sh "$W"/out.nt "$W"/*.ttl "$W"/store 2>/dev/null | tr '\n' ' ')"
done

python3 "$HERE/summarize.py" "$TSV" "$PEER_RESULTS"
