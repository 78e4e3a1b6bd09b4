import Foundation
import XCTest

/// Streaming plain restore: document boundaries, threads, long documents, bad bytes.
final class StreamCLITests: XCTestCase {
    let f = CLI.fixtures
    var tiny: [String] { ["--dictionary", "\(f)/tiny.tsv", "--model", "\(f)/tiny.arpa"] + CLI.handWorked }

    func restore(_ text: String, _ extra: [String] = []) throws -> CLIResult {
        try CLI.run(["restore"] + tiny + extra, stdin: text)
    }

    func testBoundaryInvariance() throws {
        let a = "He mentioned the struggle in Ukraine.\nA struggle to survive.\n"
        let b = "Injuring A minimum of 23 people.\nhe mentioned it"
        for sep in ["\n", " \t\r\n", "\n\n\n"] {
            let whole = try restore(a + sep + b)
            let parts = try restore(a).stdout + sep + (try restore(b).stdout)
            XCTAssertEqual(whole, CLIResult(stdout: parts, stderr: "", status: 0), "separator \(sep.debugDescription)")
        }
    }

    func testJobsGiveIdenticalOutput() throws {
        var text = ""
        for i in 0..<3000 { text += "Paragraph \(i): he mentioned the struggle.\nHE MENTIONED\r\n\n" }
        let one = try restore(text, ["-j", "1"])
        let three = try restore(text, ["-j", "3"])
        XCTAssertEqual(one.status, 0)
        XCTAssertEqual(one, three)
        XCTAssertTrue(one.stdout.hasPrefix("Paragraph 0: he said the war.\nHE SAID\r\n\n"))
    }

    func testLongDocumentIsCutAtLines() throws {
        // About 1.3 MiB without a blank line: cut at a line break, nothing lost or doubled.
        let line = "he mentioned it\n"
        let text = String(repeating: line, count: 90_000)
        let r = try restore(text, ["-j", "2"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, String(repeating: "he said it\n", count: 90_000))
    }

    func testInvalidUTF8PassesThrough() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("unspin-stream-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.txt").path
        var bytes = Array("he mentioned \u{FF}".utf8)
        bytes += [0xFF, 0xC3, 0x0A, 0x0A]
        bytes += Array("he mentioned".utf8)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let out = Process()
        out.executableURL = URL(fileURLWithPath: CLI.binary)
        out.arguments = ["restore"] + tiny + [path]
        let pipe = Pipe()
        out.standardOutput = pipe
        try out.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        out.waitUntilExit()
        XCTAssertEqual(out.terminationStatus, 0)
        var expected = Array("he said \u{FF}".utf8)
        expected += [0xFF, 0xC3, 0x0A, 0x0A]
        expected += Array("he said".utf8)
        XCTAssertEqual([UInt8](data), expected)
    }

    func testStandardInputAndDash() throws {
        XCTAssertEqual(try restore("he mentioned\n\nhe mentioned").stdout, "he said\n\nhe said")
        let dash = try CLI.run(["restore"] + tiny + ["-", "-j", "1"], stdin: "he mentioned")
        XCTAssertEqual(dash, CLIResult(stdout: "he said", stderr: "", status: 0))
    }
}
