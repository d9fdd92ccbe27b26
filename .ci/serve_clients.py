"""Real clients against `mura serve` (issue #11), run by .ci/run:

  python .ci/serve_clients.py target/debug/mura

Starts `mura serve` on a free loopback port on the shipped dataset, then:
- rdflib's SPARQLStore (a SPARQL 1.1 Protocol client nobody here wrote) runs every named
  SELECT query of queries/ through /sparql, and its rows equal `mura query NAME --format json`;
- every /data/ format of an entity is parsed with rdflib and with pyoxigraph, and both give
  the same triples (the entity among their subjects);
- `curl -L -H 'Accept: text/turtle'` on the entity IRI's path follows the 303 and returns
  Turtle holding the entity's triples.
Stops the server; exits non-zero on the first mismatch.
"""

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyoxigraph
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore

ROOT = Path(__file__).resolve().parent.parent
ENTITY = "https://w3id.org/mura/id/museum/ykylas-museum"
PATH = "/id/museum/ykylas-museum"
FORMATS = {
    "ttl": ("turtle", "text/turtle"),
    "nt": ("nt", "application/n-triples"),
    "jsonld": ("json-ld", "application/ld+json"),
    "rdf": ("xml", "application/rdf+xml"),
}


def fail(message: str) -> None:
    print(f"FAIL {message}", file=sys.stderr)
    sys.exit(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rows_of_json(doc: dict) -> list:
    """A SPARQL JSON result as sorted rows of N-Triples-like strings."""
    def term(t):
        if t is None:
            return None
        if t["type"] == "uri":
            return f"<{t['value']}>"
        if t["type"] == "literal":
            tag = t.get("xml:lang")
            return f"{t['value']}@{tag}" if tag else t["value"]
        return "_:"
    names = doc["head"]["vars"]
    return sorted(tuple(term(b.get(n)) for n in names) for b in doc["results"]["bindings"])


def rows_of_rdflib(result) -> list:
    def term(t):
        if t is None:
            return None
        if isinstance(t, rdflib.URIRef):
            return f"<{t}>"
        if isinstance(t, rdflib.Literal):
            return f"{t}@{t.language}" if t.language else str(t)
        return "_:"
    return sorted(tuple(term(row[i]) for i in range(len(result.vars))) for row in result)


def main() -> int:
    mura = str(Path(sys.argv[1]).resolve())
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [mura, "serve", "--bind", f"127.0.0.1:{port}", "--quiet"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/health", timeout=1).read()
                break
            except OSError:
                if server.poll() is not None:
                    fail(f"mura serve stopped: {server.stderr.read().decode()}")
                time.sleep(0.1)
        else:
            fail("mura serve did not answer /health within 30 s")

        store = SPARQLStore(f"{base}/sparql", returnFormat="json")
        checked = 0
        for path in sorted((ROOT / "queries").glob("*.rq")):
            text = path.read_text(encoding="utf-8")
            if "SERVICE" in text or "SELECT" not in text:
                continue
            mine = subprocess.run(
                [mura, "query", path.stem, "--format", "json"],
                cwd=ROOT, capture_output=True, check=True,
            )
            expected = rows_of_json(json.loads(mine.stdout))
            got = rows_of_rdflib(store.query(text))
            if got != expected:
                fail(f"{path.stem}: SPARQLStore rows differ from mura query:\n{got}\n{expected}")
            checked += 1
        print(f"ok   rdflib SPARQLStore: {checked} named queries give the rows of `mura query`")

        for suffix, (rdflib_format, media) in FORMATS.items():
            body = urllib.request.urlopen(f"{base}/data{PATH[3:]}.{suffix}", timeout=10).read()
            # a Dataset: JSON-LD keeps the named graphs (one per source)
            ds = rdflib.Dataset()
            ds.parse(data=body, format=rdflib_format)
            quads = list(ds.quads((None, None, None, None)))
            ox = list(pyoxigraph.parse(
                body, format=pyoxigraph.RdfFormat.from_media_type(media), base_iri=ENTITY))
            if rdflib.URIRef(ENTITY) not in {q[0] for q in quads}:
                fail(f"/data/ .{suffix}: the entity is not a subject")
            if len(ox) != len(quads):
                fail(f"/data/ .{suffix}: pyoxigraph read {len(ox)} statements, rdflib {len(quads)}")
            print(f"ok   /data/…{suffix}: rdflib and pyoxigraph read {len(quads)} statements")

        curl = subprocess.run(
            ["curl", "-sS", "-L", "-H", "Accept: text/turtle", f"{base}{PATH}"],
            capture_output=True, check=True,
        )
        g = rdflib.Graph().parse(data=curl.stdout, format="turtle")
        about = len(list(g.triples((rdflib.URIRef(ENTITY), None, None))))
        if about == 0:
            fail("curl -L: the Turtle holds no triple about the entity")
        print(f"ok   curl -L -H 'Accept: text/turtle' {PATH}: {about} triples about the entity")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    print("serve clients: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
