import XCTest
@testable import Unspin

final class WordTableTests: XCTestCase {
    /// A model of six words (ids 0–2 are <unk>, <s>, </s> in the order written).
    static let arpa = """
    \\data\\
    ngram 1=8
    ngram 2=1

    \\1-grams:
    -2\t<unk>\t0
    0\t<s>\t-0.5
    -1\t</s>\t0
    -1\tmentioned\t-0.5
    -1\tinternational\t-0.5
    -1\tsaid\t-0.5
    -1\tёж\t-0.5
    -1\tinternationally\t-0.5

    \\2-grams:
    -0.5\tsaid mentioned

    \\end\\
    """

    static let table = PhraseTable(name: "t", entries: [
        PhraseEntry(spun: "mentioned", original: "said", weight: 0.4),
        PhraseEntry(spun: "internationalist", original: "international", weight: 0.1),
        PhraseEntry(spun: "a minimum of", original: "at least", weight: 0.5),
    ])

    func testBothIdsInOneLookup() throws {
        let model = try NGramModel(arpaText: Self.arpa)
        let dictionary = PhraseDictionary(tables: [Self.table])
        let restorer = Restorer(dictionary: dictionary, model: model)
        let words = restorer.words
        XCTAssertTrue(words.holdsModel)
        let unk = model.unknownWord
        // (word, in the dictionary, in the model); long words share their first 8 bytes.
        let cases: [(String, Bool, Bool)] = [
            ("mentioned", true, true),
            ("internationalist", true, false),
            ("international", false, true),
            ("internationally", false, true),
            ("minimum", true, false),
            ("said", false, true),
            ("ёж", false, true),
            ("war", false, false),
            ("internation", false, false),
            ("", false, false),
        ]
        for (word, inDictionary, inModel) in cases {
            let got = withUTF8Bytes(of: word) { words.lookUp($0) }
            XCTAssertEqual(got.word, inDictionary ? dictionary.vocabulary.id(of: word)! : .max, word)
            XCTAssertEqual(got.model, inModel ? model.index(of: word) : unk, word)
            if inModel { XCTAssertNotEqual(got.model, unk, word) }
        }
        // A model that cannot list its words: misses say "ask the model" (.max).
        let other = Restorer(dictionary: dictionary, model: DecoderTests.model)
        XCTAssertFalse(other.words.holdsModel)
        XCTAssertEqual(withUTF8Bytes(of: "war") { other.words.lookUp($0) }.model, .max)
        XCTAssertEqual(withUTF8Bytes(of: "mentioned") { other.words.lookUp($0) }.model, DecoderTests.model.index(of: "mentioned"))
    }

    /// The matcher's path for ASCII words of up to 8 bytes folds capitals eight bytes at once
    /// (`foldASCII`) and looks the word up by its first bytes (`findShort`); it must give
    /// the general path's answer (fold, then `lookUp`).
    func testShortASCIIPathEqualsFoldThenLookUp() throws {
        let model = try NGramModel(arpaText: Self.arpa)
        let restorer = Restorer(dictionary: PhraseDictionary(tables: [Self.table]), model: model)
        let words = restorer.words
        func short(_ bytes: [UInt8]) -> Matcher.UnitIDs {
            let head = WordTable.foldASCII(bytes.withUnsafeBufferPointer { WordTable.prefix($0.baseAddress!, $0.count) })
            return words.findShort(WordTable.hash(head, bytes.count), bytes.count, head)
        }
        func general(_ bytes: [UInt8]) -> Matcher.UnitIDs {
            var folded: [UInt8] = []
            bytes.withUnsafeBufferPointer { Folding.fold($0, into: &folded) }
            return folded.withUnsafeBufferPointer { words.lookUp($0) }
        }
        let cases = ["said", "Said", "SAID", "sAiD", "war", "W", "Mentione", "@[`{", "AZaz09", "Z", "z", "A-Z'", "a"]
        for word in cases {
            let bytes = Array(word.utf8)
            XCTAssertEqual(short(bytes).word, general(bytes).word, word)
            XCTAssertEqual(short(bytes).model, general(bytes).model, word)
            XCTAssertEqual(short(bytes).root, general(bytes).root, word)
        }
        XCTAssertNotEqual(short(Array("SAID".utf8)).model, model.unknownWord, "a capitalised known word is found")
        // Every ASCII byte, alone and after "a": capitals and only capitals are folded.
        for b in UInt8(0x01)...0x7F {
            for bytes in [[b], [0x61, b]] {
                XCTAssertEqual(short(bytes).model, general(bytes).model, "\(bytes)")
                XCTAssertEqual(short(bytes).word, general(bytes).word, "\(bytes)")
            }
            var folded: [UInt8] = []
            [b].withUnsafeBufferPointer { Folding.fold($0, into: &folded) }
            XCTAssertEqual(WordTable.foldASCII(UInt64(b)), UInt64(folded[0]), "byte \(b)")
        }
    }

    func testRestoringWithTheTableMatchesTheModelsOwnLookups() throws {
        // The same text restored through the word table (an NGramModel) and through the
        // model's own lookups (the same model behind a wrapper the table cannot list).
        struct Opaque: LanguageModel {
            let m: NGramModel
            var order: Int { m.order }
            var unknownWord: UInt32 { m.unknownWord }
            var endSentenceWord: UInt32 { m.endSentenceWord }
            func index(of word: UnsafeBufferPointer<UInt8>) -> UInt32 { m.index(of: word) }
            func beginSentenceState() -> LMState { m.beginSentenceState() }
            func nullContextState() -> LMState { m.nullContextState() }
            func score(_ state: LMState, _ word: UInt32, next: inout LMState) -> Float { m.score(state, word, next: &next) }
        }
        let model = try NGramModel(arpaText: Self.arpa)
        let dictionary = PhraseDictionary(tables: [Self.table])
        var o = RestorerOptions()
        o.documentGate = false
        let text = "Said MENTIONED, the Internationalist ёж; war a minimum of.\nÿ"
        let a = Restorer(dictionary: dictionary, model: model, options: o).restore(text)
        let b = Restorer(dictionary: dictionary, model: Opaque(m: model), options: o).restore(text)
        XCTAssertEqual(a.bytes, b.bytes)
        XCTAssertEqual(a.edits, b.edits)
        XCTAssertEqual(a.spunLogOdds, b.spunLogOdds)
        // "said mentioned" is a bigram of the model, so "mentioned" stays there.
        XCTAssertEqual(a.text, "Said MENTIONED, the Internationalist ёж; war at least.\nÿ")
    }
}
