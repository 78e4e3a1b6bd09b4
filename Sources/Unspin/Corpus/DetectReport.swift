/// How `unspin detect` reports one screened text: the members of its JSON object, written the
/// same way for a whole input (`detect --json`) and for a JSON Lines record (`detect --jsonl`).
public enum DetectReport {
    /// The members written, in order (`phrases` is written only when asked for, `suspect`
    /// with it).
    public static let keys = ["spin_probability", "spun_log_odds", "words", "neighbours", "suspect", "phrases"]

    /// The confidence proxy of a suspect phrase: the probability its log10 margin stands for
    /// (not a calibrated posterior).
    /// - Complexity: O(1).
    public static func phraseConfidence(_ e: Edit) -> Double { probability(logOdds: e.margin) }

    /// The kind of a suspect phrase, from the table its candidate came from: "tortured" when
    /// the table's name says so, else "spin".
    /// - Complexity: O(length of the table name).
    public static func phraseKind(_ e: Edit) -> String { e.table.contains("tortured") ? "tortured" : "spin" }

    /// The suspect phrases whose confidence is at least 0.5.
    /// - Complexity: O(edits).
    public static func suspectCount(_ r: Restoration) -> Int { r.edits.filter { phraseConfidence($0) >= 0.5 }.count }

    /// The members for `r`: spin_probability, spun_log_odds and words; "neighbours" (checked,
    /// fits, misfits, advantage: `NeighbourCounts`) when a neighbour table was used; with `phrases`, also
    /// suspect (count) and phrases (each edit with its byte offsets, spun text, likely original,
    /// confidence, kind and table). `asciiOnly` writes non-ASCII as `\u` escapes; `spaced`
    /// separates with ", " and ": " (a record's own style).
    /// - Complexity: O(edits + their text).
    public static func members(_ r: Restoration, phrases: Bool, asciiOnly: Bool = false,
                               spaced: Bool = false) -> [(String, [UInt8])] {
        var m: [(String, [UInt8])] = [
            ("spin_probability", Array(Edit.format(r.spinProbability).utf8)),
            ("spun_log_odds", Array(Edit.format(r.spunLogOdds).utf8)),
            ("words", Array(String(r.words).utf8)),
        ]
        if let c = r.neighbours {
            var o: [UInt8] = []
            object([("checked", Array(String(c.checked).utf8)), ("fits", Array(String(c.fits).utf8)),
                    ("misfits", Array(String(c.misfits).utf8)), ("advantage", Array(Edit.format(Double(c.advantage)).utf8)),
                    ("unknown", Array(String(c.unknown).utf8)), ("tokens", Array(String(c.units).utf8)),
                    ("log_prob", Array(Edit.format(Double(c.logProb)).utf8)),
                    ("strong_islands", Array(String(c.strongIslands).utf8))],
                   spaced: spaced, into: &o)
            m.append(("neighbours", o))
        }
        guard phrases else { return m }
        m.append(("suspect", Array(String(suspectCount(r)).utf8)))
        var list: [UInt8] = [0x5B]
        for (i, e) in r.edits.enumerated() {
            if i > 0 { list.append(contentsOf: spaced ? [0x2C, 0x20] : [0x2C]) }
            object([("start", Array(String(e.range.lowerBound).utf8)),
                    ("end", Array(String(e.range.upperBound).utf8)),
                    ("spun", JSONString.quoted(e.spun, asciiOnly: asciiOnly)),
                    ("original", JSONString.quoted(e.replacement, asciiOnly: asciiOnly)),
                    ("confidence", Array(Edit.format(phraseConfidence(e)).utf8)),
                    ("kind", JSONString.quoted(phraseKind(e))),
                    ("table", JSONString.quoted(e.table, asciiOnly: asciiOnly))], spaced: spaced, into: &list)
        }
        list.append(0x5D)
        m.append(("phrases", list))
        return m
    }

    /// Appends `{"k":v,...}` (`spaced`: `{"k": v, ...}`); keys are written as they are.
    /// - Complexity: O(total length).
    public static func object(_ parts: [(String, [UInt8])], spaced: Bool = false, into a: inout [UInt8]) {
        a.append(0x7B)
        appendMembers(parts, spaced: spaced, leadingComma: false, into: &a)
        a.append(0x7D)
    }

    /// Appends `"k":v` pairs separated by commas (and one comma first when `leadingComma`).
    /// - Complexity: O(total length).
    public static func appendMembers(_ parts: [(String, [UInt8])], spaced: Bool, leadingComma: Bool, into a: inout [UInt8]) {
        for (j, (key, value)) in parts.enumerated() {
            if j > 0 || leadingComma { a.append(contentsOf: spaced ? [0x2C, 0x20] : [0x2C]) }
            a.append(0x22); a.append(contentsOf: key.utf8); a.append(0x22)
            a.append(contentsOf: spaced ? [0x3A, 0x20] : [0x3A])
            a.append(contentsOf: value)
        }
    }

    /// One `detect --json` line: `{"path":PATH, members...}` and a line feed.
    /// - Complexity: O(edits + their text).
    public static func line(path: String, result r: Restoration, phrases: Bool = true) -> [UInt8] {
        var out: [UInt8] = []
        object([("path", JSONString.quoted(path))] + members(r, phrases: phrases), into: &out)
        out.append(0x0A)
        return out
    }
}
