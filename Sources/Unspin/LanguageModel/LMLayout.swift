/// The byte layout shared by in-memory models and model files (the file is the image).
///
/// An image is a 256-byte header followed by 64-byte-aligned sections:
///
///     pool      word bytes back to back
///     offsets   UInt32 × (vocab + 1): word i is pool[offsets[i] ..< offsets[i+1]]
///     vocab     UInt32 × vocabSlots (power of two): open addressing on Hashing.hash(word), id + 1, 0 empty
///     unigrams  (prob: Float32, backoff: Float32) × vocab
///     table n   for n = 2...order: open addressing (linear probing) over `capacity[n]` entries;
///               entry = key UInt64, prob Float32, and for n < order backoff Float32 (16 or 12 bytes).
///
/// Any placement that linear probing finds is valid; `LMImageBuilder` inserts each order's
/// n-grams most probable first, so the n-grams queried most sit in their home slot.
///
/// The key of n-gram (v1 ... vn) is `slot(v1 ... v(n-1)) << 32 | vn`, where the slot of an
/// (n-1)-gram is its entry index in table n-1 (for n-1 = 1, its word id). Keys are exact (no
/// hash collisions) and can be decoded back into words; the empty entry has key `~0`.
/// A backoff whose bit pattern is -0.0 marks a context that no longer n-gram extends and whose
/// backoff is 0, so it can be dropped from the state.
/// All numbers are little-endian; the header's check values detect other layouts.
enum LMLayout {
    static let magic: [UInt8] = Array("UNSPINLM".utf8)
    static let version: UInt32 = 1
    static let headerSize = 256
    static let byteOrderCheck: UInt32 = 0x0102_0304
    static let floatCheck: Float = -1.25
    static let alignment = 64
    static let emptyKey: UInt64 = ~0
    static let noExtension: UInt32 = 0x8000_0000
    static let maxOrder = 5

    // Header field offsets.
    static let oVersion = 8, oByteOrder = 12, oFloatCheck = 16, oHeaderSize = 20
    static let oOrder = 24, oVocabCount = 28, oUnk = 32, oBos = 36, oEos = 40, oVocabSlots = 44
    static let oFileSize = 48
    static let oCounts = 56        // UInt64 × 5, n = 1...5
    static let oCapacities = 96    // UInt64 × 4, n = 2...5
    static let oSections = 128     // UInt64 × 8: pool, offsets, vocab, unigrams, table 2...5
    static let oPoolSize = 192
    static let oDataChecksum = 200
    static let oEntryStrides = 208 // UInt8 × 2: middle, highest
    /// UInt64: training tokens + 1, or 0 when unknown (a model from ARPA, or a file written
    /// before the field existed: those bytes were zero, so version 1 files read as unknown).
    static let oTrainingTokens = 216
    static let oHeaderChecksum = 248

    @inline(__always)
    static func align(_ x: Int) -> Int { (x + alignment - 1) & ~(alignment - 1) }

    /// The entry index where probing for `key` starts in a table of `capacity` entries.
    @inline(__always)
    static func home(_ key: UInt64, _ capacity: UInt64) -> Int { home(mixed: Hashing.mix(key), capacity) }

    /// `home` of the key whose `Hashing.mix` is `z`.
    @inline(__always)
    static func home(mixed z: UInt64, _ capacity: UInt64) -> Int {
        Int(truncatingIfNeeded: z.multipliedFullWidth(by: capacity).high)
    }

}
