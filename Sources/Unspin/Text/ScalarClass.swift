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
        if v < 0x80 { return ascii(UInt8(truncatingIfNeeded: v)) }
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

    /// The class of an ASCII byte, by arithmetic (no table, so no lazy global on the hot path).
    @inlinable
    static func ascii(_ b: UInt8) -> ScalarClass {
        if (b | 0x20) &- 0x61 < 26 { return .letter }
        if b &- 0x30 < 10 { return .digit }
        if b == 0x20 || b &- 0x09 < 5 { return .space }
        return .other
    }
}
