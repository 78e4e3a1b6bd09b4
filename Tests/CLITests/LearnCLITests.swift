import Foundation
import XCTest

/// `unspin learn --unpaired --overuse`: keep lines from spun text alone, end to end.
final class LearnCLITests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "/unspin-learn-cli-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: dir + "/spun", withIntermediateDirectories: true)
        try "The Auto and the auto and the auto, and the car.\n".write(toFile: dir + "/spun/1.txt", atomically: true, encoding: .utf8)
        // An original beside it is never read as spun text.
        try "The car and the car and the car and the car.\n".write(toFile: dir + "/spun/1.orig.txt", atomically: true, encoding: .utf8)
        try "A car and a car, and a dog.\n".write(toFile: dir + "/ref.txt", atomically: true, encoding: .utf8)
        try "auto\tcar\t0.3\nand\tplus\t0.1\nvehicle\tcar\t0.2\nvehicle\tvehicle\t0.9\n".write(toFile: dir + "/cand.tsv", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func testOveruseWritesKeepLines() throws {
        let r = try CLI.run(["learn", "--unpaired", dir + "/spun", "--overuse", "--candidates", dir + "/cand.tsv", "--reference", dir + "/ref.txt"])
        XCTAssertEqual(r, CLIResult(stdout: """
        # Keep lines learned by unspin learn --unpaired --overuse from 1 spun texts in spun (11 words)
        # against 1 reference text(s) (8 words), for the spun words of cand.tsv without a keep line.
        # word<TAB>word<TAB>P(keep) = (natural + 1) / (spun + 2) # occurrences in the spun text, occurrences natural text of that length would hold
        and\tand\t0.8875 # spun 3, natural 3.4
        auto\tauto\t0.3375 # spun 3, natural 0.7

        """, stderr: "", status: 0))
        let four = try CLI.run(["learn", "--unpaired", dir + "/spun", "--overuse", "--candidates", dir + "/cand.tsv", "--reference", dir + "/ref.txt", "--min-count", "4"])
        XCTAssertEqual(four.status, 0)
        XCTAssertFalse(four.stdout.contains("\tauto\t"), four.stdout)
    }

    func testOveruseUsageErrors() throws {
        let noRef = try CLI.run(["learn", "--unpaired", dir + "/spun", "--overuse", "--candidates", dir + "/cand.tsv"])
        XCTAssertEqual(noRef, CLIResult(stdout: "", stderr: "unspin learn: --overuse needs --reference FILE (natural text to compare the spun text with)\nRun 'unspin learn --help' for usage.\n", status: 2))
        let em = try CLI.run(["learn", "--unpaired", dir + "/spun", "--overuse", "--candidates", dir + "/cand.tsv", "--reference", dir + "/ref.txt", "--iterations", "3"])
        XCTAssertEqual(em, CLIResult(stdout: "", stderr: "unspin learn: --iterations applies to EM, not to --overuse\nRun 'unspin learn --help' for usage.\n", status: 2))
        let refOnly = try CLI.run(["learn", "--unpaired", dir + "/spun", "--candidates", dir + "/cand.tsv", "--reference", dir + "/ref.txt"])
        XCTAssertEqual(refOnly.status, 2)
        XCTAssertTrue(refOnly.stderr.hasPrefix("unspin learn: --reference only applies with --overuse\n"), refOnly.stderr)
        let missing = try CLI.run(["learn", "--unpaired", dir + "/spun", "--overuse", "--candidates", dir + "/cand.tsv", "--reference", dir + "/nope.txt"])
        XCTAssertEqual(missing, CLIResult(stdout: "", stderr: "unspin: \(dir)/nope.txt: cannot be read (no such file?)\n", status: 1))
    }
}
