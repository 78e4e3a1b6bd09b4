#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Restores raw UTF-8 text: the restorer's entry point as the corpus tools see it.
///
/// `Restorer.restoreFunction` gives the real one; tests pass small fakes.
public typealias RestoreFunction = @Sendable (UnsafeBufferPointer<UInt8>) -> Restoration

extension Restoration {
    /// A restoration made by something other than `Restorer` (a custom `RestoreFunction`):
    /// `bytes` must be the input with each edit's range replaced by its replacement.
    /// - Complexity: O(1).
    public static func custom(bytes: [UInt8], edits: [Edit]) -> Restoration {
        Restoration(bytes: bytes, edits: edits)
    }
}

extension Restorer {
    /// This restorer as a `RestoreFunction` for the batch runner and JSON Lines streaming.
    /// - Complexity: O(1).
    public var restoreFunction: RestoreFunction {
        { [self] bytes in self.restore(bytes: bytes) }
    }
}

/// How JSON Lines records are restored.
public struct JSONLinesOptions: Sendable, Equatable {
    /// The top-level string field to restore.
    public var field: String
    /// Whether to add (or replace) a top-level `"edits"` array describing each change.
    /// With `screen`: whether the detection members include the suspect phrases.
    public var includeEdits: Bool
    /// Screen instead of restoring (`unspin detect --jsonl`): the field stays as it is and the
    /// detection members (`DetectReport`) are added to each record (or replace those it has);
    /// a record whose spin probability is at least this threshold is flagged.
    public var screen: Double?
    /// With `screen`: write only the flagged records.
    public var flaggedOnly: Bool

    public init(field: String = "text", includeEdits: Bool = false, screen: Double? = nil, flaggedOnly: Bool = false) {
        self.field = field; self.includeEdits = includeEdits; self.screen = screen; self.flaggedOnly = flaggedOnly
    }
}

/// What happened to one JSON Lines record.
public enum JSONLineOutcome: Sendable, Equatable {
    /// The field was restored (possibly unchanged); counts of edits and of spun words replaced.
    case restored(edits: Int, words: Int)
    /// Blank line, or a record without the field (or with `null`): written as it was.
    case passedThrough
    /// Not a JSON object, or the field is not a string: written as it was, and reported.
    case failed(JSONLineError)
    /// The field was screened (`JSONLine.screen`): whether the record is flagged.
    case screened(flagged: Bool)
}

extension Edit {
    /// Number of words of the spun phrase this edit replaced (space-separated pieces).
    /// - Complexity: O(length of `spun`).
    public var spunWordCount: Int {
        var count = 0
        var inWord = false
        for b in spun.utf8 {
            let space = b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
            if !space && !inWord { count += 1 }
            inWord = !space
        }
        return max(count, 1)
    }
}

