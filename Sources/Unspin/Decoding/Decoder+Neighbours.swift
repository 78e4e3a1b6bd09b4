import Foundation

// The "a neighbour fits better" evidence (`NeighbourCounts`), spinner-agnostic: for each word
// of the neighbour table, the language model's score of the word in its window against its
// best thesaurus neighbour's.
extension Decoder {
    /// Counts, over the input's sentences, the words whose thesaurus neighbour the model
    /// prefers in context (see `NeighbourCounts`). A word's window is its own score after the
    /// written left context plus the scores of the next `order - 1` written units (and of the
    /// sentence end, when the window reaches it). Words written with a capital letter after the
    /// first unit of a sentence (names, mostly) are not checked, and a word is checked at its
    /// first occurrence in the input only: a text's own terms recur ("array", "polynomial"
    /// in a manual), a spinner's choices much less, and a term the model does not know well
    /// would otherwise count at every use (on the detect material, refitted: technical prose
    /// flagged 17% → 9%, AUC 0.9938 → 0.9947).
    /// - Complexity: O(units + checked words × neighbours × order) model queries.
    mutating func countNeighbours(_ bytes: UnsafeBufferPointer<UInt8>, _ index: NeighbourIndex) {
        var counts = NeighbourCounts()
        let tokens = matcher.tokens, unitToken = matcher.unitToken, starts = matcher.sentenceStarts
        let model = self.model, context = self.context, unknown = model.unknownWord
        var next = LMState()
        neighbourInput &+= 1
        if neighbourInput == 0 {
            for i in neighbourSeen.indices { neighbourSeen[i] = 0 }
            neighbourInput = 1
        }
        let input = neighbourInput
        for s in 0..<(starts.count - 1) {
            let a = starts[s], b = starts[s + 1]
            neighbourStates.removeAll(keepingCapacity: true)
            neighbourScores.removeAll(keepingCapacity: true)
            var st = model.beginSentenceState()
            for u in a..<b {
                neighbourStates.append(st)
                let score = model.score(st, unitLM[u], next: &next)
                neighbourScores.append(score)
                counts.logProb += score
                st = next
                if unitLM[u] == unknown {
                    let t = tokens[Int(unitToken[u])]
                    if t.kind == .word && (u == a || !(bytes[t.start] >= 0x41 && bytes[t.start] <= 0x5A)) { counts.unknown += 1 }
                }
            }
            var endScore: Float = 0
            if b > a {
                endScore = model.score(st, model.endSentenceWord, next: &next)
                counts.logProb += endScore
                counts.units += b - a + 1
            }
            // The window of the word as written: its score and the next ones, from the
            // written pass (the same states, so the same numbers, without querying again).
            func ownWindow(_ u: Int) -> Float {
                var total = neighbourScores[u - a]
                var j = u + 1
                while j < b && j <= u + context { total += neighbourScores[j - a]; j += 1 }
                if j == b && j <= u + context { total += endScore }
                return total
            }
            // The window of another word in unit u's place, from its left score and the
            // state after it.
            func window(_ u: Int, left: Float, after: LMState) -> Float {
                var next = LMState()
                var total = left
                var st = after
                var j = u + 1
                while j < b && j <= u + context {
                    total += model.score(st, unitLM[j], next: &next)
                    st = next
                    j += 1
                }
                if j == b && j <= u + context { total += model.score(st, model.endSentenceWord, next: &next) }
                return total
            }
            for u in a..<b {
                let t = tokens[Int(unitToken[u])]
                guard t.kind == .word, let e = index.entries[unitLM[u]] else { continue }
                if u > a, bytes[t.start] >= 0x41 && bytes[t.start] <= 0x5A { continue }
                if neighbourSeen[Int(e)] == input { continue }
                neighbourSeen[Int(e)] = input
                let r = index.starts[Int(e)]..<index.starts[Int(e) + 1]
                let own = ownWindow(u), ownLeft = neighbourScores[u - a]
                // A window's score is at most its left score (every later term is a log
                // probability): a neighbour whose left score is no better than the best window
                // so far (at least the word's own) changes neither the clipped advantage nor the
                // fit count, so its right context is not scored; nor is it for a neighbour more
                // than `windowSlack` behind the word after the left context.
                var best = own, bestLeft = -Float.infinity
                for k in r {
                    let l = model.score(neighbourStates[u - a], index.ids[Int(k)], next: &next)
                    bestLeft = max(bestLeft, l)
                    if l > best && l > ownLeft - NeighbourIndex.windowSlack { best = max(best, window(u, left: l, after: next)) }
                }
                counts.checked += 1
                let d = best - own
                if d > NeighbourCounts.fitMargin { counts.fits += 1 }
                if ownLeft < NeighbourCounts.misfitLevel && bestLeft - ownLeft > NeighbourCounts.misfitGap { counts.misfits += 1 }
                counts.advantage += min(max(d, 0), NeighbourCounts.clip)
            }
        }
        neighbourCounts = counts
    }
}
