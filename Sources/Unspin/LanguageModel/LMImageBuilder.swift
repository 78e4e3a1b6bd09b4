/// The n-grams of one order, word ids oldest first, as read from ARPA or produced by training.
struct LMGramList {
    /// Word ids, `order` per n-gram, oldest first.
    var words: [UInt32] = []
    var prob: [Float] = []
    /// Empty for the highest order.
    var backoff: [Float] = []
    var count: Int { prob.count }
}

/// Everything needed to build a model image.
struct LMBuildInput {
    var order: Int
    /// Word bytes back to back, and `offsets` (count + 1) into them; ids are positions.
    var pool: [UInt8] = []
    var offsets: [UInt32] = [0]
    var unk: UInt32 = 0, bos: UInt32 = 0, eos: UInt32 = 0
    var uniProb: [Float] = []
    var uniBackoff: [Float] = []
    /// Index n - 2 holds order n (2...order).
    var grams: [LMGramList] = []
    /// The number of training tokens, when known (the trainer's count; nil for ARPA input).
    var trainingTokens: Int? = nil
    var vocabCount: Int { offsets.count - 1 }

    init(order: Int) { self.order = order }

    mutating func addWord(_ bytes: some Collection<UInt8>, prob: Float, backoff: Float) {
        pool.append(contentsOf: bytes)
        offsets.append(UInt32(pool.count))
        uniProb.append(prob)
        uniBackoff.append(backoff)
    }
}

/// Lays out a model image (see `LMLayout`) from n-gram lists.
///
/// Fills the hash tables order by order; an n-gram whose context or shorter suffix is missing
/// (as SRILM pruning can leave) gets that n-gram added with the probability backoff gives it
/// and backoff 0, so that lookups may stop at the first missing order.
struct LMImageBuilder {
    let input: LMBuildInput
    let file: String
    /// Slots per n-gram in each table (the inverse of the load factor). At 3 (a third full) a
    /// lookup, found or not, rarely reads past its home slot's cache line: every query probes
    /// the bigram table, and the restorer is bound by the wait for those reads. 1.5 (KenLM's
    /// probing default) gives a file about half the size and restores 10–15% slower.
    var loadFactorInverse: Double = 3

    init(_ input: LMBuildInput, file: String = "") { self.input = input; self.file = file }

    private struct Full: Error { let order: Int }

    /// Builds the image in memory.
    func build() throws -> LMStorage {
        let order = input.order
        var caps = [UInt64](repeating: 0, count: 6)
        for n in 2...order {
            let c = input.grams[n - 2].count
            caps[n] = UInt64(max(16, Int(Double(c) * loadFactorInverse) + 8))
        }
        while true {
            do { return try attempt(caps) } catch let f as Full { caps[f.order] *= 2 }
        }
    }

