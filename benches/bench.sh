#!/usr/bin/env bash
# mura at scale, with Morph-KGC and pyoxigraph run in the same bench run, interleaved with
# mura's steps (not a timed test: run it by hand, on a quiet machine).
#
#   benches/bench.sh                                   N = 10000 100000 1000000, 3 runs each
#   SIZES="10000 100000" RUNS=3 benches/bench.sh
#   SIZES=10000000 RUNS=1 STEPS="nt store" benches/bench.sh     the opt-in 10^7 step
#
# For each N the peer kit's table generator (../shared/bench/gen_csv.py, fixed seed) writes
# the CSVs that mura and the peers both read; then, for each run 1..RUNS, every selected step
# runs as its own process under /usr/bin/time -v (wall, peak RSS) in this order:
#
#   nt                     mura export --data CSV --format ntriples -o out.nt
#   nt-null                the same to /dev/null (mapping rate without the file write)
#   morph-p1               Morph-KGC 2.10.0, CSV -> N-Triples, 1 process (the RML mapping
#   morph-p2               Morph-KGC, 2 processes      ../shared/bench/mapping.rml.ttl)
#   nq                     mura export --data CSV --format nquads -o out.nq
#   store                  mura build --data CSV --store DIR (on-disk RocksDB store)
#   memory                 mura build --data CSV (in-memory store; only at N <= MEM_MAX)
#   oxi-load-morph         pyoxigraph 0.5.13 bulk_load of Morph-KGC's N-Triples, on-disk Store
#   oxi-load-mura-nq       pyoxigraph bulk_load of mura's N-Quads (the like-for-like store step)
#   oxi-load-mura-default  the same quads with the graph name dropped, as N-Triples into the
#                          default graph (3 indexes per quad instead of 6)
#   oxi-load-mura-noreif   mura's N-Quads without the lines whose subject is a reification
#                          node (an IRI containing /statement/)
#   turtle                 mura export --store DIR -o out.ttl (sorted, pretty Turtle)
#   oxi-dump               pyoxigraph dump of the oxi-load-morph store to Turtle
#   queries                mura query benches/queries/*.rq --store DIR (rows q:NAME; N in QUERY_N)
#   oxi-query              pyoxigraph: museums per city on the oxi-load-morph store (N in QUERY_N)
#   csv-turtle             mura export --data CSV -o csv.ttl (sorted Turtle with no store)
#
# The two derived files of oxi-load-mura-default and -noreif are made with sed/grep outside
# the timing. Triples are counted with wc -l of each step's output or input file. Big files
# are deleted as soon as the steps that need them are done.
#
# Dependencies between steps: oxi-load-morph needs morph-p1 or morph-p2 (it loads the
# 1-process output when there is one); oxi-dump and oxi-query need oxi-load-morph;
# oxi-load-mura-* need nq; turtle and queries need store.
#
# Env:
#   SIZES     ("10000 100000 1000000"; 10000000 only when named: it checks free disk first)
#   RUNS      (3; the tables show medians)
#   STEPS     (all the steps above; any subset, space-separated)
#   BASE      (/tmp/mura-bench: tables, outputs, stores, venvs/, results/)
#   MURA      (the release binary built with --features rocksdb; default
#              ${CARGO_TARGET_DIR:-target}/release/mura; the script does not build it)
#   MEM_MAX   (100000)
#   QUERY_N   (100000; the sizes, space-separated, at which the query steps run)
#   TREERSS   (0; 1 samples the summed RSS of Morph-KGC's process tree every 0.1 s with
#              ../shared/bench/treerss.py: off by default since the sampler takes CPU from
#              the step it measures)
#   COUNT_MAX (10000; at N <= COUNT_MAX the pyoxigraph loads also report len(store))
#   SAMPLE    (5: seconds between /proc/loadavg samples)
#   PYTHON    (python3: makes the venvs, runs gen_csv.py and summarize.py)
#   DISK_CHECK (1; 0 goes on when the estimate exceeds the free disk)
#   CHECK_ONLY (0; 1 checks STEPS, tools and free disk, prints the disk estimate per N, exits)
#
# Peers' venvs, made on first use (pinned): $BASE/venvs/morph-kgc-2.10.0 (pip install
# morph-kgc==2.10.0, pip resolves its dependencies) and $BASE/venvs/pyoxigraph-0.5.13;
# each run records their `pip freeze` beside its results.
#
# Output: $BASE/results/run-<UTC time>.tsv, one row per step and run (mura and peers), and
# $BASE/results/run-<UTC time>/ (load-average samples, pip freeze, machine and versions);
# then benches/summarize.py prints the markdown tables from that one run.
# Needs /usr/bin/time and bc (apt-get install time bc).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=$(cd "$ROOT/../shared" && pwd)
ALL_STEPS="nt nt-null morph-p1 morph-p2 nq store memory oxi-load-morph oxi-load-mura-nq
oxi-load-mura-default oxi-load-mura-noreif turtle oxi-dump queries oxi-query csv-turtle"
SIZES=${SIZES:-"10000 100000 1000000"}
RUNS=${RUNS:-3}
ALL_STEPS=$(echo "$ALL_STEPS" | tr -s ' \n\t' ' ')
STEPS=$(echo "${STEPS:-$ALL_STEPS}" | tr -s ' \n\t' ' ')
BASE=${BASE:-/tmp/mura-bench}
MURA=${MURA:-${CARGO_TARGET_DIR:-$ROOT/target}/release/mura}
MEM_MAX=${MEM_MAX:-100000}
QUERY_N=${QUERY_N:-100000}
TREERSS=${TREERSS:-0}
COUNT_MAX=${COUNT_MAX:-10000}
SAMPLE=${SAMPLE:-5}
PYTHON=${PYTHON:-python3}
CHECK_ONLY=${CHECK_ONLY:-0}
DISK_CHECK=${DISK_CHECK:-1}
MORPH_VERSION=2.10.0
OXI_VERSION=0.5.13

