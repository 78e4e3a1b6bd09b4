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

    /// Tables compiled at start-up (here: other factors than the compiled file's) are kept in
    /// the cache and mapped by the next run with the same factors; other factors get a file
    /// of their own.
    func testTablesCompiledAtStartUpAreCached() throws {
        let dir = try temporaryFolder("defaults-cache", files: ["a.tsv": "news\tsaid\t0.4\n", "defaults.txt": "model m.bin\ntable a.tsv\n"])
        var d = try DefaultData.read(dir)
        d.cache = DictionaryCache(directory: dir + "/cache")
        var options = RestorerOptions()
        options.tableWeights = ["a": 0.5]
        let first = try d.dictionary(options: options)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/cache")
        XCTAssertEqual(files.count, 1)
        XCTAssertEqual(try d.dictionary(options: options).compiled(), first.compiled())
        XCTAssertEqual(first.lookup("news").map(\.logChannel), [Float(log10(0.2))])
        options.tableWeights = ["a": 0.25]
        XCTAssertEqual(try d.dictionary(options: options).lookup("news").map(\.logChannel), [Float(log10(0.1))])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/cache").count, 2)
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

    func testFullTableWeightsRaiseOnlyFactorsBelowOne() throws {
        let dir = NSTemporaryDirectory() + "/unspin-full-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, original) in [("low", "war"), ("off", "feud"), ("high", "battle"), ("named", "fight")] {
            try "struggle\t\(original)\t0.01\n".write(toFile: "\(dir)/\(name).tsv", atomically: true, encoding: .utf8)
        }
        try "model m.bin\ntable low.tsv 0.02\ntable off.tsv 0\ntable high.tsv 30\ntable named.tsv 0.1\ncompiled x.dict\n"
            .write(toFile: dir + "/defaults.txt", atomically: true, encoding: .utf8)
        let d = try DefaultData.read(dir)
        XCTAssertEqual(try d.loadTables(overriding: ["named": 0.5]).weights, ["low": 0.02, "off": 0, "high": 30, "named": 0.5])
        XCTAssertEqual(try d.loadTables(overriding: ["named": 0.5], full: true).weights, ["low": 1, "off": 0, "high": 30, "named": 0.5])
        // The phrase-list settings read the text tables (the compiled file, x.dict, does not
        // exist here): "struggle" gets the three tables that are on, 0.01 × 30, × 1 and × 1.
        let dict = try d.dictionary(options: .phraseList)
        let got = dict.lookup("struggle").map { "\($0.table) \(String(format: "%.4f", $0.logChannel))" }.sorted()
        XCTAssertEqual(got, ["high -0.5229", "low -2.0000", "named -2.0000"])
    }
}
