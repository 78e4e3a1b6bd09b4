import Foundation

/// Noisy-channel Viterbi decoding of one input: tokenize, match, decode islands of
/// candidates sentence by sentence, write the restored bytes.
///
/// A sentence holds units (non-space tokens). Matches closer than `order - 1` units merge
/// into an island; outside islands every path reads the same words, so the language model
/// is only queried inside an island and `order - 1` units around it.
struct Decoder<LM: LanguageModel> {
    /// Unowned: a restorer keeps its idle decoders (`DecoderPool`), and a decoder never outlives
    /// its restorer (a pooled one dies with it, any other with the call that made it).
    unowned let restorer: Restorer
    let model: LM
    let dictionary: PhraseDictionary
    let context: Int

    // Per-input scratch.
    var matcher: Matcher
    var unitLM: [UInt32] = []            // language-model id of each unit
    var fold: [UInt8] = []
    var matches: [PhraseMatch] = []
    var chosen: [(start: Int, end: Int, candidate: Int, node: Int32, margin: Float)] = []
    /// The islands that chose edits, for the ambiguity check once the text is judged spun.
    var islands: [IslandRecord] = []
    // Scratch of the ambiguity check.
    var keepEdit: [Bool] = []
    var path: [UInt32] = []
    var spans: [(from: Int32, to: Int32)] = []

    /// Where an island's edits lie in `chosen`, and what its language-model context was.
    struct IslandRecord {
        var left: Int32, start: Int32, end: Int32
        var fromSentenceStart: Bool, endsSentence: Bool
        var firstEdit: Int32, endEdit: Int32
    }
    /// Σ over islands of (best score − score of keeping the words with no keep costs):
    /// log10 of how much better the text is explained as spun than as written.
    var evidence: Float = 0
    /// Added to every candidate's change penalty (the second pass over a sparsely spun text).
    var extraPenalty: Float = 0
    /// The current sentence's islands: their units and the matches they hold.
    var sentenceIslands: [(units: Range<Int>, matches: Range<Int>)] = []
    /// Whether an island's decoding stops where every reading the beam keeps has merged into
    /// the keep path past the last phrase (see `decodeIsland`); off only to test that stopping
    /// changes nothing.
    var stopsEarly = true
    /// How many islands stopped early (for tests).
    var earlyStops = 0
    /// The keep path's language-model state at unit `keptUntil` of the current sentence, as the
    /// last island left it (-1: none yet).
    var keptUntil = -1
    var keptState = LMState()
    // Per-island scratch.
    let hyps = _DecoderBuffer<Hyp>()
    /// First hypothesis at each island position; hypotheses at one position are chained
    /// through `Hyp.sibling` (flat storage, no array per position).
    let head = _DecoderBuffer<Int32>()
    // The restorer's tables, held directly so the hot loop does not go through the class.
    let candidateCost: [Float]
    let candidateTokens: [UInt32]
    let candidateTokenStart: [UInt32]
    let keepCost: [Float]

    struct Hyp {
        var state: LMState
        var score: Float
        var back: Int32
        var from: Int32
        var candidate: Int32
        var changes: Int32 = 0
        var sibling: Int32 = -1
    }

    init(restorer: Restorer, model: LM) {
        self.restorer = restorer
        self.model = model
        self.dictionary = restorer.dictionary
        self.context = max(1, model.order - 1)
        self.matcher = Matcher(dictionary: restorer.dictionary, words: restorer.words, asciiModelID: restorer.asciiModelID)
        self.candidateCost = restorer.candidateCost
        self.candidateTokens = restorer.candidateTokens
        self.candidateTokenStart = restorer.dictionary.candidateToken
        self.keepCost = restorer.keepCost
    }

    /// Restores one input. A decoder runs any number of inputs in turn: nothing of one input
    /// carries over to the next but the capacity of the scratch buffers.
    mutating func run(_ bytes: UnsafeBufferPointer<UInt8>) -> Restoration {
        extraPenalty = 0
        matcher.load(bytes)
        // The matcher found the model ids, but for words unknown to the dictionary under a
        // model that cannot list its words (`.max`): those are looked up here.
        swap(&unitLM, &matcher.unitModel)
        for u in unitLM.indices where unitLM[u] == .max { unitLM[u] = modelID(bytes, u) }
        decodeAll(bytes)
        // The text as a whole: spun, or written as it stands? Without enough evidence that
        // it is spun, no change is made.
        let odds = restorer.options.spunPriorLogOdds + evidence
        let options = restorer.options
        if options.documentGate && odds <= 0 {
            chosen.removeAll()
        } else {
            if options.ambiguityMargin > 0 { dropAmbiguous(bytes) }
            if options.sparsePenalty > 0 && !chosen.isEmpty && changedShare() < options.denseShare {
                // Rewritten only here and there (a paper with a few tortured phrases, a partly
                // spun page): most of its words are as written, so each change must earn more.
                extraPenalty = options.sparsePenalty
                decodeAll(bytes)
                if options.ambiguityMargin > 0 { dropAmbiguous(bytes) }
            }
        }
        var result = write(bytes)
        result.spunLogOdds = Double(odds)
        return result
    }

