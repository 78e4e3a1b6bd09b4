import Foundation

/// Learns a spinner's channel P(spun | original) from spun text alone, by expectation
/// maximisation over a language model (decipherment).
///
/// A candidate table (e.g. thesaurus pairs `spun<TAB>original<TAB>prior`) says which originals
/// may lie behind each one-word spun word; every word may also be its own original (kept).
/// Each occurrence of a word in the spun text is a hidden choice among its possible originals.
/// E-step: the posterior of original `o` at an occurrence of `s` is proportional to
/// P_LM(o | the words around it) · P(s | o), the language model scoring `o` after the
/// preceding spun words and the following spun words after `o`. M-step: P(s | o) = (expected
/// count of o written as s + α · prior(s | o)) / (expected count of o + α), the table's
/// weights (normalised per original, keep included) acting as a Dirichlet prior of strength α.
/// Multiword entries of the candidate table are passed through unchanged.
public struct Decipherment: Sendable {
    /// Dirichlet prior strength α (pseudo-occurrences of each original spread by the prior).
    public var priorStrength: Double = 5
    /// Scale on the language model's log probabilities in the posterior.
    public var lmWeight: Double = 1
    /// Largest factor by which a written weight may exceed the table's (the language model
    /// favours frequent words, so unbounded EM would inflate spins into them).
    public var maxRatio: Double = .infinity
    /// Learned substitution weights below this are not written.
    public var minWeight: Double = 0.002
    /// P(keep) of an original whose table gives none: 1 − its candidates' total prior, at least this.
    public var defaultKeep: Double = 0.5

    private var vocabulary = Vocabulary()
    /// Pairs (original id, spun id) with their prior weight; index = parameter id.
    private var pairOriginal: [UInt32] = []
    private var pairSpun: [UInt32] = []
    private var pairPrior: [Double] = []
    private var pairIndex: [UInt64: Int32] = [:]
    /// For each spun word id (indexed by id), the parameter ids of its possible originals.
    private var hypotheses: [UInt32: [Int32]] = [:]
    /// Entries not learned (multiword), passed through.
    private var passThrough: [LearnedEntry] = []
    /// The table's own weights: keep lines by word, and per parameter the weight as given.
    private var givenKeep: [UInt32: Double] = [:]
    private var pairGiven: [Double] = []
    /// Occurrences: flat hypothesis parameter ids and their local LM scores (log10).
    private var occurrenceStart: [Int32] = [0]
    private var occurrencePair: [Int32] = []
    private var occurrenceLM: [Float] = []
    /// Expected-count contributions of occurrences with one possible original (kept for sure).
    private var certainKeep: [Double] = []
    /// Number of spun words read.
    public private(set) var wordCount = 0

    /// Sets up the candidate table: entries `spun → original` with prior weights; identity entries give P(keep).
    /// - Complexity: O(number of entries).
    public init(candidates: [LearnedEntry]) {
        var keep: [UInt32: Double] = [:]
        var subs: [(UInt32, UInt32, Double)] = []
        for e in candidates {
            let s = Folding.fold(e.spun), o = Folding.fold(e.original)
            if s.contains(" ") || o.contains(" ") { passThrough.append(e); continue }
            let sid = vocabulary.intern(s), oid = vocabulary.intern(o)
            if sid == oid { keep[sid] = e.weight } else { subs.append((sid, oid, e.weight)) }
        }
        givenKeep = keep
        var total: [UInt32: Double] = [:]
        for (_, o, w) in subs { total[o, default: 0] += w }
        for (s, o, w) in subs where pairIndex[Self.key(o, s)] == nil { addPair(original: o, spun: s, prior: w) }
        // Keep pairs for every original and every spun word (a spun word may be its own original).
        var words = Set(subs.map(\.0)); words.formUnion(subs.map(\.1))
        for w in words.sorted() {
            let k = keep[w] ?? max(defaultKeep, 1 - (total[w] ?? 0))
            addPair(original: w, spun: w, prior: k)
        }
        // Normalise priors per original.
        var sum: [UInt32: Double] = [:]
        for i in pairPrior.indices { sum[pairOriginal[i], default: 0] += pairPrior[i] }
        for i in pairPrior.indices { pairPrior[i] /= max(sum[pairOriginal[i]]!, 1e-12) }
        for i in pairPrior.indices { hypotheses[pairSpun[i], default: []].append(Int32(i)) }
        certainKeep = [Double](repeating: 0, count: pairPrior.count)
    }

    private static func key(_ o: UInt32, _ s: UInt32) -> UInt64 { UInt64(o) << 32 | UInt64(s) }

    private mutating func addPair(original o: UInt32, spun s: UInt32, prior: Double) {
        pairIndex[Self.key(o, s)] = Int32(pairOriginal.count)
        pairOriginal.append(o); pairSpun.append(s); pairPrior.append(max(prior, 1e-6)); pairGiven.append(max(prior, 1e-6))
    }

    /// The number of (original, spun) parameters, keep pairs included.
    /// - Complexity: O(1).
    public var parameterCount: Int { pairPrior.count }

