import Foundation

/// Settings for Kneser-Ney training.
public struct KneserNeyOptions: Sendable {
    /// The n-gram order, 2...5.
    public var order: Int = 3
    /// Prune n-grams whose count is at most `pruneThresholds[n - 1]` (as lmplz's `--prune`):
    /// non-decreasing, the last value repeats for higher orders; unigrams are never pruned.
    public var pruneThresholds: [Int] = []
    /// Keep only this many most frequent words; the rest become `<unk>` before counting.
    public var vocabularySize: Int? = nil
    /// Discounts (D1, D2, D3+) used for an order whose count-of-counts give none in range.
    public var fallbackDiscounts: [Double] = [0.5, 1, 1.5]

    /// Default settings: order 3, no pruning.
    /// - Complexity: O(1).
    public init() {}
}

/// Interpolated modified Kneser-Ney estimation (Chen & Goodman), computed as KenLM's lmplz does.
///
/// Sentences are padded with `order - 1` `<s>` and one `</s>`. Adjusted counts: the highest
/// order and n-grams starting with `<s>` keep their counts, other lower-order n-grams count
/// their distinct one-word left extensions. Discounts D1, D2, D3+ per order come from the
/// count-of-counts; lower orders are interpolated down to the uniform distribution over the
/// vocabulary (without `<s>`). Pruned n-grams give their mass to their context's backoff.
///
/// Fragments (`addFragment`) are word sequences seen out of any sentence, such as entries of an
/// n-gram list: they are padded with a marker instead of `<s>` and get no `</s>`, so each of
/// their n-grams counts as seen after one unknown word; n-grams holding the marker are never
/// written and take no part in the discounts.
public final class KneserNeyTrainer {
    /// The settings this trainer was made with.
    public let options: KneserNeyOptions
    var vocab = Vocabulary()
    var wordCounts: [UInt64] = [0, 0, 0]
    /// Word ids of all sentences, each followed by `sentenceEnd`.
    var stream: [UInt32] = []
    /// Word ids of all fragments, each followed by `sentenceEnd`.
    var fragments: [UInt32] = []
    static let sentenceEnd = UInt32.max
    /// The padding of fragments (an id no word gets).
    static let fragmentMark: UInt32 = (1 << 25) - 1
    static let unk: UInt32 = 0, bos: UInt32 = 1, eos: UInt32 = 2

    /// The discounts used, per order (index 0 = unigrams), D1, D2, D3+; set by `train`.
    public internal(set) var discounts: [[Double]] = []
    /// Orders whose discounts fell back to `options.fallbackDiscounts`; set by `train`.
    public internal(set) var fallbackOrders: [Int] = []
    /// The pruning thresholds of the last model trained (see `train(maxBytes:format:progress:)`).
    public internal(set) var thresholdsUsed: [Int] = []
    /// Tokens read (words and `</s>`), sentences read, fragments read.
    public private(set) var tokenCount = 0, sentenceCount = 0, fragmentCount = 0

    /// Makes an empty trainer.
    /// - Complexity: O(1).
    public init(options: KneserNeyOptions) throws {
        guard (2...LMLayout.maxOrder).contains(options.order) else {
            throw LMError(file: "", "order \(options.order) is not supported (2...\(LMLayout.maxOrder))")
        }
        var last = 0
        for t in options.pruneThresholds {
            guard t >= last else { throw LMError(file: "", "pruning thresholds must not decrease (a pruned n-gram's extensions would survive it)") }
            last = t
        }
        guard options.pruneThresholds.count <= options.order else {
            throw LMError(file: "", "\(options.pruneThresholds.count) pruning thresholds for an order-\(options.order) model")
        }
        if let first = options.pruneThresholds.first, first != 0 {
            throw LMError(file: "", "unigrams cannot be pruned by count (the first threshold must be 0); use a vocabulary size")
        }
        self.options = options
        vocab.intern("<unk>"); vocab.intern("<s>"); vocab.intern("</s>")
    }

