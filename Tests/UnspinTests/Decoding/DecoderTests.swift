import XCTest
@testable import Unspin

final class DecoderTests: XCTestCase {
    /// The model says "war in" and "a struggle to" are likely, "struggle in" and "war to" not.
    static let model = BigramTestModel(
        unigrams: ["the": -1, "war": -3, "struggle": -3.2, "in": -1.2, "ukraine": -3, "a": -1, "to": -1,
                   "survive": -3.5, ".": -1, "said": -2.5, "mentioned": -3.4, "he": -2, "at": -1.5, "least": -3,
                   "minimum": -4, "of": -1, "23": -4, "fight": -3.5],
        bigrams: ["the war": -1.5, "war in": -0.8, "the struggle": -2.5, "struggle in": -2.6,
                  "a struggle": -2.0, "struggle to": -0.7, "a war": -2.6, "war to": -2.5,
                  "he said": -0.7, "he mentioned": -2.5, "at least": -0.3, "least 23": -1.5,
                  "a minimum": -3, "minimum of": -1, "of 23": -2.5])

    static let table = PhraseTable(name: "news", entries: [
        PhraseEntry(spun: "struggle", original: "war", weight: 0.3),
        PhraseEntry(spun: "struggle", original: "fight", weight: 0.2),
        PhraseEntry(spun: "mentioned", original: "said", weight: 0.4),
        PhraseEntry(spun: "a minimum of", original: "at least", weight: 0.5),
    ])

    /// The settings the numbers in these tests were worked out by hand with: the defaults, but
    /// channel weight 1 and ambiguity margin 1 (the defaults are 1.5 and 1.5).
    static var handWorked: RestorerOptions {
        var options = RestorerOptions()
        options.channelWeight = 1
        options.ambiguityMargin = 1
        return options
    }

    func restorer(_ options: RestorerOptions = handWorked) -> Restorer {
        Restorer(dictionary: PhraseDictionary(tables: [Self.table]), model: Self.model, options: options)
    }

    func testDefaults() {
        // Chosen by a grid search with the news model; the phrase-list preset keeps its own.
        let o = RestorerOptions()
        XCTAssertEqual(o.channelWeight, 1.5)
        XCTAssertEqual(o.ambiguityMargin, 1.5)
        XCTAssertEqual(RestorerOptions.phraseList.channelWeight, 1)
        XCTAssertEqual(RestorerOptions.phraseList.ambiguityMargin, 0)
    }

    func testContextDecides() {
        let r = restorer()
        let cases: [(String, String)] = [
            ("the struggle in Ukraine.", "the war in Ukraine."),
            ("a struggle to survive.", "a struggle to survive."),
            ("He mentioned the struggle in Ukraine.", "He said the war in Ukraine."),
            ("HE MENTIONED", "HE SAID"),
            ("injuring a minimum of 23.", "injuring at least 23."),
            ("injuring A minimum of 23.", "injuring At least 23."),
            ("A MINIMUM OF 23.", "AT LEAST 23."),     // one-letter words are folded too (regression)
            ("injuring a\nminimum   of 23.", "injuring at\nleast 23."),
        ]
        for (input, want) in cases {
            XCTAssertEqual(r.restore(input).text, want, input)
        }
    }

    func testLineBreaksInsideAPhraseAreKept() {
        // Wrapped text: the replacement's gaps take the phrase's whitespace in order, and a
        // line break that would fall away goes to the last gap.
        let r = restorer()
        let cases: [(String, String)] = [
            ("injuring a minimum\nof 23.", "injuring at\nleast 23."),
            ("injuring a\r\nminimum of 23.", "injuring at\r\nleast 23."),
            ("injuring a minimum of 23.", "injuring at least 23."),
        ]
        for (input, want) in cases {
            XCTAssertEqual(r.restore(input).text, want, input)
        }
        // A one-word replacement takes the line break after it, in place of the spaces there.
        let table = PhraseTable(name: "t", entries: [PhraseEntry(spun: "as a result of", original: "because", weight: 0.5)])
        let model = BigramTestModel(unigrams: ["as": -3, "a": -2, "result": -4, "of": -1.5, "because": -2, "rain": -3, ".": -1],
                                    bigrams: ["because rain": -1])
        var o = Self.handWorked
        o.documentGate = false
        let one = Restorer(dictionary: PhraseDictionary(tables: [table]), model: model, options: o)
        let res = one.restore("as a result\nof  rain.")
        XCTAssertEqual(res.text, "because\nrain.")
        XCTAssertEqual(res.edits.map(\.range), [0..<16])
        XCTAssertEqual(res.edits.map(\.replacement), ["because\n"])
        // Followed by punctuation: the line break goes before the word, in place of the spaces
        // there, unless an earlier edit already wrote them; at the very start it is lost.
        XCTAssertEqual(one.restore("as a result\nof, as a\nresult of.").text, "because,\nbecause.")
        XCTAssertEqual(one.restore("rain as a\nresult of.").text, "rain\nbecause.")
    }

