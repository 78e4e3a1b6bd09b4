import Foundation
import XCTest

/// End-to-end tests of `unspin batch`, `unspin restore --jsonl` and `unspin bench` against the
/// built binary, with the tiny fixture model and table (see RestoreCLITests for the
/// hand-checked restorations these build on).
final class BatchCLITests: XCTestCase {
    let f = CLI.fixtures
    /// The tiny fixtures, every input restored (these tests are about batching, not about the
    /// restorer's spun-or-not decision per input), with the hand-worked decoder settings.
    var tiny: [String] { ["--dictionary", "\(f)/tiny.tsv", "--model", "\(f)/tiny.arpa", "--every-input"] + CLI.handWorked }
    var root = ""

    override func setUpWithError() throws {
        var template = Array((NSTemporaryDirectory() + "/unspin-batch-cli-XXXXXX").utf8CString)
        root = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func write(_ rel: String, _ text: String) { write(rel, Data(text.utf8)) }

    func write(_ rel: String, _ data: Data) {
        let path = root + "/" + rel
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: data), "cannot write the test fixture")
    }

    func read(_ rel: String) -> String? {
        FileManager.default.contents(atPath: root + "/" + rel).map { String(decoding: $0, as: UTF8.self) }
    }

    func files(_ rel: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: root + "/" + rel) else { return [] }
        var out: [String] = []
        while let p = e.nextObject() as? String {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + rel + "/" + p, isDirectory: &isDir)
            if !isDir.boolValue { out.append(p) }
        }
        return out.sorted()
    }

    func run(_ args: [String], stdin: String = "") throws -> CLIResult {
        try CLI.run(args, stdin: stdin, directory: root)
    }

    /// The summary line with its timing (", 0.01 s, 2.3 MB/s") replaced by ", TIME".
    func masked(_ s: String) -> String {
        s.replacingOccurrences(of: #", [0-9.:]+( s)?, [0-9.-]+ MB/s"#, with: ", TIME", options: .regularExpression)
         .replacingOccurrences(of: #""seconds":[0-9.]+,"mb_per_second":[0-9.]+"#, with: #""seconds":T,"mb_per_second":T"#,
                               options: .regularExpression)
    }

    /// The input tree of the failure test. Tests run as root, who may read any file whatever
    /// its mode, so the unreadable entries are a FIFO (not a regular file; opening it would
    /// block) and a symbolic link to /proc/self/mem (a regular file whose read fails with EIO).
    func makeTree() {
        write("in/a.txt", "He mentioned the struggle in Ukraine.\n")
        write("in/sub/b.txt", "A struggle to survive.\n\nHe mentioned it.")
        write("in/bin.dat", Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01]))
        symlink("missing-target.txt", root + "/in/dangling.txt")
        mkfifo(root + "/in/fifo", 0o644)
        symlink("/proc/self/mem", root + "/in/ioerror.txt")
    }

    func testBatchDirectoryWithUnreadableBinaryAndDanglingInputs() throws {
        makeTree()
        let r = try run(["batch"] + tiny + ["--jobs", "2", "in", "--out", "out"])
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(masked(r.stderr), """
        unspin: in/bin.dat: binary data (a NUL byte at offset 4)
        unspin: in/dangling.txt: dangling symbolic link
        unspin: in/fifo: not a regular file (a FIFO)
        unspin: in/ioerror.txt: cannot read: Input/output error
        unspin: 2 files, 78 B, 3 words changed, 4 failed, TIME

        """)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(files("out"), [".unspin-batch.journal", "a.txt", "sub/b.txt"])
        XCTAssertEqual(read("out/a.txt"), "He said the war in Ukraine.\n")
        XCTAssertEqual(read("out/sub/b.txt"), "A struggle to survive.\n\nHe said it.")
    }

    func testBatchFilesAndPatternsAllGood() throws {
        makeTree()
        let r = try run(["batch"] + tiny + ["in/a.txt", "in/*/*.txt", "--out", "out", "--quiet"])
        XCTAssertEqual(r, CLIResult(stdout: "", stderr: "", status: 0))
        XCTAssertEqual(files("out"), [".unspin-batch.journal", "a.txt", "sub/b.txt"])
    }

    func testBatchJSONLines() throws {
        write("in/part-0.jsonl", """
        {"id":1,"text":"He mentioned it.","meta":{"lang":"en","score":0.50}}
        {"id":2,"text":
        {"id": 3, "text": "Ça va. He mentioned it 😀", "n": 1e2}

        """)
        let r = try run(["batch"] + tiny + ["--jsonl", "--edits", "--json", "in", "--out", "out"])
        XCTAssertEqual(r.stderr, "unspin: in/part-0.jsonl:2: not a JSON Lines record: expected a value at column 16\n")
        XCTAssertEqual(masked(r.stdout), #"{"files":1,"skipped":0,"failed":1,"bytes":145,"skipped_bytes":0,"records":2,"edits":2,"words_changed":2,"seconds":T,"mb_per_second":T,"failures":[{"path":"in/part-0.jsonl","line":2,"message":"not a JSON Lines record: expected a value at column 16"}]}"# + "\n")
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(read("out/part-0.jsonl"), """
        {"id":1,"text":"He said it.","meta":{"lang":"en","score":0.50},"edits":[{"start":3,"end":12,"spun":"mentioned","replacement":"said","margin":1.5031,"table":"tiny","confidence":0.9696,"alternatives":[{"text":"said","confidence":0.9696,"table":"tiny"},{"text":"mentioned","confidence":0.0304,"table":null}]}]}
        {"id":2,"text":
        {"id": 3, "text": "Ça va. He said it 😀", "n": 1e2, "edits": [{"start": 11, "end": 20, "spun": "mentioned", "replacement": "said", "margin": 1.5031, "table": "tiny", "confidence": 0.9696, "alternatives": [{"text": "said", "confidence": 0.9696, "table": "tiny"}, {"text": "mentioned", "confidence": 0.0304, "table": null}]}]}

        """)
    }

    func testRestoreJSONLinesStreams() throws {
        let input = """
        {"text":"He mentioned it.","id":"a"}
        not json
        {"body":"He mentioned it.","text":null}
        {"text":"caf\\u00e9, he mentioned it"}

        """
        let r = try run(["restore", "--jsonl"] + tiny, stdin: input)
        XCTAssertEqual(r, CLIResult(stdout: """
        {"text":"He said it.","id":"a"}
        not json
        {"body":"He mentioned it.","text":null}
        {"text":"caf\\u00e9, he said it"}

        """, stderr: "unspin: <stdin>:2: not a JSON Lines record: expected a JSON object ('{') at column 1\n", status: 1))
        let body = try run(["restore", "--jsonl", "--field", "body", "--jobs", "1"] + tiny, stdin: #"{"body":"He mentioned it."}"#)
        XCTAssertEqual(body, CLIResult(stdout: #"{"body":"He said it."}"#, stderr: "", status: 0))
    }

    func testResumeAfterAnInterruptedRun() throws {
        makeTree()
        try FileManager.default.removeItem(atPath: root + "/in/fifo")
        try FileManager.default.removeItem(atPath: root + "/in/bin.dat")
        try FileManager.default.removeItem(atPath: root + "/in/ioerror.txt")
        try FileManager.default.removeItem(atPath: root + "/in/dangling.txt")
        XCTAssertEqual(try run(["batch"] + tiny + ["in", "--out", "out", "-q"]).status, 0)
        // What a kill leaves: one output missing and its temporary file half written.
        try FileManager.default.removeItem(atPath: root + "/out/sub/b.txt")
        write("out/sub/.b.txt.unspin-tmp", "A struggle")
        let r = try run(["batch"] + tiny + ["in", "--out", "out", "--resume", "--json"])
        XCTAssertEqual(masked(r.stdout), #"{"files":1,"skipped":1,"failed":0,"bytes":40,"skipped_bytes":38,"records":0,"edits":1,"words_changed":1,"seconds":T,"mb_per_second":T,"failures":[]}"# + "\n")
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(files("out"), [".unspin-batch.journal", "a.txt", "sub/b.txt"])
        XCTAssertEqual(read("out/sub/b.txt"), "A struggle to survive.\n\nHe said it.")
        // Other restoring options: nothing is skipped.
        let other = try run(["batch"] + tiny + ["--change-penalty", "2", "in", "--out", "out", "--resume", "--json"])
        XCTAssertTrue(other.stdout.hasPrefix(#"{"files":2,"skipped":0,"#), other.stdout)
        // Other data (a table file changed since): nothing is skipped either.
        try FileManager.default.copyItem(atPath: "\(f)/tiny.tsv", toPath: root + "/table.tsv")
        let mine = ["--dictionary", "table.tsv", "--model", "\(f)/tiny.arpa", "--every-input", "in", "--out", "out2", "--json"]
        XCTAssertTrue(try run(["batch"] + mine).stdout.hasPrefix(#"{"files":2,"skipped":0,"#))
        XCTAssertTrue(try run(["batch"] + mine + ["--resume"]).stdout.hasPrefix(#"{"files":0,"skipped":2,"#))
        let later = timespec(tv_sec: 2_000_000_000, tv_nsec: 0)
        var times = [later, later]
        XCTAssertEqual(utimensat(AT_FDCWD, root + "/table.tsv", &times, 0), 0)
        XCTAssertTrue(try run(["batch"] + mine + ["--resume"]).stdout.hasPrefix(#"{"files":2,"skipped":0,"#))
    }

    func testRefusedArguments() throws {
        makeTree()
        let cases: [([String], String)] = [
            (["in", "--out", "in"], "--out in is the input directory in"),
            (["in", "--out", "in/sub/restored"], "--out in/sub/restored is inside the input directory in"),
            (["in/sub", "--out", "./in/sub/"], "--out ./in/sub/ is the input directory in/sub"),
            (["in/a.txt", "--out", "in"], "--out in is the directory of the input in/a.txt; outputs would replace inputs"),
            (["in", "--edits", "--out", "o"], "--edits needs --jsonl"),
            (["in", "--field", "body", "--out", "o"], "--field needs --jsonl"),
            (["in"], "--out DIR is required"),
            (["--out", "o"], "no INPUT given"),
            (["in", "--out", "o", "--jobs", "0"], "--jobs expects a whole number ≥ 1, got '0'"),
        ]
        for (args, message) in cases {
            let r = try run(["batch"] + tiny + args)
            XCTAssertEqual(r, CLIResult(stdout: "", stderr: "unspin batch: \(message)\nRun 'unspin batch --help' for usage.\n", status: 2),
                           args.joined(separator: " "))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/in/sub/restored"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/o"))
    }

    func testBenchJSON() throws {
        write("corpus.txt", "He mentioned the struggle in Ukraine.\n\nInjuring A minimum of 23 people.\n")
        let r = try run(["bench"] + tiny + ["--seconds", "0", "--jobs", "2", "--json", "corpus.txt"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        let masked = r.stdout.replacingOccurrences(of: #"":[0-9.]+"#, with: #"":N"#, options: .regularExpression)
            .replacingOccurrences(of: #""checksum":"[0-9a-f]+""#, with: #""checksum":"H""#, options: .regularExpression)
        XCTAssertTrue(masked.hasPrefix(#"{"corpus":"corpus.txt","bytes":N,"words":N,"cores":N,"jobs":N,"load_ms":N,"peak_memory_bytes":N,"stages":[{"stage":"tokenize","threads":N,"mb_per_second":N,"words_per_second":N,"seconds":N,"cpu_seconds":N,"mb_per_cpu_second":N,"checksum":"H"},"#), masked)
        XCTAssertEqual(masked.components(separatedBy: #"{"stage""#).count - 1, 10)
        // The same results on one thread and on two.
        let sums = r.stdout.matches(#""checksum":"([0-9a-f]+)""#)
        XCTAssertEqual(sums.count, 10)
        for i in stride(from: 0, to: sums.count - 1, by: 2) { XCTAssertEqual(sums[i], sums[i + 1]) }
    }

    func testBenchDetectStageUsesTheNeighbourTable() throws {
        write("corpus.txt", "He mentioned the struggle in Ukraine.\n\nInjuring A minimum of 23 people.\n")
        let table = CLI.fixtures + "/tiny-neighbours.tsv"
        let with = try run(["bench"] + tiny + ["--seconds", "0", "--jobs", "2", "--json", "--stage", "detect", "--neighbours", table, "corpus.txt"])
        let without = try run(["bench"] + tiny + ["--seconds", "0", "--jobs", "2", "--json", "--stage", "detect", "corpus.txt"])
        XCTAssertEqual(with.status, 0, with.stderr)
        XCTAssertTrue(with.stdout.contains(#""stage":"detect""#), with.stdout)
        let a = with.stdout.matches(#""checksum":"([0-9a-f]+)""#), b = without.stdout.matches(#""checksum":"([0-9a-f]+)""#)
        XCTAssertEqual(a.count, 2)
        XCTAssertEqual(a[0], a[1])
        // Identity calibration: the neighbour counts do not move the odds, so the checksums agree.
        XCTAssertEqual(a, b)
        let bad = try run(["bench", "--stage", "screen"] + tiny)
        XCTAssertTrue(bad.stderr.contains("--stage expects tokenize, match, score, restore or detect, got 'screen'"), bad.stderr)
    }
}

extension String {
    /// All matches of `pattern` (whole matches).
    func matches(_ pattern: String) -> [String] {
        guard let re = try? NSRegularExpression(pattern: pattern) else { return [] }
        let ns = self as NSString
        return re.matches(in: self, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
    }
}