    /// Interns and counts a word; nil for `<s>`, `</s>` and `<unk>` (ids 0...2), which are skipped.
    private func countWord(_ w: UnsafeBufferPointer<UInt8>) -> UInt32? {
        let id = vocab.intern(w)
        if id <= 2 { return nil }
        if Int(id) == wordCounts.count { wordCounts.append(0) }
        wordCounts[Int(id)] += 1
        return id
    }

    /// Adds one sentence of words (used as given; `<s>`, `</s>`, `<unk>` tokens are skipped as lmplz does).
    /// - Complexity: O(total length of the words).
    public func addSentence(_ words: [UnsafeBufferPointer<UInt8>]) {
        for w in words {
            if let id = countWord(w) { stream.append(id) }
        }
        stream.append(KneserNeyTrainer.sentenceEnd)
        sentenceCount += 1
        tokenCount += words.count + 1
    }

    /// Adds a word sequence seen out of sentence context (no `<s>` or `</s>` around it).
    /// - Complexity: O(total length of the words).
    public func addFragment(_ words: [UnsafeBufferPointer<UInt8>]) {
        var any = false
        for w in words {
            guard let id = countWord(w) else { continue }
            fragments.append(id)
            any = true
        }
        guard any else { return }
        fragments.append(KneserNeyTrainer.sentenceEnd)
        fragmentCount += 1
    }

    /// Adds every line of a text as a fragment (split like sentences of `tokenized` text or raw text).
    /// - Complexity: O(length of the text).
    public func addFragments(_ bytes: UnsafeBufferPointer<UInt8>, tokenized: Bool) {
        LMSentenceSplitter(tokenized: tokenized).forEachSentence(bytes) { addFragment($0) }
    }

    /// Adds every sentence of a text (raw or tokenized, see `LMSentenceSplitter`).
    /// - Complexity: O(length of the text).
    public func addText(_ bytes: UnsafeBufferPointer<UInt8>, tokenized: Bool) {
        LMSentenceSplitter(tokenized: tokenized).forEachSentence(bytes) { addSentence($0) }
    }

    // MARK: - Packed n-grams

    /// N-grams are packed into 125 bits, 25 per word, the newest word highest, so that sorting
    /// the keys groups n-grams by their shorter suffixes (lmplz's suffix order).
    static let bits = 25
    static let wordMask: UInt128 = (1 << 25) - 1
    @inline(__always) static func shift(_ p: Int) -> Int { bits * (4 - p) }
    @inline(__always) static func word(_ key: UInt128, _ p: Int) -> UInt32 { UInt32(truncatingIfNeeded: (key >> shift(p)) & wordMask) }
    /// Keeps positions 0..<k.
    @inline(__always) static func keep(_ key: UInt128, _ k: Int) -> UInt128 {
        k >= 5 ? key : key & ~((1 << UInt128(shift(k - 1))) - 1)
    }
    /// Whether the n-gram of order `n` holds the fragment padding (always at its oldest place).
    @inline(__always) static func isFragmentPadded(_ key: UInt128, _ n: Int) -> Bool { word(key, n - 1) == fragmentMark }
    /// The context (the n-gram without its newest word), as a key of one order less.
    @inline(__always) static func context(_ key: UInt128) -> UInt128 { (key << bits) & ((1 << 125) - 1) }

    struct OrderList {
        var keys: [UInt128] = []
        var adjusted: [UInt32] = []
        var raw: [UInt32] = []
        var count: Int { keys.count }
        mutating func append(_ k: UInt128, _ a: UInt32, _ r: UInt32) { keys.append(k); adjusted.append(a); raw.append(r) }
    }

    // MARK: - Training

    /// Estimates the model. `progress` receives short status lines.
    /// - Complexity: O(T log T) time for T tokens; memory about 60 bytes per distinct n-gram.
    public func train(progress: (String) -> Void = { _ in }) throws -> NGramModel {
        var input = try estimate(progress: progress)
        input.trainingTokens = tokenCount
        progress("building tables")
        return NGramModel(storage: try LMImageBuilder(input).build())
    }

