#!/usr/bin/env bash
# Runs `unspin restore --jsonl` through Spark's rdd.pipe on local[2] over N JSON Lines records and
# checks the result equals `unspin batch --jsonl` on the same records: nothing lost, nothing
# duplicated, every record identical (order of ids aside). Prints one summary line; exit 0 when
# it holds, 1 when it does not, 2 when it cannot run.
#
# Usage: Benchmarks/spark/check.sh [--bin PATH] [N]
#   --bin PATH, or $UNSPIN: the unspin binary (default .build/release/unspin, else .build/debug/unspin)
#   N: records (default 10000)
#   $UNSPIN_SPARK_DIR: where the pyspark venv is kept between runs (default ${TMPDIR:-/tmp}/unspin-spark)
# Installs what is missing: a Java runtime (apt: default-jre-headless) and pyspark (pip, in a venv).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="${UNSPIN:-}"
n=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) n="$1"; shift ;;
  esac
done
if [ -z "$bin" ]; then
  bin="$repo/.build/release/unspin"
  [ -x "$bin" ] || bin="$repo/.build/debug/unspin"
fi
[ -x "$bin" ] || { echo "spark check: no unspin binary at $bin (swift build, or --bin PATH)" >&2; exit 2; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

# A Java runtime (Spark runs on the JVM) and pyspark in a venv of its own.
if ! command -v java >/dev/null 2>&1; then
  echo "spark check: installing a Java runtime (apt-get install default-jre-headless)" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless >&2
fi
dir="${UNSPIN_SPARK_DIR:-${TMPDIR:-/tmp}/unspin-spark}"
py="$dir/venv/bin/python"
if ! "$py" -c 'import pyspark' 2>/dev/null; then
  echo "spark check: installing pyspark into $dir/venv (pip)" >&2
  mkdir -p "$dir"
  if ! python3 -m venv "$dir/venv" >&2; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >&2
    python3 -m venv "$dir/venv" >&2
  fi
  "$dir/venv/bin/pip" install -q pyspark >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/unspin-spark-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
start=$(date +%s)

# N varied records from the repository's own text (examples, fixtures, benchmark inputs: all ours
# or CC BY-SA, see Benchmarks/README.md): 1 to 6 sentences each, spun and clean, some with line
# breaks, quotes and tabs in the text, three JSON spellings, extra fields, records without text.
"$py" - "$repo" "$n" > "$work/records.jsonl" <<'PY'
import json, pathlib, random, re, sys
repo, n = pathlib.Path(sys.argv[1]), int(sys.argv[2])
texts = []
for p in sorted(repo.glob("Examples/*.txt")) + sorted(repo.glob("Tests/**/*.txt")) + [repo / "Benchmarks/Inputs/spun-style.txt"]:
    texts.append(p.read_text("utf-8"))
for line in (repo / "Benchmarks/Inputs/records.jsonl").read_text("utf-8").splitlines():
    try: texts.append(json.loads(line).get("text") or "")
    except ValueError: pass
sentences = sorted({s.strip() for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if len(s.strip()) > 3})
rng = random.Random(17)
for i in range(n):
    k = rng.randint(1, 6)
    text = " ".join(rng.choice(sentences) for _ in range(k))
    if i % 7 == 0: text = text.replace(". ", ".\n", 1)
    if i % 11 == 0: text = '"' + text + '"\t— ünïcödé'
    rec = {"id": i, "text": text, "source": "unspin-spark-check"}
    if i % 13 == 0: rec = {"id": i, "title": text[:20]}             # no text field: passes through
    if i % 17 == 0: rec["tags"] = ["a", {"k": [1, 2.5, None]}]
    style = i % 3
    if style == 0: print(json.dumps(rec))                              # Python's default: ", " and \u escapes
    elif style == 1: print(json.dumps(rec, separators=(",", ":")))     # compact
    else: print(json.dumps(rec, ensure_ascii=False))                   # raw UTF-8
PY

# The reference: `unspin batch --jsonl` on the same file.
"$bin" batch --jsonl -q --out "$work/batch" "$work/records.jsonl" >&2 || { echo "FAILED: unspin batch failed"; exit 1; }

# Spark: rdd.pipe through the binary on local[2], partitions of about 1,000 records.
spark_start=$(date +%s)
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
if ! "$py" - "$bin" "$work/records.jsonl" "$work/spark.jsonl" "$n" 2> "$work/spark.log" <<'PY'
import shlex, sys
from pyspark import SparkConf, SparkContext
bin_, inp, out, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
conf = (SparkConf().setMaster("local[2]").setAppName("unspin-check")
        .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false"))
sc = SparkContext(conf=conf)
sc.setLogLevel("ERROR")
rdd = sc.textFile(inp, minPartitions=max(2, n // 1000)).pipe(shlex.quote(bin_) + " restore --jsonl -j 1", checkCode=True)
with open(out, "w", encoding="utf-8") as f:
    for line in rdd.collect(): f.write(line + "\n")
sc.stop()
PY
then
  tail -n 30 "$work/spark.log" >&2
  echo "FAILED: the Spark job did not finish (its log above)"
  exit 1
fi
spark_secs=$(( $(date +%s) - spark_start ))

"$py" - "$work/batch/records.jsonl" "$work/spark.jsonl" "$n" "$(( $(date +%s) - start ))" "$spark_secs" "$work/records.jsonl" <<'PY'
import collections, json, sys
batch = open(sys.argv[1], encoding="utf-8").read().splitlines()
spark = open(sys.argv[2], encoding="utf-8").read().splitlines()
n, secs, spark_secs = int(sys.argv[3]), sys.argv[4], sys.argv[5]
changed = sum(1 for a, b in zip(open(sys.argv[6], encoding="utf-8").read().splitlines(), batch) if a != b)
def by_id(lines):
    d = collections.defaultdict(list)
    for l in lines: d[json.loads(l)["id"]].append(l)
    return d
b, s = by_id(batch), by_id(spark)
lost = sum(1 for i in b if i not in s)
extra = sum(1 for i in s if i not in b)
dup = sum(len(v) - 1 for v in s.values())
differ = sum(1 for i in b if i in s and s[i][0] != b[i][0])
ok = len(batch) == n and len(b) == n and lost == 0 and extra == 0 and dup == 0 and differ == 0
unknown = f", {extra} not in the input" if extra else ""
print(f"{'OK' if ok else 'FAILED'}: {len(s)} records via rdd.pipe on local[2], {lost} lost, {dup} duplicated, "
      f"{differ} differ from unspin batch{unknown} ({changed} changed by the restore), {secs} s (Spark job {spark_secs} s)")
sys.exit(0 if ok else 1)
PY