    func testEditsCarryOffsetsAndMargins() {
        let res = restorer().restore("He mentioned the struggle in Ukraine.")
        XCTAssertEqual(res.edits.map(\.range), [3..<12, 17..<25])
        XCTAssertEqual(res.edits.map(\.spun), ["mentioned", "struggle"])
        XCTAssertEqual(res.edits.map(\.replacement), ["said", "war"])
        XCTAssertEqual(res.edits.map(\.table), ["news", "news"])
        // Two islands (a bigram model needs one word of context; "the" separates them).
        // Margins by hand from the model above, keep cost log10 0.5, change penalty 0.2 (2 of
        // the 6 words are changed: a text spun throughout, no sparse penalty):
        // island 1, keep: he→mentioned −2.5 + log10 .5, mentioned→the −0.5 −1;
        //           best: he→said −0.7 + log10 .4 − 0.2, said→the −0.5 −1.
        let keep1: Float = -2.5 + log10(0.5) + -1.5
        let best1: Float = -0.7 + log10(0.4) - 0.2 + -1.5
        XCTAssertEqual(res.edits[0].margin, Double(best1 - keep1), accuracy: 1e-4)
        // island 2, keep: the→struggle −2.5 + log10 .5, struggle→in −2.6;
        //           best: the→war −1.5 + log10 .3 − 0.2, war→in −0.8.
        let keep2: Float = -2.5 + log10(0.5) + -2.6
        let best2: Float = -1.5 + log10(0.3) - 0.2 + -0.8
        XCTAssertEqual(res.edits[1].margin, Double(best2 - keep2), accuracy: 1e-4)
    }

    func testChangePenaltyKeepsTheText() {
        var o = Self.handWorked
        o.changePenalty = 10
        XCTAssertEqual(restorer(o).restore("He mentioned the struggle in Ukraine.").edits, [])
    }

    func testBeamPrunesOnlyFarBehindReadings() {
        // After "the struggle": keep −2.5 + log10 .5 = −2.80, "war" −1.5 + log10 .3 − 1 = −3.02.
        // "war" wins once "in" is read (−0.8 against −2.6), but a beam of 0.1 drops it first.
        var o = Self.handWorked
        o.changePenalty = 1
        o.sparsePenalty = 0
        checkSetting("the struggle in Ukraine.", o, \.beamWidth,
                     [(.infinity, "the war in Ukraine."), (3, "the war in Ukraine."),
                      (0.3, "the war in Ukraine."), (0.1, "the struggle in Ukraine.")])
    }

    /// Restores `input` once per value of one setting, checking each output.
    func checkSetting(_ input: String, _ base: RestorerOptions, _ setting: WritableKeyPath<RestorerOptions, Float>,
                      _ cases: [(Float, String)], file: StaticString = #filePath, line: UInt = #line) {
        var o = base
        for (value, want) in cases {
            o[keyPath: setting] = value
            XCTAssertEqual(restorer(o).restore(input).text, want, "\(setting) = \(value)", file: file, line: line)
        }
    }

