#!/usr/bin/env python3
"""One timed pyoxigraph step of benches/bench.sh, run under /usr/bin/time -v by the bench.

Usage (with the bench's pyoxigraph venv, pyoxigraph 0.5):
  peer_step.py load  STORE_DIR INPUT FORMAT [--count]   FORMAT: nt | nq
      Store(STORE_DIR).bulk_load(path=INPUT, format=...), then flush(). --count adds len(store),
      outside the timed part (it scans an index, so the bench asks for it only at small N).
  peer_step.py dump  STORE_DIR OUTPUT.ttl
      the default graph as Turtle with the prefixes schema: and ex: (the peer mapping's terms)
  peer_step.py query STORE_DIR
      SPARQL GROUP BY: museums per city, in the peer mapping's vocabulary (https://schema.org/)

Prints one line on stdout: "<seconds of the timed call><TAB><note>". The bench keeps the
seconds as step_s beside the process wall time that /usr/bin/time measures around it
(interpreter start, import and store open/close included).
"""
import sys
import time

import pyoxigraph as ox

MUSEUMS_PER_CITY = """
PREFIX schema: <https://schema.org/>
SELECT ?city (COUNT(?m) AS ?museums) WHERE {
  ?m a schema:Museum ; schema:containedInPlace ?city .
} GROUP BY ?city ORDER BY DESC(?museums) ?city
"""
FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS}
PREFIXES = {"schema": "https://schema.org/", "ex": "https://example.org/id/"}


def report(seconds, note):
    print(f"{seconds:.3f}\t{note}", flush=True)


def load(store_dir, path, fmt, count):
    store = ox.Store(store_dir)
    start = time.perf_counter()
    # pyoxigraph 0.5: a str first argument is RDF content, the file goes in path=
    store.bulk_load(path=path, format=FORMATS[fmt])
    store.flush()
    seconds = time.perf_counter() - start
    note = f"pyoxigraph {ox.__version__} bulk_load {fmt}"
    if count:
        note += f"; len={len(store)}"
    report(seconds, note)


def dump(store_dir, output):
    store = ox.Store(store_dir)
    start = time.perf_counter()
    store.dump(output, format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(),
               prefixes=PREFIXES)
    report(time.perf_counter() - start, f"pyoxigraph {ox.__version__} dump default graph")


def query(store_dir):
    store = ox.Store(store_dir)
    start = time.perf_counter()
    rows = [(s["city"].value, int(s["museums"].value)) for s in store.query(MUSEUMS_PER_CITY)]
    seconds = time.perf_counter() - start
    top = f"{rows[0][0]} {rows[0][1]}" if rows else "none"
    report(seconds, f"pyoxigraph {ox.__version__}; {len(rows)} groups, top {top}")


def main(argv):
    if len(argv) >= 4 and argv[0] == "load" and argv[3] in FORMATS:
        load(argv[1], argv[2], argv[3], "--count" in argv[4:])
    elif len(argv) == 3 and argv[0] == "dump":
        dump(argv[1], argv[2])
    elif len(argv) == 2 and argv[0] == "query":
        query(argv[1])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