    /// Decodes every sentence, appending the chosen edits to `chosen`.
    mutating func decodeAll(_ bytes: UnsafeBufferPointer<UInt8>) {
        evidence = 0
        chosen.removeAll(keepingCapacity: true)
        islands.removeAll(keepingCapacity: true)
        let starts = matcher.sentenceStarts
        for s in 0..<(starts.count - 1) { decodeSentence(bytes, starts[s], starts[s + 1]) }
    }

    /// The share of the input's words (and numbers) that the chosen edits change.
    /// - Complexity: O(units).
    func changedShare() -> Float {
        var words = 0
        for t in matcher.unitToken where matcher.tokens[Int(t)].kind == .word || matcher.tokens[Int(t)].kind == .number {
            words += 1
        }
        var changed = 0
        for c in chosen { changed += c.end - c.start }
        return Float(changed) / Float(max(1, words))
    }

    /// The language-model id of unit `u`, folded and looked up in the model.
    mutating func modelID(_ bytes: UnsafeBufferPointer<UInt8>, _ u: Int) -> UInt32 {
        let t = matcher.tokens[Int(matcher.unitToken[u])]
        let model = self.model
        return Matcher.folded(UnsafeBufferPointer(rebasing: bytes[t.start..<t.end]), &fold) { model.index(of: $0) }
    }

    /// Finds matches in units `[start, end)` and decodes each island.
    mutating func decodeSentence(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        guard start < end else { return }
        matches.removeAll(keepingCapacity: true)
        matcher.findMatches(start, end, into: &matches)
        guard !matches.isEmpty else { return }
        keptUntil = -1
        sentenceIslands.removeAll(keepingCapacity: true)
        var m = 0
        while m < matches.count {
            let islandStart = matches[m].start
            var islandEnd = matches[m].start + matches[m].length
            var n = m + 1
            while n < matches.count && matches[n].start < islandEnd + context {
                islandEnd = max(islandEnd, matches[n].start + matches[n].length)
                n += 1
            }
            sentenceIslands.append((units: islandStart..<islandEnd, matches: m..<n))
            m = n
        }
        warmIslands(bytes, start..<end)
        for island in sentenceIslands {
            decodeIsland(bytes, sentence: start..<end, island: island.units, matches: island.matches)
        }
    }

    /// Warms the bigram entries that the sentence's island queries read first: each word
    /// after the one before it, and each candidate's words after the word before the phrase,
    /// one another, and before the word after it. Issued together, these memory reads overlap;
    /// made one query at a time, each would wait on its own.
    /// - Complexity: O(units + candidate tokens) of the islands, one read each.
    mutating func warmIslands(_ bytes: UnsafeBufferPointer<UInt8>, _ sentence: Range<Int>) {
        let model = self.model
        let unitLM = self.unitLM
        let trieValues = dictionary.trie.values, trieValueStart = dictionary.trie.valueStart
        for island in sentenceIslands {
            let left = max(sentence.lowerBound, island.units.lowerBound - context)
            let right = min(sentence.upperBound, island.units.upperBound + context)
            var previous = unitLM[left]
            for u in (left + 1)..<max(left + 1, right) {
                let w = unitLM[u]
                model.warm(previous, w)
                previous = w
            }
            for mi in island.matches {
                let match = matches[mi]
                let node = Int(match.node)
                let end = match.start + match.length
                for vi in Int(trieValueStart[node])..<Int(trieValueStart[node + 1]) {
                    let c = Int(trieValues[vi])
                    var p: UInt32 = match.start > left ? unitLM[match.start - 1] : .max
                    for t in Int(candidateTokenStart[c])..<Int(candidateTokenStart[c + 1]) {
                        let w = candidateTokens[t]
                        if p != .max { model.warm(p, w) }
                        p = w
                    }
                    if end < right && p != .max { model.warm(p, unitLM[end]) }
                }
            }
        }
    }

