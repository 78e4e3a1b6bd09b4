#!/usr/bin/env bash
# Builds and runs every libFuzzer target in Tests/Fuzz/Targets for SECONDS each (default 10).
# A target is one file Targets/NAME.swift defining LLVMFuzzerTestOneInput; its first line
# "// seeds: FILE..." names seed files relative to the repository root (Support.swift is
# shared by all targets). Exits non-zero on the first crash, leak or timeout, naming the
# target and the reproducer. Usage: Tests/Fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}; shift || true
out=.build/fuzz
mkdir -p "$out/bin"
flags=(-sanitize=fuzzer,address -parse-as-library -Onone -g)
srcs=$(find Sources/Unspin -name '*.swift' | sort)
stamp=$(cat $srcs | cksum | cut -d' ' -f1)
if [ "$(cat "$out/lib.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "building instrumented Unspin library"
    swiftc "${flags[@]}" -module-name Unspin -emit-library -static -emit-module \
        -emit-module-path "$out/Unspin.swiftmodule" -o "$out/libUnspin.a" $srcs 2>"$out/lib.build.log" \
        || { cat "$out/lib.build.log"; echo "FAIL: the instrumented library does not build"; exit 1; }
    echo "$stamp" >"$out/lib.stamp"
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for f in Tests/Fuzz/Targets/*.swift; do
        n=$(basename "$f" .swift); [ "$n" = Support ] || targets+=("$n")
    done
fi
for t in "${targets[@]}"; do
    src=Tests/Fuzz/Targets/$t.swift
    bin=$out/bin/$t
    if [ ! "$bin" -nt "$src" ] || [ ! "$bin" -nt "$out/libUnspin.a" ] || [ ! "$bin" -nt Tests/Fuzz/Targets/Support.swift ]; then
        swiftc "${flags[@]}" -module-name "fuzz_$t" -I "$out" -L "$out" -lUnspin \
            "$src" Tests/Fuzz/Targets/Support.swift -o "$bin" 2>"$out/$t.build.log" \
            || { cat "$out/$t.build.log"; echo "FAIL: target $t does not build"; exit 1; }
    fi
    corpus=$out/corpus/$t; art=$out/artifacts/$t
    mkdir -p "$corpus" "$art"
    for s in $(sed -n '1s/^\/\/ seeds://p' "$src"); do
        [ -f "$s" ] && cp "$s" "$corpus/seed-$(basename "$s")"
    done
    echo "fuzzing $t for ${secs}s"
    set +e
    LSAN_OPTIONS="suppressions=Tests/Fuzz/lsan.supp:print_suppressions=0" UNSPIN_FUZZ_SEEDS="$corpus" "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$art/" "$corpus" >"$out/$t.log" 2>&1
    rc=$?
    set -e
    if [ $rc -ne 0 ]; then
        tail -n 40 "$out/$t.log"
        echo "FAIL: target $t (exit $rc); reproducer: $(ls -t "$art"/* 2>/dev/null | head -n 1)"
        echo "rerun: $bin REPRODUCER   (full log: $out/$t.log)"
        exit 1
    fi
    grep -E "stat::number_of_executed_units|stat::new_units_added" "$out/$t.log" | tr '\n' ' '; echo
done
echo "all fuzz targets passed (${secs}s each)"
