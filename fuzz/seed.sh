#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the repository's test fixtures and shipped data, and
# from the hand-written seeds in fuzz/seeds/ (requests, format lines, CSV tables).
# Idempotent: files are named by content hash, so rerunning adds nothing twice; the corpus
# libFuzzer grows beside them is kept (fuzz/corpus is not committed).
set -euo pipefail
cd "$(dirname "$0")"
repo=..
add() { # target file [prefix-byte-in-octal]
    local target=$1 file=$2 prefix=${3:-} tmp
    mkdir -p "corpus/$target"
    tmp=$(mktemp)
    { [ -n "$prefix" ] && printf "\\$prefix"; cat "$file"; } > "$tmp"
    mv "$tmp" "corpus/$target/seed-$(sha1sum "$tmp" | cut -c1-16)"
}
while IFS= read -r -d '' f; do
    case "$(basename "$f")" in
    mura.toml) add manifest "$f" ;;
    *) add toml_records "$f"
       add records_to_quads "$f" 001   # with the minimal fixture's records
       add records_to_quads "$f" 000 ;; # alone
    esac
done < <(find "$repo/tests/fixtures" "$repo/data" -name '*.toml' -print0 | sort -z)
for target in seeds/*/; do
    target=$(basename "$target")
    for f in "seeds/$target"/*; do add "$target" "$f"; done
done
for t in corpus/*/; do echo "$(basename "$t"): $(ls "$t" | wc -l) inputs"; done
