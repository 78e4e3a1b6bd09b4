#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns the memory of a model image: either allocated (built in memory) or mapped from a file.
final class LMStorage: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let size: Int
    let mapped: Bool

    init(allocating size: Int) {
        self.size = size
        self.base = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: LMLayout.alignment)
        self.base.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        self.mapped = false
    }

    init(mapped base: UnsafeMutableRawPointer, size: Int) {
        self.base = base; self.size = size; self.mapped = true
    }

    /// The key filters of the 3- and 4-gram tables of a 4-gram model (see `_KeyFilter`; order
    /// `n` at index `n - 3`), built once, before the storage is shared; none for other orders.
    private(set) var filterBlocks: UnsafeMutablePointer<UInt64>?
    private(set) var filters: [_KeyFilter] = []

    /// Builds a filter over the keys of the 3- and 4-gram tables of a 4-gram model, the only
    /// ones its query (`_LMHandle.scoreOrder4`) reads; other orders get none. A filter is sized
    /// by the header's n-gram count and filled from the table itself (an empty table's filter
    /// passes every key).
    /// - Complexity: O(entries of those tables), one pass over each.
    func buildFilters(_ h: _LMHandle) {
        guard filterBlocks == nil, h.order == 4 else { return }
        let blockCounts = (3...4).map { n -> Int in
            // No table holds more keys than it has slots (whatever a damaged header says).
            let count = Int(min(base.loadUnaligned(fromByteOffset: LMLayout.oCounts + 8 * (n - 1), as: UInt64.self), h.table(n).capacity))
            // At least 12 bits a key (block counts are powers of two): the default model's
            // filters take 384 kB.
            return count == 0 ? 1 : _KeyFilter.blockCount(keys: count, bitsPerKey: 12)
        }
        let total = blockCounts.reduce(0, +) * 8
        let memory = UnsafeMutablePointer<UInt64>.allocate(capacity: total)
        memory.initialize(repeating: 0, count: total)
        var at = 0
        for (i, blocks) in blockCounts.enumerated() {
            let n = i + 3
            let filter = _KeyFilter(blocks: UnsafePointer(memory + at), mask: blocks - 1)
            let capacity = Int(h.table(n).capacity)
            var any = false
            for slot in 0..<capacity {
                let key = h.key(n, slot)
                if key == LMLayout.emptyKey { continue }
                filter.insert(memory + at, Hashing.mix(key))
                any = true
            }
            if !any { (memory + at).update(repeating: ~0, count: 8) }
            filters.append(filter)
            at += blocks * 8
        }
        filterBlocks = memory
    }

    /// The trie handle of a compact (version 2) image, built once, before the storage is
    /// shared; nil for version 1. Queries read its fields through the pointer, in place.
    private(set) var trieHandle: UnsafeMutablePointer<_LMTrieHandle>?

    /// Reads the trie's section pointers (`_LMTrieHandle.init`) into `trieHandle`.
    func buildTrieHandle() {
        guard trieHandle == nil else { return }
        let p = UnsafeMutablePointer<_LMTrieHandle>.allocate(capacity: 1)
        p.initialize(to: _LMTrieHandle(UnsafeRawPointer(base)))
        trieHandle = p
    }

    deinit {
        if mapped { munmap(base, size) } else { base.deallocate() }
        filterBlocks?.deallocate()
        if let p = trieHandle { p.pointee.deallocate(); p.deinitialize(count: 1); p.deallocate() }
    }
}

/// The one place where the language model reads its image through pointers.
///
/// A borrowed, read-only view of a validated image (see `LMLayout`): section pointers,
/// capacities and the probing primitives of the hot path. It never allocates.
@usableFromInline
struct _LMHandle: @unchecked Sendable {
    let order: Int
    let vocabCount: UInt32
    let unk: UInt32, bos: UInt32, eos: UInt32
    let pool: UnsafePointer<UInt8>
    let poolSize: Int
    let offsets: UnsafePointer<UInt32>
    let vocabSlots: UnsafePointer<UInt32>
    let vocabMask: Int
    let unigrams: UnsafePointer<Float>
    // Tables for orders 2...5 (unused ones have capacity 0).
    let t2: UnsafeRawPointer, t3: UnsafeRawPointer, t4: UnsafeRawPointer, t5: UnsafeRawPointer
    let c2: UInt64, c3: UInt64, c4: UInt64, c5: UInt64
    // Entry strides of tables 2...5: 12 bytes for the highest order (no backoff), else 16.
    let s2: Int, s3: Int, s4: Int, s5: Int
    /// Key filters of tables 3 and 4 of a 4-gram model (see `_KeyFilter`), or filters that
    /// pass every key.
    private(set) var filter3 = _KeyFilter(blocks: UnsafePointer(_LMHandle.passAll), mask: 0)
    private(set) var filter4 = _KeyFilter(blocks: UnsafePointer(_LMHandle.passAll), mask: 0)

