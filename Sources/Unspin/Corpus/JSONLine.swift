/// What kind of JSON value a field holds.
public enum JSONValueKind: Sendable, Equatable {
    case string, number, object, array, bool, null
}

/// Why a line is not one JSON object; `offset` is the byte offset in the line (0-based).
public struct JSONLineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    public var description: String { "\(message) at column \(offset + 1)" }
}

/// Where a JSON Lines record keeps the field to restore, found by `JSONLine.scan`.
public struct JSONLineLayout: Sendable, Equatable {
    /// Byte range of the field's value (quotes included for a string); nil when absent.
    /// When the key appears several times, the last one (as most JSON readers do).
    public var fieldValue: Range<Int>?
    /// The kind of that value.
    public var fieldKind: JSONValueKind?
    /// Byte range of an existing top-level `"edits"` value.
    public var editsValue: Range<Int>?
    /// Byte ranges of the existing top-level values of the `members` asked of `scan`, in
    /// that order (nil where absent).
    public var memberValues: [Range<Int>?] = []
    /// Offset of the object's closing brace.
    public var closingBrace: Int = 0
    /// Number of top-level members.
    public var memberCount: Int = 0
    /// Whether the record separates with `": "` (Python's `json.dumps` style) rather than `":"`.
    public var spaced: Bool = false
    /// Whether the line is plain ASCII with `\u` escapes for other scalars (Python's default
    /// `ensure_ascii`); new text is then written the same way.
    public var asciiOnly: Bool = false
    /// Offset just past the last top-level member's value (after `{` for an empty object),
    /// where a new member is inserted.
    public var insertionPoint: Int = 0
}

/// A minimal, strict JSON scanner for one JSON Lines record: it validates the whole line
/// (RFC 8259 grammar, UTF-8 strings, nesting up to 512 levels) and locates one top-level
/// field without building any value.
public enum JSONLine {
    /// Validates `line` (one JSON object, surrounding whitespace allowed, no line feed) and
    /// returns where `field`, `"edits"` and each of `members` are.
    /// - Complexity: O(n) in the line length; allocates only for keys that hold escapes.
    public static func scan(_ line: UnsafeBufferPointer<UInt8>, field: [UInt8],
                            members: [[UInt8]] = []) throws(JSONLineError) -> JSONLineLayout {
        var s = Scanner(h: _UTF8Handle(line))
        return try s.scanRecord(field: field, members: members)
    }

