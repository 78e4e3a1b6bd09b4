/// Splits UTF-8 bytes into words, numbers, punctuation, whitespace and invalid bytes.
///
/// Every byte of the input belongs to exactly one token, in order, so concatenating the
/// tokens' bytes gives back the input byte for byte (invalid UTF-8, NUL, CRLF included).
public enum Tokenizer {
    /// Appends the tokens of `bytes` to `tokens` (which is not cleared), offsets relative
    /// to `bytes` plus `baseOffset`.
    /// - Complexity: O(n) in the number of bytes; no allocation besides growing `tokens`.
    public static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, into tokens: inout [Token],
                                baseOffset: Int = 0) {
        let h = _UTF8Handle(bytes)
        let n = h.count
        // Room for typical prose at once (only into an empty array: callers that append
        // many pieces to one array keep the geometric growth).
        if tokens.isEmpty && tokens.capacity < n / 2 { tokens.reserveCapacity(n / 2 + 16) }
        // Tokens go to a small local buffer first and join `tokens` in batches: one capacity
        // and uniqueness check per batch instead of per token.
        withUnsafeTemporaryAllocation(of: Token.self, capacity: 256) { batch in
            let out = batch.baseAddress!
            // Each step of the loop emits at most two tokens.
            let flushAt = batch.count - 2
            var k = 0
            var i = 0
            @inline(__always) func emit(_ t: Token) {
                (out + k).initialize(to: t)
                k &+= 1
            }
            while i < n {
                if k >= flushAt {
                    tokens.append(contentsOf: UnsafeBufferPointer(start: out, count: k))
                    k = 0
                }
                let b = h[i]
                // ASCII fast paths, most frequent first.
                if b < 0x80 {
                    if (b | 0x20) &- 0x61 < 26 {
                        // Starts with a letter, so it is a word, never a number. Most words
                        // are followed by one space and another word: those pairs stay here.
                        while true {
                            let end = scanWord(h, from: i)
                            emit(Token(start: baseOffset &+ i, length: Int32(end &- i),
                                       kind: .word))
                            i = end
                            guard i &+ 1 < n, h[i] == 0x20, (h[i &+ 1] | 0x20) &- 0x61 < 26 else { break }
                            emit(Token(start: baseOffset &+ i, length: 1, kind: .space))
                            i &+= 1
                            if k >= flushAt {
                                tokens.append(contentsOf: UnsafeBufferPointer(start: out, count: k))
                                k = 0
                            }
                        }
                        continue
                    }
                    if b == 0x20 || b &- 0x09 < 5 {
                        let start = i
                        let end = scanSpace(h, from: i)
                        emit(Token(start: baseOffset &+ start, length: Int32(end.end &- start),
                                   kind: .space, newlines: UInt8(min(end.newlines, 255))))
                        i = end.end
                        continue
                    }
                    if b &- 0x30 >= 10 {
                        emit(Token(start: baseOffset &+ i, length: 1, kind: .punctuation))
                        i &+= 1
                        continue
                    }
                    // A digit: a number or a word, decided below.
                }
                let (s, len) = h.decode(at: i)
                guard let v = s else {
                    emit(Token(start: baseOffset &+ i, length: 1, kind: .invalid))
                    i &+= 1
                    continue
                }
                switch ScalarClass.of(v) {
                case .space:
                    let start = i
                    let end = scanSpace(h, from: i)
                    emit(Token(start: baseOffset &+ start, length: Int32(end.end &- start),
                               kind: .space, newlines: UInt8(min(end.newlines, 255))))
                    i = end.end
                case .other:
                    emit(Token(start: baseOffset &+ i, length: Int32(len), kind: .punctuation))
                    i &+= len
                case .letter, .digit:
                    let start = i
                    let end = scanWord(h, from: i)
                    let kind: TokenKind = isNumber(h, start, end) ? .number : .word
                    emit(Token(start: baseOffset &+ start, length: Int32(end &- start), kind: kind))
                    i = end
                }
            }
            tokens.append(contentsOf: UnsafeBufferPointer(start: out, count: k))
        }
    }

    /// Tokenizes a whole string.
    public static func tokenize(_ text: String) -> [Token] {
        var out: [Token] = []
        withUTF8Bytes(of: text) { tokenize($0, into: &out) }
        return out
    }

    /// Scans a run of whitespace starting at `start` (which holds whitespace); returns its
    /// end and the number of line feeds in it.
    @inlinable
    static func scanSpace(_ h: _UTF8Handle, from start: Int) -> (end: Int, newlines: Int) {
        var i = start
        let n = h.count
        var lf = 0
        while i < n {
            let a = h[i]
            if a < 0x80 {
                // ASCII whitespace: space, TAB, LF, VT, FF, CR.
                guard a == 0x20 || a &- 0x09 < 5 else { break }
                if a == 0x0A { lf += 1 }
                i += 1
                continue
            }
            let (s, len) = h.decode(at: i)
            guard let v = s, ScalarClass.of(v) == .space else { break }
            i += len
        }
        return (i, lf)
    }

    /// For the eight bytes of `x` (first byte in the low bits), the high bit of each byte
    /// lane that is not an ASCII letter or digit, all other bits clear.
    @inlinable @inline(__always)
    static func nonAlphanumericLanes(_ x: UInt64) -> UInt64 {
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        // Lane-wise on 7-bit values, no carries between lanes: the high bit of v + (0x80 - lo)
        // is set when v >= lo, that of v + (0x7F - hi) when v > hi.
        let v = x & ~high
        let l = v | (0x20 &* ones)                                   // ASCII letters to lower case
        let letter = (l &+ (0x80 - 0x61) &* ones) & ~(l &+ (0x7F - 0x7A) &* ones)
        let digit = (v &+ (0x80 - 0x30) &* ones) & ~(v &+ (0x7F - 0x39) &* ones)
        return ~((letter | digit) & ~x) & high
    }

    /// Bit b set for the ASCII joiners ' , - . (all below 64).
    @inlinable static var joinerBits: UInt64 { 1 << 0x27 | 1 << 0x2C | 1 << 0x2D | 1 << 0x2E }

    /// Scans a word or number starting at `i` (which holds a letter or digit).
    @inlinable @inline(__always)
    static func scanWord(_ h: _UTF8Handle, from start: Int) -> Int {
        // Runs of ASCII letters and digits eight bytes at a time; anything else that might
        // continue the word in `scanWordRest`, kept out of line so this loop stays small.
        var i = start
        let n = h.count
        while true {
            if i &+ 8 <= n {
                let m = nonAlphanumericLanes(h.load8(at: i))
                if m == 0 { i &+= 8; continue }
                i &+= m.trailingZeroBitCount &>> 3
            } else {
                while i < n, ScalarClass.isASCIIAlphanumeric(h[i]) { i &+= 1 }
                if i == n { return i }
            }
            let b = h[i]
            // Only non-ASCII scalars and the joiners ' - . , can continue the word. (`b` is
            // not an ASCII letter or digit, so of the bytes < 0x80 the shift by b & 63 finds
            // only the joiners.)
            guard b >= 0x80 || joinerBits &>> b & 1 != 0 else { return i }
            let j = scanWordStep(h, at: i)
            if j == i { return i }
            i = j
        }
    }

    /// Whether the scalar at `i` (inside a word, not an ASCII letter or digit) continues
    /// the word: a letter or digit of any script, or an inner joiner (apostrophes ' ’,
    /// hyphens - ‐ before a letter or digit; . and , between digits). Returns the index
    /// after it, or `i` when the word ends at `i`.
    @usableFromInline @inline(never)
    static func scanWordStep(_ h: _UTF8Handle, at i: Int) -> Int {
        let n = h.count
        let (s, len) = h.decode(at: i)
        guard let v = s else { return i }
        let c = ScalarClass.of(v)
        if c == .letter || c == .digit { return i + len }
        guard v == 0x27 || v == 0x2019 || v == 0x2D || v == 0x2010 || v == 0x2E || v == 0x2C else { return i }
        let j = i + len
        guard j < n else { return i }
        let (s2, _) = h.decode(at: j)
        guard let v2 = s2 else { return i }
        let c2 = ScalarClass.of(v2)
        if v == 0x2E || v == 0x2C {
            // Decimal point or thousands separator: digit on both sides.
            let prev = h[i - 1]
            return prev &- 0x30 < 10 && c2 == .digit ? j : i
        }
        return c2 == .letter || c2 == .digit ? j : i
    }

    /// A token is a number when it holds only digits and the separators between them.
    @inlinable
    static func isNumber(_ h: _UTF8Handle, _ start: Int, _ end: Int) -> Bool {
        var i = start
        var sawDigit = false
        while i < end {
            let b = h[i]
            if b &- 0x30 < 10 { sawDigit = true; i += 1; continue }
            if b < 0x80 && b != 0x2E && b != 0x2C { return false }
            let (s, len) = h.decode(at: i)
            let v = s ?? 0
            if v == 0x2E || v == 0x2C { i += len; continue }
            guard ScalarClass.of(v) == .digit else { return false }
            sawDigit = true
            i += len
        }
        return sawDigit
    }
}
