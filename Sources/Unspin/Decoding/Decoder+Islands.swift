import Foundation

// Building the lattice: a sentence's matches grouped into islands, and their memory warmed.
extension Decoder {
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
}
