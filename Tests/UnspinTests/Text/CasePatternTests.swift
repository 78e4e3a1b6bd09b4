import XCTest
@testable import Unspin

final class CasePatternTests: XCTestCase {
    func apply(_ spun: String, _ original: String) -> String {
        var out: [UInt8] = []
        let p = Array(spun.utf8).withUnsafeBufferPointer { CasePattern.of($0) }
        p.apply(to: original, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func testPatterns() {
        let cases: [(String, String, String)] = [
            ("mentioned", "said", "said"),
            ("Mentioned", "said", "Said"),
            ("MENTIONED", "said", "SAID"),
            ("Air Drive", "air force", "Air Force"),
            ("A minimum of", "at least", "At least"),
            ("a minimum of", "at least", "at least"),
            ("applied sciences", "technologies", "technologies"),
            ("synthetic intelligence", "AI", "AI"),
            ("Élan", "énergie", "Énergie"),
            ("ПОМОЩЬ", "помощь", "ПОМОЩЬ"),
            ("I", "me", "Me"),
        ]
        for (spun, orig, want) in cases {
            XCTAssertEqual(apply(spun, orig), want, "\(spun) → \(orig)")
        }
    }
}
