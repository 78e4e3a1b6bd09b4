/// Character classes the tokenizer needs, for ASCII by table and for other scalars by
/// Unicode properties (computed without allocating).
@usableFromInline
enum ScalarClass: UInt8 {
    case letter = 0     // letters and combining marks of any script
    case digit = 1      // decimal digits and other numerals
    case space = 2
    case other = 3      // punctuation, symbols, emoji, controls

    /// - Complexity: O(1) for ASCII; a Unicode property lookup otherwise.
    @inlinable
    static func of(_ v: UInt32) -> ScalarClass {
        if v < 0x80 { return ScalarClass(rawValue: asciiTable[Int(v)])! }
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

    @usableFromInline
    static let asciiTable: [UInt8] = (0..<128).map { (i: Int) -> UInt8 in
        switch i {
        case 0x30...0x39: return ScalarClass.digit.rawValue
        case 0x41...0x5A, 0x61...0x7A: return ScalarClass.letter.rawValue
        case 0x09...0x0D, 0x20: return ScalarClass.space.rawValue
        default: return ScalarClass.other.rawValue
        }
    }
}