    /// The language-model state after reading the words of `units` from `state` (the left
    /// context of an island: their scores are not needed). `model` is the caller's copy of
    /// the decoder's model (so that no call copies it again).
    /// - Complexity: O(units) queries.
    @inline(__always)
    func advance(_ model: LM, _ state: LMState, over units: Range<Int>) -> LMState {
        var state = state, next = LMState()
        for u in units {
            _ = model.score(state, unitLM[u], next: &next)
            state = next
        }
        return state
    }

    /// Adds a hypothesis at `pos`, recombining with one in the same LM state. The caller
    /// has reserved room for it.
    @inline(__always)
    static func addHyp(_ hyps: UnsafeMutablePointer<Hyp>, _ count: inout Int, _ head: UnsafeMutablePointer<Int32>,
                       _ pos: Int, _ h: Hyp) {
        var k = head[pos]
        while k >= 0 {
            let p = hyps + Int(k)
            if p.pointee.state == h.state {
                if h.score > p.pointee.score {
                    let sibling = p.pointee.sibling
                    p.pointee = h
                    p.pointee.sibling = sibling
                }
                return
            }
            k = p.pointee.sibling
        }
        var n = h
        n.sibling = head[pos]
        head[pos] = Int32(truncatingIfNeeded: count)
        (hyps + count).initialize(to: n)
        count &+= 1
    }

    /// The hypothesis in `keepState` among those chained from `first`, when it is the only one
    /// the beam extends (the others, below `floor`, never are); nil otherwise.
    @inline(__always)
    static func onlyLive(_ hyps: UnsafeMutablePointer<Hyp>, _ first: Int32, _ keepState: LMState, floor: Float) -> Int32? {
        var live: Int32? = nil
        var k = first
        while k >= 0 {
            let h = hyps[Int(k)]
            if h.state == keepState { live = k } else if !(h.score < floor) { return nil }
            k = h.sibling
        }
        return live
    }