    /// One filter block with every bit set: passes every key.
    nonisolated(unsafe) static let passAll: UnsafeMutablePointer<UInt64> = {
        let p = UnsafeMutablePointer<UInt64>.allocate(capacity: 8)
        p.initialize(repeating: ~0, count: 8)
        return p
    }()

    /// The handle with the key filters of `storage` (built by `LMStorage.buildFilters`).
    init(_ base: UnsafeRawPointer, filters: [_KeyFilter]) {
        self.init(base)
        if filters.count >= 2 { filter3 = filters[0]; filter4 = filters[1] }
    }

    /// Reads the section pointers of an image whose header and bounds were already checked.
    init(_ base: UnsafeRawPointer) {
        func u32(_ o: Int) -> UInt32 { base.loadUnaligned(fromByteOffset: o, as: UInt32.self) }
        func u64(_ o: Int) -> UInt64 { base.loadUnaligned(fromByteOffset: o, as: UInt64.self) }
        func section(_ i: Int) -> UnsafeRawPointer { base + Int(u64(LMLayout.oSections + 8 * i)) }
        order = Int(u32(LMLayout.oOrder))
        vocabCount = u32(LMLayout.oVocabCount)
        unk = u32(LMLayout.oUnk); bos = u32(LMLayout.oBos); eos = u32(LMLayout.oEos)
        vocabMask = Int(u32(LMLayout.oVocabSlots)) - 1
        poolSize = Int(u64(LMLayout.oPoolSize))
        pool = section(0).assumingMemoryBound(to: UInt8.self)
        offsets = section(1).assumingMemoryBound(to: UInt32.self)
        vocabSlots = section(2).assumingMemoryBound(to: UInt32.self)
        unigrams = section(3).assumingMemoryBound(to: Float.self)
        t2 = section(4); t3 = section(5); t4 = section(6); t5 = section(7)
        c2 = u64(LMLayout.oCapacities); c3 = u64(LMLayout.oCapacities + 8)
        c4 = u64(LMLayout.oCapacities + 16); c5 = u64(LMLayout.oCapacities + 24)
        s2 = order == 2 ? 12 : 16; s3 = order == 3 ? 12 : 16; s4 = order == 4 ? 12 : 16; s5 = order == 5 ? 12 : 16
    }

    /// Table `n` (2...5) with its capacity and entry stride.
    @inline(__always)
    func table(_ n: Int) -> _LMTable {
        switch n {
        case 2: return _LMTable(base: t2, capacity: c2, stride: s2)
        case 3: return _LMTable(base: t3, capacity: c3, stride: s3)
        case 4: return _LMTable(base: t4, capacity: c4, stride: s4)
        default: return _LMTable(base: t5, capacity: c5, stride: s5)
        }
    }

    /// Prefetches the entry where the lookup of bigram (`previous`, `word`) starts, so that
    /// it is in cache when the query comes.
    @inline(__always)
    func warmBigram(_ previous: UInt32, _ word: UInt32) {
        guard c2 != 0 else { return }
        let w = word < vocabCount ? word : unk
        let i = LMLayout.home(UInt64(previous) << 32 | UInt64(w), c2)
        _prefetch(t2 + i &* s2, 0, 3, 1)
    }

    @inline(__always)
    func prob(_ n: Int, _ slot: Int) -> Float { table(n).prob(slot) }

    /// The stored backoff bits of context `slot` at order `n` (1 = unigram word id); 0 when out of range.
    @inline(__always)
    func backoffBits(_ n: Int, _ slot: UInt32) -> UInt32 {
        if n == 1 {
            return slot < vocabCount ? unigrams[Int(slot) &* 2 &+ 1].bitPattern : 0
        }
        guard n < order else { return 0 }
        return table(n).backoffBits(slot)
    }

    @inline(__always)
    func key(_ n: Int, _ slot: Int) -> UInt64 { table(n).key(slot) }

