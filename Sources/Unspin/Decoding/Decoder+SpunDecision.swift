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

    /// The input's log10 odds of being spun: the prior plus the evidence summed over its islands.
    /// Unless it is positive, nothing is changed (with the document gate on).
    var spunLogOdds: Float { restorer.options.spunPriorLogOdds + evidence }
}
