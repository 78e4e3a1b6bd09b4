extension NGramModel {
    /// Checks a version 2 image's header and section bounds (see `LMTrieLayout`), after
    /// `validate` has checked the magic and version, so that no query reads outside it.
    /// - Complexity: O(1); O(file size) with `verify`.
    static func validateCompact(_ base: UnsafeRawPointer, size: Int, file: String, verify: Bool) throws {
        func u32(_ o: Int) -> UInt32 { base.loadUnaligned(fromByteOffset: o, as: UInt32.self) }
        func u64(_ o: Int) -> UInt64 { base.loadUnaligned(fromByteOffset: o, as: UInt64.self) }
        func fail(_ m: String, _ offset: Int = -1) -> LMError { LMError(file: file, offset: offset, m) }
        guard u32(LMLayout.oByteOrder) == LMLayout.byteOrderCheck,
              base.loadUnaligned(fromByteOffset: LMLayout.oFloatCheck, as: Float.self) == LMLayout.floatCheck,
              u32(LMLayout.oHeaderSize) == UInt32(LMLayout.headerSize) else {
            throw fail("layout check values differ (byte order, float format or header size): damaged, or written by an incompatible build", LMLayout.oByteOrder)
        }
        guard u64(LMLayout.oHeaderChecksum) == Hashing.checksum(base, LMLayout.oHeaderChecksum) else {
            throw fail("the header is damaged (checksum mismatch)", 0)
        }
        let declared = u64(LMLayout.oFileSize)
        if UInt64(size) < declared {
            throw fail("truncated: \(size) bytes, but the header says \(declared) (incomplete copy or download?)")
        }
        if UInt64(size) > declared {
            throw fail("\(UInt64(size) - declared) unexpected bytes after the model's end (\(declared) bytes)", Int(declared))
        }
        let order = Int(u32(LMLayout.oOrder))
        let V = Int(u32(LMLayout.oVocabCount))
        let slots = Int(u32(LMLayout.oVocabSlots))
        guard (2...LMLayout.maxOrder).contains(order), V >= 3, slots > V, slots & (slots - 1) == 0,
              u32(LMLayout.oUnk) < V, u32(LMLayout.oBos) < V, u32(LMLayout.oEos) < V else {
            throw fail("the header holds impossible values (order \(order), \(V) words): damaged file")
        }
        let widths = _LMTrieHandle.widths(base)
        var counts = [Int](repeating: 0, count: 6)
        for n in 2...5 {
            let w = widths[n], o = LMTrieLayout.oBits + 4 * (n - 2)
            counts[n] = Int(truncatingIfNeeded: u64(LMLayout.oCounts + 8 * (n - 1)))
            let ok: Bool
            if n > order {
                ok = w == .init() && counts[n] == 0
            } else {
                ok = (1...32).contains(w.word) && (1 << w.word) >= V && (1...16).contains(w.prob)
                    && (n == order ? w.backoff == 0 && w.pointer == 0 : (2...16).contains(w.backoff) && (1...32).contains(w.pointer))
                    && (0..<Int(UInt32.max)).contains(counts[n])
            }
            guard ok else { throw fail("the field widths or count of order \(n) are impossible: damaged file", o) }
        }
        // Sections in file order: pool, offsets, vocab, unigrams, children, buckets, codebooks, orders 2...5.
        let poolSize = Int(truncatingIfNeeded: u64(LMLayout.oPoolSize))
        var layout: [(field: Int, bytes: Int)] = [
            (LMLayout.oSections, poolSize), (LMLayout.oSections + 8, 4 * (V + 1)),
            (LMLayout.oSections + 16, 4 * slots), (LMLayout.oSections + 24, 8 * V),
            (LMTrieLayout.oChildren, 4 * (V + 1)),
            (LMTrieLayout.oBuckets, 4 * LMTrieLayout.bucketSlots(bigrams: counts[2], words: V)),
            (LMTrieLayout.oCodebooks, 4 * LMTrieLayout.codebookCount(order: order, widths: widths)),
        ]
        for n in 2...5 {
            let records = n <= order ? counts[n] + (n < order ? 1 : 0) : 0
            layout.append((LMLayout.oSections + 8 * (n + 2), n <= order ? LMTrieLayout.levelBytes(order: n, count: counts[n], records: records, stride: widths[n].stride) : 0))
        }
        guard poolSize >= 0 else { throw fail("the header holds impossible values (pool of \(poolSize) bytes): damaged file", LMLayout.oPoolSize) }
        var previousEnd = LMLayout.headerSize
        for (i, s) in layout.enumerated() {
            let off = Int(truncatingIfNeeded: u64(s.field))
            guard off >= previousEnd, off % LMLayout.alignment == 0, off <= size, s.bytes <= size - off else {
                throw fail("section \(i) lies outside the file or overlaps another: damaged file", s.field)
            }
            previousEnd = off + s.bytes
        }
        if verify {
            let sum = Hashing.checksum(base + LMLayout.headerSize, size - LMLayout.headerSize)
            guard sum == u64(LMLayout.oDataChecksum) else { throw fail("the data is damaged (checksum mismatch)") }
        }
    }

    /// Calls `body` with every stored n-gram of order `n` (words oldest first, log10
    /// probability, backoff bits: 0 for the highest order), in storage order. Damaged data
    /// gives wrong n-grams, never an out-of-bounds read.
    /// - Complexity: O(count × n); O(count) memory for a compact model's context links.
    func forEachNGram(_ n: Int, _ body: (UnsafeBufferPointer<UInt32>, Float, UInt32) throws -> Void) rethrows {
        var words = [UInt32](repeating: 0, count: n)
        if n == 1 {
            for w in 0..<Int(handle.vocabCount) {
                words[0] = UInt32(w)
                try words.withUnsafeBufferPointer { try body($0, handle.unigrams[2 * w], handle.unigrams[2 * w + 1].bitPattern) }
            }
            return
        }
        let t = trie
        guard isCompact else {
            for s in 0..<Int(handle.table(n).capacity) where handle.key(n, s) != LMLayout.emptyKey {
                decode(n, s, into: &words)
                let bo = n < order ? handle.backoffBits(n, UInt32(s)) : 0
                try words.withUnsafeBufferPointer { try body($0, handle.prob(n, s), bo) }
            }
            return
        }
        // parents[k][i]: the context entry (order k - 1; a word id for k = 2) of entry i of order k.
        var parents = [[UInt32]](repeating: [], count: n + 1)
        for k in 2...n {
            var p = [UInt32](repeating: 0, count: t.level(k).count)
            if k == 2 {
                for w in 0..<t.vocabCount { for i in t.unigramChildren(w) { p[i] = w } }
            } else {
                for c in 0..<t.level(k - 1).count { for i in t.level(k - 1).children(UInt32(c)) { p[i] = UInt32(c) } }
            }
            parents[k] = p
        }
        let level = t.level(n)
        for i in 0..<level.count {
            var idx = UInt32(i)
            for k in stride(from: n, through: 2, by: -1) {
                words[k - 1] = UInt32(truncatingIfNeeded: t.level(k).word(Int(idx)))
                idx = parents[k][Int(idx)]
            }
            words[0] = idx
            let bo = n < order ? level.backoff(UInt32(i)).bitPattern : 0
            try words.withUnsafeBufferPointer { try body($0, level.prob(i), bo) }
        }
    }

    /// The model's n-gram lists, as `LMImageBuilder` takes them (a compact model's values
    /// are its quantized ones).
    /// - Complexity: O(number of n-grams × order).
    func buildInput() -> LMBuildInput {
        var input = LMBuildInput(order: order)
        input.unk = handle.unk; input.bos = handle.bos; input.eos = handle.eos
        input.trainingTokens = trainingTokens
        for w in 0..<handle.vocabCount {
            let bo = handle.unigrams[2 * Int(w) + 1]
            input.addWord(handle.word(w), prob: handle.unigrams[2 * Int(w)], backoff: bo == 0 ? 0 : bo)
        }
        for n in 2...order {
            var list = LMGramList()
            forEachNGram(n) { words, prob, bo in
                list.words.append(contentsOf: words)
                list.prob.append(prob)
                if n < order { list.backoff.append(bo == LMLayout.noExtension ? 0 : Float(bitPattern: bo)) }
            }
            input.grams.append(list)
        }
        return input
    }
}