    func estimate(progress: (String) -> Void) throws -> LMBuildInput {
        let c = try counts(progress: progress)
        discounts = c.discounts; fallbackOrders = c.fallbackOrders
        thresholdsUsed = options.pruneThresholds
        return try probabilities(c, thresholds: options.pruneThresholds, progress: progress)
    }

    /// The counts of every order, adjusted as Kneser-Ney needs, with their discounts: what
    /// estimation needs whatever the pruning thresholds.
    struct Counts {
        /// Index n holds order n (1...order); index 0 is empty.
        var lists: [OrderList]
        /// Vocabulary ids (after a size limit) back to the interned words.
        var words: [UInt32]
        var discounts: [[Double]]
        var fallbackOrders: [Int]

        /// How many n-grams of order n (2...order) have a raw count above t, for t = 0 ..< 64
        /// (index n - 2; the last entry counts those above 63 too).
        func survivors() -> [[Int]] {
            (2..<lists.count).map { n in
                var histogram = [Int](repeating: 0, count: 65)
                for (k, r) in zip(lists[n].keys, lists[n].raw) where !KneserNeyTrainer.isFragmentPadded(k, n) {
                    histogram[Int(min(r, 64))] += 1
                }
                var above = [Int](repeating: 0, count: 64)
                var total = histogram[64]
                for t in stride(from: 63, through: 0, by: -1) { above[t] = total; total += histogram[t] }
                return above
            }
        }
    }