    mutating func decodeIsland(_ bytes: UnsafeBufferPointer<UInt8>, sentence: Range<Int>, island: Range<Int>,
                               matches range: Range<Int>) {
        // Locals for everything the loops read: one copy per island instead of a struct
        // copy or exclusivity check per query.
        let model = self.model
        let left = max(sentence.lowerBound, island.lowerBound - context)
        let right = min(sentence.upperBound, island.upperBound + context)
        let endsSentence = right == sentence.upperBound
        var state = left == sentence.lowerBound ? model.beginSentenceState() : model.nullContextState()
        var next = LMState()
        // The state before the island depends only on the last `context` words; when the
        // previous island's keep path already read some of them, go on from its state.
        var from = left
        if keptUntil >= left && keptUntil <= island.lowerBound {
            state = keptState
            from = keptUntil
        }
        state = advance(model, state, over: from..<island.lowerBound)
        let s = island.lowerBound
        let count = right - s
        let head = self.head.reserve(count + 1, keeping: 0)
        head.initialize(repeating: -1, count: count + 1)
        var hyps = self.hyps.reserve(1, keeping: 0)
        var hypCount = 0
        hyps.initialize(to: Hyp(state: state, score: 0, back: -1, from: -1, candidate: -1))
        hypCount = 1
        head[0] = 0
        let matches = self.matches
        let unitLM = self.unitLM
        let unitWord = matcher.unitWord
        let keepCost = self.keepCost
        let candidateCost = self.candidateCost
        let candidateTokens = self.candidateTokens
        let candidateTokenStart = self.candidateTokenStart
        let trieValues = dictionary.trie.values
        let trieValueStart = dictionary.trie.valueStart
        let beam = restorer.options.beamWidth
        let extra = extraPenalty
        // The path that keeps every spun word, for the margin. Hypotheses recombine on
        // the LM state, so at every position one hypothesis holds the keep path's state:
        // its keep extension is the keep path's query (no query of its own).
        var keepScore: Float = 0
        var keepCosts: Float = 0
        var keepState = state
        var mi = range.lowerBound
        // The last position any reading reaches so far, and where decoding stopped.
        var reach = 0
        var final = count
        for k in 0..<count {
            let u = s + k
            // Beam: a hypothesis far behind the best one here is not extended (the keep
            // path's is, for the margin).
            var li = head[k]
            var bestHere = -Float.infinity
            var here = 0
            while li >= 0 { bestHere = max(bestHere, hyps[Int(li)].score); li = hyps[Int(li)].sibling; here &+= 1 }
            let floor = bestHere - beam
            // Past the last phrase, once the keep path is the only reading the beam extends
            // (the others merged into it or fell behind), the words left add the same scores
            // to it and to the keep path: they change no choice, and margin and evidence only
            // in float rounding, so they are not read (their keep costs, which the evidence
            // leaves out, are still added up). Nor is the end of the sentence.
            if stopsEarly && mi == range.upperBound && reach <= k, let live = Self.onlyLive(hyps, head[k], keepState, floor: floor) {
                for v in u..<(s + count) where unitWord[v] != .max { keepCosts += keepCost[Int(unitWord[v])] }
                head[k] = live
                hyps[Int(live)].sibling = -1
                final = k
                earlyStops &+= 1
                break
            }
            let w = unitLM[u]
            let wordKeep = unitWord[u] == .max ? 0 : keepCost[Int(unitWord[u])]
            // Room for every hypothesis a hypothesis at `k` can add.
            var perHyp = 1
            var mj = mi
            while mj < range.upperBound && matches[mj].start == u {
                let node = Int(matches[mj].node)
                perHyp += Int(trieValueStart[node + 1] &- trieValueStart[node])
                reach = max(reach, k + Int(matches[mj].length))
                mj += 1
            }
            let matchEnd = mj
            var keepNext = LMState()
            var keepFound = false
            hyps = self.hyps.reserve(hypCount + here * perHyp, keeping: hypCount)
            li = head[k]
            while li >= 0 {
                let hi = Int(li)
                let h = hyps[hi]
                li = h.sibling
                if h.score < floor && h.state != keepState { continue }
                let sc = model.score(h.state, w, next: &next)
                if !keepFound && h.state == keepState {
                    keepScore += sc + wordKeep
                    keepCosts += wordKeep
                    keepNext = next
                    keepFound = true
                }
                Self.addHyp(hyps, &hypCount, head, k + 1, Hyp(state: next, score: h.score + sc + wordKeep, back: Int32(hi),
                                                              from: Int32(k), candidate: -1, changes: h.changes))
                for mj in mi..<matchEnd {
                    let match = matches[mj]
                    let node = Int(match.node)
                    for vi in Int(trieValueStart[node])..<Int(trieValueStart[node + 1]) {
                        let c = Int(trieValues[vi])
                        var st = h.state
                        var total = h.score + candidateCost[c] - extra
                        for t in Int(candidateTokenStart[c])..<Int(candidateTokenStart[c + 1]) {
                            total += model.score(st, candidateTokens[t], next: &next)
                            st = next
                        }
                        Self.addHyp(hyps, &hypCount, head, k + match.length, Hyp(state: st, score: total, back: Int32(hi),
                                                                                 from: Int32(k), candidate: Int32(c),
                                                                                 changes: h.changes + 1))
                    }
                }
            }
            if !keepFound {
                keepScore += model.score(keepState, w, next: &keepNext) + wordKeep
                keepCosts += wordKeep
            }
            keepState = keepNext
            mi = matchEnd
        }
        keptUntil = s + final
        keptState = keepState
        // The end of the sentence, like the words left, adds the same to every reading when
        // decoding stopped early.
        let scoreEnd = endsSentence && final == count
        var keepEnd: Float = 0
        var keepEndFound = !scoreEnd
        var best = Int(head[final])
        let penalty = restorer.options.changePenalty + extraPenalty
        var top = -Float.infinity
        var k = head[final]
        while k >= 0 {
            if scoreEnd {
                let e = model.score(hyps[Int(k)].state, model.endSentenceWord, next: &next)
                if !keepEndFound && hyps[Int(k)].state == keepState { keepEnd = e; keepEndFound = true }
                hyps[Int(k)].score += e
            }
            let h = hyps[Int(k)]
            if h.score > hyps[best].score { best = Int(k) }
            top = max(top, h.score + penalty * Float(h.changes))
            k = h.sibling
        }
        if scoreEnd {
            if !keepEndFound { keepEnd = model.score(keepState, model.endSentenceWord, next: &next) }
            keepScore += keepEnd
        }
        let margin = hyps[best].score - keepScore
        // Evidence that the island is spun: the surviving paths summed (change penalty
        // removed: it is a decision bias, not a probability) against the words as written.
        var sum: Float = 0
        k = head[final]
        while k >= 0 {
            let h = hyps[Int(k)]
            sum += powf(10, h.score + penalty * Float(h.changes) - top)
            k = h.sibling
        }
        evidence += top + log10f(sum) - (keepScore - keepCosts)
        guard margin > 0 else { return }
        var h = best
        var pos = final
        let firstEdit = chosen.count
        while hyps[h].back >= 0 {
            let from = Int(hyps[h].from)
            if hyps[h].candidate >= 0 {
                var node: Int32 = -1
                for mj in range where matches[mj].start == s + from && Int(matches[mj].length) == pos - from {
                    node = Int32(truncatingIfNeeded: matches[mj].node)
                    break
                }
                chosen.append((start: s + from, end: s + pos, candidate: Int(hyps[h].candidate), node: node, margin: margin))
            }
            pos = from
            h = Int(hyps[h].back)
        }
        chosen[firstEdit...].reverse()
        if chosen.count > firstEdit {
            islands.append(IslandRecord(left: Int32(left), start: Int32(s), end: Int32(right),
                                        fromSentenceStart: left == sentence.lowerBound, endsSentence: endsSentence,
                                        firstEdit: Int32(firstEdit), endEdit: Int32(chosen.count)))
        }
    }

