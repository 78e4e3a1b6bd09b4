import XCTest
@testable import Unspin

final class KneserNeyTests: XCTestCase {
    func train(_ text: String, order: Int = 2, prune: [Int] = [], vocab: Int? = nil) throws -> (NGramModel, KneserNeyTrainer) {
        var o = KneserNeyOptions()
        o.order = order
        o.pruneThresholds = prune
        o.vocabularySize = vocab
        o.fallbackDiscounts = [0.5, 1, 1.5]
        let t = try KneserNeyTrainer(options: o)
        withUTF8Bytes(of: text) { t.addText($0, tokenized: true) }
        return (try t.train(), t)
    }

    func score(_ m: NGramModel, _ context: [String], _ word: String) -> Float {
        var s = m.beginSentenceState(), n = LMState()
        for w in context { _ = m.score(s, m.index(of: w), next: &n); s = n }
        return m.score(s, word == "</s>" ? m.endSentenceWord : m.index(of: word), next: &n)
    }

    /// Corpus "a b / a c / b a b", order 2, computed by hand:
    /// bigram counts <s>a 2, ab 2, b</s> 2, ac 1, c</s> 1, <s>b 1, ba 1 → count-of-counts t1=4, t2=3,
    /// t3=0, so the fallback discounts D1=.5, D2=1 apply (likewise for unigrams: t1=1, t2=3).
    /// Unigram adjusted counts (distinct left neighbours): a 2, b 2, c 1, </s> 2; total 7;
    /// gamma = (3·1 + 1·0.5)/7 = 0.5; uniform = 1/5 (6 words without <s>).
    /// p(a) = p(b) = p(</s>) = 1/7 + 0.1; p(c) = 0.5/7 + 0.1; p(<unk>) = 0.1.
    /// Context a: ab 2, ac 1 → gamma(a) = (1 + .5)/3 = .5; p(b|a) = 1/3 + .5 p(b); p(c|a) = .5/3 + .5 p(c).
    /// Context c: c</s> 1 → gamma(c) = .5; p(</s>|c) = .5 + .5 p(</s>).
    func testHandComputedBigram() throws {
        let (m, t) = try train("a b\na c\nb a b\n")
        // 7 words and 3 sentence ends; the header keeps the count.
        XCTAssertEqual(t.tokenCount, 10)
        XCTAssertEqual(m.trainingTokens, 10)
        XCTAssertEqual(t.discounts, [[0.5, 1, 1.5], [0.5, 1, 1.5]])
        XCTAssertEqual(t.fallbackOrders, [1, 2])
        let pa = 1.0 / 7 + 0.1, pc = 0.5 / 7 + 0.1
        let cases: [([String], String, Double)] = [
            ([], "a", 1.0 / 3 + 0.5 * pa),                  // p(a|<s>): <s>a 2, <s>b 1
            ([], "b", 0.5 / 3 + 0.5 * pa),                  // p(b|<s>)
            (["a"], "b", 1.0 / 3 + 0.5 * pa),               // p(b|a)
            (["a"], "c", 0.5 / 3 + 0.5 * pc),               // p(c|a)
            (["a", "c"], "</s>", 0.5 + 0.5 * pa),           // p(</s>|c)
            (["a", "c"], "a", 0.5 * pa),                    // unseen c a: gamma(c) p(a)
            (["a", "c"], "zebra", 0.5 * 0.1),               // <unk> after c
            (["b"], "a", 0.5 / 3 + 0.5 * pa),               // p(a|b): b</s> 2, ba 1
        ]
        for (ctx, w, p) in cases {
            XCTAssertEqual(score(m, ctx, w), Float(log10(p)), accuracy: 1e-6, "\(ctx) \(w)")
        }
        XCTAssertEqual(m.word(m.unknownWord), "<unk>")
        // Unigram probabilities sum to one (without <s>).
        var n = LMState()
        let total = ["a", "b", "c", "zebra"].reduce(0.0) { $0 + pow(10, Double(m.score(m.nullContextState(), m.index(of: $1), next: &n))) }
            + pow(10, Double(m.score(m.nullContextState(), m.endSentenceWord, next: &n)))
        XCTAssertEqual(total, 1, accuracy: 1e-6)
    }

    /// Closed-form discounts (Chen & Goodman eq. 26): bigram counts 1,2,3,4,1 twice each →
    /// t1=4, t2=2, t3=2, t4=2; Y = 4/(4+2·2) = .5; D1 = 1 - 2Y·2/4 = .5; D2 = 2 - 3Y·2/2 = .5;
    /// D3+ = 3 - 4Y·2/2 = 1. Unigrams (a..e have 1 left neighbour, </s> 5) have no t2: fallback.
    func testClosedFormDiscounts() throws {
        let text = "a\nb\nb\nc\nc\nc\nd\nd\nd\nd\ne\n"
        let (_, t) = try train(text)
        XCTAssertEqual(t.discounts[1], [0.5, 0.5, 1.0])
        XCTAssertEqual(t.fallbackOrders, [1])
    }

