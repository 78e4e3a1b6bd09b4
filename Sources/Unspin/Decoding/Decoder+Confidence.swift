import Foundation

// Explainable edits: the readings the decoder weighed for each edit's span, with posteriors.
extension Decoder {
    /// Scores, for each chosen edit, every reading of its span (the spun words kept, and each
    /// candidate of the spun phrase) in the final reading around it: the reading's channel
    /// score (keep costs, or the candidate's cost with the change penalty) plus the language
    /// model over its words and the `context` words after it, with the `context` words before
    /// it as the left state (other edits' replacements read in place). A softmax in log10
    /// units turns the scores into posteriors: `editConfidence` is the chosen reading's, and
    /// `alternatives` holds the readings, best first (at most `maxAlternatives`).
    /// Readings with the same words (one original from two tables) count once, at their best.
    /// - Complexity: O(edits × candidates × (candidate length + context)) queries.
    mutating func scoreAlternatives(_ bytes: UnsafeBufferPointer<UInt8>) {
        let model = self.model
        let memo = _Memo(self.memo, on: usesMemo)
        let values = dictionary.trie.values, valueStart = dictionary.trie.valueStart
        let unitWord = matcher.unitWord
        let starts = matcher.sentenceStarts
        editConfidence.removeAll(keepingCapacity: true)
        alternativeStart.removeAll(keepingCapacity: true)
        alternatives.removeAll(keepingCapacity: true)
        alternativeStart.append(0)
        var sentence = 0
        var next = LMState()
        var scratch: [(candidate: Int32, score: Float)] = []
        var left: [UInt32] = []
        var right: [UInt32] = []
        for e in chosen.indices {
            let c = chosen[e]
            while sentence + 1 < starts.count - 1 && starts[sentence + 1] <= c.start { sentence += 1 }
            let sentStart = starts[sentence], sentEnd = starts[sentence + 1]
            // The reading before the edit, back to `context` words (or the sentence start).
            left.removeAll(keepingCapacity: true)
            var pos = c.start, j = e - 1
            while left.count < context && pos > sentStart {
                if j >= 0 && chosen[j].end == pos {
                    let k = chosen[j].candidate
                    for t in (Int(candidateTokenStart[k])..<Int(candidateTokenStart[k + 1])).reversed() { left.append(candidateTokens[t]) }
                    pos = chosen[j].start
                    j -= 1
                } else {
                    pos -= 1
                    left.append(unitLM[pos])
                }
            }
            var state = pos == sentStart ? model.beginSentenceState() : model.nullContextState()
            for w in left.reversed() { _ = memo.score(model, state, w, next: &next); state = next }
            // The reading after it.
            right.removeAll(keepingCapacity: true)
            pos = c.end
            j = e + 1
            while right.count < context && pos < sentEnd {
                if j < chosen.count && chosen[j].start == pos {
                    let k = chosen[j].candidate
                    for t in Int(candidateTokenStart[k])..<Int(candidateTokenStart[k + 1]) { right.append(candidateTokens[t]) }
                    pos = chosen[j].end
                    j += 1
                } else {
                    right.append(unitLM[pos])
                    pos += 1
                }
            }
            let endsSentence = pos == sentEnd
            func tail(_ st0: LMState) -> Float {
                var st = st0, total: Float = 0
                for w in right { total += memo.score(model, st, w, next: &next); st = next }
                if endsSentence { total += memo.score(model, st, model.endSentenceWord, next: &next) }
                return total
            }
            scratch.removeAll(keepingCapacity: true)
            // The spun words kept.
            var st = state
            var keep: Float = 0
            for u in c.start..<c.end {
                if unitWord[u] != .max { keep += keepCost[Int(unitWord[u])] }
                keep += memo.score(model, st, unitLM[u], next: &next)
                st = next
            }
            scratch.append((candidate: -1, score: keep + tail(st)))
            let node = Int(c.node)
            let candidates = node < 0 ? c.candidate..<(c.candidate + 1) : Int(valueStart[node])..<Int(valueStart[node + 1])
            for vi in candidates {
                let k = node < 0 ? vi : Int(values[vi])
                var total = candidateCost[k] - extraPenalty
                st = state
                for t in Int(candidateTokenStart[k])..<Int(candidateTokenStart[k + 1]) {
                    total += memo.score(model, st, candidateTokens[t], next: &next)
                    st = next
                }
                total += tail(st)
                // One reading per word sequence: the chosen candidate stands for its words.
                let tokens = candidateTokens[Int(candidateTokenStart[k])..<Int(candidateTokenStart[k + 1])]
                if let same = scratch.firstIndex(where: { r in
                    r.candidate >= 0 && candidateTokens[Int(candidateTokenStart[Int(r.candidate)])..<Int(candidateTokenStart[Int(r.candidate) + 1])].elementsEqual(tokens)
                }) {
                    let old = scratch[same]
                    let kept = old.candidate == Int32(c.candidate) || (k != c.candidate && old.score >= total)
                    scratch[same] = (candidate: kept ? old.candidate : Int32(k), score: max(total, old.score))
                    continue
                }
                scratch.append((candidate: Int32(k), score: total))
            }
            let top = scratch.map(\.score).max() ?? 0
            var sum: Float = 0
            for r in scratch { sum += powf(10, r.score - top) }
            scratch.sort { $0.score > $1.score }
            var confidence: Float = 0
            for (i, r) in scratch.enumerated() {
                let p = powf(10, r.score - top) / sum
                if r.candidate == Int32(c.candidate) { confidence = p }
                if i < Self.maxAlternatives { alternatives.append((candidate: r.candidate, confidence: p)) }
            }
            editConfidence.append(confidence)
            alternativeStart.append(Int32(alternatives.count))
        }
    }

    /// At most this many readings are listed per edit.
    static var maxAlternatives: Int { 8 }

    /// Drops the chosen edits whose confidence is below `minimum`, with their alternatives.
    /// - Complexity: O(edits + alternatives).
    mutating func dropUnconfident(below minimum: Float) {
        var w = 0, aw = 0
        var starts: [Int32] = [0]
        for e in chosen.indices where editConfidence[e] >= minimum {
            chosen[w] = chosen[e]
            editConfidence[w] = editConfidence[e]
            for a in Int(alternativeStart[e])..<Int(alternativeStart[e + 1]) { alternatives[aw] = alternatives[a]; aw += 1 }
            starts.append(Int32(aw))
            w += 1
        }
        chosen.removeLast(chosen.count - w)
        editConfidence.removeLast(editConfidence.count - w)
        alternatives.removeLast(alternatives.count - aw)
        alternativeStart = starts
    }
}