    /// Drops each chosen edit that another candidate for the same spun phrase explains
    /// almost as well: the island's best path with that candidate in its place, scored over
    /// the candidate and the `context` words after it, is within `ambiguityMargin` (log10).
    /// Choosing between two readings the model cannot tell apart is a guess; keeping the
    /// spun words is the cautious answer. Run once the text is judged spun, so clean text
    /// never pays for it.
    /// - Complexity: O(edits × candidates × (candidate length + context)) queries.
    mutating func dropAmbiguous(_ bytes: UnsafeBufferPointer<UInt8>) {
        let model = self.model
        let margin = restorer.options.ambiguityMargin
        let values = dictionary.trie.values, valueStart = dictionary.trie.valueStart
        keepEdit.removeAll(keepingCapacity: true)
        keepEdit.append(contentsOf: repeatElement(true, count: chosen.count))
        var next = LMState()
        for island in islands {
            // The best path as language-model ids, with where each edit's words begin and end.
            path.removeAll(keepingCapacity: true)
            spans.removeAll(keepingCapacity: true)
            var u = Int(island.start)
            for e in Int(island.firstEdit)..<Int(island.endEdit) {
                let c = chosen[e]
                while u < c.start { path.append(unitLM[u]); u += 1 }
                let from = path.count
                for t in Int(candidateTokenStart[c.candidate])..<Int(candidateTokenStart[c.candidate + 1]) {
                    path.append(candidateTokens[t])
                }
                spans.append((from: Int32(from), to: Int32(path.count)))
                u = c.end
            }
            while u < Int(island.end) { path.append(unitLM[u]); u += 1 }
            var st = advance(model, island.fromSentenceStart ? model.beginSentenceState() : model.nullContextState(),
                             over: Int(island.left)..<Int(island.start))
            let path = self.path
            let endsSentence = island.endsSentence
            // Scores candidate `c` in place of the words before `to`, then the words after it.
            func local(_ c: Int, _ st0: LMState, _ to: Int) -> Float {
                var st = st0
                var next = LMState()
                var total = candidateCost[c]
                for t in Int(candidateTokenStart[c])..<Int(candidateTokenStart[c + 1]) {
                    total += model.score(st, candidateTokens[t], next: &next)
                    st = next
                }
                let stop = min(path.count, to + context)
                for i in to..<stop {
                    total += model.score(st, path[i], next: &next)
                    st = next
                }
                if endsSentence && to + context >= path.count { total += model.score(st, model.endSentenceWord, next: &next) }
                return total
            }
            var i = 0
            for (j, span) in spans.enumerated() {
                while i < Int(span.from) { _ = model.score(st, path[i], next: &next); st = next; i += 1 }
                let e = Int(island.firstEdit) + j
                let chosenCandidate = chosen[e].candidate
                let chosenScore = local(chosenCandidate, st, Int(span.to))
                let chosenTokens = candidateTokens[Int(candidateTokenStart[chosenCandidate])..<Int(candidateTokenStart[chosenCandidate + 1])]
                let node = Int(chosen[e].node)
                for vi in node < 0 ? 0..<0 : Int(valueStart[node])..<Int(valueStart[node + 1]) {
                    let c = Int(values[vi])
                    if c == chosenCandidate { continue }
                    let tokens = candidateTokens[Int(candidateTokenStart[c])..<Int(candidateTokenStart[c + 1])]
                    if tokens.elementsEqual(chosenTokens) { continue }
                    if local(c, st, Int(span.to)) > chosenScore - margin { keepEdit[e] = false; break }
                }
                while i < Int(span.to) { _ = model.score(st, path[i], next: &next); st = next; i += 1 }
            }
        }
        var w = 0
        for e in chosen.indices where keepEdit[e] { chosen[w] = chosen[e]; w += 1 }
        chosen.removeLast(chosen.count - w)
        islands.removeAll(keepingCapacity: true)
    }

