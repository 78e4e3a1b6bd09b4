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
            var p = out
            // Each step of the loop emits at most two tokens.
            let flushAt = out + (batch.count - 2)
            // Token lengths fit in Int32 unless the input is longer (then they are checked).
            let longInput = n > Int(Int32.max)
            var i = 0
            @inline(__always) func emit(_ start: Int, _ length: Int, _ kind: TokenKind, newlines: UInt8 = 0) {
                let length32 = longInput ? Int32(length) : Int32(truncatingIfNeeded: length)
                p.initialize(to: Token(start: baseOffset &+ start, length: length32, kind: kind, newlines: newlines))
                p += 1
            }
            @inline(__always) func flushIfFull() {
                if p >= flushAt {
                    tokens.append(contentsOf: UnsafeBufferPointer(start: out, count: p - out))
                    p = out
                }
            }
            while i < n {
                flushIfFull()
                let b = h[i]
                // ASCII fast paths, most frequent first.
                if b < 0x80 {
                    if ScalarClass.isASCIILetter(b) {
                        // Starts with a letter, so it is a word, never a number. Most words
                        // are followed by one space and another word: those pairs stay here.
                        while true {
                            let (end, atSpace) = scanWord(h, from: i &+ 1)
                            emit(i, end &- i, .word)
                            i = end
                            guard atSpace, i &+ 1 < n, ScalarClass.isASCIILetter(h[i &+ 1]) else { break }
                            emit(i, 1, .space)
                            i &+= 1
                            flushIfFull()
                        }
                        continue
                    }
                    if ScalarClass.isASCIISpace(b) {
                        let start = i
                        let (end, lf) = scanSpace(h, from: i)
                        emit(start, end &- start, .space, newlines: UInt8(min(lf, 255)))
                        i = end
                        continue
                    }
                    if !ScalarClass.isASCIIDigit(b) {
                        emit(i, 1, .punctuation)
                        i &+= 1
                        continue
                    }
                    // A digit: a number or a word, decided below.
                }
                let (s, len) = h.decode(at: i)
                guard let v = s else {
                    emit(i, 1, .invalid)
                    i &+= 1
                    continue
                }
                switch ScalarClass.of(v) {
                case .space:
                    let start = i
                    let (end, lf) = scanSpace(h, from: i)
                    emit(start, end &- start, .space, newlines: UInt8(min(lf, 255)))
                    i = end
                case .other:
                    emit(i, len, .punctuation)
                    i &+= len
                case .letter, .digit:
                    let start = i
                    let end = scanWord(h, from: i &+ len).end
                    emit(start, end &- start, isNumber(h, start, end) ? .number : .word)
                    i = end
                }
            }
            tokens.append(contentsOf: UnsafeBufferPointer(start: out, count: p - out))
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
                guard ScalarClass.isASCIISpace(a) else { break }
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

    /// For the eight bytes of `x` (first byte in the low bits): zero when all are ASCII
    /// letters, else a value whose lowest set bit is the high bit of the first byte that
    /// is not. (Bits above it are not meaningful.)
    @inlinable @inline(__always)
    static func nonLetterLanes(_ x: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        // Lane-wise on l = x | 0x20 (ASCII letters to lower case), for l < 0x80: the high
        // bit of l + (0x80 - 0x61) is set when l >= 0x61, that of l + (0x7F - 0x7A) when
        // l > 0x7A, and no carry leaves the lane. A byte >= 0x80 (l >= 0xA0) gets the
        // high bit of l + 5 when l <= 0xE0 and loses that of l + 0x1F when l > 0xE0; a
        // carry out of it only disturbs the lanes after it.
        let l = x | (0x20 &* ones)
        return (~(l &+ (0x80 - 0x61) &* ones) | (l &+ (0x7F - 0x7A) &* ones)) & (0x80 &* ones)
    }

    /// Bit b set for the ASCII joiners ' , - . (all below 64).
    @inlinable static var joinerBits: UInt64 { 1 << 0x27 | 1 << 0x2C | 1 << 0x2D | 1 << 0x2E }

    /// Scans the rest of a word or number from `start`, just after its first scalar (a
    /// letter or digit). Returns its end, and whether a space (U+0020) follows it.
    @inlinable @inline(__always)
    static func scanWord(_ h: _UTF8Handle, from start: Int) -> (end: Int, atSpace: Bool) {
        // Runs of ASCII letters eight bytes at a time, digits byte by byte; anything else
        // that might continue the word in `scanWordStep`, kept out of line.
        var i = start
        let n = h.count
        while true {
            if i &+ 8 <= n {
                let m = nonLetterLanes(h.load8(at: i))
                if m == 0 { i &+= 8; continue }
                i &+= m.trailingZeroBitCount &>> 3
            } else {
                while i < n, ScalarClass.isASCIIAlphanumeric(h[i]) { i &+= 1 }
                if i == n { return (i, false) }
            }
            let b = h[i]
            if b == 0x20 { return (i, true) }   // the usual end
            if ScalarClass.isASCIIDigit(b) {
                i &+= 1
                while i < n && ScalarClass.isASCIIDigit(h[i]) { i &+= 1 }
                continue
            }
            // Only non-ASCII scalars and the joiners ' - . , can continue the word. (`b` is
            // not an ASCII letter or digit, so of the bytes < 0x80 the shift by b & 63 finds
            // only the joiners.)
            guard b >= 0x80 || joinerBits &>> b & 1 != 0 else { return (i, false) }
            let j = scanWordStep(h, at: i)
            if j == i { return (i, false) }
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
            return ScalarClass.isASCIIDigit(prev) && c2 == .digit ? j : i
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
            if ScalarClass.isASCIIDigit(b) { sawDigit = true; i += 1; continue }
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
