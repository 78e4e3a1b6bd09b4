/// A blocked Bloom filter over 64-bit keys, given by their mixed hash (`Hashing.mix`): two bits
/// per key, both in one 64-byte block, so a test reads one cache line. It says "absent" only
/// for keys that are absent. Used where most lookups are for keys a table lacks and the table
/// is too large to stay in cache: the language model's 3- and 4-gram tables (the query skips
/// the probe of an n-gram the model lacks) and the phrase trie's edge table (most steps below
/// the root fail). The filter reads memory it does not own (`blocks`); its owner keeps it.
struct _KeyFilter {
    let blocks: UnsafePointer<UInt64>
    let mask: Int

    /// The number of 64-byte blocks for `count` keys at about `bitsPerKey` bits each (a power
    /// of two, at least 1).
    static func blockCount(keys count: Int, bitsPerKey: Int) -> Int {
        var blocks = 1
        while blocks * 512 < count * bitsPerKey { blocks *= 2 }
        return blocks
    }

    @inline(__always)
    func bits(_ z: UInt64) -> (word: Int, a: Int, b: Int) {
        let block = (Int(truncatingIfNeeded: z) & mask) &* 8
        return (block, Int(truncatingIfNeeded: z >> 40) & 511, Int(truncatingIfNeeded: z >> 49) & 511)
    }

    /// Adds the key whose mixed hash is `z` (into `memory`, the writable `blocks`).
    func insert(_ memory: UnsafeMutablePointer<UInt64>, _ z: UInt64) {
        let (block, a, b) = bits(z)
        memory[block + (a >> 6)] |= 1 << UInt64(a & 63)
        memory[block + (b >> 6)] |= 1 << UInt64(b & 63)
    }

    /// Whether the key whose mixed hash is `z` may be present (false: it is not).
    /// - Complexity: O(1), one cache line.
    @inline(__always)
    func mayContain(_ z: UInt64) -> Bool {
        let (block, a, b) = bits(z)
        let p = blocks + block
        return (p[a >> 6] >> UInt64(a & 63)) & (p[b >> 6] >> UInt64(b & 63)) & 1 != 0
    }
}
