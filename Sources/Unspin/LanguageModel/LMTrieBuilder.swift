import Foundation

/// Lays out a compact (version 2) image (see `LMTrieLayout`) from a version 1 image.
///
/// The version 1 image already holds every prefix and suffix the query needs and the
/// no-extension markers (`LMImageBuilder`); this sorts each order's entries by (context
/// entry, `LMTrieLayout.key` of the word), links contexts to their child ranges and quantizes the values of orders 2
/// and up with per-order codebooks (`LMQuantizer`). Unigrams keep their exact values.
struct LMTrieBuilder {
    let source: _LMHandle
    let sourceBase: UnsafeRawPointer
    var probBits = LMTrieLayout.defaultProbBits
    var backoffBits = LMTrieLayout.defaultBackoffBits

    init(_ storage: LMStorage) {
        sourceBase = UnsafeRawPointer(storage.base)
        source = _LMHandle(sourceBase)
    }

    /// One order's entries in trie order.
    private struct Level {
        var words: [UInt32] = []
        var parents: [UInt32] = []
        var probs: [Float] = []
        var backoffBits: [UInt32] = []
    }

    /// Builds the compact image in memory.
    /// - Complexity: O(n log n) in the number of n-grams.
    func build() -> LMStorage {
        let order = source.order
        let V = Int(source.vocabCount)
        // Word ids stay as they are (frequent words near each other in the vocabulary
        // arrays); children are sorted by `LMTrieLayout.key` of their word, which spreads them
        // evenly over the buckets.
        // Trie order, order by order: an entry's context is the new index of its version 1
        // context slot.
        var levels = [Level](repeating: Level(), count: 6)
        // log10 of how often each entry's n-gram is expected in text (chain rule; `<s>`, which
        // ARPA gives -99, as often as `</s>`): quantization errors weigh by it.
        var joint = (0..<V).map { id -> Float in
            source.unigrams[2 * (id == Int(source.bos) ? Int(source.eos) : id)]
        }
        var joints = [[Float]](repeating: [], count: 6)
        var newIndex: [UInt32] = []  // version 1 slot of order n - 1 → trie index
        for n in 2...order {
            let table = source.table(n)
            var items: [(key: UInt64, slot: UInt32, word: UInt32)] = []
            items.reserveCapacity(Int(table.capacity) / 2)
            for s in 0..<Int(table.capacity) {
                let key = table.key(s)
                if key == LMLayout.emptyKey { continue }
                var ctx = UInt32(truncatingIfNeeded: key >> 32)
                if n > 2 { ctx = Int(ctx) < newIndex.count ? newIndex[Int(ctx)] : 0 }
                let word = UInt32(truncatingIfNeeded: key)
                items.append((UInt64(ctx) << 32 | UInt64(LMTrieLayout.key(word)), UInt32(s), word))
            }
            items.sort { $0.key < $1.key }
            var map = [UInt32](repeating: 0, count: n < order ? Int(table.capacity) : 0)
            var level = Level()
            level.words.reserveCapacity(items.count)
            var nextJoint = [Float](repeating: 0, count: items.count)
            for (i, item) in items.enumerated() {
                let parent = Int(item.key >> 32)
                if n == 2 {
                    nextJoint[i] = joint[min(parent, V - 1)] + table.prob(Int(item.slot))
                } else {
                    nextJoint[i] = (parent < joint.count ? joint[parent] : -99) + table.prob(Int(item.slot))
                }
                level.words.append(item.word)
                level.parents.append(UInt32(truncatingIfNeeded: item.key >> 32))
                level.probs.append(table.prob(Int(item.slot)))
                if n < order {
                    level.backoffBits.append(source.backoffBits(n, item.slot))
                    map[Int(item.slot)] = UInt32(i)
                }
            }
            levels[n] = level
            newIndex = map
            joint = nextJoint
            joints[n] = nextJoint
        }
        // Child starts: entries of order n + 1 whose context sorts before each entry of order n.
        func starts(parents: [UInt32], contexts: Int) -> [UInt32] {
            var out = [UInt32](repeating: 0, count: contexts + 1)
            for p in parents where Int(p) < contexts { out[Int(p) + 1] += 1 }
            for i in 0..<contexts { out[i + 1] += out[i] }
            return out
        }
        let unigramChildren = starts(parents: levels[2].parents, contexts: V)
        var widths = [LMTrieLayout.Widths](repeating: .init(), count: 6)
        var childStarts = [[UInt32]](repeating: [], count: 6)
        for n in 2...order {
            widths[n].word = LMTrieLayout.bits(for: V)
            widths[n].prob = probBits
            if n < order {
                widths[n].backoff = backoffBits
                widths[n].pointer = LMTrieLayout.bits(for: levels[n + 1].words.count + 1)
                childStarts[n] = starts(parents: levels[n + 1].parents, contexts: levels[n].words.count)
            }
        }

        // Sections.
        var vocabSlots = 16
        while vocabSlots * 4 < 5 * V { vocabSlots *= 2 }  // at most 80% full
        var sections = [Int](repeating: 0, count: 8)
        var at = LMLayout.headerSize
        let poolSize = Int(sourceBase.loadUnaligned(fromByteOffset: LMLayout.oPoolSize, as: UInt64.self))
        sections[0] = at; at = LMLayout.align(at + poolSize)
        sections[1] = at; at = LMLayout.align(at + 4 * (V + 1))
        sections[2] = at; at = LMLayout.align(at + 4 * vocabSlots)
        sections[3] = at; at = LMLayout.align(at + 8 * V)
        let childrenAt = at; at = LMLayout.align(at + 4 * (V + 1))
        let bucketsAt = at; at = LMLayout.align(at + 4 * LMTrieLayout.bucketSlots(bigrams: levels[2].words.count, words: V))
        let codebooksAt = at; at = LMLayout.align(at + 4 * LMTrieLayout.codebookCount(order: order, widths: widths))
        for n in 2...5 {
            sections[n + 2] = at
            if n <= order {
                let records = levels[n].words.count + (n < order ? 1 : 0)
                at = LMLayout.align(at + LMTrieLayout.levelBytes(order: n, count: levels[n].words.count, records: records, stride: widths[n].stride))
            }
        }
        let size = at
        let storage = LMStorage(allocating: size)
        let base = storage.base

        // Vocabulary and unigrams as in version 1 (a smaller vocabulary hash).
        let pool = (base + sections[0]).bindMemory(to: UInt8.self, capacity: max(poolSize, 1))
        let offsets = (base + sections[1]).bindMemory(to: UInt32.self, capacity: V + 1)
        let unigrams = (base + sections[3]).bindMemory(to: Float.self, capacity: 2 * V)
        let slots = (base + sections[2]).bindMemory(to: UInt32.self, capacity: vocabSlots)
        var end = 0
        for id in 0..<V {
            let old = UInt32(id)
            let word = source.word(old)
            if let p = word.baseAddress, word.count > 0, end + word.count <= poolSize {
                (pool + end).update(from: p, count: word.count)
                end += word.count
            }
            offsets[id + 1] = UInt32(end)
            unigrams[2 * id] = source.unigrams[2 * Int(old)]
            unigrams[2 * id + 1] = source.unigrams[2 * Int(old) + 1]
            var i = Int(truncatingIfNeeded: Hashing.hash(word)) & (vocabSlots - 1)
            while slots[i] != 0 { i = (i + 1) & (vocabSlots - 1) }
            slots[i] = UInt32(id + 1)
        }
        let children = (base + childrenAt).bindMemory(to: UInt32.self, capacity: V + 1)
        for i in 0...V { children[i] = unigramChildren[i] }
        let buckets = (base + bucketsAt).bindMemory(to: UInt32.self, capacity: LMTrieLayout.bucketSlots(bigrams: levels[2].words.count, words: V))
        let shift = LMTrieLayout.sampleShift
        for c in 0..<V {
            let a = Int(unigramChildren[c]), b = Int(unigramChildren[c + 1])
            let k = (b >> shift) - (a >> shift)
            guard k > 0 else { continue }
            let first = (a >> shift) + c
            var i = a
            for bucket in 0..<k {
                while i < b && LMTrieLayout.bucket(levels[2].words[i], k) < bucket { i += 1 }
                buckets[first + bucket] = UInt32(i)
            }
            buckets[first + k] = UInt32(b)
        }

        // Codebooks and records.
        var book = (base + codebooksAt).bindMemory(to: Float.self, capacity: 1)
        for n in 2...order {
            let level = levels[n]
            let weights = Self.weights(joints[n])
            let probQ = LMQuantizer(level.probs, weights: weights, codes: 1 << widths[n].prob)
            for (i, c) in probQ.centres.enumerated() { book[i] = c }
            book += 1 << widths[n].prob
            var backoffCodes: [Int] = []
            if n < order {
                var others: [Float] = [], otherWeights: [Double] = []
                for (i, b) in level.backoffBits.enumerated() where b != LMLayout.noExtension && b != 0 {
                    others.append(Float(bitPattern: b))
                    otherWeights.append(weights[i])
                }
                let boQ = LMQuantizer(others, weights: otherWeights, codes: 1 << widths[n].backoff, firstCode: 2)
                book[Int(LMTrieLayout.noExtensionCode)] = Float(bitPattern: LMLayout.noExtension)
                book[Int(LMTrieLayout.zeroBackoffCode)] = 0
                for (i, c) in boQ.centres.enumerated() { book[i + 2] = c }
                book += 1 << widths[n].backoff
                backoffCodes = level.backoffBits.map { b in
                    b == LMLayout.noExtension ? Int(LMTrieLayout.noExtensionCode)
                        : b == 0 ? Int(LMTrieLayout.zeroBackoffCode) : boQ.code(Float(bitPattern: b))
                }
            }
            var writer = BitWriter(base: base + sections[n + 2])
            let w = widths[n]
            for i in 0..<level.words.count {
                writer.put(UInt64(level.words[i]), w.word)
                writer.put(UInt64(probQ.code(level.probs[i])), w.prob)
                if n < order {
                    writer.put(UInt64(backoffCodes[i]), w.backoff)
                    writer.put(UInt64(childStarts[n][i]), w.pointer)
                }
            }
            if n < order {  // the sentinel: only its child field counts
                writer.put(0, w.word + w.prob + w.backoff)
                writer.put(UInt64(childStarts[n][level.words.count]), w.pointer)
            }
            let records = level.words.count + (n < order ? 1 : 0)
            let samples = (base + sections[n + 2] + LMTrieLayout.samplesOffset(records: records, stride: w.stride))
                .bindMemory(to: UInt32.self, capacity: max(1, LMTrieLayout.sampleCount(level.words.count, order: n)))
            for j in 0..<LMTrieLayout.sampleCount(level.words.count, order: n) { samples[j] = LMTrieLayout.key(level.words[j << LMTrieLayout.sampleShift]) }
        }

        // Header: the shared fields as version 1 has them, then version 2's own.
        (base).copyMemory(from: sourceBase, byteCount: LMLayout.headerSize)
        func put32(_ o: Int, _ v: UInt32) { base.storeBytes(of: v, toByteOffset: o, as: UInt32.self) }
        func put64(_ o: Int, _ v: UInt64) { base.storeBytes(of: v, toByteOffset: o, as: UInt64.self) }
        for o in stride(from: LMLayout.oCapacities, to: LMLayout.oSections, by: 8) { put64(o, 0) }  // v1 capacities
        put32(LMLayout.oVersion, LMTrieLayout.version)
        put32(LMLayout.oVocabSlots, UInt32(vocabSlots))
        put64(LMLayout.oFileSize, UInt64(size))
        for n in 2...5 { put64(LMLayout.oCounts + 8 * (n - 1), n <= order ? UInt64(levels[n].words.count) : 0) }
        for i in 0..<8 { put64(LMLayout.oSections + 8 * i, UInt64(sections[i])) }
        put64(LMTrieLayout.oChildren, UInt64(childrenAt))
        put64(LMTrieLayout.oCodebooks, UInt64(codebooksAt))
        put64(LMTrieLayout.oBuckets, UInt64(bucketsAt))
        put64(LMLayout.oEntryStrides, 0)
        for n in 2...5 {
            let w = n <= order ? widths[n] : .init()
            for (k, v) in [w.word, w.prob, w.backoff, w.pointer].enumerated() {
                base.storeBytes(of: UInt8(v), toByteOffset: LMTrieLayout.oBits + 4 * (n - 2) + k, as: UInt8.self)
            }
        }
        put64(LMLayout.oDataChecksum, Hashing.checksum(base + LMLayout.headerSize, size - LMLayout.headerSize))
        put64(LMLayout.oHeaderChecksum, Hashing.checksum(base, LMLayout.oHeaderChecksum))
        return storage
    }
}

