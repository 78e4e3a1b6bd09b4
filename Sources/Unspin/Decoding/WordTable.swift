/// Every word that the phrase dictionary or the language model knows, with its id in each,
/// in one open-addressing table of 32-byte entries: a folded word is found with one hash and
/// one memory read (two for words longer than 8 bytes), instead of one lookup in each
/// vocabulary.
///
/// Entry layout (four `UInt64`, 64-byte-aligned storage so no entry straddles a cache line):
///
///     0  the phrase trie's step from the root along the word (`PhraseTrie.rootStep`, 0 for
///        none) << 32 | the low 32 bits of the word's hash (`WordTable.hash`)
///     1  dictionary word id << 32 | model id       (`UInt32.max`: not in the dictionary)
///     2  length << 32 | where the word's bytes are (`~0`: empty slot): an offset in the
///        dictionary vocabulary's pool, or with bit 31 set, in the model's own word pool
///     3  the word's first 8 bytes, zero-padded
final class WordTable: @unchecked Sendable {
    let entries: UnsafeMutableRawPointer
    let mask: Int
    /// The dictionary vocabulary's word bytes.
    let pool: [UInt8]
    /// The model's word bytes (read in place), and the model that keeps them alive.
    let modelPool: UnsafePointer<UInt8>?
    let model: NGramModel?
    static let inModelPool: UInt64 = 1 << 31
    /// Whether every word of the model is in the table, so that a miss means `unknownWord`.
    let holdsModel: Bool
    /// The model's id of `<unk>`.
    let unknown: UInt32
    static let empty: UInt64 = ~0

    /// Builds the table from the dictionary's vocabulary (with the model id of each word) and,
    /// when the model can list its words, every other word of the model.
    /// - Complexity: O(words of both vocabularies).
    init<LM: LanguageModel>(dictionary: PhraseDictionary, wordModelID: [UInt32], model: LM) {
        let vocabulary = dictionary.vocabulary
        var modelOnly: [(hash: UInt64, id: UInt32, offset: Int, length: Int)] = []
        if let m = model as? NGramModel {
            let modelWords = m.vocabularySize
            holdsModel = true
            self.model = m
            modelPool = m.handle.pool
            var inDictionary = [Bool](repeating: false, count: modelWords)
            for id in wordModelID where Int(id) < modelWords { inDictionary[Int(id)] = true }
            modelOnly.reserveCapacity(modelWords)
            for id in 0..<modelWords where !inDictionary[id] {
                let word = m.handle.word(UInt32(id))
                guard let base = word.baseAddress, word.count > 0 else { continue }
                modelOnly.append((Self.hash(base, word.count, Self.prefix(base, word.count)), UInt32(id), base - m.handle.pool, word.count))
            }
        } else {
            holdsModel = false
            self.model = nil
            modelPool = nil
        }
        unknown = model.unknownWord
        let count = vocabulary.count + modelOnly.count
        var capacity = 16
        while capacity * 7 < count * 10 { capacity *= 2 }   // at most 70% full
        mask = capacity - 1
        entries = UnsafeMutableRawPointer.allocate(byteCount: capacity * 32, alignment: 64)
        // Every slot empty: (0, 0, empty, 0), written once.
        let slots = entries.bindMemory(to: UInt64.self, capacity: capacity * 4)
        for slot in 0..<capacity {
            let e = slots + slot * 4
            e.initialize(to: 0); (e + 1).initialize(to: 0); (e + 2).initialize(to: Self.empty); (e + 3).initialize(to: 0)
        }
        pool = vocabulary.pool
        let entries = self.entries, mask = self.mask
        func place(_ hash: UInt64, _ ids: UInt64, _ location: UInt64, _ length: Int, _ prefix: UInt64, _ root: UInt32 = 0) {
            var i = Int(truncatingIfNeeded: hash) & mask
            while entries.load(fromByteOffset: i * 32 + 16, as: UInt64.self) != Self.empty { i = (i + 1) & mask }
            let e = entries + i * 32
            e.storeBytes(of: UInt64(root) << 32 | (hash & 0xFFFF_FFFF), as: UInt64.self)
            e.storeBytes(of: ids, toByteOffset: 8, as: UInt64.self)
            e.storeBytes(of: UInt64(length) << 32 | location, toByteOffset: 16, as: UInt64.self)
            e.storeBytes(of: prefix, toByteOffset: 24, as: UInt64.self)
        }
        let trie = dictionary.trie
        pool.withUnsafeBufferPointer { p in
            for id in 0..<vocabulary.count {
                let a = vocabulary.offsets[id], b = vocabulary.offsets[id + 1]
                let modelID = id < wordModelID.count ? wordModelID[id] : model.unknownWord
                let head = Self.prefix(p.baseAddress! + a, b - a)
                place(Self.hash(p.baseAddress! + a, b - a, head), UInt64(id) << 32 | UInt64(modelID), UInt64(a), b - a, head,
                      trie.stepFromRoot(UInt32(id)))
            }
        }
        if let modelPool {
            for w in modelOnly {
                place(w.hash, UInt64(UInt32.max) << 32 | UInt64(w.id), Self.inModelPool | UInt64(w.offset), w.length,
                      Self.prefix(modelPool + w.offset, w.length))
            }
        }
    }

    deinit { entries.deallocate() }

