// Character references of HTML text: `&name;`, `&#DDD;`, `&#xHH;`.
extension HTMLText {
    /// The reference at `h[i] == '&'`: its decoded UTF-8 and the offset after it; nil when the
    /// `&` starts none (it is then text). A reference needs its `;`. A numeric one that names
    /// no character (0, a surrogate, past U+10FFFF) reads as U+FFFD; a name this table does not
    /// know reads as its own bytes (still one unit: no edit splits it).
    /// - Complexity: O(length of the reference), at most 40 bytes read.
    static func reference(_ h: UnsafeBufferPointer<UInt8>, at i: Int) -> (bytes: [UInt8], end: Int)? {
        let n = h.count
        var j = i + 1
        guard j < n else { return nil }
        if h[j] == 0x23 {   // &#
            j += 1
            let hex = j < n && (h[j] | 0x20) == 0x78
            if hex { j += 1 }
            var v: UInt32 = 0
            let digitsStart = j
            while j < n && j - digitsStart < 8 {
                let b = h[j]
                let d: UInt32
                if b >= 0x30 && b <= 0x39 { d = UInt32(b - 0x30) } else if hex && (b | 0x20) >= 0x61 && (b | 0x20) <= 0x66 {
                    d = UInt32((b | 0x20) - 0x61 + 10)
                } else { break }
                v = v * (hex ? 16 : 10) + d
                j += 1
            }
            guard j > digitsStart, j < n, h[j] == 0x3B else { return nil }
            return (utf8(v), j + 1)
        }
        let nameStart = j
        while j < n && j - nameStart < 32 && (isLetter(h[j]) || (h[j] >= 0x30 && h[j] <= 0x39)) { j += 1 }
        guard j > nameStart, j < n, h[j] == 0x3B else { return nil }
        let name = Array(h[nameStart..<j])
        if let v = namedReferences[name] { return (utf8(v), j + 1) }
        return (Array(h[i...j]), j + 1)
    }

    /// The UTF-8 of scalar `v` (U+FFFD for a value that is not a character, or NUL).
    static func utf8(_ v: UInt32) -> [UInt8] {
        guard v != 0, let s = Unicode.Scalar(v) else { return [0xEF, 0xBF, 0xBD] }
        return Array(String(Character(s)).utf8)
    }

    /// The named references read: the markup ones, spaces and dashes, quotes, common symbols and
    /// the Latin-1 letters.
    static let namedReferences: [[UInt8]: UInt32] = {
        var t: [String: UInt32] = [
            "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "nbsp": 0xA0, "ensp": 0x2002,
            "emsp": 0x2003, "thinsp": 0x2009, "shy": 0xAD, "zwnj": 0x200C, "zwj": 0x200D, "ndash": 0x2013,
            "mdash": 0x2014, "lsquo": 0x2018, "rsquo": 0x2019, "sbquo": 0x201A, "ldquo": 0x201C, "rdquo": 0x201D,
            "bdquo": 0x201E, "laquo": 0xAB, "raquo": 0xBB, "lsaquo": 0x2039, "rsaquo": 0x203A, "hellip": 0x2026,
            "bull": 0x2022, "middot": 0xB7, "copy": 0xA9, "reg": 0xAE, "trade": 0x2122, "deg": 0xB0, "times": 0xD7,
            "divide": 0xF7, "euro": 0x20AC, "pound": 0xA3, "yen": 0xA5, "cent": 0xA2, "sect": 0xA7, "para": 0xB6,
            "plusmn": 0xB1, "frac12": 0xBD, "frac14": 0xBC, "frac34": 0xBE, "iexcl": 0xA1, "iquest": 0xBF,
            "dagger": 0x2020, "prime": 0x2032, "minus": 0x2212, "larr": 0x2190, "rarr": 0x2192,
            "szlig": 0xDF, "ordf": 0xAA, "ordm": 0xBA, "micro": 0xB5, "sup2": 0xB2, "sup3": 0xB3,
        ]
        // Latin-1 letters: &Agrave; … &yuml;.
        let letters: [(String, UInt32)] = [
            ("Agrave", 0xC0), ("Aacute", 0xC1), ("Acirc", 0xC2), ("Atilde", 0xC3), ("Auml", 0xC4), ("Aring", 0xC5),
            ("AElig", 0xC6), ("Ccedil", 0xC7), ("Egrave", 0xC8), ("Eacute", 0xC9), ("Ecirc", 0xCA), ("Euml", 0xCB),
            ("Igrave", 0xCC), ("Iacute", 0xCD), ("Icirc", 0xCE), ("Iuml", 0xCF), ("ETH", 0xD0), ("Ntilde", 0xD1),
            ("Ograve", 0xD2), ("Oacute", 0xD3), ("Ocirc", 0xD4), ("Otilde", 0xD5), ("Ouml", 0xD6), ("Oslash", 0xD8),
            ("Ugrave", 0xD9), ("Uacute", 0xDA), ("Ucirc", 0xDB), ("Uuml", 0xDC), ("Yacute", 0xDD), ("THORN", 0xDE),
        ]
        for (name, v) in letters {
            t[name] = v
            let lower = name == "AElig" ? "aelig" : name == "ETH" ? "eth" : name == "THORN" ? "thorn" : name.prefix(1).lowercased() + name.dropFirst()
            t[lower] = v + 0x20
        }
        t["yuml"] = 0xFF
        var out: [[UInt8]: UInt32] = [:]
        for (k, v) in t { out[Array(k.utf8)] = v }
        return out
    }()
}