    func counts(progress: (String) -> Void) throws -> Counts {
        let N = options.order
        guard sentenceCount + fragmentCount > 0 else { throw LMError(file: "", "no text to train on") }
        guard vocab.count < Int(Self.fragmentMark) else { throw LMError(file: "", "more than 2^25 distinct words; use --vocab-size") }
        // Vocabulary: optional size limit, then dense ids.
        var remap = [UInt32](0..<UInt32(vocab.count))
        var words: [UInt32] = Array(0..<UInt32(vocab.count))
        if let limit = options.vocabularySize, vocab.count - 3 > limit {
            let ranked = (3..<UInt32(vocab.count)).sorted { (wordCounts[Int($0)], $1) > (wordCounts[Int($1)], $0) }
            let kept = Set(ranked.prefix(limit))
            words = [0, 1, 2]
            for id in 3..<UInt32(vocab.count) {
                if kept.contains(id) { remap[Int(id)] = UInt32(words.count); words.append(id) } else { remap[Int(id)] = 0 }
            }
        }
        let V = words.count

        // Count N-grams: one packed key per token, padded with <s>.
        progress("counting \(N)-grams of \(tokenCount) tokens")
        var keys: [UInt128] = []
        keys.reserveCapacity(tokenCount + fragments.count)
        let keepMask: UInt128 = N >= 5 ? (1 << 125) - 1 : ((1 << 125) - 1) & ~((1 << UInt128(Self.shift(N - 1))) - 1)
        var start: UInt128 = 0
        for p in 0..<(N - 1) { start |= UInt128(Self.bos) << Self.shift(p) }
        var key = start
        for id in stream {
            let w = id == Self.sentenceEnd ? Self.eos : remap[Int(id)]
            key = ((key >> Self.bits) & keepMask) | (UInt128(w) << Self.shift(0))
            keys.append(key)
            if id == Self.sentenceEnd { key = start }
        }
        var fragmentStart: UInt128 = 0
        for p in 0..<(N - 1) { fragmentStart |= UInt128(Self.fragmentMark) << Self.shift(p) }
        key = fragmentStart
        for id in fragments {
            if id == Self.sentenceEnd { key = fragmentStart; continue }
            key = ((key >> Self.bits) & keepMask) | (UInt128(remap[Int(id)]) << Self.shift(0))
            keys.append(key)
        }
        progress("sorting \(keys.count) \(N)-grams")
        keys.sort()

        // Unique top-order n-grams; padded ones (<s> in the second-oldest place) become the
        // lower-order n-gram starting at their last <s>, with their full count.
        var lists = [OrderList](repeating: OrderList(), count: N + 1)
        var starts = [OrderList](repeating: OrderList(), count: N + 1)
        var i = 0
        while i < keys.count {
            let k = keys[i]
            var j = i + 1
            while j < keys.count && keys[j] == k { j += 1 }
            let c = UInt32(j - i)
            if N >= 3 && Self.word(k, N - 2) == Self.bos {
                var p = 0
                while Self.word(k, p) != Self.bos { p += 1 }
                starts[p + 1].append(Self.keep(k, p + 1), c, c)
            } else {
                lists[N].append(k, c, c)
            }
            i = j
        }
        keys = []
        // Lower orders from suffixes: count distinct left extensions, sum raw counts.
        for n in stride(from: N - 1, through: 1, by: -1) {
            progress("adjusting counts of \(n)-grams")
            var out = OrderList()
            let hi = lists[n + 1]
            var a = 0
            var s = 0
            let sp = starts[n]
            // starts[n] was appended in sorted top-order key order, which need not be sorted here.
            let order = (0..<sp.count).sorted { sp.keys[$0] < sp.keys[$1] }
            func emitStarts(upTo limit: UInt128?) {
                while s < order.count && (limit == nil || sp.keys[order[s]] < limit!) {
                    out.append(sp.keys[order[s]], sp.adjusted[order[s]], sp.raw[order[s]]); s += 1
                }
            }
            while a < hi.count {
                let suffix = Self.keep(hi.keys[a], n)
                var b = a
                var raw: UInt32 = 0
                while b < hi.count && Self.keep(hi.keys[b], n) == suffix { raw &+= hi.raw[b]; b += 1 }
                emitStarts(upTo: suffix)
                out.append(suffix, UInt32(b - a), raw)
                a = b
            }
            emitStarts(upTo: nil)
            lists[n] = out
        }
        // Unigrams: every word, <unk> and <s> included (count 0 when never seen).
        do {
            var full = OrderList()
            let u = lists[1]
            var k = 0
            for id in 0..<UInt32(V) {
                let key = UInt128(id) << Self.shift(0)
                if k < u.count && u.keys[k] == key { full.append(key, u.adjusted[k], u.raw[k]); k += 1 }
                else { full.append(key, 0, id == Self.bos ? UInt32.max : 0) }
            }
            lists[1] = full
        }

        // Discounts from count-of-counts.
        var discounts: [[Double]] = [], fallbackOrders: [Int] = []
        for n in 1...N {
            var t = [Double](repeating: 0, count: 5)
            for (k, a) in zip(lists[n].keys, lists[n].adjusted) where a >= 1 && a <= 4 && !Self.isFragmentPadded(k, n) {
                t[Int(a)] += 1
            }
            var d = [0.0, 0.0, 0.0]
            var ok = t[1] > 0 && t[2] > 0 && t[3] > 0
            if ok {
                let y = t[1] / (t[1] + 2 * t[2])
                for j in 1...3 {
                    d[j - 1] = Double(j) - Double(j + 1) * y * t[j + 1] / t[j]
                    if d[j - 1] < 0 || d[j - 1] > Double(j) { ok = false }
                }
            }
            if !ok { d = options.fallbackDiscounts; fallbackOrders.append(n) }
            discounts.append(d)
        }
        return Counts(lists: lists, words: words, discounts: discounts, fallbackOrders: fallbackOrders)
    }

