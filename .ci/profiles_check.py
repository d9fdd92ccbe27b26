#!/usr/bin/env python3
"""Checks every mura export profile with the tools aggregators use, offline.

Usage: python .ci/profiles_check.py PATH/TO/mura [SHARED_DIR]

For each profile listed by `mura profiles` it exports the shipped dataset in the profile's
own format and as N-Triples, then:

- re-reads the profile's own output with rdflib and with pyoxigraph and compares the
  triples with the N-Triples export (rdflib: isomorphic graphs; pyoxigraph: equal sets);
  for JSON-LD the published context (https://schema.org, the Linked Art context) is
  replaced by the local copy in SHARED_DIR/vendor (nothing is fetched);
- JSON-LD profiles (schema, linked-art): expands the document with pyld (offline document
  loader over SHARED_DIR/vendor), converts it to N-Quads and compares with the N-Triples;
  also checks the document is compacted (a string `@context`, no expanded IRIs as keys);
- linked-art: validates every top-level record (one file per entity, `--split`) against
  the Linked Art API 1.0 JSON Schemas (refs resolved offline from SHARED_DIR/vendor);
- every export is byte-identical twice.

The EDM RDF/XML is validated against the EDM XSD by .ci/run (xmllint). Prints one line per
check; exits 1 on any failure, 2 on a usage or export error.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox
import rdflib
from jsonschema import Draft202012Validator
from pyld import jsonld
from rdflib.compare import isomorphic
from referencing import Registry, Resource

FORMATS = {  # mura format name -> (rdflib format, pyoxigraph format)
    "jsonld": ("json-ld", ox.RdfFormat.JSON_LD),
    "rdfxml": ("xml", ox.RdfFormat.RDF_XML),
    "turtle": ("turtle", ox.RdfFormat.TURTLE),
    "ntriples": ("nt", ox.RdfFormat.N_TRIPLES),
}

# Linked Art record type -> schema file of the API 1.0
LA_SCHEMAS = {
    "Group": "group.json",
    "Person": "person.json",
    "Place": "place.json",
    "Activity": "event.json",
    "Event": "event.json",
    "Period": "event.json",
    "LinguisticObject": "text.json",
    "Type": "concept.json",
    "Language": "concept.json",
}

failures = 0


def report(profile: str, check: str, ok: bool, detail: str = "") -> None:
    global failures
    if not ok:
        failures += 1
    print(f"{profile:<11} {check:<28} {'ok' if ok else 'FAIL':<5} {detail}", flush=True)


def run(mura: str, *args: str) -> bytes:
    out = subprocess.run([mura, *args], capture_output=True)
    if out.returncode != 0:
        sys.stderr.write(f"mura {' '.join(args)} failed:\n{out.stderr.decode()}")
        sys.exit(2)
    return out.stdout


def local_contexts(shared: Path) -> dict[str, Path]:
    vendor = shared / "vendor"
    schema = vendor / "schemaorg/schemaorgcontext.jsonld"
    local = {
        url: schema
        for url in (
            "https://schema.org",
            "https://schema.org/",
            "http://schema.org",
            "http://schema.org/",
            "https://schema.org/docs/jsonldcontext.json",
            "https://schema.org/docs/jsonldcontext.jsonld",
        )
    }
    local["https://linked.art/ns/v1/linked-art.json"] = vendor / "linked-art/ns/v1/linked-art.json"
    return local


def offline_loader(local: dict[str, Path]):
    def load(url, options=None):
        if url not in local:
            raise jsonld.JsonLdError(
                "no local copy of " + url, "jsonld.LoadDocumentError", code="loading document failed"
            )
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": json.loads(local[url].read_text("utf-8")),
        }

    return load


def inline_context(doc, local: dict[str, Path]):
    """The document with its context URL replaced by the local copy's @context."""
    if isinstance(doc, list):
        return [inline_context(d, local) for d in doc]
    ctx = doc.get("@context")
    if isinstance(ctx, str):
        doc = dict(doc)
        doc["@context"] = json.loads(local[ctx].read_text("utf-8"))["@context"]
    return doc


def ox_triples(data: bytes, fmt) -> set:
    return {(q.subject, q.predicate, q.object) for q in ox.parse(data, format=fmt)}