    /// The number of spun-word occurrences with more than one possible original.
    /// - Complexity: O(1).
    public var ambiguousOccurrences: Int { occurrenceStart.count - 1 }

    /// Reads spun text: scores every possible original of each candidate word in its context.
    /// - Complexity: O(n · h · order) LM queries for n words with h hypotheses each.
    public mutating func add(spunText text: String, model: any LanguageModel) {
        let order = model.order
        var ids: [UInt32] = []        // LM ids of the sentence
        var local: [Int32] = []       // local vocabulary ids (−1 = not in the table)
        withUTF8Bytes(of: text) { bytes in
            LMSentenceSplitter(tokenized: false).forEachSentence(bytes) { words in
                ids.removeAll(keepingCapacity: true); local.removeAll(keepingCapacity: true)
                for w in words {
                    ids.append(model.index(of: w))
                    local.append(vocabulary.id(of: w).map { Int32($0) } ?? -1)
                }
                wordCount += words.count
                for i in 0..<ids.count where local[i] >= 0 {
                    guard let hyps = hypotheses[UInt32(local[i])] else { continue }
                    if hyps.count == 1 { certainKeep[Int(hyps[0])] += 1; continue }
                    // Context: the state before position i (the preceding spun words).
                    // (from `<s>` when the sentence start is within reach, else from no context).
                    let first = max(0, i - (order - 1))
                    var state = first == 0 ? model.beginSentenceState() : model.nullContextState()
                    var next = LMState()
                    for j in first..<i { _ = model.score(state, ids[j], next: &next); state = next }
                    for h in hyps {
                        let o = pairOriginal[Int(h)]
                        let oid = withUTF8Bytes(of: vocabulary.word(o)) { model.index(of: $0) }
                        var st = state
                        var total = model.score(st, oid, next: &next); st = next
                        let end = min(ids.count, i + order)
                        for j in (i + 1)..<max(i + 1, end) { total += model.score(st, ids[j], next: &next); st = next }
                        if ids.count < i + order { total += model.score(st, model.endSentenceWord, next: &next) }
                        occurrencePair.append(h); occurrenceLM.append(total)
                    }
                    occurrenceStart.append(Int32(occurrencePair.count))
                }
            }
        }
    }

    /// Runs `iterations` rounds of EM and returns P(spun | original) per parameter, with expected counts.
    /// - Complexity: O(iterations · total hypotheses).
    public func estimate(iterations: Int) -> (weights: [Double], expected: [Double]) {
        var p = pairPrior
        var expected = certainKeep
        let ln10 = log(10.0)
        for _ in 0..<max(1, iterations) {
            expected = certainKeep
            var post: [Double] = []
            for k in 0..<(occurrenceStart.count - 1) {
                let a = Int(occurrenceStart[k]), b = Int(occurrenceStart[k + 1])
                post.removeAll(keepingCapacity: true)
                var best = -Double.infinity
                for j in a..<b {
                    let v = lmWeight * Double(occurrenceLM[j]) * ln10 + log(p[Int(occurrencePair[j])])
                    post.append(v); best = max(best, v)
                }
                var z = 0.0
                for t in post.indices { post[t] = exp(post[t] - best); z += post[t] }
                for j in a..<b { expected[Int(occurrencePair[j])] += post[j - a] / z }
            }
            var count: [UInt32: Double] = [:]
            for i in p.indices { count[pairOriginal[i], default: 0] += expected[i] }
            for i in p.indices {
                p[i] = (expected[i] + priorStrength * pairPrior[i]) / (count[pairOriginal[i]]! + priorStrength)
            }
        }
        return (p, expected)
    }

    /// The learned table: each one-word entry's weight times (EM's estimate / its normalised prior),
    /// substitutions below `minWeight` left out, keep lines where the table had them, then the
    /// passed-through multiword entries.
    /// - Complexity: O(iterations · total hypotheses + parameters · log parameters).
    public func learnedEntries(iterations: Int) -> [LearnedEntry] {
        let (p, expected) = estimate(iterations: iterations)
        var count: [UInt32: Double] = [:]
        for i in p.indices { count[pairOriginal[i], default: 0] += expected[i] }
        var out: [LearnedEntry] = []
        for i in p.indices {
            let o = pairOriginal[i], s = pairSpun[i]
            if o == s && givenKeep[s] == nil { continue }   // no keep line in the table: none written
            // The table's weight scaled by what EM learned against the (normalised) prior, so the
            // table comes back unchanged where the text says nothing.
            let w = min(1, pairGiven[i] * min(maxRatio, p[i] / pairPrior[i]))
            if o != s && w < minWeight { continue }
            var e = LearnedEntry(spun: vocabulary.word(s), original: vocabulary.word(o), count: 0, originalCount: 0, weight: w)
            e.note = String(format: "em %.1f/%.1f", expected[i], count[o]!)
            out.append(e)
        }
        out.sort { ($0.spun, $0.original) < ($1.spun, $1.original) }
        return out + passThrough
    }
}