    /// Whether the bytes past the 8th of the entry with `meta` equal those of the word at `p`.
    @inline(never)
    func restEqual(_ meta: UInt64, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let offset = Int(meta & 0x7FFF_FFFF)
        if meta & Self.inModelPool != 0 {
            guard let modelPool else { return false }
            return Vocabulary.equal(modelPool + offset + 8, p + 8, n - 8)
        }
        return pool.withUnsafeBufferPointer { Vocabulary.equal($0.baseAddress! + offset + 8, p + 8, n - 8) }
    }

    /// The table's hash of a word whose first bytes are `head` (see `prefix`): one mixing step
    /// for a word of up to 8 bytes (most), `Hashing.hash` for longer ones.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ count: Int, _ head: UInt64) -> UInt64 {
        if count <= 8 { return hash(head, count) }
        return Hashing.hash(UnsafeBufferPointer(start: p, count: count))
    }

    /// The first `min(count, 8)` bytes at `p` as a little-endian word, zero-padded; reads no
    /// byte past `p + count`.
    @inline(__always)
    static func prefix(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        if count >= 8 { return UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) }
        // At most three loads: 4, 2 and 1 bytes, as `count`'s bits say.
        var w: UInt64 = 0
        var at = 0
        if count & 4 != 0 { w = UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self))); at = 4 }
        if count & 2 != 0 {
            w |= UInt64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt16.self))) << UInt64(at &* 8)
            at &+= 2
        }
        if count & 1 != 0 { w |= UInt64(p[at]) << UInt64(at &* 8) }
        return w
    }

    /// The hash of a word of `count` ≤ 8 bytes that are `head` (zero-padded): `hash` without
    /// the bytes.
    @inline(__always)
    static func hash(_ head: UInt64, _ count: Int) -> UInt64 {
        Hashing.mix(head ^ (UInt64(count) &* 0x9E37_79B9_7F4A_7C15))
    }

    /// `head` (up to eight ASCII bytes, zero-padded) with its capitals folded, eight bytes at
    /// once: bit 7 of each byte of `atLeastA` says b >= 'A', of `pastZ` b > 'Z' (no byte
    /// carries, as every byte is below 0x80).
    /// - Complexity: O(1).
    @inline(__always)
    static func foldASCII(_ head: UInt64) -> UInt64 {
        let atLeastA = head &+ 0x3F3F_3F3F_3F3F_3F3F
        let pastZ = head &+ 0x2525_2525_2525_2525
        return head | ((atLeastA & ~pastZ & 0x8080_8080_8080_8080) >> 2)
    }

    /// The dictionary id (`UInt32.max` when the dictionary lacks the word), model id
    /// (`unknown` when the model lacks it; `UInt32.max` when the table cannot tell) and trie
    /// step from the root (0 for none) of a folded word.
    /// - Complexity: O(1) expected.
    @inline(__always)
    func lookUp(_ word: UnsafeBufferPointer<UInt8>) -> Matcher.UnitIDs {
        let n = word.count
        guard n > 0, let p = word.baseAddress else { return missIDs }
        let head = Self.prefix(p, n)
        return find(Self.hash(p, n, head), n, head, p)
    }

    /// What a lookup gives for a word the table lacks: no dictionary id, no root step, and
    /// `<unk>` for the model (or `.max`, "ask the model", when the table cannot tell).
    @inline(__always)
    var missIDs: Matcher.UnitIDs { (.max, holdsModel ? unknown : .max, 0) }

    /// The dictionary id, model id and root step stored in the entry at `e`.
    @inline(__always)
    static func ids(at e: UnsafeRawPointer) -> Matcher.UnitIDs {
        let ids = e.load(fromByteOffset: 8, as: UInt64.self)
        return (UInt32(truncatingIfNeeded: ids >> 32), UInt32(truncatingIfNeeded: ids), UInt32(truncatingIfNeeded: e.load(as: UInt64.self) >> 32))
    }

    /// `find` for a word of `n` ≤ 8 bytes, which its length and `head` fully give.
    /// - Complexity: O(1) expected.
    @inline(__always)
    func findShort(_ h: UInt64, _ n: Int, _ head: UInt64) -> Matcher.UnitIDs {
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = UnsafeRawPointer(entries + i &* 32)
            let meta = e.load(fromByteOffset: 16, as: UInt64.self)
            if meta == Self.empty { return missIDs }
            if Int(meta >> 32) == n && e.load(fromByteOffset: 24, as: UInt64.self) == head { return Self.ids(at: e) }
            i = (i &+ 1) & mask
        }
    }

    /// The ids and root step of the folded word at `p` (`n` bytes, first eight `head`, hash
    /// `h`); for a word of at most 8 bytes, `p` is not read. The hash's low 32 bits only
    /// filter: the length, the first eight bytes and (past them) `restEqual` decide.
    @inline(__always)
    func find(_ h: UInt64, _ n: Int, _ head: UInt64, _ p: UnsafePointer<UInt8>) -> Matcher.UnitIDs {
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = UnsafeRawPointer(entries + i &* 32)
            let meta = e.load(fromByteOffset: 16, as: UInt64.self)
            if meta == Self.empty { return missIDs }
            if UInt32(truncatingIfNeeded: e.load(as: UInt64.self)) == UInt32(truncatingIfNeeded: h) && Int(meta >> 32) == n
                && e.load(fromByteOffset: 24, as: UInt64.self) == head && (n <= 8 || restEqual(meta, p, n)) {
                return Self.ids(at: e)
            }
            i = (i &+ 1) & mask
        }
    }
}
