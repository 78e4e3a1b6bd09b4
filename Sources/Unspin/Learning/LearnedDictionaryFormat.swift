import Foundation

/// Writes and reads learned entries in the dictionary text format, counts kept in comments.
///
/// A line is `spun<TAB>original<TAB>weight # count/original-count`, so a table learned from
/// one set of pairs can be merged with one learned from another by adding the counts.
public enum LearnedDictionaryFormat {
    /// The text of a learned table, with a header describing where it came from.
    /// - Complexity: O(number of entries).
    public static func format(_ entries: [LearnedEntry], header: [String] = []) -> String {
        var s = ""
        for h in header { s += "# \(h)\n" }
        if entries.contains(where: { $0.originalCount > 0 }) {
            s += "# spun<TAB>original<TAB>P(spun|original) # count/occurrences of the original in the originals\n"
            s += "# Substitutions: weight = count / (occurrences + 1). Identity lines give P(keep) = (kept + 1) / (occurrences + 2).\n"
        }
        for e in entries {
            let comment = e.note ?? (e.count == 0 && e.originalCount == 0 ? nil : "\(e.count)/\(e.originalCount)")
            s += "\(e.spun)\t\(e.original)\t\(formatWeight(e.weight))" + (comment.map { " # \($0)" } ?? "") + "\n"
        }
        return s
    }

    /// A weight with four significant digits (never 0, never above 1).
    /// - Complexity: O(1).
    public static func formatWeight(_ w: Double) -> String {
        let v = min(1, max(w, 1e-6))
        var t = String(format: "%.4g", v)
        if t.contains("e") { t = String(format: "%.6f", v) }
        return t
    }

    /// Reads the entries of a learned table back, counts included; lines without counts are skipped.
        /// - Complexity: O(n) in the text length.
    public static func parseCounts(_ text: String) -> [LearnedEntry] {
        var out: [LearnedEntry] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3, let hash = fields[2].firstIndex(of: "#") else { continue }
            let comment = fields[2][fields[2].index(after: hash)...].trimmingCharacters(in: .whitespaces)
            let parts = comment.split(separator: "/")
            guard parts.count == 2, let c = Int(parts[0]), let n = Int(parts[1]), c >= 0, n >= 0 else { continue }
            let w = Double(fields[2][..<hash].trimmingCharacters(in: .whitespaces)) ?? 0
            out.append(LearnedEntry(spun: Folding.fold(String(fields[0])), original: Folding.fold(String(fields[1])),
                                    count: c, originalCount: n, weight: w))
        }
        return out
    }
}
