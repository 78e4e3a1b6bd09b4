/// Character classes the tokenizer needs: for ASCII by arithmetic, for common non-ASCII
/// blocks by ranges, and for other scalars by Unicode properties (without allocating).
@usableFromInline
enum ScalarClass: UInt8 {
    case letter = 0     // letters and combining marks of any script
    case digit = 1      // decimal digits and other numerals
    case space = 2
    case other = 3      // punctuation, symbols, emoji, controls

    /// - Complexity: O(1); a Unicode property lookup only outside the blocks `nonASCII`
    ///   decides by ranges.
    @inlinable
    static func of(_ v: UInt32) -> ScalarClass {
        if v < 0x80 { return ascii(UInt8(truncatingIfNeeded: v)) }
        return nonASCII(v)
    }

    /// The class of an ASCII byte, by arithmetic (no table, so no lazy global on the hot path).
    @inlinable
    static func ascii(_ b: UInt8) -> ScalarClass {
        if isASCIILetter(b) { return .letter }
        if isASCIIDigit(b) { return .digit }
        if isASCIISpace(b) { return .space }
        return .other
    }

    /// Whether `b` is an ASCII letter (A–Z, a–z).
    @inlinable @inline(__always)
    static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }

    /// Whether `b` is an ASCII digit.
    @inlinable @inline(__always)
    static func isASCIIDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    /// Whether `b` is ASCII whitespace: space, TAB, LF, VT, FF, CR.
    @inlinable @inline(__always)
    static func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || b &- 0x09 < 5 }

    /// Whether `b` is an ASCII letter or digit.
    @inlinable @inline(__always)
    static func isASCIIAlphanumeric(_ b: UInt8) -> Bool { isASCIILetter(b) || isASCIIDigit(b) }

    // U+0080–U+00BF, one bit per scalar (bit v - 0x80).
    /// ª µ º
    @usableFromInline static var latin1Letters: UInt64 { 1 << (0xAA - 0x80) | 1 << (0xB5 - 0x80) | 1 << (0xBA - 0x80) }
    /// ² ³ ¹ ¼ ½ ¾
    @usableFromInline static var latin1Digits: UInt64 {
        1 << (0xB2 - 0x80) | 1 << (0xB3 - 0x80) | 1 << (0xB9 - 0x80) | 1 << (0xBC - 0x80) | 1 << (0xBD - 0x80)
            | 1 << (0xBE - 0x80)
    }
    /// NEL, NBSP
    @usableFromInline static var latin1Spaces: UInt64 { 1 << (0x85 - 0x80) | 1 << (0xA0 - 0x80) }

    /// The class of a scalar >= U+0080. Common blocks (Latin, Greek, Cyrillic, general
    /// punctuation, CJK, Hangul, emoji) by ranges, whose answers a test checks against
    /// `byProperties` for every scalar; the rest by `byProperties`.
    @usableFromInline
    static func nonASCII(_ v: UInt32) -> ScalarClass {
        if v < 0x100 {
            if v >= 0xC0 { return v == 0xD7 || v == 0xF7 ? .other : .letter }   // × ÷
            let bit: UInt64 = 1 &<< UInt64(v &- 0x80)
            if latin1Letters & bit != 0 { return .letter }
            if latin1Digits & bit != 0 { return .digit }
            if latin1Spaces & bit != 0 { return .space }
            return .other
        }
        if v < 0x530 {
            // Latin Extended-A/B, IPA, modifier letters, combining marks, Greek, Cyrillic.
            if v <= 0x2C1 || (v >= 0x300 && v <= 0x374) || (v >= 0x38E && v != 0x3A2 && v != 0x3F6 && v != 0x482) {
                return .letter
            }
            return byProperties(v)
        }
        if v < 0x2000 {
            if v >= 0x1D00 && v <= 0x1F15 { return .letter }   // phonetic extensions, Latin Extended Additional
            return byProperties(v)
        }
        if v < 0x2070 {
            // General punctuation: spaces U+2000–U+200A, U+2028, U+2029, U+202F, U+205F.
            if v <= 0x200A || v == 0x2028 || v == 0x2029 || v == 0x202F || v == 0x205F { return .space }
            return .other
        }
        if v < 0x3000 {
            if (v >= 0x20A0 && v <= 0x20CF) || (v >= 0x2190 && v <= 0x245F) || (v >= 0x2500 && v <= 0x2775) {
                return .other   // currency, arrows, mathematical operators, box drawing, dingbats
            }
            return byProperties(v)
        }
        if v < 0x3100 {
            if v == 0x3000 { return .space }
            if v <= 0x3004 { return .other }
            if (v >= 0x3041 && v <= 0x3096) || (v >= 0x30A1 && v <= 0x30FA) { return .letter }   // kana
            return byProperties(v)
        }
        if (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4E00 && v <= 0xA48C) || (v >= 0xAC00 && v <= 0xD7A3) {
            return .letter   // CJK ideographs, Yi, Hangul syllables
        }
        if v >= 0x1F10D && v <= 0x1FBEF { return .other }   // emoji and other pictographs
        return byProperties(v)
    }

    /// The class by Unicode properties (the definition the fast paths follow).
    @usableFromInline @inline(never)
    static func byProperties(_ v: UInt32) -> ScalarClass {
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
}