die() { echo "bench.sh: $*" >&2; exit 1; }
has() { case " $STEPS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# ---------------------------------------------------------------- checks before any work
for s in $STEPS; do
  case " $ALL_STEPS " in *" $s "*) ;; *) die "unknown step '$s' (steps: $ALL_STEPS)" ;; esac
done
if has oxi-load-morph && ! has morph-p1 && ! has morph-p2; then die "oxi-load-morph needs morph-p1 or morph-p2 in STEPS"; fi
for s in oxi-dump oxi-query; do
  if has $s && ! has oxi-load-morph; then die "$s needs oxi-load-morph in STEPS"; fi
done
for s in oxi-load-mura-nq oxi-load-mura-default oxi-load-mura-noreif; do
  if has $s && ! has nq; then die "$s needs nq in STEPS"; fi
done
for s in turtle queries; do
  if has $s && ! has store; then die "$s needs store in STEPS"; fi
done
[ -x /usr/bin/time ] || die "needs /usr/bin/time (apt-get install time)"
command -v bc >/dev/null || die "needs bc (apt-get install bc)"
[ -x "$MURA" ] || die "no mura binary at $MURA: build it with 'cargo build --release --features rocksdb' or set MURA"
for n in $SIZES; do
  case $n in '' | *[!0-9]*) die "SIZES: '$n' is not a number" ;; esac
done

