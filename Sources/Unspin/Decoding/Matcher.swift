/// Finds dictionary phrases in text: tokenizes, looks words up, splits sentences, and
/// reports every phrase (overlaps included) starting at each word of each sentence.
///
/// Phrases match across spaces and single line breaks, never across punctuation that
/// is not part of the phrase, sentence ends (`.` `!` `?`, then optional closing quotes,
/// then whitespace) or a blank line.
public struct Matcher {
    public let dictionary: PhraseDictionary
    /// Tokens of the current input.
    public internal(set) var tokens: [Token] = []
    /// Token index of each unit (non-space token).
    var unitToken: [Int32] = []
    /// Dictionary word id of each unit, or `.max`.
    var unitWord: [UInt32] = []
    /// Units where sentences start, and the unit count at the end.
    var sentenceStarts: [Int] = []
    var fold: [UInt8] = []
    /// With a restorer's word table, `load` also gives every unit its language-model id.
    let words: WordTable?
    let asciiModelID: [UInt32]
    /// Language-model id of each unit (filled by `load` only with a word table): `.max` where
    /// the table cannot tell (the caller looks the word up in the model).
    var unitModel: [UInt32] = []

    public init(dictionary: PhraseDictionary) { self.dictionary = dictionary; words = nil; asciiModelID = [] }

    /// A matcher that also finds each unit's language-model id, in the same lookup.
    init(dictionary: PhraseDictionary, words: WordTable, asciiModelID: [UInt32]) {
        self.dictionary = dictionary; self.words = words; self.asciiModelID = asciiModelID
    }

    /// Tokenizes `bytes`, looks up every unit and splits sentences.
    /// - Complexity: O(n).
    mutating func load(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let words {
            let ascii = asciiModelID
            loadUnits(bytes, invalid: words.unknown, asciiModel: { ascii[Int($0)] }, prefetching: words) { word, fold in
                if let ids = words.lookUpShortASCII(word.baseAddress!, word.count) { return ids }
                return Self.folded(word, &fold) { words.lookUp($0) }
            }
        } else {
            let vocabulary = dictionary.vocabulary
            loadUnits(bytes, invalid: .max, asciiModel: { _ in .max }, prefetching: nil) { word, fold in
                Self.folded(word, &fold) { (vocabulary.id(of: $0) ?? .max, .max) }
            }
        }
    }

    /// `load` with the lookup of a word (or number, or non-ASCII mark) in `lookUp`, which gives
    /// its dictionary id and model id (`.max`: not known here); `invalid` is an invalid
    /// byte's model id and `asciiModel` a one-byte ASCII token's. With a word table to
    /// prefetch from, the lookup of the word a few tokens ahead is started early, so that it
    /// does not wait for memory when its turn comes.
    @inline(__always)
    mutating func loadUnits(_ bytes: UnsafeBufferPointer<UInt8>, invalid: UInt32, asciiModel: (UInt8) -> UInt32,
                            prefetching table: WordTable?,
                            _ lookUp: (UnsafeBufferPointer<UInt8>, inout [UInt8]) -> (word: UInt32, model: UInt32)) {
        tokens.removeAll(keepingCapacity: true)
        sentenceStarts.removeAll(keepingCapacity: true)
        Tokenizer.tokenize(bytes, into: &tokens)
        let tokens = self.tokens
        // The unit arrays are written through pointers (a unit per non-space token, so at most
        // one per token), then cut to the units found.
        var unitToken = Self.take(&self.unitToken, tokens.count)
        var unitWord = Self.take(&self.unitWord, tokens.count)
        var unitModel = Self.take(&self.unitModel, tokens.count)
        var units = 0
        sentenceStarts.append(0)
        var lastStart = 0
        var pendingEnd = false
        let asciiTokenID = dictionary.asciiTokenID
        let h = _UTF8Handle(bytes)
        unitToken.withUnsafeMutableBufferPointer { unitToken in
        unitWord.withUnsafeMutableBufferPointer { unitWord in
        unitModel.withUnsafeMutableBufferPointer { unitModel in
            let ahead = 8
            for i in tokens.indices {
                if i &+ ahead < tokens.count {
                    let a = tokens[i &+ ahead]
                    if a.kind == .word, let table, let base = bytes.baseAddress { table.prefetch(base + a.start, Int(a.length)) }
                }
                let t = tokens[i]
                if t.kind == .space {
                    if (t.isParagraphBreak || pendingEnd) && lastStart != units {
                        lastStart = units
                        sentenceStarts.append(lastStart)
                    }
                    pendingEnd = false
                    continue
                }
                if t.kind == .punctuation {
                    let b = h[t.start]
                    if t.length == 1 && (b == 0x2E || b == 0x21 || b == 0x3F) { pendingEnd = true }
                    else if !(pendingEnd && Self.isClosing(bytes, t)) { pendingEnd = false }
                } else {
                    pendingEnd = false
                }
                unitToken[units] = Int32(truncatingIfNeeded: i)
                if t.kind == .invalid {
                    unitWord[units] = .max; unitModel[units] = invalid
                } else if t.length == 1 && h[t.start] < 0x80 {
                    let b = h[t.start]
                    unitWord[units] = asciiTokenID[Int(b)]; unitModel[units] = asciiModel(b)
                } else {
                    let ids = lookUp(h.slice(t.start, t.end), &fold)
                    unitWord[units] = ids.word; unitModel[units] = ids.model
                }
                units += 1
            }
        }
        }
        }
        unitToken.removeLast(tokens.count - units)
        unitWord.removeLast(tokens.count - units)
        unitModel.removeLast(tokens.count - units)
        self.unitToken = unitToken
        self.unitWord = unitWord
        self.unitModel = unitModel
        if lastStart != units { sentenceStarts.append(units) }
    }

