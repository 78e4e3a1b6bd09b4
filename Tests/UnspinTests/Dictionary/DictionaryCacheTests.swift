import Foundation
import XCTest
@testable import Unspin

/// `DictionaryCache`: tables compiled once, mapped later; keyed by content and settings;
/// damaged or unwritable caches passed by; only the newest files kept.
final class DictionaryCacheTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws { folder = try temporaryFolder("cache-test", files: [:]) }

    func write(_ name: String, _ text: String) throws -> String {
        let p = folder + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }

    /// Counts compilations.
    final class Counter { var value = 0 }

    /// A dictionary of the table at `path`, counting the compilations in `count`.
    func compiler(_ path: String, _ count: Counter) -> () throws -> PhraseDictionary {
        { count.value += 1; return try PhraseDictionary(paths: [path]) }
    }

    func cacheFiles(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".dict") }.sorted()
    }

    func testCompilesOnceThenMapsTheFile() throws {
        let table = try write("news.tsv", "mentioned\tsaid\t0.4\na minimum of\tat least\n")
        let cache = DictionaryCache(directory: folder + "/cache")
        let key = try XCTUnwrap(DictionaryCache.key(files: [table], settings: "1.0"))
        let count = Counter()
        let first = try cache.dictionary(key: key, compile: compiler(table, count))
        XCTAssertEqual(count.value, 1)
        XCTAssertEqual(cacheFiles(cache.directory), ["tables-\(key).dict"])
        let second = try cache.dictionary(key: key, compile: compiler(table, count))
        XCTAssertEqual(count.value, 1, "the second run maps the compiled file")
        XCTAssertEqual(second.compiled(), first.compiled())
        XCTAssertEqual(second.lookup("A minimum of").map(\.original), ["at least"])
    }

    func testKeyFollowsContentNameAndSettings() throws {
        let a = try write("news.tsv", "mentioned\tsaid\n")
        let k = try XCTUnwrap(DictionaryCache.key(files: [a], settings: "1.0"))
        XCTAssertEqual(k.count, 32)
        XCTAssertEqual(DictionaryCache.key(files: [a], settings: "1.0"), k)
        XCTAssertNotEqual(DictionaryCache.key(files: [a], settings: "0.5"), k)
        let b = try write("other.tsv", "mentioned\tsaid\n")
        XCTAssertNotEqual(DictionaryCache.key(files: [b], settings: "1.0"), k, "the file name is the table's name")
        _ = try write("news.tsv", "mentioned\tsaid\t0.5\n")
        XCTAssertNotEqual(DictionaryCache.key(files: [a], settings: "1.0"), k)
        XCTAssertNil(DictionaryCache.key(files: [folder + "/absent.tsv"], settings: "1.0"))
    }

    func testDamagedFileIsCompiledAgainAndReplaced() throws {
        let table = try write("news.tsv", "mentioned\tsaid\n")
        let cache = DictionaryCache(directory: folder + "/cache")
        let key = try XCTUnwrap(DictionaryCache.key(files: [table], settings: ""))
        let count = Counter()
        let good = try cache.dictionary(key: key, compile: compiler(table, count)).compiled()
        let file = cache.path(key: key)
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: file))
        try bytes.prefix(bytes.count - 7).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(try cache.dictionary(key: key, compile: compiler(table, count)).compiled(), good)
        XCTAssertEqual(count.value, 2)
        XCTAssertEqual(FileManager.default.contents(atPath: file), bytes, "the truncated file is replaced")
    }

    func testUnwritableCacheStillCompiles() throws {
        let table = try write("news.tsv", "mentioned\tsaid\n")
        let blocker = try write("blocker", "a file, not a folder")
        let cache = DictionaryCache(directory: blocker + "/cache")
        let count = Counter()
        let d = try cache.dictionary(key: "k", compile: compiler(table, count))
        XCTAssertEqual(d.lookup("mentioned").map(\.original), ["said"])
        XCTAssertEqual(count.value, 1)
    }

    func testCompileErrorsAreReportedNotCached() throws {
        let table = try write("bad.tsv", "mentioned said\n")
        let cache = DictionaryCache(directory: folder + "/cache")
        let count = Counter()
        XCTAssertThrowsError(try cache.dictionary(key: "k", compile: compiler(table, count))) {
            XCTAssertEqual("\($0)", "\(table):1: expected 'spun<TAB>original[<TAB>weight]', found no tab (are the fields separated by spaces instead of a tab?)")
        }
        XCTAssertEqual(cacheFiles(cache.directory), [])
    }

    func testKeepsTheNewestFiles() throws {
        let table = try write("news.tsv", "mentioned\tsaid\n")
        let cache = DictionaryCache(directory: folder + "/cache")
        let count = Counter()
        for i in 0..<(DictionaryCache.keep + 2) {
            _ = try cache.dictionary(key: "k\(i)", compile: compiler(table, count))
            // Distinct modification times, whatever the file system's resolution.
            var times = [timeval(tv_sec: 1_000_000 + i, tv_usec: 0), timeval(tv_sec: 1_000_000 + i, tv_usec: 0)]
            XCTAssertEqual(utimes(cache.path(key: "k\(i)"), &times), 0)
        }
        cache.prune()
        XCTAssertEqual(cacheFiles(cache.directory), ["tables-k2.dict", "tables-k3.dict", "tables-k4.dict", "tables-k5.dict"])
    }

    func testFolderFromTheEnvironment() {
        XCTAssertEqual(DictionaryCache.standard(["UNSPIN_CACHE_DIR": "/c", "HOME": "/h"])?.directory, "/c")
        XCTAssertNil(DictionaryCache.standard(["UNSPIN_CACHE_DIR": "none", "HOME": "/h"]))
        XCTAssertNil(DictionaryCache.standard(["UNSPIN_CACHE_DIR": "", "HOME": "/h"]))
        XCTAssertEqual(DictionaryCache.standard(["XDG_CACHE_HOME": "/x", "HOME": "/h"])?.directory, "/x/unspin")
        XCTAssertEqual(DictionaryCache.standard(["XDG_CACHE_HOME": "relative", "HOME": "/h"])?.directory, "/h/.cache/unspin")
        XCTAssertNil(DictionaryCache.standard([:]))
    }
}
