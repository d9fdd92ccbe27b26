#!/usr/bin/env python3
"""Re-reads every mura export format with two independent RDF parsers.

Usage: python .ci/roundtrip.py PATH/TO/mura [DATA_DIR]

Exports the shipped dataset (or DATA_DIR) in every format mura writes (turtle, ntriples,
nquads, trig, rdfxml, jsonld), parses each export with rdflib and with pyoxigraph and
compares it with the N-Quads export read by the same parser:

- rdflib: `rdflib.compare.isomorphic` per named graph for the dataset formats (N-Quads,
  TriG, JSON-LD), and on the union of the graphs for the graph-only formats (Turtle,
  N-Triples, RDF/XML, which hold that union);
- pyoxigraph: equal sets of quads (dataset formats) or of triples (graph-only formats).

It also checks that rdflib and pyoxigraph read the N-Quads export alike, and that two
exports of each format are byte-identical. Prints one line per check; exits 1 on any
mismatch, 2 on a usage or export error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic

# (mura --format name, keeps named graphs, rdflib format, pyoxigraph format)
FORMATS = [
    ("turtle", False, "turtle", ox.RdfFormat.TURTLE),
    ("ntriples", False, "nt", ox.RdfFormat.N_TRIPLES),
    ("nquads", True, "nquads", ox.RdfFormat.N_QUADS),
    ("trig", True, "trig", ox.RdfFormat.TRIG),
    ("rdfxml", False, "xml", ox.RdfFormat.RDF_XML),
    ("jsonld", True, "json-ld", ox.RdfFormat.JSON_LD),
]

failures = 0


def report(fmt: str, parser: str, ok: bool, detail: str) -> None:
    global failures
    if not ok:
        failures += 1
    print(f"{fmt:<9} {parser:<11} {'ok' if ok else 'MISMATCH':<9} {detail}", flush=True)


def short(error: Exception) -> str:
    """An exception message on one line, at most 300 characters."""
    text = " ".join(str(error).split())
    return text if len(text) <= 300 else text[:297] + "..."


def export(mura: str, data: Path, fmt: str) -> bytes:
    result = subprocess.run(
        [mura, "export", "--data", str(data), "--format", fmt],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr.decode("utf-8", "replace"))
        sys.exit(f"roundtrip: `mura export --format {fmt}` failed with status {result.returncode}")
    return result.stdout


# ---- rdflib ----------------------------------------------------------------------------


def rdflib_graphs(data: bytes, fmt: str, datasets: bool) -> dict[str, rdflib.Graph]:
    """The parsed export as {graph name: Graph}; graph-only formats give {"": Graph}."""
    if not datasets:
        graph = rdflib.Graph()
        graph.parse(data=data, format=fmt)
        return {"": graph}
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=fmt)
    graphs: dict[str, rdflib.Graph] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = "" if g is None or str(g) == str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID) else str(g)
        graphs.setdefault(name, rdflib.Graph()).add((s, p, o))
    return graphs


def union(graphs: dict[str, rdflib.Graph]) -> rdflib.Graph:
    out = rdflib.Graph()
    for graph in graphs.values():
        for triple in graph:
            out.add(triple)
    return out


def has_blank_nodes(graphs: dict[str, rdflib.Graph]) -> bool:
    return any(isinstance(t, rdflib.BNode) for g in graphs.values() for triple in g for t in triple)


def check_rdflib(fmt: str, datasets: bool, got: dict[str, rdflib.Graph], reference: dict[str, rdflib.Graph]) -> None:
    if has_blank_nodes(got):
        report(fmt, "rdflib", False, "blank nodes in the export")
        return
    if not datasets:
        expected = union(reference)
        ok = isomorphic(got[""], expected)
        report(fmt, "rdflib", ok, f"{len(got[''])} triples vs {len(expected)} in the union of the N-Quads graphs")
        return
    if set(got) != set(reference):
        report(fmt, "rdflib", False, f"graphs {sorted(got)} vs {sorted(reference)}")
        return
    bad = [name for name in sorted(reference) if not isomorphic(got[name], reference[name])]
    total = sum(len(g) for g in got.values())
    detail = f"{len(got)} graphs, {total} quads" + (f"; differ: {', '.join(bad)}" if bad else "")
    report(fmt, "rdflib", not bad, detail)


# ---- pyoxigraph ------------------------------------------------------------------------


def oxigraph_set(data: bytes, fmt: ox.RdfFormat, datasets: bool) -> set:
    quads = ox.parse(input=data, format=fmt)
    if datasets:
        return {q for q in quads}
    return {q.triple for q in quads}


def check_oxigraph(fmt: str, datasets: bool, got: set, reference: set[ox.Quad]) -> None:
    expected = reference if datasets else {q.triple for q in reference}
    blank = any(isinstance(t, ox.BlankNode) for x in got for t in (x.subject, x.object))
    missing, extra = expected - got, got - expected
    detail = f"{len(got)} {'quads' if datasets else 'triples'}"
    if blank:
        detail += "; blank nodes in the export"
    if missing or extra:
        detail += f"; {len(missing)} missing, {len(extra)} extra"
        for x in sorted(map(str, missing))[:3]:
            detail += f"\n    - {x}"
        for x in sorted(map(str, extra))[:3]:
            detail += f"\n    + {x}"
    report(fmt, "pyoxigraph", not (missing or extra or blank), detail)


def to_rdflib(term):
    """A pyoxigraph term as the rdflib term rdflib's own parsers would build."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == str(rdflib.XSD.string):
            return rdflib.Literal(term.value)  # rdflib reads a plain literal without a datatype
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise ValueError(f"unexpected term {term!r}")


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    mura = str(Path(sys.argv[1]).resolve())
    root = Path(__file__).resolve().parent.parent
    data = Path(sys.argv[2]).resolve() if len(sys.argv) == 3 else root / "data"

    exports = {}
    for name, *_ in FORMATS:
        first, second = export(mura, data, name), export(mura, data, name)
        report(name, "bytes", first == second and len(first) > 0, f"two exports {'are' if first == second else 'are NOT'} byte-identical ({len(first)} bytes)")
        exports[name] = first

    rdflib_reference = rdflib_graphs(exports["nquads"], "nquads", True)
    oxigraph_reference = oxigraph_set(exports["nquads"], ox.RdfFormat.N_QUADS, True)

    # the two parsers read the reference alike
    as_rdflib = {}
    for q in oxigraph_reference:
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        as_rdflib.setdefault(name, set()).add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    from_rdflib = {name: set(graph) for name, graph in rdflib_reference.items()}
    report("nquads", "both", as_rdflib == from_rdflib, f"rdflib and pyoxigraph read the same {len(oxigraph_reference)} quads")

    for name, datasets, rdflib_format, ox_format in FORMATS:
        try:
            check_rdflib(name, datasets, rdflib_graphs(exports[name], rdflib_format, datasets), rdflib_reference)
        except Exception as e:  # a parse error is a mismatch, not a crash
            report(name, "rdflib", False, f"parse error: {short(e)}")
        try:
            check_oxigraph(name, datasets, oxigraph_set(exports[name], ox_format, datasets), oxigraph_reference)
        except Exception as e:
            report(name, "pyoxigraph", False, f"parse error: {short(e)}")

    if failures:
        print(f"roundtrip: {failures} check(s) failed", file=sys.stderr)
        return 1
    print("roundtrip: every format re-reads to the N-Quads export with rdflib and pyoxigraph")
    return 0


if __name__ == "__main__":
    sys.exit(main())