    /// Whether `line` holds only JSON whitespace (such lines are passed through).
    /// - Complexity: O(n).
    public static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in line where !(b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A) { return false }
        return true
    }

    struct Scanner {
        let h: _UTF8Handle
        var i = 0
        var asciiOnly = true
        var sawUnicodeEscape = false

        init(h: _UTF8Handle) { self.h = h }

        mutating func fail(_ message: String) -> JSONLineError { JSONLineError(offset: i, message: message) }

        mutating func skipSpace() {
            while i < h.count {
                let b = h[i]
                guard b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A else { return }
                i += 1
            }
        }

        mutating func scanRecord(field: [UInt8], members: [[UInt8]]) throws(JSONLineError) -> JSONLineLayout {
            var layout = JSONLineLayout()
            layout.memberValues = Array(repeating: nil, count: members.count)
            skipSpace()
            guard i < h.count else { throw fail("empty record") }
            guard h[i] == 0x7B else { throw fail("expected a JSON object ('{')") }
            i += 1
            skipSpace()
            layout.insertionPoint = i
            if i < h.count && h[i] == 0x7D {
                layout.closingBrace = i
                i += 1
            } else {
                while true {
                    skipSpace()
                    guard i < h.count, h[i] == 0x22 else { throw fail(i < h.count ? "expected a key string" : "unexpected end of line") }
                    let keyStart = i
                    try scanString()
                    let key = keyStart + 1..<i - 1
                    skipSpace()
                    guard i < h.count, h[i] == 0x3A else { throw fail("expected ':' after key") }
                    if layout.memberCount == 0 { layout.spaced = i + 1 < h.count && h[i + 1] == 0x20 }
                    i += 1
                    skipSpace()
                    let valueStart = i
                    let kind = try scanValue(depth: 1)
                    if keyEquals(key, field) {
                        layout.fieldValue = valueStart..<i
                        layout.fieldKind = kind
                    } else if keyEquals(key, Array("edits".utf8)) {
                        layout.editsValue = valueStart..<i
                    } else if let m = members.firstIndex(where: { keyEquals(key, $0) }) {
                        layout.memberValues[m] = valueStart..<i
                    }
                    layout.memberCount += 1
                    layout.insertionPoint = i
                    skipSpace()
                    guard i < h.count else { throw fail("unexpected end of line") }
                    if h[i] == 0x2C { i += 1; continue }
                    guard h[i] == 0x7D else { throw fail("expected ',' or '}'") }
                    layout.closingBrace = i
                    i += 1
                    break
                }
            }
            skipSpace()
            guard i == h.count else { throw fail("unexpected text after the object") }
            layout.asciiOnly = asciiOnly && sawUnicodeEscape
            return layout
        }

        func keyEquals(_ key: Range<Int>, _ name: [UInt8]) -> Bool {
            var hasEscape = false
            for k in key where h[k] == 0x5C { hasEscape = true; break }
            if !hasEscape {
                guard key.count == name.count else { return false }
                for (k, b) in zip(key, name) where h[k] != b { return false }
                return true
            }
            var raw: [UInt8] = []
            JSONString.unescape(h.slice(key.lowerBound, key.upperBound), into: &raw)
            return raw == name
        }

        mutating func scanValue(depth: Int) throws(JSONLineError) -> JSONValueKind {
            guard depth <= 512 else { throw fail("nested deeper than 512 levels") }
            guard i < h.count else { throw fail("expected a value") }
            switch h[i] {
            case 0x22:
                try scanString()
                return .string
            case 0x7B:
                i += 1
                skipSpace()
                if i < h.count && h[i] == 0x7D { i += 1; return .object }
                while true {
                    skipSpace()
                    guard i < h.count, h[i] == 0x22 else { throw fail("expected a key string") }
                    try scanString()
                    skipSpace()
                    guard i < h.count, h[i] == 0x3A else { throw fail("expected ':' after key") }
                    i += 1
                    skipSpace()
                    _ = try scanValue(depth: depth + 1)
                    skipSpace()
                    guard i < h.count else { throw fail("unexpected end of line") }
                    if h[i] == 0x2C { i += 1; continue }
                    guard h[i] == 0x7D else { throw fail("expected ',' or '}'") }
                    i += 1
                    return .object
                }
            case 0x5B:
                i += 1
                skipSpace()
                if i < h.count && h[i] == 0x5D { i += 1; return .array }
                while true {
                    skipSpace()
                    _ = try scanValue(depth: depth + 1)
                    skipSpace()
                    guard i < h.count else { throw fail("unexpected end of line") }
                    if h[i] == 0x2C { i += 1; continue }
                    guard h[i] == 0x5D else { throw fail("expected ',' or ']'") }
                    i += 1
                    return .array
                }
            case 0x74: try literal("true"); return .bool
            case 0x66: try literal("false"); return .bool
            case 0x6E: try literal("null"); return .null
            case 0x2D, 0x30...0x39:
                try scanNumber()
                return .number
            default:
                throw fail("expected a value")
            }
        }

        mutating func literal(_ word: StaticString) throws(JSONLineError) {
            let n = word.utf8CodeUnitCount
            let p = word.utf8Start
            guard i + n <= h.count else { throw fail("expected a value") }
            for k in 0..<n where h[i + k] != p[k] { throw fail("expected a value") }
            i += n
        }

        mutating func digits() -> Int {
            let start = i
            while i < h.count && h[i] >= 0x30 && h[i] <= 0x39 { i += 1 }
            return i - start
        }

        mutating func scanNumber() throws(JSONLineError) {
            if h[i] == 0x2D { i += 1 }
            guard i < h.count, h[i] >= 0x30 && h[i] <= 0x39 else { throw fail("malformed number") }
            if h[i] == 0x30 { i += 1 } else { _ = digits() }
            if i < h.count && h[i] == 0x2E {
                i += 1
                guard digits() > 0 else { throw fail("malformed number") }
            }
            if i < h.count && (h[i] == 0x65 || h[i] == 0x45) {
                i += 1
                if i < h.count && (h[i] == 0x2B || h[i] == 0x2D) { i += 1 }
                guard digits() > 0 else { throw fail("malformed number") }
            }
        }

        /// Scans a string starting at its opening quote; leaves `i` after the closing quote.
        mutating func scanString() throws(JSONLineError) {
            i += 1
            while i < h.count {
                // Eight plain bytes at a time (printable ASCII other than `"` and `\`); the
                // first other byte is handled one at a time below.
                if i &+ 8 <= h.count && JSONString.allPlain(h.load8(at: i)) {
                    i &+= 8
                    continue
                }
                let b = h[i]
                if b == 0x22 { i += 1; return }
                if b == 0x5C {
                    guard let (v, len) = JSONString.decodeEscape(h, at: i) else { throw fail("malformed escape in string") }
                    if v >= 0x80 { sawUnicodeEscape = true }
                    i += len
                    continue
                }
                if b < 0x20 { throw fail("control character in string") }
                if b >= 0x80 {
                    let (s, len) = h.decode(at: i)
                    guard s != nil else { throw fail("invalid UTF-8 in string") }
                    asciiOnly = false
                    i += len
                    continue
                }
                i += 1
            }
            throw fail("unterminated string")
        }
    }
}