# ---------------------------------------------------------------- disk
# Estimated size in MB of each file or store at N = 10^6, scaled from what this script
# recorded at N = 10^5 (mura 0.1.0, pyoxigraph 0.5.13; the stores grow a little faster than
# N, hence the margin below). The check sums what is on disk at the fullest moment of a run,
# given STEPS.
declare -A MB_PER_M=(
  [csv]=260 [nt]=2100 [morph]=1600 [nq]=2800 [store]=6800 [oxi]=2400 [oxi-mura-nq]=5000
  [default-nt]=2100 [oxi-default]=2800 [noreif-nq]=2800 [oxi-noreif]=5000
  [ttl]=700 [oxi-ttl]=700 [csv-ttl]=700 [sort]=2800
)
size_if() { if has "$1"; then echo "${MB_PER_M[$2]}"; else echo 0; fi; }
need_mb() {  # N -> MB needed at the fullest moment of one run (plus the CSVs)
  local n=$1 csv morph nq st oxi peak=0 p
  csv=${MB_PER_M[csv]}
  morph=$(( $(size_if morph-p1 morph) + $(size_if morph-p2 morph) ))
  nq=$(size_if nq nq); st=$(size_if store store); oxi=$(size_if oxi-load-morph oxi)
  for p in \
    "$(size_if nt nt)" \
    "$((morph + nq + st + oxi))" \
    "$((nq + st + oxi + $(size_if oxi-load-mura-nq oxi-mura-nq)))" \
    "$((nq + st + oxi + $(size_if oxi-load-mura-default default-nt) + $(size_if oxi-load-mura-default oxi-default)))" \
    "$((nq + st + oxi + $(size_if oxi-load-mura-noreif noreif-nq) + $(size_if oxi-load-mura-noreif oxi-noreif)))" \
    "$((st + oxi + $(size_if turtle ttl) + $(size_if turtle sort)))" \
    "$((st + oxi + $(size_if oxi-dump oxi-ttl)))" \
    "$((st + $(size_if csv-turtle csv-ttl) + $(size_if csv-turtle sort)))"; do
    [ "$p" -gt "$peak" ] && peak=$p
  done
  # MB_PER_M scaled to N, plus a quarter for what the estimate misses (stores growing faster
  # than N: mura's was 38 MB at 10^4, 678 MB at 10^5; RocksDB compactions)
  echo $(( (csv + peak) * n * 125 / 100000000 + 1 ))
}
mkdir -p "$BASE/results" "$BASE/venvs"
for n in $SIZES; do
  need=$(need_mb "$n")
  free=$(df -Pm "$BASE" | awk 'NR == 2 { print $4 }')
  if [ "$n" -ge 10000000 ] || [ "$need" -gt "$free" ] || [ "$CHECK_ONLY" = 1 ]; then
    echo "disk: N=$n with STEPS as given needs about $need MB under $BASE at its fullest; $free MB free"
  fi
  [ "$need" -le "$free" ] || [ "$DISK_CHECK" = 0 ] || die "not enough free disk for N=$n ($need MB needed, $free MB free under $BASE): use fewer SIZES or STEPS (e.g. STEPS=\"nt store\"), or another BASE"
done

[ "$CHECK_ONLY" = 0 ] || exit 0

# ---------------------------------------------------------------- peers' venvs
MORPH_VENV=$BASE/venvs/morph-kgc-$MORPH_VERSION
OXI_VENV=$BASE/venvs/pyoxigraph-$OXI_VERSION
venv() {  # DIR PACKAGE==VERSION
  if [ ! -x "$1/bin/python" ] || ! "$1/bin/python" -m pip show -q "${2%%==*}" >/dev/null 2>&1; then
    echo "making venv $1 ($2)"
    "$PYTHON" -m venv "$1"
    "$1/bin/python" -m pip install -q "$2" || die "pip install $2 into $1 failed"
  fi
  local have
  have=$("$1/bin/python" -m pip show "${2%%==*}" | awk '/^Version:/ { print $2 }')
  [ "$have" = "${2##*==}" ] || die "$1 has ${2%%==*} $have, not ${2##*==}: remove the venv to remake it"
}
need_morph=0; need_oxi=0
for s in $STEPS; do
  case $s in morph-*) need_morph=1 ;; oxi-*) need_oxi=1 ;; esac
done
[ "$need_morph" = 0 ] || venv "$MORPH_VENV" "morph-kgc==$MORPH_VERSION"
[ "$need_oxi" = 0 ] || venv "$OXI_VENV" "pyoxigraph==$OXI_VERSION"

