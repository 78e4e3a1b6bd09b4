/// One step of a word alignment between an original text and its spun version.
public struct AlignmentOp: Sendable, Equatable {
    /// What the step does.
    public enum Kind: UInt8, Sendable {
        /// The words are the same on both sides.
        case equal
        /// Original words were written as other spun words.
        case replace
        /// Original words left out of the spun text (the spun range is empty).
        case delete
        /// Spun words with no original counterpart (the original range is empty).
        case insert
    }

    public var kind: Kind
    /// Word positions in the original.
    public var original: Range<Int>
    /// Word positions in the spun text.
    public var spun: Range<Int>

    /// A step of `kind` over the two ranges.
    /// - Complexity: O(1).
    public init(_ kind: Kind, original: Range<Int>, spun: Range<Int>) {
        self.kind = kind; self.original = original; self.spun = spun
    }
}

/// Aligns two word-id sequences by a longest common subsequence, anchored on words that
/// occur once in each side (patience diff) so long texts stay cheap.
public enum WordAligner {
    /// Gaps larger than this many cells (original words × spun words) are left unaligned.
    public static let maxDynamicProgrammingCells = 4_000_000

    /// The alignment of `original` with `spun` as a list of steps covering both fully, in order.
    /// - Complexity: O(n log n) for the anchors plus O(g·h) for each gap of g × h words
    ///   between anchors.
    public static func align(_ original: [UInt32], _ spun: [UInt32]) -> [AlignmentOp] {
        var matches: [(Int, Int)] = []
        matchRange(original, 0..<original.count, spun, 0..<spun.count, into: &matches)
        return ops(from: matches, originalCount: original.count, spunCount: spun.count)
    }

    /// Turns increasing matched positions into steps.
    static func ops(from matches: [(Int, Int)], originalCount: Int, spunCount: Int) -> [AlignmentOp] {
        var out: [AlignmentOp] = []
        var i = 0, j = 0
        func gap(_ ei: Int, _ ej: Int) {
            if ei > i || ej > j {
                let kind: AlignmentOp.Kind = ei == i ? .insert : ej == j ? .delete : .replace
                out.append(AlignmentOp(kind, original: i..<ei, spun: j..<ej))
            }
        }
        var k = 0
        while k < matches.count {
            let (mi, mj) = matches[k]
            gap(mi, mj)
            var len = 1
            while k + len < matches.count && matches[k + len].0 == mi + len && matches[k + len].1 == mj + len { len += 1 }
            out.append(AlignmentOp(.equal, original: mi..<(mi + len), spun: mj..<(mj + len)))
            i = mi + len; j = mj + len
            k += len
        }
        gap(originalCount, spunCount)
        return out
    }

    /// Appends the matches of `a[ra]` against `b[rb]` in increasing order.
    static func matchRange(_ a: [UInt32], _ ra: Range<Int>, _ b: [UInt32], _ rb: Range<Int>,
                           into matches: inout [(Int, Int)]) {
        var lo = ra.lowerBound, hi = ra.upperBound
        var blo = rb.lowerBound, bhi = rb.upperBound
        // Common prefix and suffix.
        while lo < hi && blo < bhi && a[lo] == b[blo] { matches.append((lo, blo)); lo += 1; blo += 1 }
        var suffix: [(Int, Int)] = []
        while lo < hi && blo < bhi && a[hi - 1] == b[bhi - 1] { hi -= 1; bhi -= 1; suffix.append((hi, bhi)) }
        defer { matches.append(contentsOf: suffix.reversed()) }
        guard lo < hi && blo < bhi else { return }

        let anchors = uniqueAnchors(a, lo..<hi, b, blo..<bhi)
        if anchors.isEmpty {
            dynamicLCS(a, lo..<hi, b, blo..<bhi, into: &matches)
            return
        }
        var pi = lo, pj = blo
        for (ai, bj) in anchors {
            matchRange(a, pi..<ai, b, pj..<bj, into: &matches)
            matches.append((ai, bj))
            pi = ai + 1; pj = bj + 1
        }
        matchRange(a, pi..<hi, b, pj..<bhi, into: &matches)
    }

    /// Words occurring exactly once in each range, as the longest chain increasing on both sides.
    static func uniqueAnchors(_ a: [UInt32], _ ra: Range<Int>, _ b: [UInt32], _ rb: Range<Int>) -> [(Int, Int)] {
        // word -> (count in a, position in a, count in b, position in b)
        var seen: [UInt32: (Int, Int, Int, Int)] = [:]
        for i in ra { seen[a[i], default: (0, 0, 0, 0)].0 += 1; seen[a[i]]!.1 = i }
        for j in rb {
            guard var e = seen[b[j]] else { continue }
            e.2 += 1; e.3 = j; seen[b[j]] = e
        }
        var pairs: [(Int, Int)] = []
        for (_, e) in seen where e.0 == 1 && e.2 == 1 { pairs.append((e.1, e.3)) }
        guard !pairs.isEmpty else { return [] }
        pairs.sort { $0.0 < $1.0 }
        // Longest increasing subsequence on the b positions (patience sorting).
        var tails: [Int] = []          // index into pairs of the smallest tail of each length
        var back = [Int](repeating: -1, count: pairs.count)
        for (k, p) in pairs.enumerated() {
            var l = 0, h = tails.count
            while l < h { let m = (l + h) / 2; if pairs[tails[m]].1 < p.1 { l = m + 1 } else { h = m } }
            back[k] = l > 0 ? tails[l - 1] : -1
            if l == tails.count { tails.append(k) } else { tails[l] = k }
        }
        var chain: [(Int, Int)] = []
        var k = tails.last ?? -1
        while k >= 0 { chain.append(pairs[k]); k = back[k] }
        return chain.reversed()
    }

    /// Plain dynamic-programming LCS of two small ranges.
    static func dynamicLCS(_ a: [UInt32], _ ra: Range<Int>, _ b: [UInt32], _ rb: Range<Int>,
                           into matches: inout [(Int, Int)]) {
        let n = ra.count, m = rb.count
        guard n > 0, m > 0, n * m <= maxDynamicProgrammingCells else { return }
        let w = m + 1
        // table[i*w + j] = LCS length of a[ra.lower+i...] and b[rb.lower+j...]
        var table = [Int32](repeating: 0, count: (n + 1) * w)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                if a[ra.lowerBound + i] == b[rb.lowerBound + j] {
                    table[i * w + j] = table[(i + 1) * w + j + 1] + 1
                } else {
                    table[i * w + j] = max(table[(i + 1) * w + j], table[i * w + j + 1])
                }
            }
        }
        var i = 0, j = 0
        while i < n && j < m {
            if a[ra.lowerBound + i] == b[rb.lowerBound + j] {
                matches.append((ra.lowerBound + i, rb.lowerBound + j)); i += 1; j += 1
            } else if table[(i + 1) * w + j] >= table[i * w + j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
    }
}
