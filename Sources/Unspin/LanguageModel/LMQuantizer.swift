/// A codebook of sorted centres for the values of one field (KenLM's binning): exact when
/// the values take at most as many distinct values as there are free codes; otherwise the
/// sorted values are cut into bins of equal counts, each centre its bin's mean, and Lloyd
/// rounds then move the centres to a lower squared error.
struct LMQuantizer {
    /// Centres in ascending order; code = `firstCode` + index.
    private(set) var centres: [Float] = []
    let firstCode: Int

    /// Builds a codebook of at most `codes - firstCode` centres for `values`.
    /// - Complexity: O(v log v) for v values.
    /// `weights` (one per value, or empty for equal weights) say how much each value's error
    /// counts in the Lloyd rounds.
    init(_ values: [Float], weights: [Double] = [], codes: Int, firstCode: Int = 0) {
        self.firstCode = firstCode
        let k = codes - firstCode
        let order = values.indices.sorted { values[$0] < values[$1] }
        let sorted = order.map { values[$0] }
        var distinct: [Float] = []
        for v in sorted where distinct.last != v {
            distinct.append(v)
            if distinct.count > k { break }
        }
        if distinct.count <= k {
            centres = distinct
            return
        }
        // Equal-count bins; a run of equal values never straddles two bins, so that frequent
        // values get a centre of their own.
        var start = 0
        for b in 0..<k {
            guard start < sorted.count else { break }
            var end = max(start + 1, (sorted.count * (b + 1)) / k)
            if end < sorted.count { while end < sorted.count && sorted[end] == sorted[end - 1] { end += 1 } }
            var sum = 0.0
            for i in start..<end { sum += Double(sorted[i]) }
            let c = Float(sum / Double(end - start))
            if centres.last != c { centres.append(c) }
            start = end
        }
        refine(sorted, weights: weights.isEmpty ? [] : order.map { weights[$0] }, rounds: LMQuantizer.refineRounds)
    }

    /// Lloyd rounds after the quantile start (0 keeps KenLM's equal-count bins).
    static let refineRounds = 20

    /// Lloyd's algorithm in one dimension: each value goes to its nearest centre, each centre
    /// moves to the mean of its values; the squared error never grows. The equal-count start
    /// leaves sparse ranges (the most probable n-grams, queried most) with few, wide bins;
    /// these rounds give them more centres.
    /// - Complexity: O(rounds × codes × log v) with prefix sums.
    private mutating func refine(_ sorted: [Float], weights: [Double], rounds: Int) {
        guard rounds > 0, centres.count > 1 else { return }
        // Prefix sums of weight × value and of weight.
        var prefix = [Double](repeating: 0, count: sorted.count + 1)
        var mass = [Double](repeating: 0, count: sorted.count + 1)
        for (i, v) in sorted.enumerated() {
            let w = weights.isEmpty ? 1 : weights[i]
            prefix[i + 1] = prefix[i] + w * Double(v)
            mass[i + 1] = mass[i] + w
        }
        // The index of the first value above `x`.
        func upper(_ x: Double) -> Int {
            var lo = 0, hi = sorted.count
            while lo < hi { let mid = (lo + hi) / 2; if Double(sorted[mid]) <= x { lo = mid + 1 } else { hi = mid } }
            return lo
        }
        for _ in 0..<rounds {
            var next: [Float] = []
            var start = 0
            for c in 0..<centres.count {
                let end = c == centres.count - 1 ? sorted.count : upper((Double(centres[c]) + Double(centres[c + 1])) / 2)
                if end > start && mass[end] > mass[start] {
                    let m = Float((prefix[end] - prefix[start]) / (mass[end] - mass[start]))
                    if next.last.map({ $0 < m }) ?? true { next.append(m) }
                }
                start = max(start, end)
            }
            if next == centres { break }
            centres = next
        }
    }

    /// The code of the centre nearest to `v`.
    /// - Complexity: O(log codes).
    func code(_ v: Float) -> Int {
        var lo = 0, hi = centres.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if centres[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        if lo == centres.count { return firstCode + lo - 1 }
        if lo > 0 && v - centres[lo - 1] <= centres[lo] - v { return firstCode + lo - 1 }
        return firstCode + lo
    }
}
