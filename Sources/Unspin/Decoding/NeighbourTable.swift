import Foundation

/// Thesaurus neighbours of common words (`Dictionaries/mythes-neighbours.tsv`): the evidence
/// that does not depend on one spinner's tables. A spinner replaces a word by a thesaurus
/// neighbour that the context did not ask for, so in spun text many words have a neighbour
/// that the language model finds more probable in their place; in text as written, few do
/// (see `NeighbourCounts` and docs/detect.md).
///
/// Text form: `word<TAB>neighbour neighbour ...` (space-separated single words), `#` comments.
public struct NeighbourTable: Sendable {
    /// Each word with its neighbours, in the file's order.
    public var rows: [(word: String, neighbours: [String])]

    public init(rows: [(word: String, neighbours: [String])]) { self.rows = rows }

    /// Reads the text form (lines end in LF or CRLF).
    /// - Throws: `DictionaryError` when the file cannot be read or a line has no tab.
    /// - Complexity: O(file size), on the file's bytes (no `Character` work: the shipped table
    ///   of 32k lines is read in about 10 ms).
    public init(contentsOfFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DictionaryError(file: path, line: 0, message: "cannot be read")
        }
        var badLine = 0
        let rows = data.withUnsafeBytes { raw in Self.parse(raw.bindMemory(to: UInt8.self), badLine: &badLine) }
        guard badLine == 0 else {
            throw DictionaryError(file: path, line: badLine, message: "expected WORD<TAB>NEIGHBOURS")
        }
        self.rows = rows
    }

    /// The rows of the text form; `badLine` is set to the 1-based number of the first line
    /// that is neither empty, a comment nor WORD<TAB>NEIGHBOURS (and the rows are then partial).
    private static func parse(_ b: UnsafeBufferPointer<UInt8>, badLine: inout Int) -> [(String, [String])] {
        var rows: [(String, [String])] = []
        var i = 0, line = 0
        let n = b.count
        func text(_ from: Int, _ to: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[from..<to]), as: UTF8.self) }
        while i < n {
            line += 1
            var end = i
            while end < n && b[end] != 0x0A { end += 1 }
            var stop = end
            if stop > i && b[stop - 1] == 0x0D { stop -= 1 }
            defer { i = end + 1 }
            if stop == i || b[i] == 0x23 { continue }                    // empty, or "#" comment
            var tab = i
            while tab < stop && b[tab] != 0x09 { tab += 1 }
            if tab == stop || tab == i { badLine = line; return rows }     // no tab, or no word
            var neighbours: [String] = []
            var j = tab + 1
            while j < stop {
                while j < stop && b[j] == 0x20 { j += 1 }
                let start = j
                while j < stop && b[j] != 0x20 { j += 1 }
                if j > start { neighbours.append(text(start, j)) }
            }
            rows.append((text(i, tab), neighbours))
        }
        return rows
    }
}

/// What the neighbour check found in one input (all zero when no table is loaded).
public struct NeighbourCounts: Sendable, Equatable {
    /// Words checked: words of the table whose neighbours the model knows.
    public var checked = 0
    /// Words whose best neighbour the model prefers in context by more than
    /// `NeighbourCounts.fitMargin` (log10, the word's own window against the neighbour's).
    public var fits = 0
    /// Misfits: words the model finds improbable after their left context (log10 P below
    /// `misfitLevel`) while a neighbour is more than `misfitGap` more probable there.
    public var misfits = 0
    /// Σ over checked words of the neighbour's advantage, clipped to 0...`clip` (log10).
    public var advantage: Float = 0
    /// Words unknown to the model (lower-case, or first in their sentence): a spinner's rare
    /// choices.
    public var unknown = 0
    /// Tokens scored, and Σ of their log10 probabilities as written (with sentence ends).
    public var units = 0
    public var logProb: Float = 0
    /// Islands of candidates whose own evidence is above `strongLevel` (log10): a known spin or
    /// tortured phrase that the model strongly prefers restored (counted by the decoder's first
    /// pass; reported here, with the other counts of `unspin detect`).
    public var strongIslands = 0
    public static let strongLevel: Float = 2

    public init() {}

    public static let fitMargin: Float = 1
    public static let misfitLevel: Float = -4
    public static let misfitGap: Float = 2
    public static let clip: Float = 3
}

/// The neighbour table in the model's ids, built once per restorer.
struct NeighbourIndex: Sendable {
    /// Model id of a checked word (known to the model) → its entry number.
    var entries: [UInt32: Int32] = [:]
    /// Entry e's neighbours are `ids[starts[e]..<starts[e + 1]]`, the most frequent first.
    var starts: [Int32] = [0]
    var ids: [UInt32] = []

    /// Words whose unigram log10 probability is above this (about the 400 most frequent
    /// words) are not checked: their neighbours tell little (measured: AUC 0.988 → 0.990 on
    /// held-out material without them) and they are many of the tokens.
    static let commonLevel: Float = -3
    /// The neighbours kept for a word: its most frequent ones in the model (unigram), as a
    /// spinner's original is mostly the commoner word (against all of them, on the detect
    /// material: the same AUC, 0.9947, one false positive more in 1,764 clean documents, and
    /// detect about 20% faster).
    static let maxNeighbours = 4
    /// A neighbour's window (its right context) is scored only when its score after the
    /// left context is within this of the word's own (log10): further behind, it hardly ever
    /// wins (detect material: AUC unchanged, one false positive more in 1,764, detect about
    /// 20% faster).
    static let windowSlack: Float = 1

    /// Entries: the checked words.
    var count: Int { starts.count - 1 }

    init(_ table: NeighbourTable, model: any LanguageModel) {
        let unknown = model.unknownWord
        let null = model.nullContextState()
        var next = LMState()
        var kept: [(id: UInt32, logProb: Float)] = []
        for row in table.rows {
            let w = model.index(of: row.word)
            if w == unknown || entries[w] != nil { continue }
            if model.score(null, w, next: &next) > Self.commonLevel { continue }
            kept.removeAll(keepingCapacity: true)
            for n in row.neighbours {
                let id = model.index(of: n)
                if id != unknown && id != w && !kept.contains(where: { $0.id == id }) {
                    kept.append((id, model.score(null, id, next: &next)))
                }
            }
            if kept.isEmpty { continue }
            // Most frequent first; ties keep the table's order.
            let order = kept.indices.sorted { kept[$0].logProb > kept[$1].logProb || (kept[$0].logProb == kept[$1].logProb && $0 < $1) }
            for i in order.prefix(Self.maxNeighbours) { ids.append(kept[i].id) }
            entries[w] = Int32(count)
            starts.append(Int32(ids.count))
        }
    }
}