    /// Training on the lm-tiny corpus gives lmplz's model (lm-tiny.arpa, made with
    /// `lmplz -o 3 --discount_fallback`): the same KenLM-checked scores.
    func testTrigramMatchesLmplz() throws {
        let text = try String(contentsOfFile: lmFixture("lm-tiny.txt"), encoding: .utf8)
        let (m, _) = try train(text, order: 3)
        XCTAssertEqual(m.counts, [39, 67, 74])
        let expected = lmTinyExpected
        let got = wordScores(m, lmQueryText)
        XCTAssertEqual(got.count, expected.count)
        for (g, w) in zip(got, expected) { XCTAssertEqual(g, w, accuracy: 1e-4) }
    }

    /// Pruning singletons of order 2 drops them and moves their mass into the backoff.
    func testPruning() throws {
        let (m, _) = try train("a b\na c\nb a b\n", prune: [0, 1])
        // Kept bigrams: counts ≥ 2 (<s> a, a b, b </s>).
        XCTAssertEqual(m.counts, [6, 3])
        // Context a: ab 2 kept (2-1)/3; ac 1 pruned → its whole count goes to gamma: (1 + 1)/3.
        let pa = 1.0 / 7 + 0.1, pc = 0.5 / 7 + 0.1
        XCTAssertEqual(score(m, ["a"], "b"), Float(log10(1.0 / 3 + 2.0 / 3 * pa)), accuracy: 1e-6)
        XCTAssertEqual(score(m, ["a"], "c"), Float(log10(2.0 / 3 * pc)), accuracy: 1e-6)
    }

    /// A vocabulary limit maps rare words to <unk>, which then has counts of its own.
    func testVocabularySize() throws {
        let (m, _) = try train("a b\na c\nb a b\n", vocab: 2)
        XCTAssertEqual(m.vocabularySize, 5)
        XCTAssertEqual(m.index(of: "c"), m.unknownWord)
        XCTAssertGreaterThan(score(m, ["a"], "c"), score(m, ["a"], "zebra") - 1e-6)
    }

    func testRawTextTokenization() throws {
        var o = KneserNeyOptions()
        o.order = 2
        o.fallbackDiscounts = [0.5, 1, 1.5]
        let t = try KneserNeyTrainer(options: o)
        withUTF8Bytes(of: "The War ended. It’s over!\n\nPeace") { t.addText($0, tokenized: false) }
        XCTAssertEqual(t.sentenceCount, 3)
        let m = try t.train()
        XCTAssertNotEqual(m.index(of: "it's"), m.unknownWord)
        XCTAssertNotEqual(m.index(of: "."), m.unknownWord)
        XCTAssertEqual(m.index(of: "The"), m.unknownWord)  // words are folded
    }

    /// Sentence "a b" plus the fragment "b c" (order 2, fallback discounts .5/1/1.5):
    /// the fragment adds the bigram "b c" (count 1) and one unknown left neighbour of "b", but no
    /// <s> or </s>. Bigrams <s>a, ab, b</s>, bc (the marker bigram is not written). Unigram
    /// continuation counts a 1, b 2 (a and the unknown word), c 1, </s> 1: total 5,
    /// gamma = (.5·3 + 1·1)/5 = .5, uniform 1/5: p(a) = p(c) = p(</s>) = .5/5 + .1 = .2, p(b) = 1/5 + .1 = .3.
    /// Context b: b</s> 1, bc 1 → gamma .5: p(c|b) = .5/2 + .5·.2 = .35. Context <s>: p(b|<s>) = .5 p(b).
    func testFragments() throws {
        var o = KneserNeyOptions()
        o.order = 2
        o.fallbackDiscounts = [0.5, 1, 1.5]
        let t = try KneserNeyTrainer(options: o)
        withUTF8Bytes(of: "a b\n") { t.addText($0, tokenized: true) }
        withUTF8Bytes(of: "b c\n") { t.addFragments($0, tokenized: true) }
        XCTAssertEqual(t.fragmentCount, 1)
        let m = try t.train()
        XCTAssertEqual(m.counts, [6, 4])
        XCTAssertEqual(score(m, ["b"], "c"), Float(log10(0.35)), accuracy: 1e-6)
        XCTAssertEqual(score(m, ["b"], "</s>"), Float(log10(0.35)), accuracy: 1e-6)
        XCTAssertEqual(score(m, [], "b"), Float(log10(0.15)), accuracy: 1e-6)
        XCTAssertEqual(score(m, ["a"], "b"), Float(log10(0.5 + 0.5 * 0.3)), accuracy: 1e-6)
        var n = LMState()
        XCTAssertEqual(m.score(m.nullContextState(), m.index(of: "c"), next: &n), Float(log10(0.2)), accuracy: 1e-6)
    }

    func testBadOptions() {
        var o = KneserNeyOptions()
        o.order = 6
        XCTAssertThrowsError(try KneserNeyTrainer(options: o))
        o.order = 3
        o.pruneThresholds = [0, 2, 1]
        XCTAssertThrowsError(try KneserNeyTrainer(options: o))
        o.pruneThresholds = [1]
        XCTAssertThrowsError(try KneserNeyTrainer(options: o))
    }
}