    /// The id of a word, or `unk`.
    @inline(__always)
    func index(of word: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let h = Hashing.hash(word)
        var i = Int(truncatingIfNeeded: h) & vocabMask
        var left = vocabMask + 1
        while left > 0 {
            let s = vocabSlots[i]
            if s == 0 { return unk }
            let id = s &- 1
            if id < vocabCount {
                let a = Int(offsets[Int(id)]), b = Int(offsets[Int(id) + 1])
                if b - a == word.count && a <= b && b <= poolSize && Vocabulary.equal(pool + a, word.baseAddress, word.count) {
                    return id
                }
            }
            i = (i &+ 1) & vocabMask
            left &-= 1
        }
        return unk
    }

    /// The bytes of word `id` (empty when out of range).
    func word(_ id: UInt32) -> UnsafeBufferPointer<UInt8> {
        guard id < vocabCount else { return UnsafeBufferPointer(start: pool, count: 0) }
        let a = Int(offsets[Int(id)]), b = Int(offsets[Int(id) + 1])
        guard a <= b, b <= poolSize else { return UnsafeBufferPointer(start: pool, count: 0) }
        return UnsafeBufferPointer(start: pool + a, count: b - a)
    }

    /// `scoreAnyOrder` for a 4-gram model (the default model's order): straight-line code with the
    /// same arithmetic as `scoreAnyOrder`, in the same order, so the same bits.
    @inline(__always)
    func scoreOrder4(_ state: LMState, _ word: UInt32, next: inout LMState) -> Float {
        // One copy of the query per context length, each with only the probes it makes.
        switch state.length {
        case 0: return scoreOrder4(state, word, next: &next, contexts: 0)
        case 1: return scoreOrder4(state, word, next: &next, contexts: 1)
        case 2: return scoreOrder4(state, word, next: &next, contexts: 2)
        default: return scoreOrder4(state, word, next: &next, contexts: 3)
        }
    }

    /// `scoreOrder4` for a state of `m` contexts. Transparent (always inlined, unlike
    /// `@inline(__always)`, which the optimizer declined here), so `m` is a constant in each
    /// copy: no empty probes to set up, no tests of `m`.
    @_transparent
    func scoreOrder4(_ state: LMState, _ word: UInt32, next: inout LMState, contexts m: Int) -> Float {
        let w = word < vocabCount ? word : unk
        let wk = UInt64(w)
        var out = LMState()
        out.w0 = w
        // The first probe of every order the state reaches, before any is resolved, so that
        // their misses overlap.
        // A 3- or 4-gram that the key filter rules out is not probed at all (its probe stays
        // empty, so it resolves as absent).
        // The strides are constants here (the highest order, 4, has no backoff).
        let bigrams = _LMTable(base: t2, capacity: c2, stride: 16)
        let trigrams = _LMTable(base: t3, capacity: c3, stride: 16)
        let fourGrams = _LMTable(base: t4, capacity: c4, stride: 12)
        var f2 = _LMTable.Probe(), f3 = _LMTable.Probe(), f4 = _LMTable.Probe()
        if m > 0 { f2 = bigrams.firstProbe(UInt64(state.w0) << 32 | wk) }
        // The 4-gram counts only when the trigram is found, so its filter is read only when the
        // trigram's passes.
        if m > 1 {
            let k3 = UInt64(state.w1) << 32 | wk, z3 = Hashing.mix(k3)
            if filter3.mayContain(z3) {
                f3 = trigrams.firstProbe(k3, mixed: z3)
                if m > 2 {
                    let k4 = UInt64(state.w2) << 32 | wk, z4 = Hashing.mix(k4)
                    if filter4.mayContain(z4) { f4 = fourGrams.firstProbe(k4, mixed: z4) }
                }
            }
        }
        var p: Float
        // j = the length of the longest context found with the word.
        var j = 0
        if m > 0, case let s2 = bigrams.resolve(f2), s2 >= 0 {
            out.w1 = UInt32(truncatingIfNeeded: s2)
            j = 1
            if m > 1, case let s3 = trigrams.resolve(f3), s3 >= 0 {
                out.w2 = UInt32(truncatingIfNeeded: s3)
                j = 2
                if m > 2, case let s4 = fourGrams.resolve(f4), s4 >= 0 {
                    p = fourGrams.prob(s4)
                    j = 3
                } else {
                    p = trigrams.prob(s3)
                }
            } else {
                p = bigrams.prob(s2)
            }
        } else {
            p = unigrams[Int(w) &* 2]
        }
        // Contexts longer than the match back off (a -0.0 backoff adds nothing).
        if j < m {
            if j == 0 { p += Float(bitPattern: backoffBits(1, state.w0)) }
            if j <= 1 && m > 1 { p += Float(bitPattern: bigrams.backoffBits(state.w1)) }
            if m > 2 { p += Float(bitPattern: trigrams.backoffBits(state.w2)) }
        }
        finishState(&out, min(j &+ 1, 3))
        next = out
        return p
    }

