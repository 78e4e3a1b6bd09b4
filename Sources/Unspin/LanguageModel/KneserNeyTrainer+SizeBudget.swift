import Foundation

// Training to a size budget: the least count pruning whose binary image fits.
extension KneserNeyTrainer {
    /// Estimates the model with the least pruning whose image in `format` takes at most
    /// `maxBytes`, starting from `options.pruneThresholds`; `thresholdsUsed` tells which.
    ///
    /// Counting is done once. Each round predicts the image size of every threshold vector
    /// (non-decreasing, entries 0...63) from the count-of-counts and a line through the sizes
    /// of the images built so far, builds the vector that keeps the most n-grams within the
    /// budget, and measures it. Rounds stop when no untried vector can keep more n-grams than
    /// the best image that fits (at most 8 rounds).
    /// - Throws: `LMError` when even the most pruned model is larger.
    /// - Complexity: a few estimations of O(n-grams) after one count of O(T log T).
    public func train(maxBytes: Int, format: LMBinaryFormat = .compact,
                      progress: (String) -> Void = { _ in }) throws -> NGramModel {
        let counts = try self.counts(progress: progress)
        discounts = counts.discounts; fallbackOrders = counts.fallbackOrders
        let above = counts.survivors()
        let N = options.order
        func kept(_ t: [Int]) -> Int { (2...N).reduce(0) { $0 + above[$1 - 2][t[$1 - 1]] } }
        let start = (0..<N).map { options.pruneThresholds.isEmpty ? 0 : options.pruneThresholds[min($0, options.pruneThresholds.count - 1)] }
        // Every non-decreasing vector (0, t2, ..., tN), entries 0...63, at least `start`.
        var candidates: [(t: [Int], kept: Int)] = []
        func extend(_ t: [Int]) {
            if t.count == N { candidates.append((t, kept(t))); return }
            for x in max(t.last!, start[t.count])...max(63, start[t.count]) { extend(t + [x]) }
        }
        extend([0])
        // More kept n-grams first; among equals, less pruning of the lower orders.
        candidates.sort { $0.kept != $1.kept ? $0.kept > $1.kept : $0.t.lexicographicallyPrecedes($1.t) }
        var built: [(kept: Int, bytes: Int)] = []
        var best: (model: NGramModel, thresholds: [Int], kept: Int)? = nil
        var smallestTooLarge = Int.max
        var next: [Int]? = start
        var rounds = 0
        while let t = next, rounds < 8 {
            rounds += 1
            var input = try probabilities(counts, thresholds: t, progress: progress)
            input.trainingTokens = tokenCount
            let name = t.map(String.init).joined(separator: ",")
            progress("building tables (pruning \(name))")
            let model = try NGramModel(storage: LMImageBuilder(input).build()).converted(to: format)
            let k = kept(t)
            built.append((k, model.byteSize))
            progress("\(model.byteSize) bytes with pruning \(name)")
            if model.byteSize <= maxBytes {
                if best == nil || k > best!.kept { best = (model, t, k) }
            } else {
                smallestTooLarge = min(smallestTooLarge, k)
            }
            // Size as a line in kept n-grams: through the two builds nearest the budget, or
            // through the origin with one build (which over-predicts, so the next fits).
            let near = built.sorted { abs($0.bytes - maxBytes) < abs($1.bytes - maxBytes) }
            var slope = Double(near[0].bytes) / Double(max(near[0].kept, 1)), intercept = 0.0
            if let other = near.dropFirst().first(where: { $0.kept != near[0].kept }) {
                slope = Double(near[0].bytes - other.bytes) / Double(near[0].kept - other.kept)
                intercept = Double(near[0].bytes) - slope * Double(near[0].kept)
                if slope <= 0 { slope = Double(near[0].bytes) / Double(max(near[0].kept, 1)); intercept = 0 }
            }
            let room = (Double(maxBytes) - intercept) / slope
            let floor = best?.kept ?? -1
            next = candidates.first { c in
                c.kept > floor && c.kept < smallestTooLarge && Double(c.kept) <= room && !built.isEmpty
                    && c.t != t && !(best?.thresholds == c.t)
            }?.t
            if next == nil && best == nil {
                // Nothing predicted to fit: the next smaller model, if any.
                next = candidates.first { $0.kept < smallestTooLarge }?.t
            }
        }
        guard let best else {
            throw LMError(file: "", "no pruning makes the model fit in \(maxBytes) bytes (the smallest tried has \(built.map(\.bytes).min() ?? 0) bytes)")
        }
        thresholdsUsed = best.thresholds
        return best.model
    }
}
