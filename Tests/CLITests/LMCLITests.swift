import Foundation
import XCTest

/// `unspin lm ...` against the built binary, with the LM fixtures of the library tests.
final class LMCLITests: XCTestCase {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("UnspinTests/Fixtures").path
    var dir = ""

    override func setUp() {
        var template = Array((NSTemporaryDirectory() + "/unspin-lmcli-XXXXXX").utf8CString)
        dir = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
        let query = "the war ended\nthe struggle ended\nwar the struggle ended the war\npeace ended the struggle\nthe the the\n"
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/q.txt", contents: query.data(using: .utf8)), "cannot write the test fixture")
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// KenLM's query on lm-tiny.arpa (lmplz's model of lm-tiny.txt) reports perplexity
    /// 20.852780802776394 including and 12.887332945221704 excluding OOVs on q.txt.
    func testTrainConvertPerplexity() throws {
        let train = try CLI.run(["lm", "train", "--tokenized", "--order", "3", "\(fixtures)/lm-tiny.txt", "-o", "\(dir)/m.arpa"])
        XCTAssertEqual(train, CLIResult(stdout: "", stderr: """
        \(dir)/m.arpa: order 3, 10 sentences, 92 tokens; 1-grams 39, 2-grams 67, 3-grams 74
        note: fallback discounts used for order(s) 2 (too little data for the closed-form estimate)

        """, status: 0))
        let convert = try CLI.run(["lm", "convert", "\(dir)/m.arpa", "\(dir)/m.bin"])
        XCTAssertEqual(convert, CLIResult(stdout: "", stderr: "", status: 0))
        for model in ["\(dir)/m.arpa", "\(dir)/m.bin", "\(fixtures)/lm-tiny.arpa"] {
            let r = try CLI.run(["lm", "perplexity", "--tokenized", model, "\(dir)/q.txt"])
            XCTAssertEqual(r.status, 0)
            let lines = r.stdout.split(separator: "\n").map { $0.split(separator: "\t") }
            XCTAssertEqual(lines.map { String($0[0]) }, ["Perplexity including OOVs:", "Perplexity excluding OOVs:", "OOVs:", "Tokens:", "Sentences:"])
            XCTAssertEqual(Double(lines[0][1])!, 20.852780802776394, accuracy: 20.85 * 1e-6, model)
            XCTAssertEqual(Double(lines[1][1])!, 12.887332945221704, accuracy: 12.88 * 1e-6, model)
            XCTAssertEqual(lines[2][1], "5"); XCTAssertEqual(lines[3][1], "24"); XCTAssertEqual(lines[4][1], "5")
        }
        let info = try CLI.run(["lm", "info", "--verify", "\(dir)/m.bin"])
        let size = try FileManager.default.attributesOfItem(atPath: "\(dir)/m.bin")[.size] as! Int
        let perGram = String(format: "%.2f", Double(size) / Double(39 + 67 + 74))
        // Converted from ARPA: the number of training tokens is unknown.
        XCTAssertEqual(info.stdout, "format:\tcompact (version 2)\norder:\t3\nvocabulary:\t39\n1-grams:\t39\n2-grams:\t67\n3-grams:\t74\ntokens:\tunknown\nbytes:\t\(size)\nbytes per n-gram:\t\(perGram)\nchecksum:\tok\n")
        // Trained straight to binary: the header keeps the trainer's token count.
        XCTAssertEqual(try CLI.run(["lm", "train", "--tokenized", "--order", "3", "\(fixtures)/lm-tiny.txt", "-o", "\(dir)/t.bin"]).status, 0)
        let trained = try CLI.run(["lm", "info", "\(dir)/t.bin"])
        XCTAssertEqual(trained, CLIResult(stdout: "format:\tcompact (version 2)\norder:\t3\nvocabulary:\t39\n1-grams:\t39\n2-grams:\t67\n3-grams:\t74\ntokens:\t92\nbytes:\t\(size)\nbytes per n-gram:\t\(perGram)\n", stderr: "", status: 0))
        // --hash writes version 1 (larger); converting it back to compact gives the same bytes.
        XCTAssertEqual(try CLI.run(["lm", "convert", "--hash", "\(dir)/m.bin", "\(dir)/h.bin"]).status, 0)
        let hashSize = try FileManager.default.attributesOfItem(atPath: "\(dir)/h.bin")[.size] as! Int
        XCTAssertGreaterThan(hashSize, size)
        let hashInfo = try CLI.run(["lm", "info", "\(dir)/h.bin"])
        XCTAssertEqual(hashInfo.stdout, "format:\thash (version 1)\norder:\t3\nvocabulary:\t39\n1-grams:\t39\n2-grams:\t67\n3-grams:\t74\ntokens:\tunknown\nbytes:\t\(hashSize)\nbytes per n-gram:\t\(String(format: "%.2f", Double(hashSize) / 180))\n")
        XCTAssertEqual(try CLI.run(["lm", "convert", "\(dir)/h.bin", "\(dir)/c.bin"]).status, 0)
        XCTAssertEqual(FileManager.default.contents(atPath: "\(dir)/c.bin"), FileManager.default.contents(atPath: "\(dir)/m.bin"))
        XCTAssertEqual(try CLI.run(["lm", "convert", "--arpa", "--hash", "\(dir)/h.bin", "\(dir)/x.bin"]),
                       CLIResult(stdout: "", stderr: "unspin lm convert: --arpa and --hash exclude each other\nRun 'unspin lm convert --help' for usage.\n", status: 2))
        XCTAssertEqual(try CLI.run(["lm", "convert", "--prob-bits", "20", "\(dir)/h.bin", "\(dir)/x.bin"]),
                       CLIResult(stdout: "", stderr: "unspin lm convert: --prob-bits must be 1 to 16, got 20\nRun 'unspin lm convert --help' for usage.\n", status: 2))
        // Binary back to ARPA (by the name) gives the same model.
        XCTAssertEqual(try CLI.run(["lm", "convert", "\(dir)/m.bin", "\(dir)/back.arpa"]).status, 0)
        let back = try CLI.run(["lm", "perplexity", "--tokenized", "\(dir)/back.arpa", "\(dir)/q.txt"])
        let first = try CLI.run(["lm", "perplexity", "--tokenized", "\(dir)/m.arpa", "\(dir)/q.txt"])
        XCTAssertEqual(back, first)
    }

    func testErrors() throws {
        XCTAssertEqual(try CLI.run(["lm", "perplexity", "\(dir)/missing.arpa", "\(dir)/q.txt"]),
                       CLIResult(stdout: "", stderr: "unspin: \(dir)/missing.arpa: cannot open: No such file or directory\n", status: 1))
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/bad.arpa", contents: "\\data\\\nngram 1=2\n\n\\1-grams:\n-1\t<s>\n".data(using: .utf8)), "cannot write the test fixture")
        XCTAssertEqual(try CLI.run(["lm", "convert", "\(dir)/bad.arpa", "\(dir)/out.bin"]),
                       CLIResult(stdout: "", stderr: "unspin: \(dir)/bad.arpa:5 (byte 28): the \\1-grams: section has 1 entries but \\data\\ announced 2 (truncated file, or a wrong count?)\n", status: 1))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out.bin"))
        let usage = try CLI.run(["lm", "train", "--order", "7", "\(dir)/q.txt", "-o", "\(dir)/x.bin"])
        XCTAssertEqual(usage.status, 2)
        XCTAssertEqual(usage.stderr, "unspin lm train: --order must be 2 to 5, got 7\nRun 'unspin lm train --help' for usage.\n")
        let noOut = try CLI.run(["lm", "train", "\(dir)/q.txt"])
        XCTAssertEqual(noOut.status, 2)
        let prune = try CLI.run(["lm", "train", "--prune", "0,2,1", "\(dir)/q.txt", "-o", "\(dir)/x.bin"])
        XCTAssertEqual(prune.stderr, "unspin lm train: pruning thresholds must not decrease (a pruned n-gram's extensions would survive it)\nRun 'unspin lm train --help' for usage.\n")
        XCTAssertEqual(try CLI.run(["lm", "train", "--max-size", "lots", "\(dir)/q.txt", "-o", "\(dir)/x.bin"]),
                       CLIResult(stdout: "", stderr: "unspin lm train: --max-size expects a size such as 100M, 64MiB or 5000000; got 'lots'\nRun 'unspin lm train --help' for usage.\n", status: 2))
        XCTAssertEqual(try CLI.run(["lm", "train", "--max-size", "1M", "\(dir)/q.txt", "-o", "\(dir)/x.arpa"]),
                       CLIResult(stdout: "", stderr: "unspin lm train: --max-size limits a binary model; it does not apply to ARPA output\nRun 'unspin lm train --help' for usage.\n", status: 2))
        XCTAssertEqual(try CLI.run(["lm", "train", "--max-size", "100", "\(dir)/q.txt", "-o", "\(dir)/x.bin"]).stderr.hasPrefix("unspin: language model: no pruning makes the model fit in 100 bytes"), true)
        let fits = try CLI.run(["lm", "train", "--max-size", "1MiB", "\(dir)/q.txt", "-o", "\(dir)/budget.bin"])
        XCTAssertEqual(fits.status, 0)
        XCTAssertTrue(fits.stderr.contains("\npruning chosen for --max-size: 0,0,0 ("), fits.stderr)
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/empty.txt", contents: Data()), "cannot write the test fixture")
        XCTAssertEqual(try CLI.run(["lm", "train", "\(dir)/empty.txt", "-o", "\(dir)/x.bin"]),
                       CLIResult(stdout: "", stderr: "unspin: \(dir)/empty.txt: no text to train on (empty input)\n", status: 1))
        XCTAssertEqual(try CLI.run(["lm", "train", "\(dir)/nope.txt", "-o", "\(dir)/x.bin"]),
                       CLIResult(stdout: "", stderr: "unspin: \(dir)/nope.txt: no such file\n", status: 1))
    }
}
