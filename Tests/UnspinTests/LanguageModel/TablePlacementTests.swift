import XCTest
@testable import Unspin

/// The image builder inserts each order's n-grams most frequent first (by the chain-rule
/// probability of the whole n-gram), so that with linear probing the n-grams a text queries
/// most sit at or next to their home slot. These tests check the placement, not only the
/// scores: of two n-grams with the same home slot, the more probable one is never further
/// from it.
final class TablePlacementTests: XCTestCase {
    /// A 3-gram model over 40 words with pseudo-random probabilities: enough bigrams that many
    /// share a home slot. Returns the ARPA text and the log10 probability of every n-gram.
    func syntheticModel() -> (text: String, prob: [String: Float]) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % n
        }
        let words = (0..<40).map { "w\($0)" } + ["<s>", "</s>"]
        var prob: [String: Float] = [:]
        var unigrams: [String] = ["-99\t<s>\t-0.5", "-1.5\t</s>", "-2\t<unk>"]
        prob["</s>"] = -1.5
        for (i, w) in words.prefix(40).enumerated() {
            let p = -1 - Float(i % 9) * 0.25
            prob[w] = p
            unigrams.append("\(p)\t\(w)\t-0.25")
        }
        var bigrams: [String] = [], pairs: [(Int, Int)] = []
        var seen = Set<String>()
        while bigrams.count < 700 {
            let a = next(41), b = next(40)
            let first = a == 40 ? "<s>" : words[a]
            let g = "\(first) \(words[b])"
            guard seen.insert(g).inserted else { continue }
            // Quarter steps: some ties, broken by key.
            let p = -0.5 - Float(next(12)) * 0.25
            prob[g] = p
            bigrams.append("\(p)\t\(g)\t-0.125")
            if a < 40 { pairs.append((a, b)) }
        }
        // Trigrams whose prefix and suffix bigrams are both listed (so the builder adds none).
        var trigrams: [String] = []
        for (a, b) in pairs {
            for c in 0..<40 where seen.contains("\(words[b]) \(words[c])") && trigrams.count < 150 && next(3) == 0 {
                let g = "\(words[a]) \(words[b]) \(words[c])"
                let p = -0.25 - Float(next(8)) * 0.25
                prob[g] = p
                trigrams.append("\(p)\t\(g)")
            }
        }
        var text = "\\data\\\nngram 1=\(unigrams.count)\nngram 2=\(bigrams.count)\nngram 3=\(trigrams.count)\n\n"
        text += "\\1-grams:\n" + unigrams.joined(separator: "\n") + "\n\n"
        text += "\\2-grams:\n" + bigrams.joined(separator: "\n") + "\n\n"
        text += "\\3-grams:\n" + trigrams.joined(separator: "\n") + "\n\n\\end\\\n"
        return (text, prob)
    }

    func testMoreProbableNGramsSitNearerTheirHome() throws {
        let (text, prob) = syntheticModel()
        let model = try NGramModel(arpaText: text, name: "synthetic.arpa")
        let h = model.handle
        XCTAssertEqual(model.counts, [43, 700, 150])
        /// The words of the n-gram stored in slot `slot` of table `n`.
        func words(_ n: Int, _ slot: Int) -> [String] {
            let key = h.key(n, slot)
            let last = model.word(UInt32(truncatingIfNeeded: key))
            let context = UInt32(truncatingIfNeeded: key >> 32)
            return (n == 2 ? [model.word(context)] : words(n - 1, Int(context))) + [last]
        }
        /// The chain-rule weight the builder sorts by (`<s>` counts as often as `</s>`).
        func weight(_ g: [String]) -> Float {
            var total = prob[g[0] == "<s>" ? "</s>" : g[0]]!
            for k in 2...g.count { total += prob[g.prefix(k).joined(separator: " ")]! }
            return total
        }
        var pairsChecked = 0
        for n in 2...3 {
            let table = h.table(n)
            let cap = Int(table.capacity)
            var byHome: [Int: [(slot: Int, key: UInt64, weight: Float)]] = [:]
            for slot in 0..<cap where table.key(slot) != LMLayout.emptyKey {
                let key = table.key(slot)
                byHome[LMLayout.home(key, table.capacity), default: []].append((slot, key, weight(words(n, slot))))
            }
            for (home, entries) in byHome {
                for a in entries {
                    for b in entries where a.key != b.key {
                        let aFirst = a.weight > b.weight || (a.weight == b.weight && a.key < b.key)
                        guard aFirst else { continue }
                        let da = (a.slot - home + cap) % cap, db = (b.slot - home + cap) % cap
                        XCTAssertLessThan(da, db, "\(n)-grams \(words(n, a.slot)) (\(a.weight)) and \(words(n, b.slot)) (\(b.weight)), home \(home)")
                        pairsChecked += 1
                    }
                }
            }
        }
        // Enough collisions for the test to mean something.
        XCTAssertGreaterThan(pairsChecked, 60)
    }
}