extension JSONLine {
    /// Whether two byte arrays are equal (`memcmp`, not element by element).
    static func sameBytes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && a.withUnsafeBytes { x in b.withUnsafeBytes { y in
            x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0
        } }
    }

    /// Restores one JSON Lines record (`line` without its line feed) and appends the output
    /// record (without line feed) to `out`.
    ///
    /// Only the field's string value changes: the unchanged stretches of the value keep their
    /// original escapes, every other byte of the line is copied. Edits, when asked for, go in a
    /// top-level `"edits"` array of `{"start", "end", "spun", "replacement", "margin", "table"}`
    /// objects (plus `"confidence"` and `"alternatives"` when the edits carry them) (as `restore --json` writes them), with `start`/`end` as UTF-8 byte offsets in
    /// the field's (unescaped) value, in the record's own separator style (`", "` or `","`).
    /// A line that fails is copied unchanged.
    /// - Complexity: O(n) in the line length plus the restorer's cost on the field.
    public static func restore(_ line: UnsafeBufferPointer<UInt8>, field: [UInt8], includeEdits: Bool,
                               restore: RestoreFunction, into out: inout [UInt8]) -> JSONLineOutcome {
        if isBlank(line) { out.append(contentsOf: line); return .passedThrough }
        let layout: JSONLineLayout
        do { layout = try scan(line, field: field) } catch {
            out.append(contentsOf: line)
            return .failed(error)
        }
        let h = _UTF8Handle(line)
        let spaced = layout.spaced
        func object(_ parts: [(String, [UInt8])], into a: inout [UInt8]) {
            a.append(0x7B)
            for (j, (key, value)) in parts.enumerated() {
                if j > 0 { a.append(contentsOf: spaced ? [0x2C, 0x20] : [0x2C]) }
                a.append(0x22); a.append(contentsOf: key.utf8); a.append(0x22)
                a.append(contentsOf: spaced ? [0x3A, 0x20] : [0x3A])
                a.append(contentsOf: value)
            }
            a.append(0x7D)
        }
        func editsMember(_ edits: [Edit]) -> [UInt8] {
            var a: [UInt8] = [0x5B]
            for (k, e) in edits.enumerated() {
                if k > 0 { a.append(contentsOf: spaced ? [0x2C, 0x20] : [0x2C]) }
                var parts: [(String, [UInt8])] = []
                parts.append(("start", Array(String(e.range.lowerBound).utf8)))
                parts.append(("end", Array(String(e.range.upperBound).utf8)))
                parts.append(("spun", JSONString.quoted(e.spun, asciiOnly: layout.asciiOnly)))
                parts.append(("replacement", JSONString.quoted(e.replacement, asciiOnly: layout.asciiOnly)))
                parts.append(("margin", e.margin.isFinite ? Array(Edit.format(e.margin).utf8) : Array("null".utf8)))
                parts.append(("table", JSONString.quoted(e.table, asciiOnly: layout.asciiOnly)))
                if let c = e.confidence {
                    parts.append(("confidence", Array(Edit.format(c).utf8)))
                    var list: [UInt8] = [0x5B]
                    for (i, alt) in e.alternatives.enumerated() {
                        if i > 0 { list.append(contentsOf: spaced ? [0x2C, 0x20] : [0x2C]) }
                        object([("text", JSONString.quoted(alt.text, asciiOnly: layout.asciiOnly)),
                                ("confidence", Array(Edit.format(alt.confidence).utf8)),
                                ("table", alt.table.map { JSONString.quoted($0, asciiOnly: layout.asciiOnly) } ?? Array("null".utf8))],
                               into: &list)
                    }
                    list.append(0x5D)
                    parts.append(("alternatives", list))
                }
                object(parts, into: &a)
            }
            a.append(0x5D)
            return a
        }
        // Splices, in line order: (range replaced, new bytes).
        var splices: [(Range<Int>, [UInt8])] = []
        var outcome = JSONLineOutcome.passedThrough
        var edits: [Edit] = []
        if let v = layout.fieldValue {
            switch layout.fieldKind {
            case .string?:
                let contents = v.lowerBound + 1..<v.upperBound - 1
                var raw: [UInt8] = []
                raw.reserveCapacity(contents.count)
                JSONString.unescape(h.slice(contents.lowerBound, contents.upperBound), into: &raw)
                let r = raw.withUnsafeBufferPointer { restore($0) }
                edits = r.edits
                var words = 0
                for e in edits { words += e.spunWordCount }
                outcome = .restored(edits: edits.count, words: words)
                if !Self.sameBytes(r.bytes, raw) {
                    var value: [UInt8] = []
                    value.reserveCapacity(contents.count + 16)
                    if !respliceKeepingEscapes(h, contents, raw, r, asciiOnly: layout.asciiOnly, into: &value) {
                        value.removeAll(keepingCapacity: true)
                        r.bytes.withUnsafeBufferPointer { JSONString.escape($0, asciiOnly: layout.asciiOnly, into: &value) }
                    }
                    splices.append((contents, value))
                }
            case .null?, nil:
                break
            case let kind?:
                out.append(contentsOf: line)
                return .failed(JSONLineError(offset: v.lowerBound,
                                             message: "field '\(String(decoding: field, as: UTF8.self))' is \(describe(kind)), not a string"))
            }
        }
        if includeEdits {
            let member = editsMember(edits)
            if let ev = layout.editsValue {
                splices.append((ev, member))
            } else {
                var m: [UInt8] = []
                if layout.memberCount > 0 { m.append(contentsOf: spaced ? [0x2C, 0x20] : [0x2C]) }
                m.append(contentsOf: Array("\"edits\"".utf8))
                m.append(contentsOf: spaced ? [0x3A, 0x20] : [0x3A])
                m.append(contentsOf: member)
                splices.append((layout.insertionPoint..<layout.insertionPoint, m))
            }
        }
        splices.sort { $0.0.lowerBound < $1.0.lowerBound }
        var at = 0
        for (range, bytes) in splices {
            out.append(contentsOf: h.slice(at, range.lowerBound))
            out.append(contentsOf: bytes)
            at = range.upperBound
        }
        out.append(contentsOf: h.slice(at, h.count))
        return outcome
    }

    /// Screens one JSON Lines record (`line` without its line feed) for spun text and appends
    /// the output record (without line feed) to `out`: the record as it was, with the
    /// detection members of `DetectReport` added after its last member (an existing member of
    /// the same name has its value replaced in place), in the record's own separator style.
    /// `phrases`: include the suspect phrases (byte offsets in the field's unescaped value).
    /// Blank lines and records without the field (or with `null`) pass through; a line that
    /// fails is copied unchanged.
    /// - Complexity: O(n) in the line length plus the restorer's cost on the field.
    public static func screen(_ line: UnsafeBufferPointer<UInt8>, field: [UInt8], threshold: Double, phrases: Bool,
                              restore: RestoreFunction, into out: inout [UInt8]) -> JSONLineOutcome {
        if isBlank(line) { out.append(contentsOf: line); return .passedThrough }
        let keys = DetectReport.keys.map { Array($0.utf8) }
        let layout: JSONLineLayout
        do { layout = try scan(line, field: field, members: keys) } catch {
            out.append(contentsOf: line)
            return .failed(error)
        }
        let h = _UTF8Handle(line)
        guard let v = layout.fieldValue, layout.fieldKind != .null else { out.append(contentsOf: line); return .passedThrough }
        guard layout.fieldKind == .string else {
            out.append(contentsOf: line)
            return .failed(JSONLineError(offset: v.lowerBound,
                                         message: "field '\(String(decoding: field, as: UTF8.self))' is \(describe(layout.fieldKind!)), not a string"))
        }
        var raw: [UInt8] = []
        raw.reserveCapacity(v.count)
        JSONString.unescape(h.slice(v.lowerBound + 1, v.upperBound - 1), into: &raw)
        let r = raw.withUnsafeBufferPointer { restore($0) }
        let members = DetectReport.members(r, phrases: phrases, asciiOnly: layout.asciiOnly, spaced: layout.spaced)
        var splices: [(Range<Int>, [UInt8])] = []
        var added: [(String, [UInt8])] = []
        for (key, value) in members {
            if let at = DetectReport.keys.firstIndex(of: key), let old = layout.memberValues[at] {
                splices.append((old, value))
            } else {
                added.append((key, value))
            }
        }
        if !added.isEmpty {
            var m: [UInt8] = []
            DetectReport.appendMembers(added, spaced: layout.spaced, leadingComma: layout.memberCount > 0, into: &m)
            splices.append((layout.insertionPoint..<layout.insertionPoint, m))
        }
        splices.sort { $0.0.lowerBound < $1.0.lowerBound }
        var at = 0
        for (range, bytes) in splices {
            out.append(contentsOf: h.slice(at, range.lowerBound))
            out.append(contentsOf: bytes)
            at = range.upperBound
        }
        out.append(contentsOf: h.slice(at, h.count))
        return .screened(flagged: r.spinProbability >= threshold)
    }

    static func describe(_ kind: JSONValueKind) -> String {
        switch kind {
        case .string: return "a string"
        case .number: return "a number"
        case .object: return "an object"
        case .array: return "an array"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    /// Writes the restored value keeping the original escaped bytes outside the edits.
    /// Returns false (leaving `value` partly written) when the restoration is not exactly the
    /// input with the edits spliced in, or an edit boundary falls inside an escape.
    static func respliceKeepingEscapes(_ h: _UTF8Handle, _ contents: Range<Int>, _ raw: [UInt8], _ r: Restoration,
                                       asciiOnly: Bool, into value: inout [UInt8]) -> Bool {
        // Check that r.bytes == raw with each edit's range replaced by its replacement.
        var expectedCount = raw.count
        var last = 0
        for e in r.edits {
            guard e.range.lowerBound >= last, e.range.upperBound <= raw.count else { return false }
            expectedCount += e.replacement.utf8.count - e.range.count
            last = e.range.upperBound
        }
        guard expectedCount == r.bytes.count else { return false }
        var ri = 0, oi = 0
        for e in r.edits {
            while ri < e.range.lowerBound { guard raw[ri] == r.bytes[oi] else { return false }; ri += 1; oi += 1 }
            for b in e.replacement.utf8 { guard r.bytes[oi] == b else { return false }; oi += 1 }
            ri = e.range.upperBound
        }
        while ri < raw.count { guard raw[ri] == r.bytes[oi] else { return false }; ri += 1; oi += 1 }
        // Walk the escaped contents, tracking the unescaped offset.
        var e = contents.lowerBound
        var rawPos = 0
        func advance(to target: Int) -> Bool {
            while rawPos < target && e < contents.upperBound {
                if h[e] == 0x5C {
                    guard let (scalar, len) = JSONString.decodeEscape(h, at: e) else { return false }
                    rawPos += scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : scalar < 0x10000 ? 3 : 4
                    e += len
                } else {
                    rawPos += 1
                    e += 1
                }
            }
            return rawPos == target
        }
        for edit in r.edits {
            let from = e
            guard advance(to: edit.range.lowerBound) else { return false }
            value.append(contentsOf: h.slice(from, e))
            withUTF8Bytes(of: edit.replacement) { JSONString.escape($0, asciiOnly: asciiOnly, into: &value) }
            guard advance(to: edit.range.upperBound) else { return false }
        }
        value.append(contentsOf: h.slice(e, contents.upperBound))
        return true
    }
}
