// The benchmark executable: filled in by the benchmark work (see Benchmarks/README.md).
print("unspin-bench: no benchmarks yet")
