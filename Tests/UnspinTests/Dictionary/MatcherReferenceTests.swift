import Foundation
import XCTest
@testable import Unspin

/// Pins the matcher's fast paths (word table, per-word trie root steps, the edge table) to a
/// plain reference: every token folded with `Folding.fold` and looked up in the vocabulary
/// and the model one by one, sentences split by the rules as written, phrases found with
/// `PhraseTrie.child` and `isTerminal`.
final class MatcherReferenceTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Dictionaries").path

    /// The shipped dictionary and model, loaded once.
    static let shipped: (dictionary: PhraseDictionary, restorer: Restorer) = {
        let dictionary = try! PhraseDictionary(compiledPath: directory + "/default.dict")
        let model = try! loadLanguageModel(path: directory + "/model.bin")
        return (dictionary, Restorer(dictionary: dictionary, model: model))
    }()

    /// What `Matcher.load` and `findMatches` must give, computed the slow way.
    struct Reference: Equatable {
        var unitToken: [Int32] = []
        var unitWord: [UInt32] = []
        var unitModel: [UInt32] = []
        var sentenceStarts: [Int] = []
        var matches: [PhraseMatch] = []
    }

    static func reference(_ dictionary: PhraseDictionary, _ model: (any LanguageModel)?, _ text: [UInt8]) -> Reference {
        var r = Reference()
        var tokens: [Token] = []
        text.withUnsafeBufferPointer { Tokenizer.tokenize($0, into: &tokens) }
        r.sentenceStarts = [0]
        var pendingEnd = false
        func closing(_ t: Token) -> Bool {
            let s = Array(text[t.start..<t.end])
            return [[0x22], [0x27], [0x29], [0x5D], Array("”".utf8), Array("’".utf8)].contains(s)
        }
        for (i, t) in tokens.enumerated() {
            if t.kind == .space {
                if (t.newlines >= 2 || pendingEnd) && r.sentenceStarts.last! != r.unitToken.count {
                    r.sentenceStarts.append(r.unitToken.count)
                }
                pendingEnd = false
                continue
            }
            let bytes = Array(text[t.start..<t.end])
            if t.kind == .punctuation && (bytes == [0x2E] || bytes == [0x21] || bytes == [0x3F]) {
                pendingEnd = true
            } else if !(pendingEnd && t.kind == .punctuation && closing(t)) {
                pendingEnd = false
            }
            r.unitToken.append(Int32(i))
            if t.kind == .invalid {
                r.unitWord.append(.max)
                r.unitModel.append(model?.unknownWord ?? .max)
                continue
            }
            var folded: [UInt8] = []
            bytes.withUnsafeBufferPointer { Folding.fold($0, into: &folded) }
            r.unitWord.append(folded.withUnsafeBufferPointer { dictionary.vocabulary.id(of: $0) } ?? .max)
            r.unitModel.append(model.map { m in folded.withUnsafeBufferPointer { m.index(of: $0) } } ?? .max)
        }
        if r.sentenceStarts.last! != r.unitToken.count { r.sentenceStarts.append(r.unitToken.count) }
        let trie = dictionary.trie
        for s in 0..<(r.sentenceStarts.count - 1) {
            let end = r.sentenceStarts[s + 1]
            for i in r.sentenceStarts[s]..<end {
                var node: UInt32 = 0
                var j = i
                while j < end, r.unitWord[j] != .max, let c = trie.child(of: node, r.unitWord[j]) {
                    node = c
                    j += 1
                    if trie.isTerminal(node) { r.matches.append(PhraseMatch(start: i, length: j - i, node: node)) }
                }
            }
        }
        return r
    }

    /// What the matcher gives, with or without the restorer's word table.
    static func fast(_ restorer: Restorer?, _ dictionary: PhraseDictionary, _ text: [UInt8]) -> Reference {
        var m = restorer.map { Matcher(dictionary: $0.dictionary, words: $0.words, asciiModelID: $0.asciiModelID) }
            ?? Matcher(dictionary: dictionary)
        var r = Reference()
        text.withUnsafeBufferPointer { m.load($0) }
        r.unitToken = m.unitToken
        r.unitWord = m.unitWord
        r.unitModel = restorer == nil ? m.unitWord.map { _ in .max } : m.unitModel
        r.sentenceStarts = m.sentenceStarts
        for s in 0..<(m.sentenceStarts.count - 1) {
            m.findMatches(m.sentenceStarts[s], m.sentenceStarts[s + 1], into: &r.matches)
        }
        return r
    }

    /// Sentences that reach every branch: phrases across a single line break (LF, CRLF) but
    /// not a blank line, sentence ends with and without closing quotes, unknown and long
    /// words, capitals, numbers, invalid bytes, non-ASCII words and marks, edges of the input.
    static let samples: [String] = [
        "", " ", "\n\n", ".", "a", "A", "The",
        "He mentioned it. As a result of the storm, a minimum of 23 people died.",
        "as a result\nof the rain", "as a result\r\nof the rain", "as a result\n\nof the rain",
        "as a result. Of the rain", "as a result? of", "as a result! of", "as a result, of",
        "He said “as a result.” Of course ‘it’s’ fine.) The end]", "It ended.\" As a result of",
        "it ended.’ as a result", "Wait... what?! As a matter of fact",
        "In 2021, 2,584,000 people; 3.5% of them (approximately) lived there.",
        "ÉLISABETHVILLE São Paulo naïve café Спасибо СПАСИБО 東京 😀 emoji",
        "Internationalization internationally INTERNATIONAL extraordinarily long-winded well-known",
        "state-of-the-art don’t can't won't l'amour",
        "\u{FF}\u{FE} bad bytes follow", "  leading and trailing spaces  ", "tab\tseparated\twords",
        "at the end of the day", "in order to", "on the other hand, in addition to that",
    ]

    /// Samples with invalid UTF-8 and, from a fixed seed, word salads of dictionary words that
    /// run through many phrases, with random separators between them.
    static func inputs(_ dictionary: PhraseDictionary) -> [[UInt8]] {
        var out = samples.map { Array($0.utf8) }
        out.append([0x61, 0x20, 0xFF, 0x20, 0x62, 0xC3, 0x28, 0x20, 0x61, 0x73, 0x20, 0x61, 0x0A, 0x72, 0x65, 0x73, 0x75, 0x6C, 0x74])
        out.append(Array(BenchmarkCorpus.text.utf8))
        var seed: UInt64 = 0x5EED
        func next() -> Int {
            seed &+= 0x9E37_79B9_7F4A_7C15
            return Int(truncatingIfNeeded: Hashing.mix(seed) >> 1)
        }
        let separators = [" ", " ", " ", " ", "  ", "\n", "\r\n", "\n\n", ". ", ", ", "? ", ".” ", " 42 ", " zzqx "]
        let vocabulary = dictionary.vocabulary
        for _ in 0..<40 {
            var s = ""
            for _ in 0..<200 {
                // Mostly the words of phrases in order (a random phrase's first word, then
                // the words that follow it in the trie), sometimes a random word.
                var node: UInt32 = 0
                var words: [UInt32] = []
                let trie = dictionary.trie
                while words.count < 6 {
                    let start = Int(trie.edgeStart[Int(node)]), end = Int(trie.edgeStart[Int(node) + 1])
                    var w: UInt32
                    if node == 0 || start == end || next() % 5 == 0 { w = UInt32(next() % vocabulary.count) }
                    else { w = trie.edgeLabel[start + next() % (end - start)] }
                    words.append(w)
                    guard let c = trie.child(of: node, w), next() % 4 != 0 else { break }
                    node = c
                }
                for w in words {
                    var word = vocabulary.word(w)
                    if next() % 7 == 0 { word = word.uppercased() }
                    s += word + separators[next() % separators.count]
                }
            }
            out.append(Array(s.utf8))
        }
        return out
    }

    func testMatcherWithWordTableEqualsReference() {
        let (dictionary, restorer) = Self.shipped
        for (k, text) in Self.inputs(dictionary).enumerated() {
            let want = Self.reference(dictionary, restorer.model, text)
            let got = Self.fast(restorer, dictionary, text)
            XCTAssertEqual(got.unitToken, want.unitToken, "input \(k)")
            XCTAssertEqual(got.unitWord, want.unitWord, "input \(k)")
            XCTAssertEqual(got.unitModel, want.unitModel, "input \(k)")
            XCTAssertEqual(got.sentenceStarts, want.sentenceStarts, "input \(k)")
            XCTAssertEqual(got.matches, want.matches, "input \(k)")
            XCTAssertFalse(k > Self.samples.count && want.matches.isEmpty, "input \(k) has no phrase")
        }
    }

    func testMatcherWithoutWordTableEqualsReference() {
        let dictionary = Self.shipped.dictionary
        for (k, text) in Self.inputs(dictionary).enumerated() {
            XCTAssertEqual(Self.fast(nil, dictionary, text), Self.reference(dictionary, nil, text), "input \(k)")
        }
    }

    /// The loaded arrays are the right size when one matcher loads a long text, then a short
    /// one, then a long one again.
    func testReloading() {
        let (dictionary, restorer) = Self.shipped
        var m = Matcher(dictionary: dictionary, words: restorer.words, asciiModelID: restorer.asciiModelID)
        for text in ["as a result of a minimum of twenty people. " + String(repeating: "at the end of the day ", count: 50),
                     "as a result", "", String(repeating: "in order to ", count: 80)] {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { m.load($0) }
            let want = Self.reference(dictionary, restorer.model, bytes)
            XCTAssertEqual(m.unitToken, want.unitToken)
            XCTAssertEqual(m.unitWord, want.unitWord)
            XCTAssertEqual(m.unitModel, want.unitModel)
            XCTAssertEqual(m.sentenceStarts, want.sentenceStarts)
        }
    }

    /// Every word's root step, in the trie and in the word table, agrees with `child(of:_:)`,
    /// `isTerminal` and the node's edges; so does every step below the root, with and
    /// without the edge table, for every edge and for words that leave no edge.
    func testStepsAgreeWithTheTrie() {
        let (dictionary, restorer) = Self.shipped
        let trie = dictionary.trie
        func expected(_ c: UInt32?) -> UInt32 {
            guard let c else { return 0 }
            let n = Int(c)
            return c << 2 | (trie.isTerminal(c) ? 2 : 0) | (trie.edgeStart[n] != trie.edgeStart[n + 1] ? 1 : 0)
        }
        var plain = trie
        XCTAssertTrue(plain.indexSteps(edgeTable: false))
        XCTAssertTrue(plain.edgeSlots.isEmpty)
        XCTAssertFalse(trie.edgeSlots.isEmpty)
        for w in 0..<UInt32(dictionary.vocabulary.count) {
            let want = expected(trie.child(of: 0, w))
            XCTAssertEqual(trie.stepFromRoot(w), want)
            let word = dictionary.vocabulary.word(w)
            XCTAssertEqual(withUTF8Bytes(of: word) { restorer.words.lookUp($0) }.root, want, word)
        }
        XCTAssertEqual(trie.stepFromRoot(.max), 0)
        var checked = 0
        for node in 1..<UInt32(trie.nodeCount) {
            let a = Int(trie.edgeStart[Int(node)]), b = Int(trie.edgeStart[Int(node) + 1])
            var words = Array(trie.edgeLabel[a..<b])
            // Words that leave no edge here: neighbours of the labels, and a few others.
            words += words.flatMap { [$0 &+ 1, $0 &- 1] } + [0, node % 977, UInt32(dictionary.vocabulary.count - 1), .max]
            for w in words {
                let want = Int(w) < dictionary.vocabulary.count ? expected(trie.child(of: node, w)) : 0
                XCTAssertEqual(trie.step(from: node, w), want)
                XCTAssertEqual(plain.step(from: node, w), want)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, trie.edgeLabel.count)
    }

    /// Without the edge table (as for a trie too large for its keys), matches are the same.
    func testMatchesWithoutTheEdgeTable() {
        var dictionary = Self.shipped.dictionary
        dictionary.trie.indexSteps(edgeTable: false)
        for (k, text) in Self.inputs(dictionary).enumerated() where k % 3 == 0 {
            XCTAssertEqual(Self.fast(nil, dictionary, text).matches, Self.reference(dictionary, nil, text).matches, "input \(k)")
        }
    }

    /// A small trie built from tables gets its steps too, and an empty one has none.
    func testStepsOfSmallTries() {
        let d = PhraseDictionary(tables: [MatcherTests.table])
        let id = { (w: String) in d.vocabulary.id(of: w)! }
        let a = d.trie.stepFromRoot(id("a"))
        XCTAssertEqual(a & 3, 1, "'a' starts phrases but is none")
        let aMinimum = d.trie.step(from: a >> 2, id("minimum"))
        XCTAssertEqual(aMinimum & 3, 1, "'a minimum' is only a keep line")
        XCTAssertEqual(d.trie.step(from: aMinimum >> 2, id("of")) & 3, 2, "'a minimum of' ends there")
        XCTAssertEqual(d.trie.stepFromRoot(id("minimum")) & 3, 2)
        XCTAssertEqual(d.trie.step(from: a >> 2, id("a")), 0)
        var empty = PhraseTrie()
        XCTAssertTrue(empty.indexSteps())
        XCTAssertEqual(empty.stepFromRoot(0), 0)
    }
}
