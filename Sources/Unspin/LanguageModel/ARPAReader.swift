#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the ARPA back-off format (as KenLM's lmplz and SRILM write it) into build input.
///
/// Words are used exactly as written. A missing `<unk>` is added with log10 probability -100
/// (as KenLM does). Errors name the file, line and byte offset, and guess the mistake.
struct ARPAReader {
    let file: String
    let bytes: [UInt8]   // ends with a NUL so number parsing always stops
    var pos = 0
    var line = 0
    var lineStart = 0

    init(file: String, bytes: [UInt8]) {
        self.file = file
        self.bytes = bytes + [0]
    }

    static func read(path: String) throws -> LMBuildInput {
        let data = try readFile(path)
        var r = ARPAReader(file: path, bytes: data)
        return try r.parse()
    }

    /// Reads a whole file into bytes.
    static func readFile(_ path: String) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else {
            throw LMError(file: path, "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if n > 0 { out.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count {
                if ferror(f) != 0 { throw LMError(file: path, "read error: \(String(cString: strerror(errno)))") }
                break
            }
        }
        return out
    }

    private var end: Int { bytes.count - 1 }

    private func error(_ message: String, at offset: Int? = nil) -> LMError {
        LMError(file: file, line: line, offset: offset ?? lineStart, message)
    }

    /// The next line without its terminator (CR LF or LF), or nil at the end.
    private mutating func nextLine() -> Range<Int>? {
        guard pos < end else { return nil }
        line += 1
        lineStart = pos
        var i = pos
        while i < end && bytes[i] != 0x0A { i += 1 }
        var e = i
        if e > pos && bytes[e - 1] == 0x0D { e -= 1 }
        pos = i < end ? i + 1 : i
        return lineStart..<e
    }

    private func text(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }

    private func isBlank(_ r: Range<Int>) -> Bool {
        for i in r where bytes[i] != 0x20 && bytes[i] != 0x09 { return false }
        return true
    }

    private func trimmed(_ r: Range<Int>) -> String {
        var a = r.lowerBound, b = r.upperBound
        while a < b && (bytes[a] == 0x20 || bytes[a] == 0x09) { a += 1 }
        while b > a && (bytes[b - 1] == 0x20 || bytes[b - 1] == 0x09) { b -= 1 }
        return text(a..<b)
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }

    /// Parses a float field at `i`; returns the value and the index after it.
    private func number(at i: Int, limit: Int, what: String, wordHint: String? = nil) throws -> (Float, Int) {
        var v: Float = 0
        var next = i
        bytes.withUnsafeBufferPointer { p in
            let start = UnsafeMutablePointer(mutating: p.baseAddress! + i).withMemoryRebound(to: CChar.self, capacity: 1) { $0 }
            var endp: UnsafeMutablePointer<CChar>? = nil
            v = strtof(start, &endp)
            next = i + (endp.map { $0 - start } ?? 0)
        }
        var e = i
        while e < limit && !ARPAReader.isSpace(bytes[e]) { e += 1 }
        if next != e || next == i {
            let field = text(i..<e)
            var hint = ""
            if field.isEmpty { hint = " (a field is missing; lines are: log10-prob TAB words [TAB backoff])" }
            else if let w = wordHint { hint = " (\(w))" }
            else if field.first!.isLetter || field.first == "<" { hint = " (a word where a number belongs: is the probability column missing, or does the line have too many words for this section?)" }
            throw error("\(what) '\(field)' is not a number\(hint)", at: i)
        }
        if v.isNaN { throw error("\(what) is NaN", at: i) }
        return (v, next)
    }

    mutating func parse() throws -> LMBuildInput {
        // \data\ header.
        // Text before \data\ (SRILM and Sphinx write a comment there) is skipped, up to a few
        // lines that do not start with a backslash.
        var header: Range<Int>? = nil
        var skipped = 0
        while let r = nextLine() {
            if isBlank(r) { continue }
            if bytes[r.lowerBound] != 0x5C && skipped < 20 && !(bytes.count > 8 && bytes[0] == 0x1F && bytes[1] == 0x8B) {
                skipped += 1
                continue
            }
            header = r; break
        }
        guard let h = header else { throw LMError(file: file, "empty file (an ARPA model starts with '\\data\\')") }
        if trimmed(h) != "\\data\\" {
            let t = trimmed(h)
            var hint = "is this an ARPA language model?"
            if bytes.count > 8 && bytes[0] == 0x1F && bytes[1] == 0x8B { hint = "it looks gzip-compressed; decompress it first" }
            else if t.hasPrefix("mmap lm") || t.contains("KenLM") { hint = "it looks like a KenLM binary; use the ARPA file" }
            throw error("expected '\\data\\' but found '\(t.prefix(40))' (\(hint))")
        }
        var counts: [Int] = []
        while let r = nextLine() {
            if isBlank(r) { if counts.isEmpty { continue } else { break } }
            let t = trimmed(r)
            if t.hasPrefix("\\") { pos = lineStart; line -= 1; break }
            guard t.hasPrefix("ngram ") else { throw error("expected 'ngram N=COUNT' in the \\data\\ section, found '\(t.prefix(40))'") }
            let parts = t.dropFirst(6).split(separator: "=")
            guard parts.count == 2, let n = Int(parts[0].trimmingSpaces), let c = Int(parts[1].trimmingSpaces), c >= 0 else {
                throw error("malformed count line '\(t)' (expected e.g. 'ngram 2=1234')")
            }
            guard n == counts.count + 1 else { throw error("'ngram \(n)=' out of order: expected 'ngram \(counts.count + 1)='") }
            counts.append(c)
        }
        guard !counts.isEmpty else { throw error("the \\data\\ section lists no 'ngram N=COUNT' lines") }
        guard counts.count <= LMLayout.maxOrder else { throw error("order \(counts.count) is not supported (at most \(LMLayout.maxOrder))") }
        guard counts.count >= 1 else { throw error("order must be at least 1") }
        let order = counts.count
        var input = LMBuildInput(order: max(order, 2))
        var vocab = Vocabulary()
        input.grams = [LMGramList](repeating: LMGramList(), count: input.order - 1)
        for n in 2...input.order {
            let c = n <= order ? counts[n - 1] : 0
            input.grams[n - 2].words.reserveCapacity(c * n)
            input.grams[n - 2].prob.reserveCapacity(c)
            if n < input.order { input.grams[n - 2].backoff.reserveCapacity(c) }
        }
        var ids = [UInt32](repeating: 0, count: order)

        for n in 1...order {
            // Section header.
            var sec: Range<Int>? = nil
            while let r = nextLine() {
                if isBlank(r) { continue }
                sec = r; break
            }
            guard let s = sec else { throw LMError(file: file, line: line, "file ends before the \\\(n)-grams: section (truncated?)") }
            let st = trimmed(s)
            guard st == "\\\(n)-grams:" else {
                if st == "\\end\\" { throw error("'\\end\\' before the \\\(n)-grams: section, which \\data\\ announced") }
                throw error("expected '\\\(n)-grams:' but found '\(st.prefix(40))'")
            }
            var seen = 0
            let declared = counts[n - 1]
            while true {
                guard let r = nextLine() else { break }
                if isBlank(r) { break }
                if bytes[r.lowerBound] == 0x5C /* \ */ { pos = lineStart; line -= 1; break }
                seen += 1
                if seen > declared {
                    throw error("more \(n)-grams than the \(declared) announced in \\data\\ (wrong count, or a missing blank line and section header?)")
                }
                // prob
                var i = r.lowerBound
                let (prob, afterProb) = try number(at: i, limit: r.upperBound, what: "probability")
                if prob > 0 { throw error("log10 probability \(prob) is positive (probabilities are at most 1)", at: i) }
                i = afterProb
                // words
                for k in 0..<n {
                    while i < r.upperBound && ARPAReader.isSpace(bytes[i]) { i += 1 }
                    let ws = i
                    while i < r.upperBound && !ARPAReader.isSpace(bytes[i]) { i += 1 }
                    if ws == i {
                        throw error("expected \(n) words but found \(k) (is this line in the wrong section?)", at: ws)
                    }
                    let wordID: UInt32 = bytes.withUnsafeBufferPointer { p in
                        let w = UnsafeBufferPointer(rebasing: p[ws..<i])
                        return n == 1 ? (vocab.id(of: w) ?? UInt32.max) : (vocab.id(of: w) ?? UInt32.max - 1)
                    }
                    if n == 1 {
                        if wordID != UInt32.max { throw error("the word '\(text(ws..<i))' is listed twice among the 1-grams", at: ws) }
                        ids[0] = bytes.withUnsafeBufferPointer { vocab.intern(UnsafeBufferPointer(rebasing: $0[ws..<i])) }
                    } else {
                        if wordID == UInt32.max - 1 {
                            throw error("the word '\(text(ws..<i))' is not among the 1-grams (every word of an n-gram needs a 1-gram)", at: ws)
                        }
                        ids[k] = wordID
                    }
                }
                // optional backoff
                while i < r.upperBound && ARPAReader.isSpace(bytes[i]) { i += 1 }
                var backoff: Float = 0
                if i < r.upperBound {
                    let (b, after) = try number(at: i, limit: r.upperBound, what: "backoff",
                                                wordHint: "too many words for a \(n)-gram?")
                    backoff = b
                    var j = after
                    while j < r.upperBound && ARPAReader.isSpace(bytes[j]) { j += 1 }
                    if j < r.upperBound {
                        throw error("unexpected text '\(text(j..<r.upperBound).prefix(30))' after the backoff (too many words for a \(n)-gram?)", at: j)
                    }
                }
                if n == 1 {
                    input.addWord(vocab.wordBytes(ids[0]), prob: prob, backoff: n < order ? backoff : 0)
                } else {
                    input.grams[n - 2].words.append(contentsOf: ids[0..<n])
                    input.grams[n - 2].prob.append(prob)
                    if n < input.order { input.grams[n - 2].backoff.append(n < order ? backoff : 0) }
                }
            }
            if seen != declared {
                throw LMError(file: file, line: line, offset: lineStart,
                              "the \\\(n)-grams: section has \(seen) entries but \\data\\ announced \(declared) (truncated file, or a wrong count?)")
            }
        }
        // \end\
        var endLine: Range<Int>? = nil
        while let r = nextLine() {
            if isBlank(r) { continue }
            endLine = r; break
        }
        guard let e = endLine else { throw LMError(file: file, line: line, "missing '\\end\\' at the end (truncated file?)") }
        guard trimmed(e) == "\\end\\" else {
            throw error("expected '\\end\\' but found '\(trimmed(e).prefix(40))' (more sections than \\data\\ announced?)")
        }
        // Special words.
        guard let bos = vocab.id(of: "<s>") else { throw LMError(file: file, "the 1-grams lack '<s>' (sentence start)") }
        guard let eos = vocab.id(of: "</s>") else { throw LMError(file: file, "the 1-grams lack '</s>' (sentence end)") }
        var unk = vocab.id(of: "<unk>")
        if unk == nil {
            unk = vocab.intern("<unk>")
            input.addWord(Array("<unk>".utf8), prob: -100, backoff: 0)
        }
        input.bos = bos; input.eos = eos; input.unk = unk!
        return input
    }
}

extension Vocabulary {
    /// The bytes of word `id`.
    func wordBytes(_ id: UInt32) -> ArraySlice<UInt8> {
        pool[offsets[Int(id)]..<offsets[Int(id) + 1]]
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
