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
        var i = 0
        let n = h.count
        // Room for typical prose at once (only into an empty array: callers that append
        // many pieces to one array keep the geometric growth).
        if tokens.isEmpty && tokens.capacity < n / 2 { tokens.reserveCapacity(n / 2 + 16) }
        // Tokens go to a small local buffer first and join `tokens` in batches: one capacity
        // and uniqueness check per batch instead of per token.
        withUnsafeTemporaryAllocation(of: Token.self, capacity: 256) { batch in
            var k = 0
            @inline(__always) func emit(_ t: Token) {
                batch.initializeElement(at: k, to: t)
                k &+= 1
                if k == batch.count {
                    tokens.append(contentsOf: UnsafeBufferPointer(batch))
                    k = 0
                }
            }
            defer { tokens.append(contentsOf: UnsafeBufferPointer(rebasing: batch[0..<k])) }
            while i < n {
                let b = h[i]
                // ASCII fast paths.
                if b < 0x80 {
                    let c = ScalarClass.ascii(b)
                    if c == .space {
                        let start = i
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
                        emit(Token(start: baseOffset + start, length: Int32(i - start), kind: .space,
                                   newlines: UInt8(min(lf, 255))))
                        continue
                    }
                    if c == .other {
                        emit(Token(start: baseOffset + i, length: 1, kind: .punctuation))
                        i += 1
                        continue
                    }
                    if c == .letter {
                        // Starts with a letter, so it is a word, never a number.
                        let end = scanWord(h, from: i)
                        emit(Token(start: baseOffset + i, length: Int32(end - i), kind: .word))
                        i = end
                        continue
                    }
                }
                let (s, len) = h.decode(at: i)
                guard let v = s else {
                    emit(Token(start: baseOffset + i, length: 1, kind: .invalid))
                    i += 1
                    continue
                }
                switch ScalarClass.of(v) {
                case .space:
                    let start = i
                    var lf = 0
                    while i < n {
                        let (s2, l2) = h.decode(at: i)
                        guard let v2 = s2, ScalarClass.of(v2) == .space else { break }
                        if v2 == 0x0A { lf += 1 }
                        i += l2
                    }
                    emit(Token(start: baseOffset + start, length: Int32(i - start), kind: .space,
                               newlines: UInt8(min(lf, 255))))
                case .other:
                    emit(Token(start: baseOffset + i, length: Int32(len), kind: .punctuation))
                    i += len
                case .letter, .digit:
                    let start = i
                    let end = scanWord(h, from: i)
                    let kind: TokenKind = isNumber(h, start, end) ? .number : .word
                    emit(Token(start: baseOffset + start, length: Int32(end - start), kind: kind))
                    i = end
                }
            }
        }
    }

    /// Tokenizes a whole string.
    public static func tokenize(_ text: String) -> [Token] {
        var out: [Token] = []
        withUTF8Bytes(of: text) { tokenize($0, into: &out) }
        return out
    }

    /// Scans a word or number starting at `i` (which holds a letter or digit).
    @inlinable
    static func scanWord(_ h: _UTF8Handle, from start: Int) -> Int {
        // ASCII letters and digits here; anything else that might continue the word in
        // `scanWordRest`, kept out of line so this loop stays small.
        var i = start
        let n = h.count
        while i < n {
            let b = h[i]
            guard b < 0x80 else { return scanWordRest(h, from: i) }
            if (b | 0x20) &- 0x61 < 26 || b &- 0x30 < 10 { i += 1; continue }
            guard b == 0x27 || b == 0x2D || b == 0x2E || b == 0x2C else { return i }
            return scanWordRest(h, from: i)
        }
        return i
    }

    /// Continues `scanWord` at `i` (inside a word) through non-ASCII scalars and joiners.
    @usableFromInline @inline(never)
    static func scanWordRest(_ h: _UTF8Handle, from start: Int) -> Int {
        var i = start
        let n = h.count
        while i < n {
            let b = h[i]
            if b < 0x80 {
                if (b | 0x20) &- 0x61 < 26 || b &- 0x30 < 10 { i += 1; continue }
                // Only the joiners ' - . , can continue a word past an ASCII byte.
                guard b == 0x27 || b == 0x2D || b == 0x2E || b == 0x2C else { break }
            }
            let (s, len) = h.decode(at: i)
            guard let v = s else { break }
            let c = ScalarClass.of(v)
            if c == .letter || c == .digit { i += len; continue }
            // Inner joiners: apostrophes ' ’, hyphen -, and between digits . and ,
            if v == 0x27 || v == 0x2019 || v == 0x2D || v == 0x2010 || v == 0x2E || v == 0x2C {
                let j = i + len
                guard j < n else { break }
                let (s2, _) = h.decode(at: j)
                guard let v2 = s2 else { break }
                let c2 = ScalarClass.of(v2)
                if v == 0x2E || v == 0x2C {
                    // Decimal point or thousands separator: digit on both sides.
                    let prev = h[i - 1]
                    if prev >= 0x30 && prev <= 0x39 && c2 == .digit { i = j; continue }
                    break
                }
                if c2 == .letter || c2 == .digit { i = j; continue }
            }
            break
        }
        return i
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
