/// A learned substitution: original words written as spun words (positions in two texts).
public struct PhrasePairSpan: Sendable, Equatable {
    /// Word positions in the original text.
    public var original: Range<Int>
    /// Word positions in the spun text.
    public var spun: Range<Int>

    /// A pair of word ranges.
    /// - Complexity: O(1).
    public init(original: Range<Int>, spun: Range<Int>) {
        self.original = original; self.spun = spun
    }
}

/// Turns a word alignment into whole phrase pairs, the way a spinner substitutes.
///
/// - Neighbouring steps that swap words ("interest rates" → "rates of interest") merge into
///   one pair.
/// - Spun words with no counterpart ("agreed with" → "agreed along with") join the next word
///   (else the previous one), so "along with" → "with" is learned, not a bare insertion.
/// - A replaced stretch stays whole: "a minimum of" → "at least" is never split into word pairs.
/// - Pairs longer than `maxLength` words on a side, or that span punctuation, are dropped.
public enum PhrasePairExtractor {
    /// The phrase pairs of one aligned text pair.
    /// - Complexity: O(n) in the number of words.
    public static func extract(original: WordSequence, spun: WordSequence, ops input: [AlignmentOp],
                               maxLength: Int = 5) -> [PhrasePairSpan] {
        let ops = mergeReorderings(original: original, spun: spun, ops: input, maxLength: maxLength)
        var out: [PhrasePairSpan] = []
        for (k, op) in ops.enumerated() {
            var pair: PhrasePairSpan
            switch op.kind {
            case .equal:
                continue
            case .replace:
                pair = PhrasePairSpan(original: op.original, spun: op.spun)
            case .insert, .delete:
                // Attach to the first word of the next equal step, else the last of the previous.
                var candidates: [PhrasePairSpan] = []
                if k + 1 < ops.count, ops[k + 1].kind == .equal {
                    let n = ops[k + 1]
                    candidates.append(PhrasePairSpan(original: op.original.lowerBound..<(n.original.lowerBound + 1),
                                                     spun: op.spun.lowerBound..<(n.spun.lowerBound + 1)))
                }
                if k > 0, ops[k - 1].kind == .equal {
                    let p = ops[k - 1]
                    candidates.append(PhrasePairSpan(original: (p.original.upperBound - 1)..<op.original.upperBound,
                                                     spun: (p.spun.upperBound - 1)..<op.spun.upperBound))
                }
                guard let c = candidates.first(where: { isValid($0, original, spun, maxLength) }) else { continue }
                pair = c
            }
            guard isValid(pair, original, spun, maxLength) else { continue }
            out.append(pair)
        }
        return out
    }

    static func isValid(_ p: PhrasePairSpan, _ o: WordSequence, _ s: WordSequence, _ maxLength: Int) -> Bool {
        !p.original.isEmpty && !p.spun.isEmpty && p.original.count <= maxLength && p.spun.count <= maxLength
            && o.isUnbroken(p.original) && s.isUnbroken(p.spun)
    }

    /// Merges `changed, equal (≤ 2 words), changed` when words of one changed side reappear on
    /// the other side of the other changed step (a local reordering).
    static func mergeReorderings(original: WordSequence, spun: WordSequence, ops: [AlignmentOp],
                                 maxLength: Int) -> [AlignmentOp] {
        var out: [AlignmentOp] = []
        var k = 0
        while k < ops.count {
            if k + 2 < ops.count, ops[k].kind != .equal, ops[k + 1].kind == .equal, ops[k + 1].original.count <= 2,
               ops[k + 2].kind != .equal {
                let a = ops[k], c = ops[k + 2]
                let crossed = shares(original.words, a.original, spun.words, c.spun)
                    || shares(original.words, c.original, spun.words, a.spun)
                let merged = AlignmentOp(.replace, original: a.original.lowerBound..<c.original.upperBound,
                                         spun: a.spun.lowerBound..<c.spun.upperBound)
                if crossed && merged.original.count <= maxLength && merged.spun.count <= maxLength
                    && original.isUnbroken(merged.original) && spun.isUnbroken(merged.spun) {
                    out.append(merged)
                    k += 3
                    continue
                }
            }
            out.append(ops[k])
            k += 1
        }
        return out
    }

    static func shares(_ a: [UInt32], _ ra: Range<Int>, _ b: [UInt32], _ rb: Range<Int>) -> Bool {
        for i in ra where b[rb].contains(a[i]) { return true }
        return false
    }
}