    /// Makes `out`, a state of `length` contexts, minimal: drops from the longest the contexts
    /// that extend to no n-gram, and sets its length. Unrolled from the longest, so each check
    /// reads a known table (the entry just found).
    @inline(__always)
    func finishState(_ out: inout LMState, _ length: Int) {
        var len = length
        if len == 4 && backoffBits(4, out.w3) == LMLayout.noExtension { len = 3; out.w3 = 0 }
        if len == 3 && backoffBits(3, out.w2) == LMLayout.noExtension { len = 2; out.w2 = 0 }
        if len == 2 && backoffBits(2, out.w1) == LMLayout.noExtension { len = 1; out.w1 = 0 }
        if len == 1 && backoffBits(1, out.w0) == LMLayout.noExtension { len = 0; out.w0 = 0 }
        out.length = UInt8(truncatingIfNeeded: len)
    }

    /// log10 P(word | state) with standard backoff, and the (minimal) next state, for any
    /// order (`NGramModel.score` picks `scoreOrder4` for 4-gram models).
    ///
    /// Unrolled by order: the longest matching context is found by probing orders 2, 3, ...
    /// until one misses (a model stores every prefix of its n-grams, so the first miss ends
    /// the search); the contexts longer than the match add their backoffs.
    @inline(__always)
    func scoreAnyOrder(_ state: LMState, _ word: UInt32, next: inout LMState) -> Float {
        let w = word < vocabCount ? word : unk
        var p = unigrams[Int(w) &* 2]
        let m = min(Int(state.length), order &- 1)
        var out = LMState()
        out.w0 = w
        // Issue the first probe of every order before resolving any, so that their cache
        // misses overlap (the keys depend only on the state and the word).
        let wk = UInt64(w)
        var f0 = _LMTable.Probe(), f1 = _LMTable.Probe(), f2 = _LMTable.Probe(), f3 = _LMTable.Probe()
        if m > 0 { f0 = table(2).firstProbe(UInt64(state.w0) << 32 | wk) }
        if m > 1 { f1 = table(3).firstProbe(UInt64(state.w1) << 32 | wk) }
        if m > 2 { f2 = table(4).firstProbe(UInt64(state.w2) << 32 | wk) }
        if m > 3 { f3 = table(5).firstProbe(UInt64(state.w3) << 32 | wk) }
        // j = the length of the longest context found with the word.
        var j = 0
        if m > 0, case let s2 = table(2).resolve(f0), s2 >= 0 {
            p = prob(2, s2); j = 1; out.w1 = UInt32(truncatingIfNeeded: s2)
            if m > 1, case let s3 = table(3).resolve(f1), s3 >= 0 {
                p = prob(3, s3); j = 2; out.w2 = UInt32(truncatingIfNeeded: s3)
                if m > 2, case let s4 = table(4).resolve(f2), s4 >= 0 {
                    p = prob(4, s4); j = 3; out.w3 = UInt32(truncatingIfNeeded: s4)
                    if m > 3, case let s5 = table(5).resolve(f3), s5 >= 0 { p = prob(5, s5); j = 4 }
                }
            }
        }
        // Contexts longer than the match back off (a -0.0 backoff adds nothing).
        if j < m {
            if j == 0 { p += Float(bitPattern: backoffBits(1, state.w0)) }
            if j <= 1 && m > 1 { p += Float(bitPattern: backoffBits(2, state.w1)) }
            if j <= 2 && m > 2 { p += Float(bitPattern: backoffBits(3, state.w2)) }
            if m > 3 { p += Float(bitPattern: backoffBits(4, state.w3)) }
        }
        // The next state keeps the word and the contexts found (at most order - 1 words),
        // dropping from the longest those that extend to no n-gram.
        let len = min(j &+ 1, order &- 1)
        if len < 4 { out.w3 = 0 }
        if len < 3 { out.w2 = 0 }
        if len < 2 { out.w1 = 0 }
        finishState(&out, len)
        next = out
        return p
    }
}
