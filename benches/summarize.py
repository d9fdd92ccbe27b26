#!/usr/bin/env python3
"""Median-of-runs table of mura's bench rows beside the peers', with ratios and targets.

Usage: summarize.py MURA_TSV PEER_RESULTS_DIR

Peers (from PEER_RESULTS_DIR/morph.tsv and oxi.tsv, pyoxigraph 0.5.13 rows):
  nt      <- Morph-KGC, 1 process, CSV -> N-Triples (whole process wall)
  store   <- pyoxigraph bulk_load of Morph-KGC's N-Triples into an on-disk Store (process wall)
  memory  <- the same into an in-memory Store
  turtle  <- pyoxigraph dump of that store to Turtle (process wall)
  q:museums-per-city <- pyoxigraph's GROUP BY museums per city (process wall)
Ratio = mura triples/s / peer triples/s (for queries: peer wall / mura wall), so > 1 means
mura is faster. Triples differ (mura adds mura: types, owl:sameAs and the dataset
description), so throughput, not wall time, is compared for the loading steps.
"""
import csv
import statistics
import sys
from collections import defaultdict

TARGETS = {"nt": 10.0, "store": 1.0, "turtle": 2.0}
# extra rows compared with the nearest peer step
PEER_STEP = {"csv-turtle": "turtle", "nt-null": "nt"}


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def median(values):
    return statistics.median(values) if values else None


def main():
    mura_tsv, peers = sys.argv[1], sys.argv[2]
    mura = defaultdict(list)
    for r in rows(mura_tsv):
        mura[(int(r["N"]), r["step"])].append(r)
    peer = {}
    morph = defaultdict(list)
    for r in rows(f"{peers}/morph.tsv"):
        if r["procs"] == "1":
            morph[int(r["N"])].append(r)
    for n, rs in morph.items():
        peer[(n, "nt")] = ("Morph-KGC 2.10 (1 proc)", rs, "triples")
    oxi = defaultdict(list)
    for r in rows(f"{peers}/oxi.tsv"):
        if r["tool"].startswith("pyoxigraph-0.5"):
            oxi[(int(r["N"]), r["step"])].append(r)
    for (n, s), rs in oxi.items():
        step = {"oxi-load": "store", "oxi-load-mem": "memory", "oxi-dump": "turtle",
                "oxi-query": "q:museums-per-city"}.get(s)
        if step:
            peer[(n, step)] = (f"pyoxigraph 0.5.13 {s}", rs, "triples")

    head = ["N", "step", "runs", "mura wall s", "mura peak RSS MB", "mura triples",
            "mura triples/s", "peer", "peer runs", "peer wall s", "peer peak RSS MB",
            "peer triples", "peer triples/s", "ratio mura/peer", "target"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    order = ["nt", "nt-null", "store", "memory", "turtle", "csv-turtle"]
    for (n, step) in sorted(mura, key=lambda k: (k[0], order.index(k[1]) if k[1] in order else 9, k[1])):
        rs = mura[(n, step)]
        wall = median([float(r["wall_s"]) for r in rs])
        rss = median([float(r["maxrss_mb"]) for r in rs])
        triples = rs[0]["triples"]
        tps = "-" if triples == "-" else f"{int(triples) / wall:,.0f}"
        cells = [str(n), step, str(len(rs)), f"{wall:.2f}", f"{rss:.0f}",
                 triples if triples == "-" else f"{int(triples):,}", tps]
        p = peer.get((n, PEER_STEP.get(step, step)))
        ratio = None
        if p:
            name, prs, _ = p
            pwall = median([float(r["wall_s"]) for r in prs])
            prss = median([float(r["maxrss_mb"]) for r in prs])
            ptriples = int(prs[0]["triples"])
            ptps = ptriples / pwall
            if step.startswith("q:"):
                ratio = pwall / wall
                cells += [name, str(len(prs)), f"{pwall:.2f}", f"{prss:.0f}", "-", "-"]
            else:
                ratio = (int(triples) / wall) / ptps
                cells += [name, str(len(prs)), f"{pwall:.2f}", f"{prss:.0f}",
                          f"{ptriples:,}", f"{ptps:,.0f}"]
            cells.append(f"{ratio:.2f}x")
        else:
            cells += ["-"] * 6 + ["-"]
        target = TARGETS.get(step)
        note = ""
        if target and ratio is not None and n >= 100000:
            note = f">= {target:g}x: " + ("met" if ratio >= target else f"MISSED by {target / ratio:.2f}x")
        if step == "store" and n >= 1000000:
            note += ("; " if note else "") + ("RSS < 1 GiB: met" if rss < 1024 else f"RSS < 1 GiB: MISSED ({rss:.0f} MB)")
        cells.append(note or "-")
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
