import Foundation
import XCTest
@testable import Unspin

final class CompiledDictionaryTests: XCTestCase {
    let table = PhraseTable(name: "news", entries: [
        PhraseEntry(spun: "mentioned", original: "said", weight: 0.4),
        PhraseEntry(spun: "mentioned", original: "mentioned", weight: 0.6),
        PhraseEntry(spun: "a minimum of", original: "at least", weight: 0.5),
        PhraseEntry(spun: "Air Drive", original: "Air Force"),
        PhraseEntry(spun: "помощь", original: "поддержка", weight: 0.2),
    ])

    func temp(_ name: String) -> String {
        NSTemporaryDirectory() + "/unspin-test-\(ProcessInfo.processInfo.processIdentifier)-\(name)"
    }

    func testRoundTripIsExact() throws {
        let dict = PhraseDictionary(tables: [table], tableWeights: ["news": 0.5])
        let bytes = dict.compiled()
        let path = temp("rt.dict")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertTrue(PhraseDictionary.isCompiled(path: path))
        let back = try PhraseDictionary(compiledPath: path)
        XCTAssertEqual(back.compiled(), bytes, "compile → open → compile must give the same bytes")
        for phrase in ["mentioned", "A MINIMUM OF", "air drive", "Помощь"] {
            XCTAssertEqual(back.lookup(phrase), dict.lookup(phrase), phrase)
        }
        XCTAssertEqual(back.lookup("mentioned").map(\.original), ["said"])
        XCTAssertEqual(back.lookup("mentioned")[0].logChannel, Float(log10(0.2)), accuracy: 1e-6)
        XCTAssertEqual(back.keepLogProbability(of: "mentioned")!, Float(log10(0.6)), accuracy: 1e-6)
        XCTAssertEqual(back.phraseCount, 4)
        XCTAssertEqual(back.tableNames, ["news"])
    }

    func testDamagedFilesAreRefused() throws {
        let good = PhraseDictionary(tables: [table]).compiled()
        let cases: [(String, [UInt8], String)] = [
            ("truncated header", Array(good[0..<20]), "truncated: 20 bytes, shorter than the 40-byte header"),
            ("truncated body", Array(good[0..<(good.count - 16)]), "truncated or padded: \(good.count - 16) bytes, the header says \(good.count)"),
            ("foreign", Array("\\data\\\nngram 1=3\n".utf8) + [UInt8](repeating: 32, count: 40), #"not an Unspin UNSPDICT file (its first bytes are "\\data\\\nn")"#),
            ("flipped bit", { var b = good; b[b.count - 20] ^= 0x10; return b }(), "corrupt: checksum mismatch"),
            ("older version", { var b = good; b[8] = 0; return b }(), "format version 0, this build reads version 2: rebuild the file with this version of unspin"),
            ("other byte order", { var b = good; b[12] = 1; b[15] = 4; return b }(), "written on a machine of the other byte order"),
        ]
        for (name, bytes, message) in cases {
            let path = temp(name.replacingOccurrences(of: " ", with: "-"))
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            XCTAssertThrowsError(try PhraseDictionary(compiledPath: path), name) {
                XCTAssertEqual("\($0)", "\(path): \(message)", name)
            }
        }
        XCTAssertThrowsError(try PhraseDictionary(compiledPath: "/nonexistent.dict")) {
            XCTAssertEqual("\($0)", "/nonexistent.dict: no such file")
        }
    }
}
