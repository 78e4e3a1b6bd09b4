import Foundation

// Viterbi search over one island: hypotheses per position, recombined on LM states, beam-pruned.
extension Decoder {
    /// The language-model state after reading the words of `units` from `state` (the left
    /// context of an island: their scores are not needed). `model` is the caller's copy of
    /// the decoder's model (so that no call copies it again), `memo` its query memo.
    /// - Complexity: O(units) queries.
    @inline(__always)
    func advance(_ model: LM, _ memo: _Memo, _ state: LMState, over units: Range<Int>) -> LMState {
        var state = state, next = LMState()
        for u in units {
            _ = memo.score(model, state, unitLM[u], next: &next)
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
        let memo = _Memo(self.memo, on: usesMemo)
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
        state = advance(model, memo, state, over: from..<island.lowerBound)
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
                let sc = memo.score(model, h.state, w, next: &next)
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
                            total += memo.score(model, st, candidateTokens[t], next: &next)
                            st = next
                        }
                        Self.addHyp(hyps, &hypCount, head, k + match.length, Hyp(state: st, score: total, back: Int32(hi),
                                                                                 from: Int32(k), candidate: Int32(c),
                                                                                 changes: h.changes + 1))
                    }
                }
            }
            if !keepFound {
                keepScore += memo.score(model, keepState, w, next: &keepNext) + wordKeep
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
                let e = memo.score(model, hyps[Int(k)].state, model.endSentenceWord, next: &next)
                if !keepEndFound && hyps[Int(k)].state == keepState { keepEnd = e; keepEndFound = true }
                hyps[Int(k)].score += e
            }
            let h = hyps[Int(k)]
            if h.score > hyps[best].score { best = Int(k) }
            top = max(top, h.score + penalty * Float(h.changes))
            k = h.sibling
        }
        if scoreEnd {
            if !keepEndFound { keepEnd = memo.score(model, keepState, model.endSentenceWord, next: &next) }
            keepScore += keepEnd
        }
        let margin = hyps[best].score - keepScore
        // Evidence that the island is spun: the surviving paths summed (change penalty
        // removed: it is a decision bias, not a probability) against the words as written.
        let islandEvidence = Self.islandEvidence(hyps, first: head[final], top: top, penalty: penalty,
                                                 keepScore: keepScore, keepCosts: keepCosts)
        evidence += islandEvidence
        if islandEvidence > NeighbourCounts.strongLevel { strongIslands += 1 }
        lineEvidence[Int(unitLine[s])] += islandEvidence
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
}
