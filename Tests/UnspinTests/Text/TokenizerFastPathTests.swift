import XCTest
@testable import Unspin

/// The reference the tokenizer's fast paths must match.
enum ReferenceTokenizer {
    /// The classes by Unicode properties alone (the definition of `ScalarClass`).
    static func scalarClass(_ v: UInt32) -> ScalarClass {
        guard let s = Unicode.Scalar(v) else { return .other }
        let p = s.properties
        if p.isWhitespace { return .space }
        switch p.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark:
            return .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .digit
        default:
            return .other
        }
    }
}

final class TokenizerFastPathTests: XCTestCase {
    /// Every scalar's class from the range fast paths equals its class by Unicode properties.
    func testScalarClassMatchesPropertiesForEveryScalar() {
        var mismatches: [String] = []
        for v in UInt32(0)...0x10FFFF where !(0xD800...0xDFFF).contains(v) {
            let fast = ScalarClass.of(v), reference = ReferenceTokenizer.scalarClass(v)
            if fast != reference && mismatches.count < 20 {
                mismatches.append("U+\(String(v, radix: 16, uppercase: true)): \(fast) != \(reference)")
            }
        }
        XCTAssertEqual(mismatches, [])
    }
}
