#!/usr/bin/env bash
# Runs `unspin restore --jsonl` through Spark's rdd.pipe on local[2] over N generated JSON Lines
# records and checks the result equals `unspin restore --jsonl` run directly (same multiset of
# records, order aside). Installs pyspark (pip) and a Java runtime (apt) when missing.
# Usage: Benchmarks/spark/check.sh [N]   (default 10000; binary: $UNSPIN or .build/release/unspin)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
n="${1:-10000}"
bin="${UNSPIN:-$repo/.build/release/unspin}"
[ -x "$bin" ] || { echo "spark check: no binary at $bin (swift build -c release, or set UNSPIN)" >&2; exit 2; }
if ! command -v java >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
fi
python3 -c 'import pyspark' 2>/dev/null || python3 -m pip install -q pyspark || python3 -m pip install -q --break-system-packages pyspark
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
start=$(date +%s)
# Deterministic records from the repository's own fixtures and examples (redistributable text).
python3 - "$repo" "$n" > "$work/in.jsonl" <<'PY'
import json, sys, pathlib
repo, n = pathlib.Path(sys.argv[1]), int(sys.argv[2])
lines = []
for p in sorted(list((repo / "Tests").rglob("*.txt")) + list((repo / "Examples").rglob("*.txt"))):
    try: lines += [l for l in p.read_text("utf-8").splitlines() if l.strip()]
    except Exception: pass
if not lines: lines = ["He mentioned the struggle in Ukraine."]
for i in range(n):
    k = (i * 7919) % len(lines)
    text = " ".join(lines[(k + j) % len(lines)] for j in range(1 + i % 3))
    print(json.dumps({"id": i, "text": text}, ensure_ascii=False))
PY
"$bin" restore --jsonl -j 2 "$work/in.jsonl" > "$work/direct.jsonl"
python3 - "$bin" "$work/in.jsonl" "$work/spark.jsonl" <<'PY'
import sys, os
from pyspark import SparkContext
bin_, inp, out = sys.argv[1:4]
sc = SparkContext("local[2]", "unspin-check")
sc.setLogLevel("ERROR")
rdd = sc.textFile(inp, minPartitions=4).pipe(bin_ + " restore --jsonl -j 1")
with open(out, "w", encoding="utf-8") as f:
    for line in rdd.collect(): f.write(line + "\n")
sc.stop()
PY
python3 - "$work/direct.jsonl" "$work/spark.jsonl" "$n" "$(( $(date +%s) - start ))" <<'PY'
import sys, json, collections
d = [l for l in open(sys.argv[1], encoding="utf-8").read().splitlines() if l]
s = [l for l in open(sys.argv[2], encoding="utf-8").read().splitlines() if l]
n, secs = int(sys.argv[3]), sys.argv[4]
ok = len(d) == n and collections.Counter(d) == collections.Counter(s)
ids = collections.Counter(json.loads(l)["id"] for l in s)
dup = sum(c - 1 for c in ids.values() if c > 1); lost = n - len(ids)
print(f"spark check: {'OK' if ok else 'FAILED'}: {len(s)} records via rdd.pipe on local[2], {len(d)} direct, {lost} lost, {dup} duplicated, {secs} s")
sys.exit(0 if ok else 1)
PY