    /// `array`, moved out of `self` (so it stays uniquely referenced), with `count` elements.
    @inline(__always)
    static func take<T: FixedWidthInteger>(_ array: inout [T], _ count: Int) -> [T] {
        var a = array
        array = []
        if a.count < count { a.append(contentsOf: repeatElement(0, count: count - a.count)) } else { a.removeLast(a.count - count) }
        return a
    }

    /// Calls `body` with a word folded: as it is when already folded, ASCII with capitals
    /// folded on the stack, other scripts through `fold`.
    @inline(__always)
    static func folded<R>(_ word: UnsafeBufferPointer<UInt8>, _ fold: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var high: UInt8 = 0
        var upper = false
        for b in word {
            high |= b
            upper = upper || (b &- 0x41) < 26
        }
        if high < 0x80 {
            if !upper { return body(word) }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: word.count) { out in
                for (k, b) in word.enumerated() { out[k] = b &+ ((b &- 0x41) < 26 ? 0x20 : 0) }
                return body(UnsafeBufferPointer(out))
            }
        }
        fold.removeAll(keepingCapacity: true)
        Folding.fold(word, into: &fold)
        return fold.withUnsafeBufferPointer { body($0) }
    }

    /// Closing quotes and brackets that may follow a sentence end: " ' ) ] ” ’
    static func isClosing(_ bytes: UnsafeBufferPointer<UInt8>, _ t: Token) -> Bool {
        let b = bytes[t.start]
        if t.length == 1 { return b == 0x22 || b == 0x27 || b == 0x29 || b == 0x5D }
        return t.length == 3 && b == 0xE2 && bytes[t.start + 1] == 0x80
            && (bytes[t.start + 2] == 0x9D || bytes[t.start + 2] == 0x99)
    }

    /// Appends to `out` every phrase starting at each unit of `[start, end)` (one
    /// sentence), in order of start then length.
    /// - Complexity: O(n · L) trie steps for phrases of at most L words.
    func findMatches(_ start: Int, _ end: Int, into out: inout [PhraseMatch]) {
        let trie = dictionary.trie
        for i in start..<end {
            var node: UInt32 = 0
            var j = i
            while j < end {
                let w = unitWord[j]
                guard w != .max, let c = trie.child(of: node, w) else { break }
                node = c
                j += 1
                if trie.isTerminal(node) { out.append(PhraseMatch(start: i, length: j - i, node: node)) }
            }
        }
    }

    /// A phrase found in text.
    public struct TextMatch: Sendable, Equatable {
        /// Byte range of the spun phrase in the input.
        public var range: Range<Int>
        /// The phrase as it stands in the input.
        public var text: String
        /// Its candidate originals, best channel score first.
        public var originals: [String]
    }

    /// Finds the dictionary phrases of a text.
    /// - Complexity: O(n · L).
    public mutating func matches(in text: String, kind: MatchKind = .all) -> [TextMatch] {
        withUTF8Bytes(of: text) { bytes in
            load(bytes)
            var found: [PhraseMatch] = []
            for s in 0..<(sentenceStarts.count - 1) {
                var sentence: [PhraseMatch] = []
                findMatches(sentenceStarts[s], sentenceStarts[s + 1], into: &sentence)
                if kind == .leftmostLongest {
                    var next = 0
                    var i = 0
                    while i < sentence.count {
                        var j = i
                        while j + 1 < sentence.count && sentence[j + 1].start == sentence[i].start { j += 1 }
                        if sentence[i].start >= next { found.append(sentence[j]); next = sentence[j].start + sentence[j].length }
                        i = j + 1
                    }
                } else {
                    found += sentence
                }
            }
            return found.map { m in
                let a = tokens[Int(unitToken[m.start])].start
                let b = tokens[Int(unitToken[m.start + m.length - 1])].end
                let cands = dictionary.trie.values(at: m.node).map { dictionary.candidate(Int($0)) }
                    .sorted { $0.logChannel > $1.logChannel }
                return TextMatch(range: a..<b, text: String(decoding: bytes[a..<b], as: UTF8.self),
                                 originals: cands.map(\.original))
            }
        }
    }
}
