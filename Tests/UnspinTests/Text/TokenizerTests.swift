import XCTest
@testable import Unspin

/// A small deterministic generator (SplitMix64) so property tests are repeatable.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

final class TokenizerTests: XCTestCase {
    func kinds(_ s: String) -> [String] {
        let tokens = Tokenizer.tokenize(s)
        let bytes = Array(s.utf8)
        return tokens.map { t in
            let text = String(decoding: bytes[t.start..<t.end], as: UTF8.self)
            switch t.kind {
            case .word: return "W:\(text)"
            case .number: return "N:\(text)"
            case .punctuation: return "P:\(text)"
            case .space: return "S\(t.newlines)"
            case .invalid: return "X"
            }
        }
    }

    func testTokenKinds() {
        let cases: [(String, [String])] = [
            ("He said: don't", ["W:He", "S0", "W:said", "P::", "S0", "W:don't"]),
            ("don’t Trump-Putin", ["W:don’t", "S0", "W:Trump-Putin"]),
            ("3.5% of 10,000 people.", ["N:3.5", "P:%", "S0", "W:of", "S0", "N:10,000", "S0", "W:people", "P:."]),
            ("in 2008. Then", ["W:in", "S0", "N:2008", "P:.", "S0", "W:Then"]),
            ("1st COVID-19", ["W:1st", "S0", "W:COVID-19"]),
            ("a -b- 'c'", ["W:a", "S0", "P:-", "W:b", "P:-", "S0", "P:'", "W:c", "P:'"]),
            ("x\r\n\r\ny", ["W:x", "S2", "W:y"]),
            ("a\t\u{00A0}b", ["W:a", "S0", "W:b"]),
            ("Привет, мир", ["W:Привет", "P:,", "S0", "W:мир"]),
            ("東京 👍🏽!", ["W:東京", "S0", "P:👍", "P:🏽", "P:!"]),
            ("café naïve", ["W:café", "S0", "W:naïve"]),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(kinds(input), expected, "tokenizing \(input.debugDescription)")
        }
    }

    func testInvalidBytesAreOwnTokens() {
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0xC3, 0x20, 0xE2, 0x82, 0x00, 0xED, 0xA0, 0x80]
        var tokens: [Token] = []
        bytes.withUnsafeBufferPointer { Tokenizer.tokenize($0, into: &tokens) }
        XCTAssertEqual(tokens.map(\.kind), [.word, .invalid, .word, .invalid, .space, .invalid, .invalid,
                                            .punctuation, .invalid, .invalid, .invalid])
    }

    /// Property: tokens tile the input exactly, for random byte strings.
    func testRoundTripOverRandomBytes() {
        var rng = SeededGenerator(state: 42)
        let alphabet: [[UInt8]] = [
            Array("a".utf8), Array("Z".utf8), Array(" ".utf8), Array("\n".utf8), Array("\r\n".utf8),
            Array("'".utf8), Array("’".utf8), Array("-".utf8), Array(".".utf8), Array("7".utf8),
            Array("é".utf8), Array("Ж".utf8), Array("語".utf8), Array("🙂".utf8), [0x00], [0xFF], [0xC3], [0xE2, 0x80],
            Array("\t".utf8), Array(",".utf8),
        ]
        for _ in 0..<2000 {
            var bytes: [UInt8] = []
            let n = Int.random(in: 0..<40, using: &rng)
            for _ in 0..<n {
                if Bool.random(using: &rng) { bytes.append(UInt8.random(in: 0...255, using: &rng)) }
                else { bytes.append(contentsOf: alphabet.randomElement(using: &rng)!) }
            }
            var tokens: [Token] = []
            bytes.withUnsafeBufferPointer { Tokenizer.tokenize($0, into: &tokens) }
            var pos = 0
            for t in tokens {
                XCTAssertEqual(t.start, pos, "gap or overlap in \(bytes)")
                XCTAssertGreaterThan(t.length, 0)
                pos = t.end
            }
            XCTAssertEqual(pos, bytes.count, "tokens do not cover \(bytes)")
        }
    }

    func testFolding() {
        XCTAssertEqual(Folding.fold("Mentioned"), "mentioned")
        XCTAssertEqual(Folding.fold("DON’T"), "don't")
        XCTAssertEqual(Folding.fold("ÉCOLE Straße"), "école straße")
        XCTAssertEqual(Folding.fold("ПРИВЕТ"), "привет")
        XCTAssertEqual(Folding.fold("ΑΘΗΝΑ"), "αθηνα")
    }
}