    /// Interpolated probabilities and backoffs from `counts`, n-grams of order n seen at most
    /// `thresholds[n - 1]` times pruned (the last threshold repeats).
    func probabilities(_ counts: Counts, thresholds: [Int], progress: (String) -> Void) throws -> LMBuildInput {
        let N = options.order
        var lists = counts.lists
        let words = counts.words
        let V = words.count
        let discounts = counts.discounts
        func discount(_ n: Int, _ a: UInt32) -> Double { a == 0 ? 0 : discounts[n - 1][Int(min(a, 3)) - 1] }
        func threshold(_ n: Int) -> UInt32 {
            if n == 1 || thresholds.isEmpty { return 0 }
            return UInt32(thresholds[min(n, thresholds.count) - 1])
        }

        // Probabilities, lowest order first.
        var input = LMBuildInput(order: N)
        input.unk = Self.unk; input.bos = Self.bos; input.eos = Self.eos
        input.grams = [LMGramList](repeating: LMGramList(), count: N - 1)
        progress("estimating 1-grams")
        var lowerProb = [Double](repeating: 0, count: V)   // linear probabilities of order n-1
        do {
            let u = lists[1]
            var denom = 0.0, num = 0.0
            for a in u.adjusted { denom += Double(a); num += discount(1, a) }
            let gamma = num / denom
            let uniform = 1.0 / Double(V - 1)
            for id in 0..<V {
                let a = u.adjusted[id]
                let p = (Double(a) - discount(1, a)) / denom + gamma * uniform
                lowerProb[id] = p
                let wb = vocab.wordBytes(words[id])
                input.addWord(wb, prob: id == Int(Self.bos) ? -99 : Float(min(0, log10(p))), backoff: 0)
            }
        }
        var lowerBackoff = [Float](repeating: 0, count: V)
        var keptLower = [Bool](repeating: true, count: V)
        for n in 2...N {
            progress("estimating \(n)-grams")
            let list = lists[n]
            let lower = lists[n - 1]
            let t = threshold(n)
            // Context totals.
            var denom = [Double](repeating: 0, count: lower.count)
            var num = [Double](repeating: 0, count: lower.count)
            var ctxIndex = [Int32](repeating: 0, count: list.count)
            for e in 0..<list.count {
                if Self.isFragmentPadded(list.keys[e], n) { ctxIndex[e] = -1; continue }
                let c = Self.index(of: Self.context(list.keys[e]), in: lower.keys)
                guard c >= 0 else { throw LMError(file: "", "internal error: the context of a \(n)-gram is missing") }
                ctxIndex[e] = Int32(c)
                let a = list.adjusted[e]
                denom[c] += Double(a)
                if list.raw[e] <= t { num[c] += Double(a) } else { num[c] += discount(n, a) }
            }
            for c in 0..<lower.count where denom[c] > 0 {
                lowerBackoff[c] = Float(log10(num[c] / denom[c]))
            }
            // Write the backoffs of order n-1 now that they are known.
            if n == 2 {
                for c in 0..<lower.count { input.uniBackoff[c] = lowerBackoff[c] }
            } else {
                var g = input.grams[n - 3]
                var k = 0
                for c in 0..<lower.count where keptLower[c] { g.backoff.append(lowerBackoff[c]); k += 1 }
                input.grams[n - 3] = g
            }
            // Interpolated probabilities; suffixes are monotone in key order (merge join).
            var probs = [Double](repeating: 0, count: list.count)
            var kept = [Bool](repeating: false, count: list.count)
            var g = LMGramList()
            var sfx = 0
            for e in 0..<list.count {
                if ctxIndex[e] < 0 { continue }
                let suffix = Self.keep(list.keys[e], n - 1)
                while sfx < lower.count && lower.keys[sfx] < suffix { sfx += 1 }
                guard sfx < lower.count && lower.keys[sfx] == suffix else {
                    throw LMError(file: "", "internal error: the suffix of a \(n)-gram is missing")
                }
                let c = Int(ctxIndex[e])
                let a = list.adjusted[e]
                let gamma = num[c] / denom[c]
                let p = (Double(a) - discount(n, a)) / denom[c] + gamma * lowerProb[sfx]
                probs[e] = p
                if list.raw[e] <= t { continue }
                kept[e] = true
                for q in stride(from: n - 1, through: 0, by: -1) { g.words.append(Self.word(list.keys[e], q)) }
                g.prob.append(Float(min(0, log10(p))))
            }
            input.grams[n - 2] = g
            lowerProb = probs
            keptLower = kept
            lowerBackoff = [Float](repeating: 0, count: list.count)
            lists[n - 1] = OrderList()
        }
        // The highest order has no backoffs; nothing to add.
        return input
    }

    /// Binary search for `key` in sorted `keys`; -1 when absent.
    static func index(of key: UInt128, in keys: [UInt128]) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo < keys.count && keys[lo] == key ? lo : -1
    }
}