# ---------------------------------------------------------------- this run's records
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
TSV=$BASE/results/run-$RUN_ID.tsv
RUN_DIR=$BASE/results/run-$RUN_ID
mkdir -p "$RUN_DIR"
printf 'date\trun_id\tN\ttool\tstep\trun\twall_s\tstep_s\tmaxrss_mb\ttree_rss_mb\ttriples\ttriples_per_s\tload1_start\tload1_end\tnote\n' > "$TSV"
MURA_TOOL="mura-$("$MURA" --version | awk '{ print $2 }')"
{
  echo "run_id $RUN_ID"
  echo "sizes $SIZES"
  echo "runs $RUNS"
  echo "steps $STEPS"
  echo "mura $MURA ($("$MURA" --version), built $(date -u -r "$MURA" +%FT%TZ))"
  echo "bench scripts at commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "machine $(uname -srm); $(nproc) CPUs; $(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
  echo "cpu $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "python $("$PYTHON" --version 2>&1)"
  echo "disk at start: $(df -Pm "$BASE" | awk 'NR == 2 { print $4 " MB free of " $2 " MB" }')"
  echo "load at start: $(cat /proc/loadavg)"
} > "$RUN_DIR/env.txt"
[ "$need_morph" = 0 ] || "$MORPH_VENV/bin/python" -m pip freeze > "$RUN_DIR/pip-freeze-morph-kgc.txt"
[ "$need_oxi" = 0 ] || "$OXI_VENV/bin/python" -m pip freeze > "$RUN_DIR/pip-freeze-pyoxigraph.txt"

# load average (and free disk) every SAMPLE s for the whole run, stopped on exit
(
  while :; do
    printf '%s\t%s\t%s\n' "$(date +%s)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
      "$(df -Pm "$BASE" | awk 'NR == 2 { print $4 }')"
    sleep "$SAMPLE"
  done
) > "$RUN_DIR/loadavg.tsv" &
SAMPLER=$!
trap 'kill "$SAMPLER" 2>/dev/null || true' EXIT

load1() { cut -d' ' -f1 /proc/loadavg; }
mb() { du -sb "$1" | awk '{ printf "%.1f", $1 / 1048576 }'; }

# step TOOL NAME N RUN TRIPLES -- CMD...: one timed process, one TSV row.
# TRIPLES: a file (counted with wc -l after the step), a count, or - (none).
# Optional, set for the one call (NOTE=... SIZE_OF=... step ...): NOTE starts the row's note;
# SIZE_OF names the output file or store directory whose size the note records.
step() {
  local tool=$1 name=$2 n=$3 run=$4 triples=$5; shift 6
  local t0 t1 wall rss tree="" tps="" step_s="" extra="" l0 l1 rc=0
  local note=${NOTE:-} size_of=${SIZE_OF:-} out=$BASE/step.out err=$BASE/step.err
  sync
  l0=$(load1)
  t0=$(date +%s.%N)
  if [ "$TREERSS" = 1 ] && [[ $name = morph-* ]]; then
    "$PYTHON" "$SHARED/bench/treerss.py" "$BASE/tree_rss.txt" -- \
      /usr/bin/time -v -o "$BASE/time.txt" "$@" > "$out" 2> "$err" || rc=$?
  else
    /usr/bin/time -v -o "$BASE/time.txt" "$@" > "$out" 2> "$err" || rc=$?
  fi
  t1=$(date +%s.%N)
  l1=$(load1)
  if [ "$rc" != 0 ]; then
    {
      echo "bench.sh: step $name FAILED (N=$n, run $run, exit status $rc): $*"
      echo "--- its stderr (last 40 lines of $err):"
      tail -n 40 "$err"
      echo "--- /usr/bin/time:"
      head -n 2 "$BASE/time.txt"
      echo "--- rows so far: $TSV"
    } >&2
    exit 1
  fi
  wall=$(echo "$t1 - $t0" | bc)
  rss=$(awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$BASE/time.txt")
  if [ "$TREERSS" = 1 ] && [[ $name = morph-* ]]; then tree=$(cat "$BASE/tree_rss.txt"); fi
  case $tool in
    pyoxigraph-*)  # peer_step.py prints "seconds<TAB>note"
      IFS=$'\t' read -r step_s extra < "$out" || die "step $name printed no timing on stdout" ;;
    morph-kgc-*)  # its log: "Mappings processed in X seconds", "Materialization finished in Y seconds"
      local parse
      parse=$(grep -o 'Mappings processed in [0-9.]*' "$err" | awk '{ print $4 }' || true)
      step_s=$(grep -o 'Materialization finished in [0-9.]*' "$err" | awk '{ print $4 }' || true)
      extra="morph-kgc log: mapping parse ${parse:-?} s, materialization ${step_s:-?} s" ;;
  esac
  note="${note:+$note; }$extra"
  if [ -n "$size_of" ] && [ -e "$size_of" ]; then
    note="${note:+$note; }$(basename "$size_of") $(mb "$size_of") MB"
  fi
  if [ -f "$triples" ]; then triples=$(wc -l < "$triples"); fi
  if [ "$triples" != "-" ]; then tps=$(echo "scale=0; $triples / $wall" | bc); else triples=""; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%.3f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$(date -u +%FT%TZ)" "$RUN_ID" "$n" "$tool" "$name" "$run" "$wall" "$step_s" "$rss" \
    "$tree" "$triples" "$tps" "$l0" "$l1" "$note" >> "$TSV"
  printf '%-22s N=%-8s run %s  wall %8.2f s  RSS %7s MB  triples %10s  load %s -> %s  %s\n' \
    "$name" "$n" "$run" "$wall" "$rss" "${triples:--}" "$l0" "$l1" "$note"
}

