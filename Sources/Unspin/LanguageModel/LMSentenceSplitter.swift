/// Splits text into LM sentences of folded tokens, the way the decoder sees text.
///
/// Raw mode: the project tokenizer; every non-space token is an LM token (folded); a sentence
/// ends after a `.`, `!` or `?` token and at every line end. Tokenized mode (as KenLM's lmplz
/// reads text): tokens are separated by spaces and tabs, one sentence a line, used as written.
public struct LMSentenceSplitter {
    /// Whether the text is already tokenized (split on spaces, one sentence a line).
    public var tokenized: Bool

    /// Makes a splitter for raw or tokenized text.
    /// - Complexity: O(1).
    public init(tokenized: Bool) { self.tokenized = tokenized }

    /// Calls `sentence` with the tokens of each sentence of `bytes` (empty lines give empty
    /// sentences in tokenized mode, as lmplz counts them; raw mode skips them).
    /// - Complexity: O(n); reuses its buffers, no allocation per token.
    public func forEachSentence(_ bytes: UnsafeBufferPointer<UInt8>,
                                _ sentence: (_ words: [UnsafeBufferPointer<UInt8>]) throws -> Void) rethrows {
        var words: [UnsafeBufferPointer<UInt8>] = []
        let n = bytes.count
        guard let base = bytes.baseAddress else { return }
        var lineStart = 0
        if tokenized {
            while lineStart < n {
                var e = lineStart
                while e < n && base[e] != 0x0A { e += 1 }
                words.removeAll(keepingCapacity: true)
                var i = lineStart
                while i < e {
                    while i < e && isSep(base[i]) { i += 1 }
                    let s = i
                    while i < e && !isSep(base[i]) { i += 1 }
                    if i > s { words.append(UnsafeBufferPointer(start: base + s, count: i - s)) }
                }
                try sentence(words)
                lineStart = e + 1
            }
            return
        }
        var tokens: [Token] = []
        var folded: [UInt8] = []
        var ends: [Int] = []
        var sentenceEnds: [Int] = []   // token counts after which a sentence ends
        while lineStart < n {
            var e = lineStart
            while e < n && base[e] != 0x0A { e += 1 }
            tokens.removeAll(keepingCapacity: true)
            Tokenizer.tokenize(UnsafeBufferPointer(start: base + lineStart, count: e - lineStart), into: &tokens)
            folded.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            sentenceEnds.removeAll(keepingCapacity: true)
            for t in tokens where t.kind != .space {
                let w = UnsafeBufferPointer(start: base + lineStart + t.start, count: Int(t.length))
                if t.kind == .invalid { folded.append(contentsOf: w) } else { Folding.fold(w, into: &folded) }
                ends.append(folded.count)
                if t.length == 1 && (w[0] == 0x2E || w[0] == 0x21 || w[0] == 0x3F) { sentenceEnds.append(ends.count) }
            }
            if sentenceEnds.last != ends.count { sentenceEnds.append(ends.count) }
            try folded.withUnsafeBufferPointer { f in
                var first = 0
                for stop in sentenceEnds where stop > first {
                    words.removeAll(keepingCapacity: true)
                    for k in first..<stop {
                        let a = k == 0 ? 0 : ends[k - 1]
                        words.append(UnsafeBufferPointer(start: f.baseAddress! + a, count: ends[k] - a))
                    }
                    try sentence(words)
                    first = stop
                }
            }
            lineStart = e + 1
        }
    }

    @inline(__always)
    private func isSep(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }
}