def json_ids(doc) -> set[str]:
    """Every `id`/`@id` written in a JSON-LD document."""
    ids: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("id", "@id") and isinstance(v, str):
                    ids.add(v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(doc)
    return ids


def anonymised(nt: bytes, named: set[str]) -> rdflib.Graph:
    """The N-Triples with every subject IRI the JSON does not name turned into a blank
    node (Linked Art embeds Names, TimeSpans, … without `id`; N-Triples keeps their IRIs)."""
    g = rdflib.Graph().parse(data=nt.decode(), format="nt")
    subjects = {s for s in g.subjects() if isinstance(s, rdflib.URIRef) and str(s) not in named}
    if not subjects:
        return g
    blank = {s: rdflib.BNode() for s in subjects}
    out = rdflib.Graph()
    for s, p, o in g:
        out.add((blank.get(s, s), p, blank.get(o, o) if isinstance(o, rdflib.URIRef) else o))
    return out


def rdflib_of(data: bytes, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=data.decode(), format=fmt)


def check_compacted(profile: str, doc: dict) -> None:
    ctx = doc.get("@context")
    expanded_keys = set()

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k.startswith("http://") or k.startswith("https://"):
                    expanded_keys.add(k)
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(doc)
    report(
        profile,
        "compacted JSON-LD",
        isinstance(ctx, str) and not expanded_keys,
        f"@context {ctx!r}" + (f", expanded keys {sorted(expanded_keys)[:3]}" if expanded_keys else ""),
    )


def main() -> None:
    if len(sys.argv) < 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    mura = sys.argv[1]
    shared = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parents[2] / "shared"
    local = local_contexts(shared)
    loader = offline_loader(local)
    listing = run(mura, "profiles").decode()
    profiles = []
    for line in listing.splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 3:
            profiles.append((cells[0], cells[1]))
    report("*", "profiles listed", len(profiles) >= 1, ", ".join(p for p, _ in profiles))

    for name, fmt in profiles:
        own = run(mura, "export", "--profile", name)
        again = run(mura, "export", "--profile", name)
        report(name, f"{fmt} byte-identical twice", own == again, f"{len(own)} bytes")
        nt = run(mura, "export", "--profile", name, "--format", "ntriples")
        reference_rdflib = rdflib.Graph().parse(data=nt.decode(), format="nt")
        reference_ox = ox_triples(nt, ox.RdfFormat.N_TRIPLES)
        report(name, "N-Triples non-empty", len(reference_ox) > 0, f"{len(reference_ox)} triples")

        data = own
        anonymous = False
        if fmt == "jsonld":
            doc = json.loads(own)
            check_compacted(name, doc)
            reference_rdflib = anonymised(nt, json_ids(doc))
            anonymous = len(reference_rdflib) and any(
                isinstance(s, rdflib.BNode) for s in reference_rdflib.subjects()
            )
            data = json.dumps(inline_context(doc, local), ensure_ascii=False).encode()
            expanded = jsonld.expand(doc, {"documentLoader": loader})
            nquads = jsonld.to_rdf(expanded, {"format": "application/n-quads", "documentLoader": loader})
            pyld_triples = ox_triples(nquads.encode(), ox.RdfFormat.N_QUADS)
            if anonymous:
                # embedded nodes without id: compare as graphs (blank nodes), with rdflib
                pyld_graph = rdflib_of(nquads.encode(), "nquads")
                report(
                    name,
                    "pyld expansion ≅ N-Triples",
                    isomorphic(pyld_graph, reference_rdflib),
                    f"{len(pyld_graph)} triples, isomorphic with embedded nodes as blank nodes",
                )
            else:
                missing = reference_ox - pyld_triples
                extra = pyld_triples - reference_ox
                report(
                    name,
                    "pyld expansion == N-Triples",
                    not missing and not extra,
                    f"{len(pyld_triples)} triples"
                    + (f"; missing e.g. {sorted(map(str, missing))[:2]}" if missing else "")
                    + (f"; extra e.g. {sorted(map(str, extra))[:2]}" if extra else ""),
                )
        rdflib_fmt, ox_fmt = FORMATS[fmt]
        try:
            g = rdflib.Graph().parse(data=data.decode(), format=rdflib_fmt)
            report(name, f"rdflib reads {fmt}", isomorphic(g, reference_rdflib), f"{len(g)} triples")
        except Exception as e:  # noqa: BLE001 - report any parser failure
            report(name, f"rdflib reads {fmt}", False, str(e)[:200])
        try:
            triples = ox_triples(data, ox_fmt)
            if fmt == "jsonld" and anonymous:
                as_nt = "".join(f"{s} {p} {o} .\n" for s, p, o in triples).encode()
                same = isomorphic(rdflib_of(as_nt, "nt"), reference_rdflib)
            else:
                same = triples == reference_ox
            report(name, f"pyoxigraph reads {fmt}", same, f"{len(triples)} triples")
        except Exception as e:  # noqa: BLE001
            report(name, f"pyoxigraph reads {fmt}", False, str(e)[:200])

        if name == "linked-art":
            check_linked_art(mura, shared)


def check_linked_art(mura: str, shared: Path) -> None:
    schemas = shared / "vendor/linked-art/api/1.0/schema"
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s))
        for s in (json.loads(p.read_text("utf-8")) for p in sorted(schemas.glob("*.json")))
    )
    with tempfile.TemporaryDirectory() as tmp:
        run(mura, "export", "--profile", "linked-art", "--split", tmp)
        files = sorted(Path(tmp).glob("*.jsonld"))
        counts: dict[str, int] = {}
        for path in files:
            record = json.loads(path.read_text("utf-8"))
            kind = record.get("type")
            schema_file = LA_SCHEMAS.get(kind)
            if schema_file is None:
                report("linked-art", "record type has a schema", False, f"{path.name}: {kind}")
                continue
            validator = Draft202012Validator(
                json.loads((schemas / schema_file).read_text("utf-8")), registry=registry
            )
            errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
            counts[kind] = counts.get(kind, 0) + 1
            if errors:
                report(
                    "linked-art",
                    f"schema {schema_file}",
                    False,
                    f"{path.name}: " + "; ".join(f"/{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:3]),
                )
        report(
            "linked-art",
            "JSON Schema, every record",
            bool(files),
            f"{len(files)} records validated: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())),
        )


if __name__ == "__main__":
    main()
    print("all profile checks passed" if failures == 0 else f"{failures} profile checks FAILED")
    sys.exit(1 if failures else 0)
