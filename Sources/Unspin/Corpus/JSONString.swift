/// Escaping and unescaping of JSON string contents, on UTF-8 bytes.
///
/// Unspin never re-serializes a JSON record: it splices the restored string back into the
/// record's own bytes, so every other field keeps its exact spelling. These helpers convert
/// between the escaped form (between the quotes) and the raw UTF-8 value.
public enum JSONString {
    /// Whether none of the eight bytes of `w` needs attention inside a JSON string: each is
    /// ASCII, at least 0x20, and neither `"` nor `\`.
    /// - Complexity: O(1), bit operations on one word.
    @inline(__always)
    static func allPlain(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & high != 0 }
        let control = (w &- 0x2020_2020_2020_2020) & ~w & high   // a byte below 0x20
        return w & high == 0 && control == 0
            && !hasZeroByte(w ^ 0x2222_2222_2222_2222) && !hasZeroByte(w ^ 0x5C5C_5C5C_5C5C_5C5C)
    }

    /// Appends the value of the escaped string contents `escaped` (without the quotes) to `out`.
    ///
    /// `\uXXXX` pairs of surrogates become one scalar; a lone surrogate becomes U+FFFD.
    /// Returns the offset of the first malformed escape, or nil when the contents are valid.
    /// The contents are not checked for raw control characters or UTF-8 validity
    /// (`JSONLine.scan` does that).
    /// - Complexity: O(n).
    @discardableResult
    public static func unescape(_ escaped: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Int? {
        let h = _UTF8Handle(escaped)
        let n = h.count
        var i = 0
        var runStart = 0
        while i < n {
            if h[i] != 0x5C { i += 1; continue }
            if runStart < i { out.append(contentsOf: h.slice(runStart, i)) }
            guard let (scalarOrByte, length) = decodeEscape(h, at: i) else { return i }
            if length == 2 && scalarOrByte < 0x80 { out.append(UInt8(scalarOrByte)) } else {
                appendUTF8(scalarOrByte, to: &out)
            }
            i += length
            runStart = i
        }
        if runStart < n { out.append(contentsOf: h.slice(runStart, n)) }
        return nil
    }

    /// Decodes the escape sequence starting with the backslash at `i`: the scalar it
    /// stands for and the number of escaped bytes it spans (2, 6 or 12), or nil if malformed.
    @inlinable
    static func decodeEscape(_ h: _UTF8Handle, at i: Int) -> (UInt32, Int)? {
        guard i + 1 < h.count else { return nil }
        switch h[i + 1] {
        case 0x22: return (0x22, 2)
        case 0x5C: return (0x5C, 2)
        case 0x2F: return (0x2F, 2)
        case 0x62: return (0x08, 2)
        case 0x66: return (0x0C, 2)
        case 0x6E: return (0x0A, 2)
        case 0x72: return (0x0D, 2)
        case 0x74: return (0x09, 2)
        case 0x75:
            guard let u = hex4(h, i + 2) else { return nil }
            if u >= 0xD800 && u <= 0xDBFF {
                // A high surrogate: combine with a following \uDC00-\uDFFF.
                if i + 11 < h.count, h[i + 6] == 0x5C, h[i + 7] == 0x75, let lo = hex4(h, i + 8),
                   lo >= 0xDC00 && lo <= 0xDFFF {
                    return (0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00), 12)
                }
                return (0xFFFD, 6)
            }
            if u >= 0xDC00 && u <= 0xDFFF { return (0xFFFD, 6) }
            return (u, 6)
        default: return nil
        }
    }

    @inlinable
    static func hex4(_ h: _UTF8Handle, _ at: Int) -> UInt32? {
        guard at + 4 <= h.count else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            let b = h[at + k]
            let d: UInt8
            switch b {
            case 0x30...0x39: d = b - 0x30
            case 0x41...0x46: d = b - 0x41 + 10
            case 0x61...0x66: d = b - 0x61 + 10
            default: return nil
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    /// Appends `raw` (UTF-8 bytes) escaped as JSON string contents (without quotes) to `out`.
    ///
    /// Escapes `"`, `\` and control characters (as `\n`, `\t`, ... or `\u00XX`). With
    /// `asciiOnly`, every non-ASCII scalar is written as `\uXXXX` (surrogate pairs above
    /// U+FFFF), as Python's `json.dumps` does by default; invalid UTF-8 bytes become `\uFFFD`
    /// there and are copied as they are otherwise.
    /// - Complexity: O(n).
    public static func escape(_ raw: UnsafeBufferPointer<UInt8>, asciiOnly: Bool = false, into out: inout [UInt8]) {
        let h = _UTF8Handle(raw)
        let n = h.count
        var i = 0
        var runStart = 0
        while i < n {
            let b = h[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C && (b < 0x80 || !asciiOnly) { i += 1; continue }
            if runStart < i { out.append(contentsOf: h.slice(runStart, i)) }
            if b >= 0x80 {
                let (s, len) = h.decode(at: i)
                let v = s ?? 0xFFFD
                if v >= 0x10000 {
                    let w = v - 0x10000
                    appendU(0xD800 + (w >> 10), &out)
                    appendU(0xDC00 + (w & 0x3FF), &out)
                } else {
                    appendU(v, &out)
                }
                i += len
                runStart = i
                continue
            }
            out.append(0x5C)
            switch b {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x08: out.append(0x62)
            case 0x0C: out.append(0x66)
            case 0x0A: out.append(0x6E)
            case 0x0D: out.append(0x72)
            case 0x09: out.append(0x74)
            default:
                out.removeLast()
                appendU(UInt32(b), &out)
            }
            i += 1
            runStart = i
        }
        if runStart < n { out.append(contentsOf: h.slice(runStart, n)) }
    }

    /// Escapes a string, with the quotes.
    /// - Complexity: O(n).
    public static func quoted(_ s: String, asciiOnly: Bool = false) -> [UInt8] {
        var out: [UInt8] = [0x22]
        withUTF8Bytes(of: s) { escape($0, asciiOnly: asciiOnly, into: &out) }
        out.append(0x22)
        return out
    }

    @inlinable
    static func appendU(_ v: UInt32, _ out: inout [UInt8]) {
        out.append(0x5C); out.append(0x75)
        for shift in stride(from: 12, through: 0, by: -4) {
            let x = UInt8((v >> UInt32(shift)) & 0xF)
            out.append(x < 10 ? 0x30 + x : 0x57 + x)
        }
    }
}
