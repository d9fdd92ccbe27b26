#!/usr/bin/env bash
# mura push beside each store's own bulk loader, in one run (not a timed test: run it by hand).
#
#   benches/push.sh                 N = 1000000 museums
#   N=100000 benches/push.sh
#
# Generates the peer benchmark's tables (../shared/bench/gen_csv.py N), exports them once as
# N-Quads (`mura export --data CSV --format nquads`), then, each step its own process under
# /usr/bin/time -v (wall, peak RSS):
#   virtuoso push   mura push URL --dialect virtuoso (Digest, GSP chunks into staging graphs,
#                   COPY in one transaction, counts) of the N-Quads file, into a throwaway
#                   Virtuoso 7 (.ci/virtuoso.sh: its own folder and ini on loopback)
#   virtuoso append the same with --append into the emptied graphs: no staging graph and no
#                   swap, what the bulk loader does (it is not atomic either)
#   virtuoso bulk   Virtuoso's bulk loader (isql-vt: ld_dir, rdf_loader_run, checkpoint) on
#                   mura's N-Triples files (`mura push --dialect virtuoso --bulk-dir`), into
#                   the same graphs, after clearing them
#   oxigraph push   mura push URL --dialect oxigraph --append of the same file into an empty
#                   `oxigraph serve` (its atomic swap is refused above --oxigraph-swap-max:
#                   Oxigraph holds the swap in memory); only when N <= 100000, also the
#                   atomic push into a second empty server
#   oxigraph load   `oxigraph load --file` of the same file into an empty store
# and prints a Markdown table (triples/s = the file's distinct triples ÷ wall seconds).
#
# Env: N, BASE (/tmp/mura-push-bench), MURA (the release binary; built if missing),
#      OXIGRAPH (the pip oxigraph==0.5.13 binary; default /tmp/mura-ci-venv/bin/oxigraph),
#      CHUNK (100000), PARALLEL (2), DATA (tables gen_csv.py already wrote for N, reused).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=$(cd "$ROOT/../shared" && pwd)
N=${N:-1000000}
BASE=${BASE:-/tmp/mura-push-bench}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
MURA=${MURA:-$TARGET/release/mura}
OXIGRAPH=${OXIGRAPH:-/tmp/mura-ci-venv/bin/oxigraph}
CHUNK=${CHUNK:-100000}
PARALLEL=${PARALLEL:-2}
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
command -v virtuoso-t >/dev/null || { echo "needs virtuoso-t (apt-get install virtuoso-opensource)" >&2; exit 2; }
[ -x "$OXIGRAPH" ] || { echo "needs the oxigraph server at OXIGRAPH=$OXIGRAPH (pip install oxigraph==0.5.13)" >&2; exit 2; }
if [ ! -x "$MURA" ]; then
  (cd "$ROOT" && cargo build --release)
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

rm -rf "$BASE"
mkdir -p "$BASE"
ROWS=$BASE/rows.md
: > "$ROWS"
VDIR=$BASE/virtuoso
HTTP=$(free_port); ISQL=$(free_port); OXPORT=$(free_port)
PASSWORD=BenchPw42
OXPID=
cleanup() {
  "$ROOT/.ci/virtuoso.sh" stop "$VDIR" "$ISQL" "$PASSWORD" || true
  if [ -n "$OXPID" ]; then kill "$OXPID" 2>/dev/null || true; wait "$OXPID" 2>/dev/null || true; fi
}
trap cleanup EXIT

# timed NAME TRIPLES -- CMD...: one process under /usr/bin/time -v, one table row
timed() {
  local name=$1 triples=$2; shift 3
  echo "== $name" >&2
  local t0 t1 wall rss
  sync
  t0=$(date +%s.%N)
  /usr/bin/time -v -o "$BASE/time.txt" "$@" > "$BASE/step.out" 2> "$BASE/step.err" \
    || { echo "failed: $*" >&2; cat "$BASE/step.err" >&2; exit 1; }
  # mura's per-graph upload lines (the rest of the time is spooling, counts and the swap)
  grep -E ' chunks, [0-9]+ triples in ' "$BASE/step.err" | sed 's/^/  /' >&2 || true
  t1=$(date +%s.%N)
  wall=$(echo "$t1 - $t0" | bc -l)
  rss=$(awk -F: '/Maximum resident/ {printf "%d", $2/1024}' "$BASE/time.txt")
  printf '| %s | %s | %.2f | %s | %.0f |\n' "$name" "$triples" "$wall" "$rss" \
    "$(echo "$triples / $wall" | bc -l)" | tee -a "$ROWS"
}

if [ -n "${DATA:-}" ]; then
  echo "== tables for $N museums from DATA=$DATA"
  ln -s "$DATA" "$BASE/data"
else
  echo "== tables for $N museums (../shared/bench/gen_csv.py)"
  python3 "$SHARED/bench/gen_csv.py" "$N" "$BASE/data" > /dev/null
