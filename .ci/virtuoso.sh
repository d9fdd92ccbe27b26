#!/usr/bin/env bash
# A throwaway Virtuoso Open Source 7 instance on loopback, for the push tests
# (tests/common/virtuoso.rs) and benches/push.sh: its own database folder and ini, never
# the system's. Needs `virtuoso-t` and `isql-vt` (apt-get install virtuoso-opensource).
#
#   .ci/virtuoso.sh start DIR HTTP_PORT ISQL_PORT [PASSWORD]   prints nothing; ready on return
#   .ci/virtuoso.sh stop DIR ISQL_PORT [PASSWORD]
#
# start copies /etc/virtuoso-opensource-7/virtuoso.ini into DIR, points every database
# file at DIR, binds both ports to 127.0.0.1, allows DIR/load for the bulk loader, raises
# the buffers, starts `virtuoso-t +foreground` (PID in DIR/virtuoso.pid), waits until
# `GET /sparql?query=ASK{}` answers 200 (at most 120 s), and sets the dba password to
# PASSWORD (default dba). stop runs `shutdown` through isql-vt and waits for the PID.
# MAX_QUERY_SECONDS, when set, replaces the shipped `[SPARQL] MaxQueryExecutionTime = 60`
# (benches/push.sh sets 0, no limit: the swap of an 18.6M-triple graph is one update that
# runs longer than 60 s, which Virtuoso stops with SR171).
set -euo pipefail

cmd="$1"
dir="$(realpath -m "$2")"

case "$cmd" in
start)
    http_port="$3"
    isql_port="$4"
    password="${5:-dba}"
    mkdir -p "$dir/db" "$dir/load"
    ini="$dir/virtuoso.ini"
    awk -v db="$dir/db" -v http="127.0.0.1:$http_port" -v isql="127.0.0.1:$isql_port" \
        -v load="$dir/load" -v maxq="${MAX_QUERY_SECONDS:-}" '
        /^\[/ { section = $0 }
        /^(DatabaseFile|ErrorLogFile|LockFile|TransactionFile|xa_persistent_file)[ \t]*=/ {
            n = split($0, parts, "/"); file = parts[n]
            sub(/=.*/, "= " db "/" file); print; next
        }
        section == "[Parameters]" && /^ServerPort[ \t]*=/ { print "ServerPort = " isql; next }
        section == "[HTTPServer]" && /^ServerPort[ \t]*=/ { print "ServerPort = " http; next }
        /^DirsAllowed[ \t]*=/ { print $0 ", " load; next }
        maxq != "" && /^MaxQueryExecutionTime[ \t]*=/ { print "MaxQueryExecutionTime = " maxq; next }
        /^NumberOfBuffers[ \t]*=/ { print "NumberOfBuffers = 170000"; next }
        /^MaxDirtyBuffers[ \t]*=/ { print "MaxDirtyBuffers = 130000"; next }
        { print }
    ' /etc/virtuoso-opensource-7/virtuoso.ini >"$ini"
    (cd "$dir" && exec virtuoso-t +foreground +configfile "$ini" >"$dir/stdout.log" 2>&1) &
    echo $! >"$dir/virtuoso.pid"
    for _ in $(seq 1 240); do
        if curl -s -o /dev/null -w '%{http_code}' \
            "http://127.0.0.1:$http_port/sparql?query=ASK%7B%7D" 2>/dev/null | grep -q 200; then
            if [ "$password" != dba ]; then
                isql-vt "127.0.0.1:$isql_port" dba dba exec="SET PASSWORD dba $password;" >/dev/null
            fi
            exit 0
        fi
        if ! kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null; then
            echo "virtuoso-t exited; its log:" >&2
            cat "$dir/stdout.log" "$dir/db/virtuoso.log" >&2 2>/dev/null || true
            exit 1
        fi
        sleep 0.5
    done
    echo "Virtuoso did not answer on 127.0.0.1:$http_port within 120 s" >&2
    exit 1
    ;;
stop)
    isql_port="$3"
    password="${4:-dba}"
    pid="$(cat "$dir/virtuoso.pid" 2>/dev/null || true)"
    isql-vt "127.0.0.1:$isql_port" dba "$password" exec="shutdown;" >/dev/null 2>&1 || true
    if [ -n "$pid" ]; then
        for _ in $(seq 1 120); do
            kill -0 "$pid" 2>/dev/null || exit 0
            sleep 0.5
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    ;;
*)
    echo "usage: $0 start DIR HTTP_PORT ISQL_PORT [PASSWORD] | stop DIR ISQL_PORT [PASSWORD]" >&2
    exit 2
    ;;
esac