    func testAmbiguousCandidatesLeaveTheWordsAlone() {
        // "struggle" → war or fight. Scored over the candidate and the word after it (a bigram
        // model's context), with the change penalty each pays:
        //   war:   the→war −1.5, war→in −0.8, log10 .3
        //   fight: the→fight −0.5 − 3.5 (back-off), fight→in −0.5 − 1.2, log10 .2
        // war leads by 3.4 + log10 1.5 = 3.5761.
        checkSetting("the struggle in Ukraine.", Self.handWorked, \.ambiguityMargin,
                     [(0, "the war in Ukraine."), (3.57, "the war in Ukraine."), (3.58, "the struggle in Ukraine.")])
        // A phrase with one candidate has nothing to be confused with.
        var o = Self.handWorked
        o.ambiguityMargin = 50
        XCTAssertEqual(restorer(o).restore("He mentioned the struggle in Ukraine.").text, "He said the struggle in Ukraine.")
    }

    func testSparselySpunTextPaysTheSparsePenalty() {
        // The first pass (no penalty) changes 2 of the 6 words. A text with fewer changed
        // than `denseShare` is decoded again with the sparse penalty added, which no change earns.
        var o = Self.handWorked
        o.changePenalty = 0
        o.sparsePenalty = 10
        checkSetting("He mentioned the struggle in Ukraine.", o, \.denseShare,
                     [(0.3, "He said the war in Ukraine."), (0.34, "He mentioned the struggle in Ukraine.")])
        o.sparsePenalty = 0
        XCTAssertEqual(restorer(o).restore("He mentioned the struggle in Ukraine.").text, "He said the war in Ukraine.")
    }

    func testTextThatIsNotSpunIsLeftAlone() {
        // "a struggle to survive": keeping costs log10 .5 for "struggle" but the model
        // prefers it by far; no island is better explained as spun, so the odds are
        // negative and nothing is changed, even with no change penalty at all.
        var o = Self.handWorked
        o.changePenalty = 0
        let res = restorer(o).restore("a struggle to survive.")
        XCTAssertEqual(res.edits, [])
        XCTAssertLessThan(res.spunLogOdds, 0)
        // A weak change alone does not make a text spun when the prior says spun text is rare.
        o.spunPriorLogOdds = -3
        XCTAssertEqual(restorer(o).restore("He mentioned it.").edits, [])
        o.documentGate = false
        XCTAssertEqual(restorer(o).restore("He mentioned it.").text, "He said it.")
    }

    func testLinesAreRestoredOnTheirOwn() {
        let r = restorer(.phraseList)
        // No phrase across a line end; CR LF, blank lines, a last line without LF and
        // invalid bytes are copied; edit ranges are offsets in the whole input.
        let input: [UInt8] = Array("a minimum\r\nof 23\n\nthe struggle in Ukraine\n".utf8) + [0xFF] + Array("\nhe mentioned".utf8)
        let res = r.restoreLines(bytes: input)
        XCTAssertEqual(res.bytes, Array("a minimum\r\nof 23\n\nthe war in Ukraine\n".utf8) + [0xFF] + Array("\nhe said".utf8))
        XCTAssertEqual(res.edits.map(\.range), [22..<30, 47..<56])
        XCTAssertEqual(res.edits.map(\.replacement), ["war", "said"])
        // The same lines as one text: "a minimum of" matches across the line end.
        XCTAssertEqual(r.restore("a minimum\nof 23").text, "at\nleast 23")
        XCTAssertEqual(r.restoreLines("a minimum\nof 23").text, "a minimum\nof 23")
        // Every line counts as spun: log odds add up over the lines.
        let one = r.restore("the struggle in Ukraine").spunLogOdds, two = r.restore("he mentioned").spunLogOdds
        XCTAssertEqual(r.restoreLines("the struggle in Ukraine\nhe mentioned").spunLogOdds, one + two, accuracy: 1e-9)
        XCTAssertEqual(r.restoreLines("").bytes, [])
    }

    func testUntouchedBytesSurvive() {
        let r = restorer()
        let input: [UInt8] = Array("x\u{FF}y\r\n\tHe mentioned it.\0 🙂 Ж".utf8) + [0xFF, 0xC3]
        let res = r.restore(bytes: input)
        var want = input
        let at = input.firstIndex(of: UInt8(ascii: "m"))!
        want.replaceSubrange(at..<(at + 9), with: Array("said".utf8))
        XCTAssertEqual(res.bytes, want)
        XCTAssertEqual(r.restore(bytes: [0xFF, 0x00, 0xFE]).bytes, [0xFF, 0x00, 0xFE])
        XCTAssertEqual(r.restore(bytes: []).bytes, [])
    }
}
