/// The capitalisation of a spun phrase, to be given to the original written in its place.
public enum CasePattern: Sendable, Equatable {
    /// Lowercase (or mixed): the original is written as its table writes it.
    case asWritten
    /// The first letter is a capital: "Mentioned" → "Said".
    case firstUpper
    /// Every word starts with a capital: "Air Drive" → "Air Force".
    case eachWordUpper
    /// All letters are capitals (two or more letters): "MENTIONED" → "SAID".
    case allUpper

    /// Reads the pattern of a spun phrase.
    /// - Complexity: O(n).
    public static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> CasePattern {
        let h = _UTF8Handle(bytes)
        var i = 0
        var upper = 0, lower = 0, words = 0, titledWords = 0
        var atWordStart = true
        var firstLetterUpper: Bool? = nil
        while i < h.count {
            let (s, len) = h.decode(at: i)   // one byte, no table, for ASCII
            i += len
            guard let v = s else { atWordStart = true; continue }
            let c = ScalarClass.of(v)
            if c == .letter || c == .digit {
                let isUpper = v < 0x80 ? (v &- 0x41) < 26 : Folding.lower(v) != v
                let isLower = v < 0x80 ? (v &- 0x61) < 26 : Folding.upper(v) != v
                if isUpper { upper += 1 }
                if isLower { lower += 1 }
                if atWordStart {
                    words += 1
                    if isUpper { titledWords += 1 }
                    if firstLetterUpper == nil { firstLetterUpper = isUpper }
                }
                atWordStart = false
            } else if c == .space {
                atWordStart = true
            }
        }
        if upper >= 2 && lower == 0 { return .allUpper }
        if words >= 2 && titledWords == words { return .eachWordUpper }
        if firstLetterUpper == true { return .firstUpper }
        return .asWritten
    }

    /// Writes `original` in this pattern. Capitals the original already has are kept.
    /// - Complexity: O(n).
    public func apply(to original: String, into out: inout [UInt8]) {
        withUTF8Bytes(of: original) { bytes in
            let h = _UTF8Handle(bytes)
            var i = 0
            var first = true
            var atWordStart = true
            while i < h.count {
                let (s, len) = h.decode(at: i)
                guard let v = s else { out.append(h[i]); i += 1; continue }
                i += len
                let c = ScalarClass.of(v)
                var w = v
                if c == .letter || c == .digit {
                    let up: Bool
                    switch self {
                    case .allUpper: up = true
                    case .eachWordUpper: up = atWordStart
                    case .firstUpper: up = first
                    case .asWritten: up = false
                    }
                    if up { w = v < 0x80 ? ((v &- 0x61) < 26 ? v &- 0x20 : v) : Folding.upper(v) }
                    first = false
                    atWordStart = false
                } else if c == .space {
                    atWordStart = true
                }
                if w < 0x80 { out.append(UInt8(truncatingIfNeeded: w)) } else { appendUTF8(w, to: &out) }
            }
        }
    }
}
