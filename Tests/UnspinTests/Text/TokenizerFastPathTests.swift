import XCTest
@testable import Unspin

/// The tokenizer as it was before its fast paths (byte by byte, every non-ASCII scalar
/// classified by Unicode properties), kept as the reference the fast paths must match.
enum ReferenceTokenizer {
    /// The classes by Unicode properties alone (the definition of `ScalarClass`).
    static func scalarClass(_ v: UInt32) -> ScalarClass { ScalarClass.byProperties(v) }

    static func tokenize(_ bytes: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        bytes.withUnsafeBufferPointer { buffer in
            let h = _UTF8Handle(buffer)
            let n = h.count
            var i = 0
            while i < n {
                let (s, len) = h.decode(at: i)
                guard let v = s else {
                    tokens.append(Token(start: i, length: 1, kind: .invalid))
                    i += 1
                    continue
                }
                switch scalarClass(v) {
                case .space:
                    let start = i
                    var lf = 0
                    while i < n {
                        let (s2, l2) = h.decode(at: i)
                        guard let v2 = s2, scalarClass(v2) == .space else { break }
                        if v2 == 0x0A { lf += 1 }
                        i += l2
                    }
                    tokens.append(Token(start: start, length: Int32(i - start), kind: .space,
                                        newlines: UInt8(min(lf, 255))))
                case .other:
                    tokens.append(Token(start: i, length: Int32(len), kind: .punctuation))
                    i += len
                case .letter, .digit:
                    let start = i
                    let end = scanWord(h, from: i)
                    let kind: TokenKind = isNumber(h, start, end) ? .number : .word
                    tokens.append(Token(start: start, length: Int32(end - start), kind: kind))
                    i = end
                }
            }
        }
        return tokens
    }

    static func scanWord(_ h: _UTF8Handle, from start: Int) -> Int {
        var i = start
        let n = h.count
        while i < n {
            let (s, len) = h.decode(at: i)
            guard let v = s else { break }
            let c = scalarClass(v)
            if c == .letter || c == .digit { i += len; continue }
            if v == 0x27 || v == 0x2019 || v == 0x2D || v == 0x2010 || v == 0x2E || v == 0x2C {
                let j = i + len
                guard j < n else { break }
                let (s2, _) = h.decode(at: j)
                guard let v2 = s2 else { break }
                let c2 = scalarClass(v2)
                if v == 0x2E || v == 0x2C {
                    let prev = h[i - 1]
                    if prev >= 0x30 && prev <= 0x39 && c2 == .digit { i = j; continue }
                    break
                }
                if c2 == .letter || c2 == .digit { i = j; continue }
            }
            break
        }
        return i
    }

    static func isNumber(_ h: _UTF8Handle, _ start: Int, _ end: Int) -> Bool {
        var i = start
        var sawDigit = false
        while i < end {
            let (s, len) = h.decode(at: i)
            let v = s ?? 0
            if v == 0x2E || v == 0x2C { i += len; continue }
            guard scalarClass(v) == .digit else { return false }
            sawDigit = true
            i += len
        }
        return sawDigit
    }
}

final class TokenizerFastPathTests: XCTestCase {
    func tokens(_ bytes: [UInt8]) -> [Token] {
        var out: [Token] = []
        bytes.withUnsafeBufferPointer { Tokenizer.tokenize($0, into: &out) }
        return out
    }

