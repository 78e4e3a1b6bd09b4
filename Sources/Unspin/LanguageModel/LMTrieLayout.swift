/// The compact model image, format version 2: a trie of bit-packed sorted arrays with
/// quantized probabilities and backoffs (KenLM's `trie -q 8 -b 8`, forward contexts).
///
/// The header is `LMLayout`'s 256 bytes, with the same offsets for everything the two formats
/// share (magic, checks, order, vocabulary, counts, sections 0-3, pool size, checksums, training
/// tokens). Sections, 64-byte aligned:
///
///     pool, offsets, vocab, unigrams   as in version 1 (unigrams keep full Float32 values)
///     children  UInt32 × (vocab + 1): the bigrams of context word w are entries
///               children[w] ..< children[w+1] of order 2
///     buckets   UInt32 × bucketSlots: where each bucket of each unigram's bigrams starts
///               (`bucketSlots`), so that a bigram search scans one bucket of about 16
///     codebooks Float32: for n = 2...order, 2^probBits[n] probabilities, then for n < order
///               2^backoffBits[n] backoffs
///     order n   for n = 2...order, records of `stride(n)` bits, sorted by (context entry, `key(word)`):
///               word id, prob code, backoff code, first child in order n + 1 (the last two
///               only for n < order). Middle orders have one more record, a sentinel whose
///               child field ends the last entry's range. 8 bytes of padding follow, so that
///               every field reads with one unaligned 64-bit load. Then (64-byte aligned) the
///               samples (orders 3 and up): UInt32 × ⌈count / 16⌉, the key of every 16th entry's word, a small array
///               that stays in cache, so that a search reads one block of 16 records.
///
/// An n-gram (v1 ... vn) is the record whose word is vn among the children of the record of
/// (v1 ... v(n-1)); its entry index identifies it (as a slot does in version 1), so states
/// carry entry indices. Backoff code 0 is the `LMLayout.noExtension` marker (a context that
/// extends to nothing and backs off by 0), code 1 is exactly 0. Every prefix and suffix of an
/// n-gram is present, as in version 1.
enum LMTrieLayout {
    static let version: UInt32 = 2
    /// UInt64 offset of the children section.
    static let oChildren = 96
    /// UInt64 offset of the codebooks section.
    static let oCodebooks = 104
    /// UInt64 offset of the bigram buckets section.
    static let oBuckets = 112
    /// For n = 2...5, 4 × UInt8: word bits, prob bits, backoff bits, pointer bits.
    static let oBits = 224
    /// Backoff codes with a fixed meaning.
    static let noExtensionCode: UInt64 = 0, zeroBackoffCode: UInt64 = 1
    /// Codebook bits that `LMTrieBuilder` uses unless told otherwise.
    static let defaultProbBits = 8, defaultBackoffBits = 8

    /// Bits needed for values 0 ..< count (at least 1).
    static func bits(for count: Int) -> Int {
        var b = 1
        while b < 63 && (1 << b) < count { b += 1 }
        return b
    }

    /// The field widths of one order.
    struct Widths: Equatable {
        var word = 0, prob = 0, backoff = 0, pointer = 0
        var stride: Int { word + prob + backoff + pointer }
    }

    /// The byte size of an order's record array (with padding), `records` records.
    static func arrayBytes(records: Int, stride: Int) -> Int { (records * stride + 7) / 8 + 8 }

    /// Entries per sample: every 16th entry's word is also kept in a UInt32 array.
    static let sampleShift = 4

    /// The number of samples of order `n` with `count` entries (none for bigrams, which
    /// the buckets find).
    static func sampleCount(_ count: Int, order n: Int) -> Int { n == 2 ? 0 : (count + (1 << sampleShift) - 1) >> sampleShift }

    /// Where an order's samples start in its section: after the records, 64-byte aligned.
    static func samplesOffset(records: Int, stride: Int) -> Int { LMLayout.align(arrayBytes(records: records, stride: stride)) }

    /// The byte size of an order's section: records, then samples.
    static func levelBytes(order n: Int, count: Int, records: Int, stride: Int) -> Int {
        samplesOffset(records: records, stride: stride) + 4 * sampleCount(count, order: n)
    }

    /// The bigram buckets of context word c, whose bigrams are entries a ..< b: K =
    /// (b >> 4) - (a >> 4) buckets by word id (`bucket`), bounded by slots (a >> 4) + c ...
    /// (b >> 4) + c of the buckets section (UInt32 entry indices; the contexts' slots follow
    /// each other without overlap). With K = 0 (fewer than 16 bigrams) the range is scanned.
    static func bucketSlots(bigrams: Int, words: Int) -> Int { (bigrams >> sampleShift) + words + 1 }

    /// The sort key of word `w` among its siblings: a bijection of UInt32 (multiplication
    /// by an odd constant) that spreads ids evenly over 0 ..< 2^32 whatever their order.
    @inline(__always)
    static func key(_ w: UInt32) -> UInt32 { w &* 0x9E37_79B1 }

    /// The bucket (0 ..< k) of word `w` among `k` buckets, by its key.
    @inline(__always)
    static func bucket(_ w: UInt32, _ k: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(key(w)) &* UInt64(truncatingIfNeeded: k)) &>> 32)
    }

    /// The number of Float32 values in the codebooks section.
    static func codebookCount(order: Int, widths: [Widths]) -> Int {
        var total = 0
        for n in 2...order {
            total += 1 << widths[n].prob
            if n < order { total += 1 << widths[n].backoff }
        }
        return total
    }
}