fi
echo "== mura export --format nquads"
"$MURA" export --data "$BASE/data" --format nquads -o "$BASE/all.nq" --quiet
TRIPLES=$(sort -u "$BASE/all.nq" | wc -l)
echo "$TRIPLES distinct quads"

echo "== Virtuoso 7 on 127.0.0.1:$HTTP (isql $ISQL)"
# no limit on a query's time: the swap of a 1M-museum graph is one update past the shipped 60 s
MAX_QUERY_SECONDS=0 "$ROOT/.ci/virtuoso.sh" start "$VDIR" "$HTTP" "$ISQL" "$PASSWORD"
printf '%s\n' "$PASSWORD" > "$BASE/pw"
VPUSH=("$MURA" push "http://127.0.0.1:$HTTP" --dialect virtuoso --user dba --password-file "$BASE/pw"
  --chunk "$CHUNK" --parallel "$PARALLEL")
timed "Virtuoso: mura push (GSP, Digest, staging + COPY, $PARALLEL streams)" "$TRIPLES" -- \
  "${VPUSH[@]}" "$BASE/all.nq"
cat "$BASE/step.out"
GRAPHS=$(sed -n 's/^replaced <\([^>]*\)>:.*/\1/p' "$BASE/step.out")
empty_virtuoso() {
  for g in $GRAPHS; do
    isql-vt "127.0.0.1:$ISQL" dba "$PASSWORD" exec="SPARQL DEFINE sql:log-enable 2 DROP SILENT GRAPH <$g>;" > /dev/null
  done
  isql-vt "127.0.0.1:$ISQL" dba "$PASSWORD" exec="checkpoint;" > /dev/null
}
empty_virtuoso
timed "Virtuoso: mura push --append into the emptied graphs (no staging, no swap)" "$TRIPLES" -- \
  "${VPUSH[@]}" --append "$BASE/all.nq"
cat "$BASE/step.out"
empty_virtuoso
"$MURA" push "http://127.0.0.1:$HTTP" --dialect virtuoso --bulk-dir "$VDIR/load" --quiet "$BASE/all.nq" > "$BASE/bulk.out"
SQL=$(tail -n 1 "$BASE/bulk.out" | sed -e 's/^.*exec="//' -e 's/"$//')
timed "Virtuoso: bulk loader (isql-vt ld_dir + rdf_loader_run + checkpoint) on mura's N-Triples" "$TRIPLES" -- \
  isql-vt "127.0.0.1:$ISQL" dba "$PASSWORD" exec="$SQL"
# the bulk-loaded graphs hold the same number of triples (mura push --check compares counts)
"$MURA" push "http://127.0.0.1:$HTTP" --dialect virtuoso --check --quiet "$BASE/all.nq" \
  | grep -E '^(same|differs)' | sed 's/^/  check after bulk load: /' || true
"$ROOT/.ci/virtuoso.sh" stop "$VDIR" "$ISQL" "$PASSWORD"

echo "== oxigraph serve on 127.0.0.1:$OXPORT"
"$OXIGRAPH" serve --location "$BASE/ox-serve" --bind "127.0.0.1:$OXPORT" > "$BASE/ox.log" 2>&1 &
OXPID=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$OXPORT/" && break; sleep 0.2; done
timed "Oxigraph server: mura push --append into an empty store (GSP no_transaction, $PARALLEL streams)" "$TRIPLES" -- \
  "$MURA" push "http://127.0.0.1:$OXPORT" --dialect oxigraph --append --chunk "$CHUNK" --parallel "$PARALLEL" "$BASE/all.nq"
cat "$BASE/step.out"
echo "  oxigraph serve peak RSS: $(awk '/VmHWM/ {printf "%d MB", $2/1024}' /proc/$OXPID/status)" >&2
kill "$OXPID"; wait "$OXPID" 2>/dev/null || true; OXPID=
if [ "$N" -le 100000 ]; then
  "$OXIGRAPH" serve --location "$BASE/ox-serve2" --bind "127.0.0.1:$OXPORT" > "$BASE/ox2.log" 2>&1 &
  OXPID=$!
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$OXPORT/" && break; sleep 0.2; done
  timed "Oxigraph server: mura push (staging + swap in one transaction, $PARALLEL streams)" "$TRIPLES" -- \
    "$MURA" push "http://127.0.0.1:$OXPORT" --dialect oxigraph --chunk "$CHUNK" --parallel "$PARALLEL" "$BASE/all.nq"
  cat "$BASE/step.out"
  echo "  oxigraph serve peak RSS: $(awk '/VmHWM/ {printf "%d MB", $2/1024}' /proc/$OXPID/status)" >&2
  kill "$OXPID"; wait "$OXPID" 2>/dev/null || true; OXPID=
fi
timed "Oxigraph: oxigraph load --file (empty store)" "$TRIPLES" -- \
  "$OXIGRAPH" load --location "$BASE/ox-load" --file "$BASE/all.nq"

echo
echo "N = $N museums, $TRIPLES triples, chunk $CHUNK, $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| step | triples | wall s | peak RSS MB | triples/s |"
echo "|---|---|---|---|---|"
cat "$ROWS"