    func describe(_ bytes: [UInt8], _ tokens: [Token]) -> [String] {
        tokens.map { t in
            let text = String(decoding: bytes[t.start..<t.end], as: UTF8.self)
            switch t.kind {
            case .word: return "W:\(text)"
            case .number: return "N:\(text)"
            case .punctuation: return "P:\(text)"
            case .space: return "S\(t.newlines):\(t.length)"
            case .invalid: return "X"
            }
        }
    }

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
        for v in UInt32(0)..<0x80 {
            XCTAssertEqual(ScalarClass.isASCIIAlphanumeric(UInt8(v)),
                           [.letter, .digit].contains(ReferenceTokenizer.scalarClass(v)), "U+\(v)")
        }
    }

    /// The eight-byte letter test finds the first byte that is not an ASCII letter, for
    /// every byte value in every lane, whatever the other lanes hold.
    func testNonLetterLanesMatchesByteTest() {
        for fill: UInt8 in [0x61, 0x5A, 0x20, 0xFF, 0x39, 0x80, 0x7F, 0x00] {
            for lane in 0..<8 {
                for b in 0...255 {
                    for after: UInt8 in [fill, 0x61, 0xFF] {
                        var bytes = [UInt8](repeating: fill, count: 8)
                        bytes[lane] = UInt8(b)
                        for k in lane + 1..<8 { bytes[k] = after }
                        let x = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
                        let first = bytes.firstIndex { ($0 | 0x20) &- 0x61 >= 26 } ?? 8
                        let m = Tokenizer.nonLetterLanes(x)
                        XCTAssertEqual(m.trailingZeroBitCount, first == 8 ? 64 : 8 * first + 7, "\(bytes)")
                    }
                }
            }
        }
    }

    func testFastPathCases() {
        let cases: [(String, [String])] = [
            ("Ñandú Æsir ÿ", ["W:Ñandú", "S0:1", "W:Æsir", "S0:1", "W:ÿ"]),
            ("2×3÷4", ["N:2", "P:×", "N:3", "P:÷", "N:4"]),
            ("µm ªb ºc", ["W:µm", "S0:1", "W:ªb", "S0:1", "W:ºc"]),
            ("x² ½ ¹", ["W:x²", "S0:1", "N:½", "S0:1", "N:¹"]),
            ("«¡¿§©®°±·»", ["P:«", "P:¡", "P:¿", "P:§", "P:©", "P:®", "P:°", "P:±", "P:·", "P:»"]),
            ("a\u{00AD}b", ["W:a", "P:\u{00AD}", "W:b"]),
            ("a\u{00A0}\u{00A0}b\u{0085}\nc", ["W:a", "S0:4", "W:b", "S1:3", "W:c"]),
            ("1990–2000 — ok", ["N:1990", "P:–", "N:2000", "S0:1", "P:—", "S0:1", "W:ok"]),
            ("don’t ‘x’ “y” don‘t", ["W:don’t", "S0:1", "P:‘", "W:x", "P:’", "S0:1", "P:“", "W:y", "P:”",
                                     "S0:1", "W:don", "P:‘", "W:t"]),
            ("re‐enter a‑b ‒", ["W:re‐enter", "S0:1", "W:a", "P:‑", "W:b", "S0:1", "P:‒"]),
            ("a…b•c‰", ["W:a", "P:…", "W:b", "P:•", "W:c", "P:‰"]),
            ("a\u{2009}b\u{202F}c\u{205F}d\u{3000}e\u{2028}\u{2029}f", ["W:a", "S0:3", "W:b", "S0:3", "W:c", "S0:3",
                                                                       "W:d", "S0:3", "W:e", "S0:6", "W:f"]),
            ("a\u{200B}b\u{200D}c\u{2060}d", ["W:a", "P:\u{200B}", "W:b", "P:\u{200D}", "W:c", "P:\u{2060}", "W:d"]),
            ("€5 5€ →", ["P:€", "N:5", "S0:1", "N:5", "P:€", "S0:1", "P:→"]),
            ("Māori Śiva ḥadīth ṭ ő", ["W:Māori", "S0:1", "W:Śiva", "S0:1", "W:ḥadīth", "S0:1", "W:ṭ", "S0:1", "W:ő"]),
            ("ǅemal ʼ ˈa ̀", ["W:ǅemal", "S0:1", "W:ʼ", "S0:1", "W:ˈa", "S0:1", "W:̀"]),
            ("Ελλάδα; ϶ Ѐ҂ѐ", ["W:Ελλάδα", "P:;", "S0:1", "P:϶", "S0:1", "W:Ѐ", "P:҂", "W:ѐ"]),
            ("日本語、かなカナ한국어。", ["W:日本語", "P:、", "W:かなカナ한국어", "P:。"]),
            ("ok👍🏽🙂", ["W:ok", "P:👍", "P:🏽", "P:🙂"]),
            ("٣٤ ४२", ["N:٣٤", "S0:1", "N:४२"]),
            // Joiners at the end of the input or before something that does not continue.
            ("abcdefgh'", ["W:abcdefgh", "P:'"]),
            ("abcdefghijk’", ["W:abcdefghijk", "P:’"]),
            ("abcdefghij-", ["W:abcdefghij", "P:-"]),
            ("1234567890,", ["N:1234567890", "P:,"]),
            ("12345678.9,5", ["N:12345678.9,5"]),
            ("abcdefgh.9 a1.5 1a.5", ["W:abcdefgh", "P:.", "N:9", "S0:1", "W:a1.5", "S0:1", "W:1a", "P:.", "N:5"]),
            ("1.²", ["N:1.²"]),
            ("x.²", ["W:x", "P:.", "N:²"]),
            ("abcdefgh’é’1-x", ["W:abcdefgh’é’1-x"]),
            ("abcdefgh--x", ["W:abcdefgh", "P:-", "P:-", "W:x"]),
            // Multi-byte scalars in and at the end of long words.
            ("abcdefgé", ["W:abcdefgé"]),
            ("abcdefghé", ["W:abcdefghé"]),
            ("abcdefghijklmnopé", ["W:abcdefghijklmnopé"]),
            ("abcdefgh日", ["W:abcdefgh日"]),
            ("abcdefgh🙂", ["W:abcdefgh", "P:🙂"]),
            ("abcdefg\u{00A0}", ["W:abcdefg", "S0:2"]),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{0123456789/:",
             ["W:ABCDEFGHIJKLMNOPQRSTUVWXYZ", "P:@", "P:[", "P:`", "P:{", "N:0123456789", "P:/", "P::"]),
            ("  \t\r\n\u{0B}\u{0C}\n \u{1C}", ["S2:9", "P:\u{1C}"]),
        ]
        for (input, expected) in cases {
            let bytes = Array(input.utf8)
            XCTAssertEqual(describe(bytes, tokens(bytes)), expected, "tokenizing \(input.debugDescription)")
            XCTAssertEqual(tokens(bytes), ReferenceTokenizer.tokenize(bytes), "tokenizing \(input.debugDescription)")
        }
    }

    /// Truncated and ill-formed sequences, also at the end of the input and after words.
    func testTruncatedSequences() {
        let cases: [([UInt8], [String])] = [
            (Array("abcdefgh".utf8) + [0xC3], ["W:abcdefgh", "X"]),
            (Array("abcdefgh".utf8) + [0xE2, 0x80], ["W:abcdefgh", "X", "X"]),
            (Array("abcdefgh".utf8) + [0xE2, 0x80, 0x99], ["W:abcdefgh", "P:’"]),
            (Array("abcdefgh".utf8) + [0xE2, 0x80, 0x99, 0xC3], ["W:abcdefgh", "P:’", "X"]),
            (Array("abcdefgh".utf8) + [0xE2, 0x80, 0x99, 0xC3, 0xA9], ["W:abcdefgh’é"]),
            (Array("ab".utf8) + [0xF0, 0x9F, 0x99], ["W:ab", "X", "X", "X"]),
            (Array("ab".utf8) + [0xC0, 0xAF, 0xC3, 0xA9], ["W:ab", "X", "X", "W:é"]),
            (Array("abcdefghij".utf8) + [0xED, 0xA0, 0x80, 0x61], ["W:abcdefghij", "X", "X", "X", "W:a"]),
            ([0xC2], ["X"]),
            ([0xC2, 0xA0], ["S0:2"]),
            ([0x20, 0xC2], ["S0:1", "X"]),
            ([0x20, 0xE3, 0x80], ["S0:1", "X", "X"]),
            ([0x31, 0x2E, 0xC2], ["N:1", "P:.", "X"]),
            ([0x61, 0x27, 0xE2, 0x80], ["W:a", "P:'", "X", "X"]),
            ([0x61, 0xE2, 0x80, 0x90], ["W:a", "P:‐"]),
            ([0x61, 0xE2, 0x80, 0x90, 0x62], ["W:a‐b"]),
            ([0xF4, 0x90, 0x80, 0x80], ["X", "X", "X", "X"]),
        ]
        for (bytes, expected) in cases {
            XCTAssertEqual(describe(bytes, tokens(bytes)), expected, "tokenizing \(bytes)")
            XCTAssertEqual(tokens(bytes), ReferenceTokenizer.tokenize(bytes), "tokenizing \(bytes)")
        }
    }

    /// Property: for random mixes of text pieces and bytes, the tokens equal the reference's.
    func testMatchesReferenceOnRandomInput() {
        var rng = SeededGenerator(state: 2024)
        let pieces: [String] = [
            "a", "Z", "q", "word", "Letters", "abcdefgh", "xyz", " ", "  ", "\n", "\r\n", "\t", "'", "’", "‘", "-",
            "‐", "–", "—", ".", ",", "7", "42", "0", "é", "É", "ü", "ā", "ő", "ṭ", "Ж", "λ", "語", "カ", "한", "🙂", "🏽",
            "\u{00A0}", "\u{2009}", "\u{202F}", "\u{3000}", "\u{2028}", "\u{0085}", "\u{200B}", "°", "×", "²", "½",
            "µ", "ª", "“", "”", "…", "€", "!", "?", ":", ";", "(", ")", "\"", "@", "[", "`", "{", "/", "\u{1C}",
            "\u{0301}", "٣", "\u{0000}",
        ]
        let raw: [[UInt8]] = [[0xFF], [0xC3], [0xE2, 0x80], [0xF0, 0x9F], [0x80], [0xED, 0xA0, 0x80], [0xC0, 0x80]]
        for round in 0..<3000 {
            var bytes: [UInt8] = []
            let count = Int.random(in: 0..<(round % 10 == 0 ? 200 : 30), using: &rng)
            for _ in 0..<count {
                switch Int.random(in: 0..<20, using: &rng) {
                case 0: bytes.append(contentsOf: raw.randomElement(using: &rng)!)
                case 1: bytes.append(UInt8.random(in: 0...255, using: &rng))
                default: bytes.append(contentsOf: pieces.randomElement(using: &rng)!.utf8)
                }
            }
            let got = tokens(bytes), expected = ReferenceTokenizer.tokenize(bytes)
            if got != expected {
                XCTFail("tokens differ for \(bytes): \(describe(bytes, got)) != \(describe(bytes, expected))")
                return
            }
        }
    }

    /// Property: long runs of ASCII letters, digits and joiners cut at every length.
    func testLongRunsMatchReference() {
        let text = Array("Lorem ipsum-dolor sit’amet, 1,234.56 consectetur'adipiscing élit; ÀÉÎÕÜ 日本 x9y8z7".utf8)
        for start in 0..<text.count {
            for end in start...text.count {
                let bytes = Array(text[start..<end])
                XCTAssertEqual(tokens(bytes), ReferenceTokenizer.tokenize(bytes), "tokenizing \(bytes)")
            }
        }
    }

    /// The shipped benchmark corpus (and, when UNSPIN_TOKENIZER_TEXT names a file, that
    /// file) tokenizes as the reference does.
    func testCorpusMatchesReference() throws {
        var texts = [Array(BenchmarkCorpus.text.utf8)]
        if let path = ProcessInfo.processInfo.environment["UNSPIN_TOKENIZER_TEXT"] {
            texts.append(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        }
        for bytes in texts {
            let got = tokens(bytes), expected = ReferenceTokenizer.tokenize(bytes)
            XCTAssertEqual(got.count, expected.count)
            if let k = got.indices.first(where: { $0 < expected.count && got[$0] != expected[$0] }) {
                XCTFail("first difference at token \(k): \(got[k]) != \(expected[k])")
            }
        }
    }

    /// `baseOffset` and appending to a non-empty array, across several batches of tokens.
    func testBaseOffsetAndAppendAcrossBatches() {
        let bytes = Array(String(repeating: "ab, c’d 12.5\n", count: 400).utf8)
        var out = [Token(start: 0, length: 1, kind: .word)]
        bytes.withUnsafeBufferPointer { Tokenizer.tokenize($0, into: &out, baseOffset: 1000) }
        let expected = ReferenceTokenizer.tokenize(bytes).map {
            Token(start: $0.start + 1000, length: $0.length, kind: $0.kind, newlines: $0.newlines)
        }
        XCTAssertEqual(Array(out.dropFirst()), expected)
        XCTAssertEqual(out.first, Token(start: 0, length: 1, kind: .word))
    }
}
