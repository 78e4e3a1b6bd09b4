import Foundation

// The ambiguity check: edits whose rival candidates score almost as well are dropped.
extension Decoder {
    /// Drops each chosen edit that another candidate for the same spun phrase explains
    /// almost as well: the island's best path with that candidate in its place, scored over
    /// the candidate and the `context` words after it, is within `ambiguityMargin` (log10).
    /// Choosing between two readings the model cannot tell apart is a guess; keeping the
    /// spun words is the cautious answer. Run once the text is judged spun, so clean text
    /// never pays for it.
    /// - Complexity: O(edits × candidates × (candidate length + context)) queries.
    mutating func dropAmbiguous(_ bytes: UnsafeBufferPointer<UInt8>) {
        let model = self.model
        let memo = _Memo(self.memo, on: usesMemo)
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
            var st = advance(model, memo, island.fromSentenceStart ? model.beginSentenceState() : model.nullContextState(),
                             over: Int(island.left)..<Int(island.start))
            let path = self.path
            let endsSentence = island.endsSentence
            // Scores candidate `c` in place of the words before `to`, then the words after it.
            func local(_ c: Int, _ st0: LMState, _ to: Int) -> Float {
                var st = st0
                var next = LMState()
                var total = candidateCost[c]
                for t in Int(candidateTokenStart[c])..<Int(candidateTokenStart[c + 1]) {
                    total += memo.score(model, st, candidateTokens[t], next: &next)
                    st = next
                }
                let stop = min(path.count, to + context)
                for i in to..<stop {
                    total += memo.score(model, st, path[i], next: &next)
                    st = next
                }
                if endsSentence && to + context >= path.count { total += memo.score(model, st, model.endSentenceWord, next: &next) }
                return total
            }
            var i = 0
            for (j, span) in spans.enumerated() {
                while i < Int(span.from) { _ = memo.score(model, st, path[i], next: &next); st = next; i += 1 }
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
                while i < Int(span.to) { _ = memo.score(model, st, path[i], next: &next); st = next; i += 1 }
            }
        }
        var w = 0
        for e in chosen.indices where keepEdit[e] { chosen[w] = chosen[e]; w += 1 }
        chosen.removeLast(chosen.count - w)
        islands.removeAll(keepingCapacity: true)
    }
}
