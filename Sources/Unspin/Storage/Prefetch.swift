/// LLVM's prefetch intrinsic: starts loading the cache line at `address` and returns at once
/// (`write` 0 or 1, `locality` 0...3 with 3 = keep in every cache level, `cache` 1 = data).
/// A hint only: it never faults, whatever the address.
///
/// The hot paths use it where they know, well ahead, which table entries a lookup will read
/// (the next sentence's bigrams, the next words' slots), so that those reads overlap.
/// - Complexity: O(1).
@_silgen_name("llvm.prefetch.p0")
func _prefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ cache: Int32)