# morph_ini DIR PROCS OUT: Morph-KGC's config for one run (sources are data/*.csv relative to
# the working directory DIR)
morph_ini() {
  cat > "$1/morph-p$2.ini" <<EOF
[CONFIGURATION]
output_file = $3
output_format = N-TRIPLES
number_of_processes = $2
logging_level = INFO

[DataSource1]
mappings = $SHARED/bench/mapping.rml.ttl
EOF
}

# The graph name dropped from each quad: every line of mura's N-Quads is a quad whose graph is
# an IRI (mura puts every triple in a named graph), so the last IRI before the final " ." goes.
# pyoxigraph then parses the result as strict N-Triples: a line this got wrong (a triple with
# an IRI object, a blank-node graph) fails that step loudly instead of loading wrong data.
# (A full-term regex in sed was 13x slower: 36 s for the 295 MB of N = 100000.)
DROP_GRAPH='s/ <[^<>]*> \.$/ ./'

OXI=("$OXI_VENV/bin/python" "$HERE/peer_step.py")
OXI_TOOL=pyoxigraph-$OXI_VERSION
for N in $SIZES; do
  W=$BASE/n$N
  mkdir -p "$W"
  if [ ! -s "$W/data/awards.csv" ]; then
    "$PYTHON" "$SHARED/bench/gen_csv.py" "$N" "$W/data"
  fi
  COUNT=()
  [ "$N" -gt "$COUNT_MAX" ] || COUNT=(--count)  # len(store) in the note, outside the timing
  MURA_TRIPLES=""
  for R in $(seq 1 "$RUNS"); do
    rm -rf "$W/out.nt" "$W/out.nq" "$W/store" "$W/oxi-morph" "$W/oxi-mura" "$W"/morph-p*.nt \
      "$W"/*.ttl "$W/default.nt" "$W/noreif.nq"

    # CSV -> N-Triples: mura, then Morph-KGC with 1 and 2 processes
    if has nt; then
      SIZE_OF=$W/out.nt step "$MURA_TOOL" nt "$N" "$R" "$W/out.nt" -- \
        "$MURA" export --data "$W/data" --format ntriples -q -o "$W/out.nt"
      MURA_TRIPLES=$(wc -l < "$W/out.nt")
      rm -f "$W/out.nt"
    fi
    if has nt-null; then
      # shellcheck disable=SC2016  # the inner sh expands $0 and $1
      step "$MURA_TOOL" nt-null "$N" "$R" "${MURA_TRIPLES:--}" -- \
        sh -c '"$0" export --data "$1" --format ntriples -q > /dev/null' "$MURA" "$W/data"
    fi
    for P in 1 2; do
      if has "morph-p$P"; then
        morph_ini "$W" "$P" "$W/morph-p$P.nt"
        # shellcheck disable=SC2016  # the inner sh expands $1..$3
        SIZE_OF=$W/morph-p$P.nt step "morph-kgc-$MORPH_VERSION" "morph-p$P" "$N" "$R" "$W/morph-p$P.nt" -- \
          sh -c 'cd "$1" && exec "$2" -m morph_kgc "$3"' sh "$W" "$MORPH_VENV/bin/python" "$W/morph-p$P.ini"
      fi
    done
    # one Morph-KGC output is kept for the pyoxigraph load: the 1-process one when there is one
    MORPH_NT=$W/morph-p1.nt
    [ -f "$MORPH_NT" ] || MORPH_NT=$W/morph-p2.nt
    if [ "$MORPH_NT" = "$W/morph-p1.nt" ]; then rm -f "$W/morph-p2.nt"; fi
    has oxi-load-morph || rm -f "$MORPH_NT"

    # CSV -> store: mura's N-Quads, mura's store, pyoxigraph's loads
    if has nq; then
      SIZE_OF=$W/out.nq step "$MURA_TOOL" nq "$N" "$R" "$W/out.nq" -- \
        "$MURA" export --data "$W/data" --format nquads -q -o "$W/out.nq"
      [ -n "$MURA_TRIPLES" ] || MURA_TRIPLES=$(wc -l < "$W/out.nq")
    fi
    if [ -z "$MURA_TRIPLES" ]; then  # neither nt nor nq selected: count once, untimed
      MURA_TRIPLES=$("$MURA" export --data "$W/data" --format ntriples -q | wc -l)
    fi
    if has store; then
      SIZE_OF=$W/store step "$MURA_TOOL" store "$N" "$R" "$MURA_TRIPLES" -- \
        "$MURA" build --data "$W/data" --store "$W/store" -q
    fi
    if has memory && [ "$N" -le "$MEM_MAX" ]; then
      step "$MURA_TOOL" memory "$N" "$R" "$MURA_TRIPLES" -- "$MURA" build --data "$W/data" -q
    fi
    OXI_TRIPLES=""
    if has oxi-load-morph; then
      OXI_TRIPLES=$(wc -l < "$MORPH_NT")
      NOTE="input $(basename "$MORPH_NT")" SIZE_OF=$W/oxi-morph step "$OXI_TOOL" oxi-load-morph "$N" "$R" "$OXI_TRIPLES" -- \
        "${OXI[@]}" load "$W/oxi-morph" "$MORPH_NT" nt "${COUNT[@]}"
      rm -f "$MORPH_NT"
    fi
    if has oxi-load-mura-nq; then
      SIZE_OF=$W/oxi-mura step "$OXI_TOOL" oxi-load-mura-nq "$N" "$R" "$W/out.nq" -- \
        "${OXI[@]}" load "$W/oxi-mura" "$W/out.nq" nq "${COUNT[@]}"
      rm -rf "$W/oxi-mura"
    fi
    if has oxi-load-mura-default; then
      LC_ALL=C sed "$DROP_GRAPH" "$W/out.nq" > "$W/default.nt"
      NOTE="graph names dropped: default.nt $(mb "$W/default.nt") MB" SIZE_OF=$W/oxi-mura \
        step "$OXI_TOOL" oxi-load-mura-default "$N" "$R" "$W/default.nt" -- \
        "${OXI[@]}" load "$W/oxi-mura" "$W/default.nt" nt "${COUNT[@]}"
      rm -rf "$W/oxi-mura" "$W/default.nt"
    fi
    if has oxi-load-mura-noreif; then
      NOREIF=$W/noreif.nq
      if LC_ALL=C grep -q '^<[^>]*/statement/[^>]*> ' "$W/out.nq"; then
        LC_ALL=C grep -v '^<[^>]*/statement/[^>]*> ' "$W/out.nq" > "$NOREIF" || [ $? = 1 ]
        DROPPED="reification lines dropped: $(($(wc -l < "$W/out.nq") - $(wc -l < "$NOREIF")))"
      else  # no statement nodes: the same file, not a copy of it
        NOREIF=$W/out.nq
        DROPPED="reification lines dropped: 0 (input: out.nq itself)"
      fi
      NOTE=$DROPPED SIZE_OF=$W/oxi-mura step "$OXI_TOOL" oxi-load-mura-noreif "$N" "$R" "$NOREIF" -- \
        "${OXI[@]}" load "$W/oxi-mura" "$NOREIF" nq "${COUNT[@]}"
      rm -rf "$W/oxi-mura" "$W/noreif.nq"
    fi
    rm -f "$W/out.nq"

    # store -> Turtle and queries: mura, then pyoxigraph
    if has turtle; then
      SIZE_OF=$W/out.ttl step "$MURA_TOOL" turtle "$N" "$R" "$MURA_TRIPLES" -- \
        "$MURA" export --store "$W/store" -q -o "$W/out.ttl"
      rm -f "$W/out.ttl"
    fi
    if has oxi-dump; then
      SIZE_OF=$W/oxi.ttl step "$OXI_TOOL" oxi-dump "$N" "$R" "$OXI_TRIPLES" -- \
        "${OXI[@]}" dump "$W/oxi-morph" "$W/oxi.ttl"
      rm -f "$W/oxi.ttl"
    fi
    if [[ " $QUERY_N " = *" $N "* ]]; then
      if has queries; then
        for q in "$HERE"/queries/*.rq; do
          step "$MURA_TOOL" "q:$(basename "$q" .rq)" "$N" "$R" - -- \
            "$MURA" query "$q" --store "$W/store" --format tsv
        done
      fi
      if has oxi-query; then
          step "$OXI_TOOL" oxi-query "$N" "$R" - -- "${OXI[@]}" query "$W/oxi-morph"
      fi
    fi
    rm -rf "$W/store" "$W/oxi-morph"
    if has csv-turtle; then
      SIZE_OF=$W/csv.ttl step "$MURA_TOOL" csv-turtle "$N" "$R" "$MURA_TRIPLES" -- \
        "$MURA" export --data "$W/data" -q -o "$W/csv.ttl"
      rm -f "$W/csv.ttl"
    fi
  done
done
kill "$SAMPLER" 2>/dev/null || true
echo
echo "rows: $TSV"
"$PYTHON" "$HERE/summarize.py" "$TSV"