    /// Copies the input, writing each chosen candidate in the spun phrase's case.
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) -> Restoration {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        var edits: [Edit] = []
        var copied = 0
        var replacement: [UInt8] = []
        for c in chosen {
            var a = matcher.tokens[Int(matcher.unitToken[c.start])].start
            var b = matcher.tokens[Int(matcher.unitToken[c.end - 1])].end
            var spunBytes = UnsafeBufferPointer(rebasing: bytes[a..<b])
            replacement.removeAll(keepingCapacity: true)
            CasePattern.of(spunBytes).apply(to: dictionary.original(c.candidate), into: &replacement)
            if replacement.elementsEqual(spunBytes) { continue }
            keepLineBreaks(bytes, c.start, c.end, after: copied, &a, &b, &replacement)
            spunBytes = UnsafeBufferPointer(rebasing: bytes[a..<b])
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<a]))
            out.append(contentsOf: replacement)
            copied = b
            edits.append(Edit(range: a..<b, spun: String(decoding: spunBytes, as: UTF8.self),
                              replacement: String(decoding: replacement, as: UTF8.self),
                              margin: Double(c.margin), table: dictionary.tableName(of: c.candidate)))
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<bytes.count]))
        return Restoration(bytes: out, edits: edits)
    }

    /// Keeps the line breaks of a spun phrase that spans lines (wrapped text) in its
    /// replacement, whose words `replacement` joins by single spaces: the replacement's gaps
    /// take the phrase's whitespace in order, and a line break that would fall away goes to
    /// its last gap. A one-word replacement takes the line break after it, in place of the
    /// plain spaces that follow the phrase (or before it, in place of those before), widening
    /// `a..<b` (never back over bytes an earlier edit wrote, before `copied`); with neither,
    /// the line break is lost.
    /// - Complexity: O(length of the phrase).
    func keepLineBreaks(_ bytes: UnsafeBufferPointer<UInt8>, _ firstUnit: Int, _ endUnit: Int, after copied: Int,
                        _ a: inout Int, _ b: inout Int, _ replacement: inout [UInt8]) {
        let tokens = matcher.tokens
        let first = Int(matcher.unitToken[firstUnit]), last = Int(matcher.unitToken[endUnit - 1])
        var gaps: [Token] = []
        for t in tokens[first...last] where t.kind == .space { gaps.append(t) }
        guard gaps.contains(where: { $0.newlines > 0 }) else { return }
        let words = replacement.split(separator: 0x20)
        guard !words.isEmpty else { return }
        var seps: [[UInt8]] = []
        for j in 0..<(words.count - 1) {
            seps.append(j < gaps.count ? Array(bytes[gaps[j].start..<gaps[j].end]) : [0x20])
        }
        let dropped = gaps.dropFirst(max(0, words.count - 1)).first { $0.newlines > 0 }
        var out: [UInt8] = []
        if let lf = dropped {
            let lfBytes = Array(bytes[lf.start..<lf.end])
            if !seps.isEmpty {
                if !seps[seps.count - 1].contains(0x0A) { seps[seps.count - 1] = lfBytes }
            } else if last + 1 < tokens.count, tokens[last + 1].kind == .space, tokens[last + 1].newlines == 0 {
                out = Array(words[0]) + lfBytes
                b = tokens[last + 1].end
                replacement = out
                return
            } else if first > 0, tokens[first - 1].kind == .space, tokens[first - 1].newlines == 0,
                      tokens[first - 1].start >= copied {
                out = lfBytes + Array(words[0])
                a = tokens[first - 1].start
                replacement = out
                return
            } else {
                return
            }
        }
        for (j, w) in words.enumerated() {
            out += w
            if j < seps.count { out += seps[j] }
        }
        replacement = out
    }
}