extension LMTrieBuilder {
    /// Share of the quantization weight that follows expected frequency; the rest is spread
    /// evenly over the n-grams. On the default model (held-out Wikipedia leads) equal weights
    /// (KenLM's binning plus Lloyd) raise perplexity by 0.52%, a share of 0.5 by 0.01%.
    static let frequencyShare = 0.5

    /// Quantization weights from log10 expected frequencies: `frequencyShare` in proportion
    /// to the frequency, the rest equal.
    /// - Complexity: O(count).
    static func weights(_ joint: [Float]) -> [Double] {
        guard !joint.isEmpty else { return [] }
        let freq = joint.map { Foundation.pow(10, Double($0)) }
        let total = freq.reduce(0, +)
        let share = total > 0 ? frequencyShare : 0
        let even = (1 - share) / Double(joint.count)
        return freq.map { even + (total > 0 ? share * $0 / total : 0) }
    }
}

/// Appends bit fields, least significant bit first, to zeroed memory.
private struct BitWriter {
    let base: UnsafeMutableRawPointer
    var bit = 0

    mutating func put(_ value: UInt64, _ width: Int) {
        var v = value, left = width
        while left > 0 {
            let byte = bit >> 3, shift = bit & 7
            let take = min(8 - shift, left)
            let part = UInt8(truncatingIfNeeded: v & ((1 << UInt64(take)) - 1)) << UInt8(shift)
            base.storeBytes(of: base.load(fromByteOffset: byte, as: UInt8.self) | part, toByteOffset: byte, as: UInt8.self)
            v >>= UInt64(take); left -= take; bit += take
        }
    }
}
