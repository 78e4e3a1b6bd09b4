import Foundation
import XCTest
@testable import Unspin

/// Checks on the shipped default data in Dictionaries/.
final class DefaultDataTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Dictionaries").path

    /// The compiled dictionary must be exactly what compiling the text tables gives; when
    /// this fails, run `unspin dict compile` and commit Dictionaries/default.dict.
    func testCompiledDictionaryIsUpToDate() throws {
        let d = try DefaultData.read(Self.directory)
        let compiled = try XCTUnwrap(d.compiled)
        let (tables, weights) = try d.loadTables()
        let fresh = PhraseDictionary(tables: tables, tableWeights: weights).compiled()
        let shipped = try [UInt8](Data(contentsOf: URL(fileURLWithPath: compiled)))
        XCTAssertTrue(fresh == shipped, "Dictionaries/default.dict is stale: run `unspin dict compile`")
    }

    func testDefaultsFileErrors() throws {
        let dir = NSTemporaryDirectory() + "/unspin-defaults-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "model m.bin\ntable a.tsv lots\n".write(toFile: dir + "/defaults.txt", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DefaultData.read(dir)) {
            XCTAssertEqual("\($0)", "\(dir)/defaults.txt:2: table weight 'lots' is not a number ≥ 0")
        }
        try "table a.tsv\n".write(toFile: dir + "/defaults.txt", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DefaultData.read(dir)) {
            XCTAssertEqual("\($0)", "\(dir)/defaults.txt: names no model (a line 'model FILE')")
        }
        try "model m.bin\ntable a.tsv 0.5\ncompiled x.dict # note\n".write(toFile: dir + "/defaults.txt", atomically: true, encoding: .utf8)
        let d = try DefaultData.read(dir)
        XCTAssertEqual(d.model, dir + "/m.bin")
        XCTAssertEqual(d.tables.map(\.path), [dir + "/a.tsv"])
        XCTAssertEqual(d.tables.map(\.weight), [0.5])
        XCTAssertEqual(d.compiled, dir + "/x.dict")
    }
}
