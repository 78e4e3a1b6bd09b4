import XCTest
@testable import Unspin

/// EM on a synthetic spinner whose channel the test knows.
final class DeciphermentTests: XCTestCase {
    /// A bigram model of our own: "drive the car ." and "an auto maker ." are likely, anything else backs off.
    static let arpa = """
    \\data\\
    ngram 1=11
    ngram 2=9

    \\1-grams:
    -1.5\t<unk>\t0
    0\t<s>\t-0.5
    -1.5\t</s>\t0
    -1.5\tdrive\t-0.5
    -1.5\tthe\t-0.5
    -1.5\tcar\t-0.5
    -1.5\tauto\t-0.5
    -1.5\tvehicle\t-0.5
    -1.5\tan\t-0.5
    -1.5\tmaker\t-0.5
    -1.5\t.\t-0.5

    \\2-grams:
    -0.3\t<s> drive
    -0.3\t<s> an
    -0.05\tdrive the
    -0.1\tthe car
    -0.1\tcar .
    -0.1\tan auto
    -0.1\tauto maker
    -0.1\tmaker .
    -0.01\t. </s>

    \\end\\

    """

    /// The candidate table: deliberately wrong priors, which EM must correct; "auto" has a keep line.
    static let candidates = [
        LearnedEntry(spun: "auto", original: "car", count: 0, originalCount: 0, weight: 0.05),
        LearnedEntry(spun: "vehicle", original: "car", count: 0, originalCount: 0, weight: 0.05),
        LearnedEntry(spun: "auto", original: "auto", count: 0, originalCount: 0, weight: 0.9),
        LearnedEntry(spun: "a minimum of", original: "at least", count: 0, originalCount: 0, weight: 0.3),
    ]

    /// Spun text from the known channel car → auto 0.3, vehicle 0.2, car 0.5 (seeded generator),
    /// plus sentences where "auto" is itself the original. Returns the text and the realised counts.
    static func spunText(sentences: Int, nativeAuto: Int) -> (String, auto: Int, vehicle: Int, kept: Int) {
        var seed: UInt64 = 0x2545F4914F6CDD1D
        var counts = (auto: 0, vehicle: 0, kept: 0)
        var lines: [String] = []
        for k in 0..<sentences {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let r = Double(seed >> 11) / Double(1 << 53)
            let word: String
            if r < 0.3 { word = "auto"; counts.auto += 1 } else if r < 0.5 { word = "vehicle"; counts.vehicle += 1 } else { word = "car"; counts.kept += 1 }
            lines.append("Drive the \(word).")
            if k < nativeAuto { lines.append("An auto maker.") }
        }
        return (lines.joined(separator: "\n") + "\n", counts.auto, counts.vehicle, counts.kept)
    }

    func weights(_ entries: [LearnedEntry]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: entries.map { ("\($0.spun)|\($0.original)", $0.weight) })
    }

    func testRecoversTheSpinnersTable() throws {
        let model = try NGramModel(arpaText: Self.arpa, name: "synthetic")
        let (text, auto, vehicle, kept) = Self.spunText(sentences: 1000, nativeAuto: 300)
        var em = Decipherment(candidates: Self.candidates)
        em.priorStrength = 1
        em.add(spunText: text, model: model)
        XCTAssertEqual(em.ambiguousOccurrences, auto + vehicle + 300)   // spun auto and vehicle, and every native auto
        let w = weights(em.learnedEntries(iterations: 10))
        let n = Double(auto + vehicle + kept)
        // The realised rates, and the generating table within sampling noise.
        XCTAssertEqual(w["auto|car"]!, Double(auto) / n, accuracy: 0.01)
        XCTAssertEqual(w["vehicle|car"]!, Double(vehicle) / n, accuracy: 0.01)
        XCTAssertEqual(1 - w["auto|car"]! - w["vehicle|car"]!, Double(kept) / n, accuracy: 0.01)
        XCTAssertEqual(w["auto|car"]!, 0.3, accuracy: 0.05)
        XCTAssertEqual(w["vehicle|car"]!, 0.2, accuracy: 0.05)
        XCTAssertNil(w["car|car"])   // keep lines only for words the table has as spun words
        // "auto" as an original stays itself: the table's keep weight times 1 / its normalised prior 1.
        XCTAssertEqual(w["auto|auto"]!, 0.9, accuracy: 0.01)
        XCTAssertEqual(w["a minimum of|at least"], 0.3)       // multiword entries pass through
    }

    func testTextWithoutSpinsLowersTheSubstitutionWeights() throws {
        let model = try NGramModel(arpaText: Self.arpa, name: "synthetic")
        var em = Decipherment(candidates: Self.candidates)
        em.priorStrength = 1
        em.add(spunText: String(repeating: "Drive the car. An auto maker.\n", count: 200), model: model)
        let w = weights(em.learnedEntries(iterations: 5))
        XCTAssertNil(w["auto|car"])                         // below minWeight, not written
        XCTAssertNil(w["vehicle|car"])
        XCTAssertEqual(w["auto|auto"]!, 0.9, accuracy: 0.01)
    }

    func testStrongPriorKeepsTheTableWeights() throws {
        let model = try NGramModel(arpaText: Self.arpa, name: "synthetic")
        var em = Decipherment(candidates: Self.candidates)
        em.priorStrength = 1e9
        em.add(spunText: Self.spunText(sentences: 100, nativeAuto: 10).0, model: model)
        let w = weights(em.learnedEntries(iterations: 3))
        // The table comes back as it was (a keep line where it had one).
        XCTAssertEqual(w["auto|car"]!, 0.05, accuracy: 1e-6)
        XCTAssertEqual(w["vehicle|car"]!, 0.05, accuracy: 1e-6)
        XCTAssertEqual(w["auto|auto"]!, 0.9, accuracy: 1e-6)
        XCTAssertNil(w["vehicle|vehicle"])   // the table has no keep line for it: none written
        XCTAssertEqual(w["a minimum of|at least"], 0.3)
    }
}
