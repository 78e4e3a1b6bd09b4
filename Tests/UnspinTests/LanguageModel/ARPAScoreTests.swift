import XCTest
@testable import Unspin

/// Path of an LM fixture file.
func lmFixture(_ name: String) -> String {
    Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name)").path
}

/// Scores every sentence of `text` word by word (with </s>), as KenLM's `query -v word` does.
func wordScores(_ m: any LanguageModel, _ text: String) -> [Float] {
    var out: [Float] = []
    for line in text.split(separator: "\n") {
        var s = m.beginSentenceState()
        var next = LMState()
        for w in line.split(separator: " ") {
            out.append(m.score(s, m.index(of: String(w)), next: &next))
            s = next
        }
        out.append(m.score(s, m.endSentenceWord, next: &next))
    }
    return out
}

let lmQueryText = """
the war ended
the struggle ended
war the struggle ended the war
peace ended the struggle
the the the
"""

// Expected scores from real KenLM (kenlm 0.3.0 sdist from PyPI, built outside the repo):
//   query -v word lm-tiny.arpa < q.txt     (q.txt = lmQueryText)
// lm-tiny.arpa itself is `lmplz -o 3 --discount_fallback < lm-tiny.txt` (our own sentences).
let lmTinyExpected: [Float] = [
    -0.30792153, -0.7062181, -2.3132815, -0.9194923,
    -0.30792153, -2.0011733, -2.099921, -0.9194923,
    -2.1004093, -1.2205223, -1.9776921, -2.099921, -0.9194923, -0.7233119, -0.7822206,
    -2.254823, -1.7988911, -0.9194923, -1.9776921, -1.2205223,
    -0.30792153, -1.2761881, -1.252707, -1.252707,
]

final class ARPAScoreTests: XCTestCase {
    let tinyExpected = lmTinyExpected

    // lm-gaps.arpa is hand-written: no <unk> (KenLM substitutes -100), a 3-gram whose 2-gram
    // suffix is missing ("the struggle ended" without "struggle ended"). Same KenLM command.
    let gapsExpected: [Float] = [
        -0.2, -0.1, -1.2, -0.3,
        -0.2, -1.05, -0.4, -0.3,
        -1.6, -0.8, -0.9, -0.4, -0.70000005, -0.7, -1.3,
        -100.5, -1.2, -0.70000005, -0.9, -1.25,
        -0.2, -1, -0.85, -1.05,
    ]

    func check(_ got: [Float], _ want: [Float], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, want.count, file: file, line: line)
        for (i, (g, w)) in zip(got, want).enumerated() {
            XCTAssertEqual(g, w, accuracy: 1e-4, "word \(i)", file: file, line: line)
        }
    }

    func testTinyMatchesKenLM() throws {
        let m = try NGramModel(arpaPath: lmFixture("lm-tiny.arpa"))
        XCTAssertEqual(m.order, 3)
        XCTAssertEqual(m.counts, [39, 67, 74])
        check(wordScores(m, lmQueryText), tinyExpected)
    }

    func testGapsMatchKenLM() throws {
        let m = try NGramModel(arpaPath: lmFixture("lm-gaps.arpa"))
        XCTAssertEqual(m.word(m.unknownWord), "<unk>")
        check(wordScores(m, lmQueryText), gapsExpected)
    }

    /// KenLM `query lm-tiny.arpa < q.txt`: "Perplexity including OOVs: 20.852780802776394",
    /// "Perplexity excluding OOVs: 12.887332945221704", OOVs 5, Tokens 24.
    func testPerplexityMatchesKenLM() throws {
        let m = try NGramModel(arpaPath: lmFixture("lm-tiny.arpa"))
        let r = withUTF8Bytes(of: lmQueryText + "\n") { Perplexity.measure(m, text: $0, tokenized: true) }
        XCTAssertEqual(r.tokens, 24)
        XCTAssertEqual(r.oovs, 5)
        XCTAssertEqual(r.sentences, 5)
        XCTAssertEqual(r.perplexity, 20.852780802776394, accuracy: 20.85 * 1e-6)
        XCTAssertEqual(r.perplexityExcludingOOVs, 12.887332945221704, accuracy: 12.88 * 1e-6)
    }

    /// SRILM pruning can leave an n-gram whose context is missing (KenLM refuses such files:
    /// "The context of every 3-gram should appear as a 2-gram"). Unspin adds the missing context
    /// with the probability backoff gives it and backoff 0, so standard backoff scores are kept.
    func testMissingContextIsFilledIn() throws {
        let text = try String(contentsOfFile: lmFixture("lm-gaps.arpa"), encoding: .utf8)
            .replacingOccurrences(of: "ngram 2=6", with: "ngram 2=5")
            .replacingOccurrences(of: "-0.9\tthe struggle\t-0.05\n", with: "")
        let m = try NGramModel(arpaText: text, name: "gaps")
        XCTAssertEqual(m.counts, [7, 7, 2])  // + <unk>; + "the struggle" and "struggle ended"
        // the: "<s> the" -0.2. struggle: no "<s> the struggle", so bo(<s> the) -0.15 + p(struggle|the),
        // which is the added "the struggle": bo(the) -0.25 + p(struggle) -1.3 → -1.7.
        // ended: "the struggle ended" -0.4. </s>: the added "struggle ended" has backoff 0 and
        // no extension, so the context is "ended": "ended </s>" -0.3.
        let want: [Float] = [-0.2, -1.7, -0.4, -0.3]
        let got = wordScores(m, "the struggle ended")
        for (g, w) in zip(got, want) { XCTAssertEqual(g, w, accuracy: 1e-6) }
    }

    func testLoadDetectsARPA() throws {
        let m = try NGramModel.load(path: lmFixture("lm-tiny.arpa"))
        XCTAssertEqual(m.vocabularySize, 39)
        XCTAssertEqual(m.index(of: "zebra"), m.unknownWord)
        XCTAssertEqual(m.word(m.index(of: "minister")), "minister")
    }

    /// Equal contexts give equal states, whatever came before them; minimal states recombine.
    func testStatesAreCanonical() throws {
        let m = try NGramModel(arpaPath: lmFixture("lm-tiny.arpa"))
        func state(_ words: [String]) -> LMState {
            var s = m.beginSentenceState(), n = LMState()
            for w in words { _ = m.score(s, m.index(of: w), next: &n); s = n }
            return s
        }
        XCTAssertEqual(state(["people", "said", "the"]), state(["the", "minister", "said", "the"]))
        XCTAssertNotEqual(state(["said", "the"]), state(["in", "the"]))
        // An unknown word leaves no context (<unk> never starts a longer n-gram here).
        XCTAssertEqual(state(["the", "zebra"]).length, 0)
        XCTAssertEqual(m.sentenceScore(["the", "war", "ended"]), -4.2469134, accuracy: 1e-4)
    }
}
