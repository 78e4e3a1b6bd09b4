import Foundation

// The spun-or-not decision: how much better an input is explained as spun than as written.
extension Decoder {
    /// log10 of how much better an island's readings explain its words than the words as
    /// written: the readings that survive at the island's end (chained from `first`), summed
    /// with the change penalty removed (a decision bias, not a probability), against the keep
    /// path's score without its keep costs.
    /// - Complexity: O(readings at the end).
    @inline(__always)
    static func islandEvidence(_ hyps: UnsafeMutablePointer<Hyp>, first: Int32, top: Float, penalty: Float,
                               keepScore: Float, keepCosts: Float) -> Float {
        var sum: Float = 0
        var k = first
        while k >= 0 {
            let h = hyps[Int(k)]
            sum += powf(10, h.score + penalty * Float(h.changes) - top)
            k = h.sibling
        }
        return top + log10f(sum) - (keepScore - keepCosts)
    }

    /// The input's log10 odds of being spun under `calibration`: the prior plus the calibrated
    /// evidence summed over its islands (and the neighbour counts). Under the decoder's own
    /// calibration, unless they are positive nothing is changed (with the document gate on).
    func spunLogOdds(_ calibration: SpinCalibration) -> Float {
        restorer.options.spunPriorLogOdds + calibration.logOdds(evidence: evidence, words: wordCount, neighbours: neighbourCounts)
    }

    /// Finds the line of every unit and the words of every line; zeroes the lines' evidence.
    /// - Complexity: O(tokens).
    mutating func findLines() {
        let tokens = matcher.tokens, unitToken = matcher.unitToken
        unitLine.removeAll(keepingCapacity: true)
        lineWords.removeAll(keepingCapacity: true)
        lineWords.append(0)
        var line: Int32 = 0
        var t = 0
        wordCount = 0
        for u in unitToken.indices {
            let ut = Int(unitToken[u])
            while t < ut {
                if tokens[t].kind == .space && tokens[t].newlines > 0 {
                    line += Int32(tokens[t].newlines)
                    while lineWords.count <= Int(line) { lineWords.append(0) }
                }
                t += 1
            }
            t = ut + 1
            unitLine.append(line)
            let kind = tokens[ut].kind
            if kind == .word || kind == .number { lineWords[Int(line)] += 1; wordCount += 1 }
        }
        lineEvidence.removeAll(keepingCapacity: true)
        lineEvidence.append(contentsOf: repeatElement(0, count: lineWords.count))
    }

    /// Drops the chosen edits of each line whose own evidence says it is written as it stands:
    /// P(input spun) · P(line spun | input spun) ≤ 1/2 (see `SpinCalibration`).
    /// - Complexity: O(lines + edits).
    mutating func dropWrittenParagraphs(inputLogOdds: Float) {
        let input = probability(logOdds: Double(inputLogOdds))
        var w = 0
        for e in chosen.indices {
            let line = Int(unitLine[chosen[e].start])
            let p = probability(logOdds: Double(calibration.paragraphLogOdds(evidence: lineEvidence[line], words: Int(lineWords[line]))))
            if input * p > 0.5 { chosen[w] = chosen[e]; w += 1 }
        }
        chosen.removeLast(chosen.count - w)
    }
}
