import Foundation

/// One line of a phrase table: a spun phrase and an original it may stand for.
public struct PhraseEntry: Sendable, Equatable {
    /// The spun phrase as written in the table.
    public var spun: String
    /// The original phrase as written (its case is kept when it is written back).
    public var original: String
    /// Channel probability P(spun | original) in (0, 1], or nil for the table default.
    public var weight: Double?
    /// 1-based line in the source file.
    public var line: Int

    public init(spun: String, original: String, weight: Double? = nil, line: Int = 0) {
        self.spun = spun; self.original = original; self.weight = weight; self.line = line
    }

    /// Whether the entry only states how likely the spun phrase is to stay as it is.
    public var isIdentity: Bool { Folding.fold(spun) == Folding.fold(original) }
}

/// A named table of phrase entries, read from the plain-text dictionary format.
///
/// Format (UTF-8, one entry a line):
///
///     # comments and blank lines are ignored
///     spun<TAB>original[<TAB>weight]
///
/// Either side may hold several words. Several lines with one spun side give several
/// candidates. `weight` is the channel probability P(spun | original), in (0, 1]; a line
/// whose two sides are equal (ignoring case) gives instead the probability that the
/// phrase stays as it is. A trailing `#` comment after the last field is allowed.
public struct PhraseTable: Sendable {
    /// The table's name (by default the file name without its extension).
    public var name: String
    public var entries: [PhraseEntry]

    public init(name: String, entries: [PhraseEntry]) {
        self.name = name; self.entries = entries
    }

    /// Reads a table file.
    /// - Throws: `DictionaryError` naming the file, the line and the mistake.
    /// - Complexity: O(n) in the file size.
    public static func load(path: String, name: String? = nil) throws -> PhraseTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            throw DictionaryError(file: path, line: 0,
                                  message: !exists ? "no such file" : isDir.boolValue ? "is a directory, not a dictionary file" : "cannot be read")
        }
        let base = (path as NSString).lastPathComponent
        let stem = base.split(separator: ".").first.map(String.init) ?? base
        return try parse([UInt8](data), file: path, name: name ?? stem)
    }

    /// Parses table text.
    /// - Throws: `DictionaryError` naming `file`, the line and the mistake.
    /// - Complexity: O(n) in the text's size; the bytes are read in place (a `String` is made
    ///   for each kept phrase only).
    public static func parse(_ bytes: [UInt8], file: String, name: String) throws -> PhraseTable {
        try bytes.withUnsafeBufferPointer { try parse(bytes: $0, file: file, name: name) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>, file: String, name: String) throws -> PhraseTable {
        var entries: [PhraseEntry] = []
        var lineNo = 0
        var start = 0
        // Skip a UTF-8 byte order mark.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        while start < bytes.count {
            lineNo += 1
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = start..<lineEnd
            start = end + 1
            if let bad = firstInvalidUTF8Offset(UnsafeBufferPointer(rebasing: bytes[line])) {
                throw DictionaryError(file: file, line: lineNo,
                                      message: "not valid UTF-8 at byte offset \(line.lowerBound + bad) (the file must be UTF-8 encoded)")
            }
            if let e = try parseLine(bytes, line, file: file, lineNo: lineNo) { entries.append(e) }
        }
        return PhraseTable(name: name, entries: entries)
    }

    /// Whether byte `b` is ASCII whitespace as `CharacterSet.whitespaces` has it (space, tab).
    @inline(__always)
    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// `bytes[r]` without its leading and trailing spaces and tabs, and whether an end of what
    /// is left is a non-ASCII character (which may be one of Unicode's space separators, also
    /// trimmed by `CharacterSet.whitespaces`).
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> (range: Range<Int>, wide: Bool) {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi && isBlank(bytes[lo]) { lo += 1 }
        while hi > lo && isBlank(bytes[hi - 1]) { hi -= 1 }
        return (lo..<hi, lo < hi && (bytes[lo] >= 0x80 || bytes[hi - 1] >= 0x80))
    }

    /// `bytes[r]` (valid UTF-8) trimmed of whitespace (`CharacterSet.whitespaces`).
    static func trimmedString(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        let (t, wide) = trimmed(bytes, r)
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[t]), as: UTF8.self)
        return wide ? s.trimmingCharacters(in: .whitespaces) : s
    }

    /// The entry of line `line` of `bytes` (valid UTF-8, without its line break), or nil for a
    /// blank or comment line.
    static func parseLine(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, file: String, lineNo: Int) throws -> PhraseEntry? {
        let (t, wide) = trimmed(bytes, line)
        if t.isEmpty || bytes[t.lowerBound] == 0x23 { return nil }
        if wide {
            let s = trimmedString(bytes, line)
            if s.isEmpty || s.hasPrefix("#") { return nil }
        }
        var fields: [Range<Int>] = []
        var from = line.lowerBound
        for i in line where bytes[i] == 0x09 {
            fields.append(from..<i)
            from = i + 1
        }
        fields.append(from..<line.upperBound)
        // A trailing comment after the last field.
        if fields.count >= 3, let last = fields.last, let hash = bytes[last].firstIndex(of: 0x23) {
            fields[fields.count - 1] = last.lowerBound..<hash
        }
        func fail(_ m: String) -> DictionaryError { DictionaryError(file: file, line: lineNo, message: m) }
        if fields.count == 1 {
            let hint = bytes[line].contains(0x20) ? " (are the fields separated by spaces instead of a tab?)" : ""
            throw fail("expected 'spun<TAB>original[<TAB>weight]', found no tab" + hint)
        }
        if fields.count > 3 {
            throw fail("expected 2 or 3 tab-separated fields, found \(fields.count)")
        }
        let spun = trimmedString(bytes, fields[0])
        let original = trimmedString(bytes, fields[1])
        if spun.isEmpty { throw fail("the spun phrase (field 1) is empty") }
        if original.isEmpty { throw fail("the original phrase (field 2) is empty") }
        var weight: Double? = nil
        if fields.count == 3 {
            let w = trimmedString(bytes, fields[2])
            if !w.isEmpty {
                guard let v = Double(w), v.isFinite else {
                    throw fail("weight '\(w)' is not a number")
                }
                guard v > 0 && v <= 1 else {
                    throw fail("weight \(w) is outside (0, 1]: it is the probability P(spun | original)" +
                               (v > 1 ? " (a raw count? divide by the count of the original)" : ""))
                }
                weight = v
            }
        }
        return PhraseEntry(spun: spun, original: original, weight: weight, line: lineNo)
    }
}