    private func attempt(_ caps: [UInt64]) throws -> LMStorage {
        let order = input.order
        let V = input.vocabCount
        var vocabSlots = 16
        while vocabSlots < 2 * V { vocabSlots *= 2 }
        // Section offsets.
        var sections = [Int](repeating: 0, count: 8)
        var at = LMLayout.headerSize
        sections[0] = at; at = LMLayout.align(at + input.pool.count)
        sections[1] = at; at = LMLayout.align(at + 4 * (V + 1))
        sections[2] = at; at = LMLayout.align(at + 4 * vocabSlots)
        sections[3] = at; at = LMLayout.align(at + 8 * V)
        for n in 2...5 {
            sections[n + 2] = at
            if n <= order { at = LMLayout.align(at + Int(caps[n]) * (n == order ? 12 : 16)) }
        }
        let size = at
        let storage = LMStorage(allocating: size)
        let base = storage.base

        // Vocabulary.
        input.pool.withUnsafeBytes { src in
            if src.count > 0 { (base + sections[0]).copyMemory(from: src.baseAddress!, byteCount: src.count) }
        }
        let offs = (base + sections[1]).bindMemory(to: UInt32.self, capacity: V + 1)
        for i in 0...V { offs[i] = input.offsets[i] }
        let slots = (base + sections[2]).bindMemory(to: UInt32.self, capacity: vocabSlots)
        input.pool.withUnsafeBufferPointer { pool in
            for id in 0..<V {
                let a = Int(input.offsets[id]), b = Int(input.offsets[id + 1])
                let h = Hashing.hash(UnsafeBufferPointer(rebasing: pool[a..<b]))
                var i = Int(truncatingIfNeeded: h) & (vocabSlots - 1)
                while slots[i] != 0 { i = (i + 1) & (vocabSlots - 1) }
                slots[i] = UInt32(id + 1)
            }
        }
        let uni = (base + sections[3]).bindMemory(to: Float.self, capacity: 2 * V)
        for i in 0..<V { uni[2 * i] = input.uniProb[i]; uni[2 * i + 1] = input.uniBackoff[i] }

        // Tables.
        var tables = Tables(base: base, sections: sections, caps: caps, order: order)
        for n in 2...order { tables.clear(n) }
        var extended = [[Bool]](repeating: [], count: order)
        extended[0] = [Bool](repeating: false, count: 0)
        extended[1] = [Bool](repeating: false, count: V)
        for n in 2..<order { extended[n] = [Bool](repeating: false, count: Int(caps[n])) }

        for n in 2...order {
            let list = input.grams[n - 2]
            try list.words.withUnsafeBufferPointer { words in
                // Contexts first (adding missing ones), then the n-grams in order of their
                // estimated frequency in text, most frequent first (ties by key): linear
                // probing leaves the first keys inserted at or next to their home slot, so the
                // n-grams queried most are found by the first probe.
                var keys = [UInt64](repeating: 0, count: list.count)
                var weight = [Float](repeating: 0, count: list.count)
                for i in 0..<list.count {
                    let g = UnsafeBufferPointer(rebasing: words[(i * n)..<(i * n + n)])
                    for w in g where Int(w) >= V {
                        throw LMError(file: file, "\(n)-gram \(i + 1) uses word id \(w), beyond the vocabulary")
                    }
                    let ctx = try ensure(UnsafeBufferPointer(rebasing: g[0..<(n - 1)]), &tables, &extended)
                    if n >= 3 { _ = try ensure(UnsafeBufferPointer(rebasing: g[1..<n]), &tables, &extended) }
                    keys[i] = UInt64(ctx) << 32 | UInt64(g[n - 1])
                    weight[i] = jointLogProb(UnsafeBufferPointer(rebasing: g[0..<(n - 1)]), tables) + list.prob[i]
                }
                let byFrequency = (0..<list.count).sorted {
                    weight[$0] > weight[$1] || (weight[$0] == weight[$1] && keys[$0] < keys[$1])
                }
                for i in byFrequency {
                    let key = keys[i]
                    let bo = n < order ? list.backoff[i] : 0
                    guard try tables.insert(n, key, list.prob[i], bo) != nil else {
                        throw LMError(file: file, "the \(n)-gram '\(text(UnsafeBufferPointer(rebasing: words[(i * n)..<(i * n + n)])))' appears twice")
                    }
                    let ctx = UInt32(truncatingIfNeeded: key >> 32)
                    extended[n - 1][Int(ctx)] = true
                }
            }
        }
        // Mark contexts that neither extend nor back off.
        for i in 0..<V {
            let bo = uni[2 * i + 1]
            if bo == 0 { uni[2 * i + 1] = extended[1][i] ? 0 : Float(bitPattern: LMLayout.noExtension) }
        }
        for n in 2..<order {
            for s in 0..<Int(caps[n]) where tables.key(n, s) != LMLayout.emptyKey {
                if tables.backoff(n, s) == 0 { tables.setBackoff(n, s, extended[n][s] ? 0 : Float(bitPattern: LMLayout.noExtension)) }
            }
        }

        // Header.
        func put32(_ o: Int, _ v: UInt32) { base.storeBytes(of: v, toByteOffset: o, as: UInt32.self) }
        func put64(_ o: Int, _ v: UInt64) { base.storeBytes(of: v, toByteOffset: o, as: UInt64.self) }
        for (i, b) in LMLayout.magic.enumerated() { base.storeBytes(of: b, toByteOffset: i, as: UInt8.self) }
        put32(LMLayout.oVersion, LMLayout.version)
        put32(LMLayout.oByteOrder, LMLayout.byteOrderCheck)
        base.storeBytes(of: LMLayout.floatCheck, toByteOffset: LMLayout.oFloatCheck, as: Float.self)
        put32(LMLayout.oHeaderSize, UInt32(LMLayout.headerSize))
        put32(LMLayout.oOrder, UInt32(order))
        put32(LMLayout.oVocabCount, UInt32(V))
        put32(LMLayout.oUnk, input.unk); put32(LMLayout.oBos, input.bos); put32(LMLayout.oEos, input.eos)
        put32(LMLayout.oVocabSlots, UInt32(vocabSlots))
        put64(LMLayout.oFileSize, UInt64(size))
        put64(LMLayout.oCounts, UInt64(V))
        for n in 2...5 {
            put64(LMLayout.oCounts + 8 * (n - 1), n <= order ? UInt64(tables.filled[n]) : 0)
            put64(LMLayout.oCapacities + 8 * (n - 2), n <= order ? caps[n] : 0)
        }
        for i in 0..<8 { put64(LMLayout.oSections + 8 * i, UInt64(sections[i])) }
        put64(LMLayout.oPoolSize, UInt64(input.pool.count))
        put64(LMLayout.oTrainingTokens, input.trainingTokens.map { UInt64($0) + 1 } ?? 0)
        base.storeBytes(of: UInt8(16), toByteOffset: LMLayout.oEntryStrides, as: UInt8.self)
        base.storeBytes(of: UInt8(12), toByteOffset: LMLayout.oEntryStrides + 1, as: UInt8.self)
        put64(LMLayout.oDataChecksum, Hashing.checksum(base + LMLayout.headerSize, size - LMLayout.headerSize))
        put64(LMLayout.oHeaderChecksum, Hashing.checksum(base, LMLayout.oHeaderChecksum))
        return storage
    }

