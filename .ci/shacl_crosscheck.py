#!/usr/bin/env python3
"""Cross-checks mura's SHACL verdicts with pySHACL, an independent SHACL engine.

Usage: python .ci/shacl_crosscheck.py PATH/TO/mura

For the shipped graph (`mura export --format turtle`) and every
`tests/fixtures/shacl/*.ttl`, runs pySHACL with `ontology/shapes.ttl` (no inference,
warnings allowed) and `mura validate --rdf FILE --format json`, and compares:

- the verdict (sh:conforms);
- the number of results, and the number of violations;
- the set of (focus node, source shape, severity) of the results.

Prints one line per file; exits 1 on any disagreement, 2 on a usage or run error. A
disagreement is a failure: either the shapes use a construct the engines read differently
(reformulate it) or one engine has a bug (report it).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pyshacl
import rdflib
from rdflib.namespace import RDF, SH

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "ontology" / "shapes.ttl"


def short(term: str) -> str:
    for prefix, name in [
        ("https://w3id.org/mura/shapes#", "mush:"),
        ("https://w3id.org/mura/id/", ":"),
        ("http://www.w3.org/ns/shacl#", "sh:"),
    ]:
        if term.startswith(prefix):
            return name + term[len(prefix):]
    return term


def pyshacl_results(data: Path, shapes: rdflib.Graph):
    graph = rdflib.Graph().parse(data, format="turtle")
    conforms, report, _ = pyshacl.validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        allow_warnings=False,
        abort_on_first=False,
    )
    # Only the report's top-level results (sh:result): pySHACL also types the nested
    # results of sh:node (its sh:detail) as sh:ValidationResult.
    root = report.value(predicate=RDF.type, object=SH.ValidationReport, any=False)
    results = []
    for r in report.objects(root, SH.result):
        shape = report.value(r, SH.sourceShape)
        results.append(
            (
                str(report.value(r, SH.focusNode)),
                str(shape) if isinstance(shape, rdflib.URIRef) else "_:blank",
                str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1].lower(),
            )
        )
    return bool(conforms), results


def mura_results(mura: str, data: Path):
    run = subprocess.run(
        [mura, "validate", "--rdf", str(data), "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if run.returncode not in (0, 1):
        sys.exit(f"mura validate --rdf {data} failed ({run.returncode}): {run.stderr}")
    doc = json.loads(run.stdout)
    # exit 0 means no violations (warnings allowed); sh:conforms is false on any result
    if (doc["violations"] == 0) != (run.returncode == 0):
        sys.exit(f"mura validate --rdf {data}: exit {run.returncode} but {doc['violations']} violations")
    results = [
        (
            r["focusNode"],
            r["sourceShape"] if r["sourceShape"] and "://" in r["sourceShape"] else "_:blank",
            r["severity"],
        )
        for r in doc["results"]
    ]
    return bool(doc["conforms"]), results


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    mura = sys.argv[1]
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        def export(name: str, *args: str) -> Path:
            out = Path(tmp) / name
            run = subprocess.run(
                [mura, "export", *args, "--format", "turtle", "-o", str(out)],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            if run.returncode != 0:
                sys.exit(f"mura export {' '.join(args)} failed: {run.stderr}")
            return out

        shipped = export("shipped.ttl")
        # the two-sources fixture (several citations per record, claims), minted under
        # the shipped base so pySHACL can use ontology/shapes.ttl as it is
        two = export("two-sources.ttl", "--data", "tests/fixtures/two-sources",
                     "--base", "https://w3id.org/mura/id/")
        files = [("shipped graph", shipped), ("two-sources fixture", two)] + [
            (str(p.relative_to(ROOT)), p)
            for p in sorted((ROOT / "tests" / "fixtures" / "shacl").glob("*.ttl"))
        ]
        if len(files) < 2:
            print("no fixtures in tests/fixtures/shacl", file=sys.stderr)
            return 2
        for name, path in files:
            py_conforms, py = pyshacl_results(path, shapes)
            mu_conforms, mu = mura_results(mura, path)
            py_v = sum(1 for r in py if r[2] == "violation")
            mu_v = sum(1 for r in mu if r[2] == "violation")
            same = (
                py_conforms == mu_conforms
                and len(py) == len(mu)
                and py_v == mu_v
                and sorted(py) == sorted(mu)
            )
            verdict = "ok  " if same else "FAIL"
            print(
                f"{verdict} {name}: conforms pyshacl={py_conforms} mura={mu_conforms}; "
                f"results pyshacl={len(py)} mura={len(mu)} (violations {py_v}/{mu_v})"
            )
            if not same:
                failures += 1
                for r in sorted(set(py) - set(mu)):
                    print(f"       only pyshacl: {short(r[0])} {short(r[1])} {r[2]}")
                for r in sorted(set(mu) - set(py)):
                    print(f"       only mura:    {short(r[0])} {short(r[1])} {r[2]}")
                if sorted(set(py)) == sorted(set(mu)):
                    print("       same (focus, shape) pairs, different multiplicities")
    if failures:
        print(f"{failures} disagreement(s) between pySHACL and mura", file=sys.stderr)
        return 1
    print(f"pySHACL and mura agree on all {len(files)} graphs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
