/// One n-gram table of a model image (see `LMLayout`): `capacity` entries of `stride` bytes,
/// open addressing with linear probing. Part of `_LMHandle`'s pointer work: a borrowed view,
/// never allocating. A query that knows the model's order builds its tables with constant
/// strides, so that entry addresses need no multiply by a loaded value.
struct _LMTable {
    let base: UnsafeRawPointer
    let capacity: UInt64
    let stride: Int

    /// A started lookup: the key sought, where probing began and the key found there.
    struct Probe {
        var key: UInt64 = 0, index: Int = -1, found: UInt64 = LMLayout.emptyKey
    }

    /// Reads the slot where the lookup of `key`, whose `Hashing.mix` is `z`, starts
    /// (`LMLayout.home`). An empty table gives an empty probe (absent).
    /// - Complexity: O(1), one read.
    @inline(__always)
    func firstProbe(_ key: UInt64, mixed z: UInt64) -> Probe {
        if capacity == 0 { return Probe() }
        let i = LMLayout.home(mixed: z, capacity)
        return Probe(key: key, index: i, found: base.loadUnaligned(fromByteOffset: i &* stride, as: UInt64.self))
    }

    /// `firstProbe` of a key whose mixed hash is not yet known.
    @inline(__always)
    func firstProbe(_ key: UInt64) -> Probe { firstProbe(key, mixed: Hashing.mix(key)) }

    /// Finishes a lookup started by `firstProbe`: the entry index, or -1.
    /// - Complexity: O(probe length).
    @inline(__always)
    func resolve(_ f: Probe) -> Int {
        if f.found == f.key { return f.index }
        if f.found == LMLayout.emptyKey { return -1 }
        // On from the first probe to the end of the table, then from its start back to the
        // first probe: every slot at most once, with no wrap test per slot.
        var i = f.index &+ 1
        var stop = Int(capacity)
        var p = base + i &* stride
        while true {
            while i < stop {
                let k = p.loadUnaligned(as: UInt64.self)
                if k == f.key { return i }
                if k == LMLayout.emptyKey { return -1 }
                i &+= 1
                p += stride
            }
            if stop == f.index { return -1 }
            i = 0
            stop = f.index
            p = base
        }
    }

    /// The entry index of `key`, or -1.
    /// - Complexity: O(probe length).
    @inline(__always)
    func find(_ key: UInt64) -> Int { resolve(firstProbe(key)) }

    /// The log10 probability of entry `slot`.
    @inline(__always)
    func prob(_ slot: Int) -> Float {
        base.loadUnaligned(fromByteOffset: slot &* stride &+ 8, as: Float.self)
    }

    /// The backoff bits of entry `slot` of a table with backoffs (16-byte entries); 0 when
    /// `slot` is out of range.
    @inline(__always)
    func backoffBits(_ slot: UInt32) -> UInt32 {
        guard UInt64(slot) < capacity else { return 0 }
        return base.loadUnaligned(fromByteOffset: Int(slot) &* 16 &+ 12, as: UInt32.self)
    }

    /// The key of entry `slot` (`LMLayout.emptyKey` when empty).
    @inline(__always)
    func key(_ slot: Int) -> UInt64 {
        base.loadUnaligned(fromByteOffset: slot &* stride, as: UInt64.self)
    }
}