    /// The slot of n-gram `g` (its word id when a unigram), adding it with its backoff
    /// probability when missing.
    private func ensure(_ g: UnsafeBufferPointer<UInt32>, _ t: inout Tables, _ ext: inout [[Bool]]) throws -> UInt32 {
        let n = g.count
        if n == 1 { return g[0] }
        let ctx = try ensure(UnsafeBufferPointer(rebasing: g[0..<(n - 1)]), &t, &ext)
        let key = UInt64(ctx) << 32 | UInt64(g[n - 1])
        let found = t.find(n, key)
        if found >= 0 { return UInt32(found) }
        // Missing: add it with the probability standard backoff gives.
        let suffix = try ensure(UnsafeBufferPointer(rebasing: g[1..<n]), &t, &ext)
        let lower: Float = n == 2 ? input.uniProb[Int(suffix)] : t.prob(n - 1, Int(suffix))
        let ctxBackoff: Float = n == 2 ? input.uniBackoff[Int(ctx)] : t.backoff(n - 1, Int(ctx))
        guard let slot = try t.insert(n, key, lower + ctxBackoff, 0) else { return UInt32(t.find(n, key)) }
        ext[n - 1][Int(ctx)] = true
        return UInt32(slot)
    }

    /// log10 P(g) by the chain rule over the stored probabilities of g's prefixes (each
    /// present: `ensure` added the missing ones): how often the model expects `g` in text.
    /// `<s>` has no probability of its own (ARPA gives it -99); it starts every sentence, as
    /// often as `</s>` ends one.
    private func jointLogProb(_ g: UnsafeBufferPointer<UInt32>, _ t: Tables) -> Float {
        var total = input.uniProb[Int(g[0] == input.bos ? input.eos : g[0])]
        var ctx = g[0]
        for n in stride(from: 2, through: g.count, by: 1) {
            let slot = t.find(n, UInt64(ctx) << 32 | UInt64(g[n - 1]))
            if slot < 0 { break }
            total += t.prob(n, slot)
            ctx = UInt32(slot)
        }
        return total
    }

    private func text(_ g: UnsafeBufferPointer<UInt32>) -> String {
        g.map { id -> String in
            let a = Int(input.offsets[Int(id)]), b = Int(input.offsets[Int(id) + 1])
            return String(decoding: input.pool[a..<b], as: UTF8.self)
        }.joined(separator: " ")
    }

    /// Mutable access to the hash tables while building.
    private struct Tables {
        let base: UnsafeMutableRawPointer
        var ptr = [UnsafeMutableRawPointer?](repeating: nil, count: 6)
        var caps: [UInt64]
        var filled = [Int](repeating: 0, count: 6)
        let order: Int

        init(base: UnsafeMutableRawPointer, sections: [Int], caps: [UInt64], order: Int) {
            self.base = base; self.caps = caps; self.order = order
            for n in 2...order { ptr[n] = base + sections[n + 2] }
        }

        func stride(_ n: Int) -> Int { n == order ? 12 : 16 }

        func clear(_ n: Int) {
            for s in 0..<Int(caps[n]) { ptr[n]!.storeBytes(of: LMLayout.emptyKey, toByteOffset: s * stride(n), as: UInt64.self) }
        }

        /// Table `n` as the model reads it, for lookups.
        func table(_ n: Int) -> _LMTable { _LMTable(base: UnsafeRawPointer(ptr[n]!), capacity: caps[n], stride: stride(n)) }

        func key(_ n: Int, _ s: Int) -> UInt64 { table(n).key(s) }
        func prob(_ n: Int, _ s: Int) -> Float { table(n).prob(s) }
        func backoff(_ n: Int, _ s: Int) -> Float {
            n < order ? ptr[n]!.loadUnaligned(fromByteOffset: s * 16 + 12, as: Float.self) : 0
        }
        func setBackoff(_ n: Int, _ s: Int, _ v: Float) {
            ptr[n]!.storeBytes(of: v, toByteOffset: s * 16 + 12, as: Float.self)
        }

        func find(_ n: Int, _ key: UInt64) -> Int { table(n).find(key) }

        /// Inserts; nil when the key is already there. Throws `Full` when the table fills up.
        mutating func insert(_ n: Int, _ key: UInt64, _ prob: Float, _ backoff: Float) throws -> Int? {
            let cap = caps[n]
            if filled[n] + 1 >= Int(cap) { throw Full(order: n) }
            var i = LMLayout.home(key, cap)
            while true {
                let k = self.key(n, i)
                if k == key { return nil }
                if k == LMLayout.emptyKey { break }
                i += 1
                if i == Int(cap) { i = 0 }
            }
            let p = ptr[n]!
            p.storeBytes(of: key, toByteOffset: i * stride(n), as: UInt64.self)
            p.storeBytes(of: prob, toByteOffset: i * stride(n) + 8, as: Float.self)
            if n < order { p.storeBytes(of: backoff, toByteOffset: i * 16 + 12, as: Float.self) }
            filled[n] += 1
            return i
        }
    }
}
