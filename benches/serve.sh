#!/usr/bin/env bash
# Load bench of `mura serve` beside `oxigraph serve-read-only --union-default-graph` on the
# same data, in the same run (issue #11): wrk, DURATION seconds and CONNECTIONS connections
# per scenario, the scenarios interleaved (mura, then oxigraph, for each kind of request).
# Prints one table (requests/s, p50, p99, non-2xx, RSS before/after) for BENCHMARKS.md.
#
#   benches/serve.sh [MURA_BINARY]        (default target/release/mura; build it first)
#
# Environment: OXIGRAPH (the oxigraph binary, pip oxigraph==0.5.13), DURATION (60),
# CONNECTIONS (64), THREADS (2). Needs wrk (apt-get install wrk). Loopback only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mura="$(realpath "${1:-target/release/mura}")"
oxigraph="${OXIGRAPH:-oxigraph}"
duration="${DURATION:-60}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
tmp="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT

"$mura" export --format nquads -o "$tmp/data.nq"
"$oxigraph" load --location "$tmp/oxi" --file "$tmp/data.nq" >/dev/null 2>&1
# the query cap (503 beyond it; 8 by default) is raised to the connection count, so that
# every request is answered rather than refused
"$mura" serve --bind 127.0.0.1:7801 --quiet --max-queries "$connections" 2>/dev/null &
mura_pid=$!
"$oxigraph" serve-read-only --location "$tmp/oxi" --bind 127.0.0.1:7802 --union-default-graph \
    >/dev/null 2>&1 &
oxi_pid=$!
for url in http://127.0.0.1:7801/health "http://127.0.0.1:7802/query?query=ASK%7B%7D"; do
    for _ in $(seq 300); do curl -sf -o /dev/null "$url" && break; sleep 0.1; done
done

urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.stdin.read()))'; }
members="$(urlencode < queries/members.rq)"
award="$(urlencode < queries/award.rq)"
entity="https://w3id.org/mura/id/museum/ykylas-museum"
describe="$(printf 'DESCRIBE <%s>' "$entity" | urlencode)"
rss() { awk '/VmRSS/ {print int($2/1024) " MB"}' "/proc/$1/status"; }

printf '| request | server | requests/s | p50 | p99 | non-2xx | RSS before → after |\n'
printf '|---|---|---|---|---|---|---|\n'
run() { # label server pid accept url
    local before out rps p50 p99 non2xx
    before="$(rss "$3")"
    out="$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -H "Accept: $4" "$5")"
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
    p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
    non2xx="$(awk '/Non-2xx/ {print $5}' <<<"$out")"
    printf '| %s | %s | %s | %s | %s | %s | %s → %s |\n' "$1" "$2" "$rps" "$p50" "$p99" \
        "${non2xx:-0}" "$before" "$(rss "$3")"
}
json="application/sparql-results+json"
run "named query members" mura "$mura_pid" "$json" "http://127.0.0.1:7801/sparql?query=$members"
run "named query members" oxigraph "$oxi_pid" "$json" "http://127.0.0.1:7802/query?query=$members"
run "named query award" mura "$mura_pid" "$json" "http://127.0.0.1:7801/sparql?query=$award"
run "named query award" oxigraph "$oxi_pid" "$json" "http://127.0.0.1:7802/query?query=$award"
run "entity as Turtle (/data/ vs DESCRIBE)" mura "$mura_pid" text/turtle \
    "http://127.0.0.1:7801/data/museum/ykylas-museum.ttl"
run "entity as Turtle (/data/ vs DESCRIBE)" oxigraph "$oxi_pid" text/turtle \
    "http://127.0.0.1:7802/query?query=$describe"
run "HTML entity page" mura "$mura_pid" text/html \
    "http://127.0.0.1:7801/page/museum/ykylas-museum"
printf '\nload average after the run: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
