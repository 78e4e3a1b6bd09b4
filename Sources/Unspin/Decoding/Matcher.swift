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
    /// The trie step from the root along each unit's word (`PhraseTrie.rootStep`), 0 for none.
    var unitRoot: [UInt32] = []
    /// Units where sentences start, and the unit count at the end.
    var sentenceStarts: [Int] = []
    var fold: [UInt8] = []
    /// With a restorer's word table, `load` also gives every unit its language-model id.
    let words: WordTable?
    let asciiModelID: [UInt32]
    /// Language-model id of each unit (filled by `load` only with a word table): `.max` where
    /// the table cannot tell (the caller looks the word up in the model).
    var unitModel: [UInt32] = []
    /// What each one-byte ASCII token is, by its byte.
    let ascii: [ASCIIUnit]

    /// A unit's dictionary id, model id and trie step from the root.
    typealias UnitIDs = (word: UInt32, model: UInt32, root: UInt32)

    /// A one-byte ASCII token's ids and root step, and whether it ends a sentence
    /// (`endsSentence`: `.` `!` `?`) or may follow an end (`closesSentence`: `"` `'` `)` `]`):
    /// one load gives all that a unit needs.
    struct ASCIIUnit {
        var word: UInt32
        var model: UInt32
        var root: UInt32
        var flags: UInt32
    }
    static let endsSentence: UInt32 = 1
    static let closesSentence: UInt32 = 2

    public init(dictionary: PhraseDictionary) {
        self.dictionary = dictionary; words = nil; asciiModelID = []
        ascii = Self.asciiUnits(dictionary, model: nil)
    }

    /// A matcher that also finds each unit's language-model id, in the same lookup.
    init(dictionary: PhraseDictionary, words: WordTable, asciiModelID: [UInt32]) {
        self.dictionary = dictionary; self.words = words; self.asciiModelID = asciiModelID
        ascii = Self.asciiUnits(dictionary, model: asciiModelID)
    }

    /// The `ASCIIUnit` of every byte below 0x80.
    /// - Complexity: O(128).
    static func asciiUnits(_ dictionary: PhraseDictionary, model: [UInt32]?) -> [ASCIIUnit] {
        (0..<128).map { b in
            let word = dictionary.asciiTokenID[b]
            let flags = b == 0x2E || b == 0x21 || b == 0x3F ? endsSentence
                : b == 0x22 || b == 0x27 || b == 0x29 || b == 0x5D ? closesSentence : 0
            return ASCIIUnit(word: word, model: model?[b] ?? .max, root: dictionary.trie.stepFromRoot(word), flags: flags)
        }
    }

    /// Tokenizes `bytes`, looks up every unit and splits sentences.
    /// - Complexity: O(n).
    mutating func load(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let words {
            loadUnits(bytes, invalid: words.unknown, TableLookup(table: words))
        } else {
            loadUnits(bytes, invalid: .max, VocabularyLookup(vocabulary: dictionary.vocabulary, trie: dictionary.trie))
        }
    }

    /// How `loadUnits` looks up the words that are not one ASCII byte.
    protocol WordLookup {
        /// The key of an ASCII word of `n` ≤ 8 bytes whose bytes, capitals folded, are `head`
        /// (little-endian, zero-padded); starts fetching what `short` will read.
        func prepare(_ head: UInt64, _ n: Int) -> UInt64
        /// The ids of that word, from its key.
        func short(_ key: UInt64, _ head: UInt64, _ n: Int) -> UnitIDs
        /// The ids of any other word (longer, or not ASCII), not yet folded.
        func other(_ word: UnsafeBufferPointer<UInt8>, _ fold: inout [UInt8]) -> UnitIDs
    }

    /// Lookups in a restorer's word table: a short word's key is its hash, and its slot is
    /// prefetched.
    struct TableLookup: WordLookup {
        let table: WordTable
        /// The table's slots and mask, copied so that the loop need not read them from the object.
        let entries: UnsafeMutableRawPointer
        let mask: Int

        init(table: WordTable) { self.table = table; entries = table.entries; mask = table.mask }

        @inline(__always)
        func prepare(_ head: UInt64, _ n: Int) -> UInt64 {
            let h = WordTable.hash(head, n)
            _prefetch(UnsafeRawPointer(entries + (Int(truncatingIfNeeded: h) & mask) &* 32), 0, 3, 1)
            return h
        }

        @inline(__always)
        func short(_ key: UInt64, _ head: UInt64, _ n: Int) -> UnitIDs {
            table.findShort(key, n, head)
        }

        @inline(never)
        func other(_ word: UnsafeBufferPointer<UInt8>, _ fold: inout [UInt8]) -> UnitIDs {
            Matcher.folded(word, &fold) { table.lookUp($0) }
        }
    }

    /// Lookups in the dictionary's vocabulary (no model ids).
    struct VocabularyLookup: WordLookup {
        let vocabulary: Vocabulary
        let trie: PhraseTrie

        @inline(__always)
        func prepare(_ head: UInt64, _ n: Int) -> UInt64 { 0 }

        @inline(__always)
        func short(_ key: UInt64, _ head: UInt64, _ n: Int) -> UnitIDs {
            var bytes = head.littleEndian
            let word = withUnsafeBytes(of: &bytes) { vocabulary.id(of: UnsafeBufferPointer(rebasing: $0.bindMemory(to: UInt8.self).prefix(n))) } ?? .max
            return (word, .max, trie.stepFromRoot(word))
        }

        @inline(never)
        func other(_ word: UnsafeBufferPointer<UInt8>, _ fold: inout [UInt8]) -> UnitIDs {
            let id = Matcher.folded(word, &fold) { vocabulary.id(of: $0) } ?? .max
            return (id, .max, trie.stepFromRoot(id))
        }
    }

    /// A word whose lookup waits for the end of its block: its key and folded head (for a
    /// short ASCII word; `length` 0 for any other) and its unit.
    struct PendingWord {
        var key: UInt64
        var head: UInt64
        var unit: Int32
        var length: Int32
    }

    /// How many tokens `loadUnits` takes per block: their words' slots arrive while the
    /// block's other tokens are handled, and are still in the L1 cache when looked up.
    static let lookUpBlock = 32

    /// Where `loadUnits` writes a unit's token, ids and root step.
    struct UnitWriter {
        let token: UnsafeMutablePointer<Int32>
        let word: UnsafeMutablePointer<UInt32>
        let model: UnsafeMutablePointer<UInt32>
        let root: UnsafeMutablePointer<UInt32>

        @inline(__always)
        func set(_ u: Int, _ word: UInt32, _ model: UInt32, _ root: UInt32) {
            self.word[u] = word; self.model[u] = model; self.root[u] = root
        }
    }

    /// `load` with `lookUp` for words; `invalid` is an invalid byte's model id.
    ///
    /// Tokens are taken in blocks: a first pass over a block's tokens writes each unit's
    /// token, handles spaces (sentence ends) and one-byte ASCII tokens, and prepares each
    /// word's lookup (for the word table: its hash, and a prefetch of its slot); a second pass
    /// looks the block's words up, by then mostly in the cache.
    /// - Complexity: O(n).
    @inline(__always)
    mutating func loadUnits<L: WordLookup>(_ bytes: UnsafeBufferPointer<UInt8>, invalid: UInt32, _ lookUp: L) {
        tokens.removeAll(keepingCapacity: true)
        Tokenizer.tokenize(bytes, into: &tokens)
        let tokens = self.tokens
        let count = tokens.count
        var starts = self.sentenceStarts
        self.sentenceStarts = []
        starts.removeAll(keepingCapacity: true)
        var fold = self.fold
        self.fold = []
        let ascii = self.ascii
        // The unit arrays are written through pointers into fresh, uninitialized storage (a
        // unit per non-space token, so at most one per token), then cut to the units found.
        var units = 0
        var newWord: [UInt32] = [], newModel: [UInt32] = [], newRoot: [UInt32] = []
        let newToken = [Int32](unsafeUninitializedCapacity: count) { unitToken, tokenCount in
        newWord = [UInt32](unsafeUninitializedCapacity: count) { unitWord, wordCount in
        newModel = [UInt32](unsafeUninitializedCapacity: count) { unitModel, modelCount in
        newRoot = [UInt32](unsafeUninitializedCapacity: count) { unitRoot, rootCount in
            if count > 0 {
                let out = UnitWriter(token: unitToken.baseAddress!, word: unitWord.baseAddress!,
                                     model: unitModel.baseAddress!, root: unitRoot.baseAddress!)
                units = tokens.withUnsafeBufferPointer { tokens in
                    ascii.withUnsafeBufferPointer { ascii in
                        withUnsafeTemporaryAllocation(of: PendingWord.self, capacity: Self.lookUpBlock) { pending in
                            Self.scanUnits(tokens, _UTF8Handle(bytes), ascii.baseAddress!, out, pending.baseAddress!,
                                           &starts, &fold, invalid, lookUp)
                        }
                    }
                }
            } else {
                starts.append(0)
            }
            rootCount = units
        }
            modelCount = units
        }
            wordCount = units
        }
            tokenCount = units
        }
        unitToken = newToken
        unitWord = newWord
        unitModel = newModel
        unitRoot = newRoot
        sentenceStarts = starts
        self.fold = fold
    }

    /// The loop of `loadUnits`, its state in locals: writes the units of `tokens` (of the input
    /// `h`) to `out` and the sentence starts (first 0, last the unit count unless it is a
    /// start already) to `starts`; returns the unit count.
    /// - Complexity: O(tokens).
    @inline(__always)
    static func scanUnits<L: WordLookup>(_ tokens: UnsafeBufferPointer<Token>, _ h: _UTF8Handle, _ ascii: UnsafePointer<ASCIIUnit>,
                                         _ out: UnitWriter, _ pending: UnsafeMutablePointer<PendingWord>,
                                         _ starts: inout [Int], _ fold: inout [UInt8], _ invalid: UInt32, _ lookUp: L) -> Int {
        let count = tokens.count
        let safeEnd = h.count &- 8   // an 8-byte load at a start up to here stays in the input
        var units = 0
        var lastStart = 0
        var pendingEnd = false
        starts.append(0)
        var i = 0
        while i < count {
            var k = 0
            let blockEnd = min(count, i &+ lookUpBlock)
            while i < blockEnd {
                let t = tokens[i]
                let ti = i
                i &+= 1
                if t.kind == .space {
                    if (t.newlines >= 2 || pendingEnd) && lastStart != units {
                        lastStart = units
                        starts.append(units)
                    }
                    pendingEnd = false
                    continue
                }
                let u = units
                units &+= 1
                out.token[u] = Int32(truncatingIfNeeded: ti)
                let n = Int(t.length)
                if n == 1 {
                    let b = h[t.start]
                    if b < 0x80 {
                        let a = ascii[Int(b)]
                        out.set(u, a.word, a.model, a.root)
                        pendingEnd = a.flags & endsSentence != 0 || (pendingEnd && a.flags & closesSentence != 0)
                        continue
                    }
                }
                if pendingEnd { pendingEnd = t.kind == .punctuation && isClosingQuote(h, t) }
                if t.kind == .invalid {
                    out.set(u, .max, invalid, 0)
                    continue
                }
                var length: Int32 = 0
                var head: UInt64 = 0
                var key: UInt64 = 0
                if n <= 8 {
                    let raw = t.start <= safeEnd ? h.load8(at: t.start) & (~0 >> UInt64(64 &- 8 &* n))
                        : WordTable.prefix(h.base + t.start, n)
                    if raw & 0x8080_8080_8080_8080 == 0 {
                        head = WordTable.foldASCII(raw)
                        key = lookUp.prepare(head, n)
                        length = Int32(truncatingIfNeeded: n)
                    }
                }
                pending[k] = PendingWord(key: key, head: head, unit: Int32(truncatingIfNeeded: u), length: length)
                k &+= 1
            }
            for q in 0..<k {
                let p = pending[q]
                let u = Int(p.unit)
                let ids: UnitIDs
                if p.length != 0 {
                    ids = lookUp.short(p.key, p.head, Int(p.length))
                } else {
                    let t = tokens[Int(out.token[u])]
                    ids = lookUp.other(h.slice(t.start, t.end), &fold)
                }
                out.set(u, ids.word, ids.model, ids.root)
            }
        }
        if lastStart != units { starts.append(units) }
        return units
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
                for (k, b) in word.enumerated() { out[k] = Folding.lowerASCII(b) }
                return body(UnsafeBufferPointer(out))
            }
        }
        fold.removeAll(keepingCapacity: true)
        Folding.fold(word, into: &fold)
        return fold.withUnsafeBufferPointer { body($0) }
    }

    /// The closing quotes of more than one byte that may follow a sentence end: ” ’ (the
    /// one-byte ones, " ' ) ], are `closesSentence` in `ascii`).
    static func isClosingQuote(_ bytes: _UTF8Handle, _ t: Token) -> Bool {
        t.length == 3 && bytes[t.start] == 0xE2 && bytes[t.start + 1] == 0x80
            && (bytes[t.start + 2] == 0x9D || bytes[t.start + 2] == 0x99)
    }

    /// Appends to `out` every phrase starting at each unit of `[start, end)` (one
    /// sentence), in order of start then length.
    ///
    /// Each unit's first step is its root step from `load` (0 for most words: no phrase
    /// starts with them); deeper steps come from the trie's edge table, one expected read each.
    /// - Complexity: O(n · L) trie steps for phrases of at most L words.
    func findMatches(_ start: Int, _ end: Int, into out: inout [PhraseMatch]) {
        guard start < end else { return }
        let trie = dictionary.trie
        let wordLimit = trie.rootStep.count   // word ids are below this; `.max` is not
        unitRoot.withUnsafeBufferPointer { roots in
        unitWord.withUnsafeBufferPointer { words in
        trie.edgeSlots.withUnsafeBufferPointer { slots in
        trie.edgeFilter.withUnsafeBufferPointer { filter in
            let edges = slots.isEmpty ? nil : PhraseTrie.EdgeSteps(trie, slots, filter)
            for i in start..<end {
                var step = roots[i]
                if step == 0 { continue }
                var j = i &+ 1
                while true {
                    if step & PhraseTrie.stepTerminal != 0 { out.append(PhraseMatch(start: i, length: j &- i, node: step >> 2)) }
                    guard step & PhraseTrie.stepHasChildren != 0, j < end else { break }
                    let w = words[j]
                    guard Int(w) < wordLimit else { break }
                    step = edges?.step(from: step >> 2, w) ?? trie.step(from: step >> 2, w)
                    if step == 0 { break }
                    j &+= 1
                }
            }
        }
        }
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
