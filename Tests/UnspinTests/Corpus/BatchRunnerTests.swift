import XCTest
@testable import Unspin

/// A scratch directory tree for the corpus tests.
final class ScratchTree {
    let root: String

    init() {
        var template = Array((NSTemporaryDirectory() + "/unspin-corpus-XXXXXX").utf8CString)
        root = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
            .replacingOccurrences(of: "//", with: "/")
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ rel: String) -> String { root + "/" + rel }

    func write(_ rel: String, _ text: String) { write(rel, Array(text.utf8)) }

    func write(_ rel: String, _ bytes: [UInt8]) {
        try? FileManager.default.createDirectory(atPath: FileSystem.split(path(rel)).directory, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: path(rel), contents: Data(bytes)), "cannot write the test fixture")
    }

    func read(_ rel: String) -> String? {
        FileManager.default.contents(atPath: path(rel)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every file below `rel` (relative paths, sorted), dot files included.
    func files(_ rel: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: path(rel)) else { return [] }
        var out: [String] = []
        while let f = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path(rel + "/" + f), isDirectory: &isDir), !isDir.boolValue { out.append(f) }
        }
        return out.sorted()
    }

    /// The input tree of the failure tests. Root may read anything, so "unreadable" entries
    /// are a FIFO (not a regular file) and a link to /proc/self/mem, whose read fails with EIO.
    func makeInputTree() {
        write("in/a.txt", "He mentioned the struggle.\n")
        write("in/b.bin", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x61])
        symlink("nowhere", path("in/dangling"))
        mkfifo(path("in/fifo"), 0o644)
        symlink("/proc/self/mem", path("in/ioerror"))
        write("in/sub/c.txt", "A minimum of two.\n\nNothing here.")
        write("in/sub/deeper/d.txt", "")
        symlink("sub", path("in/linkdir"))
        write("in/sub/.c.txt.unspin-tmp", "a leftover")
    }
}

final class CorpusBatchRunnerTests: XCTestCase {
    func items(_ arg: String, in t: ScratchTree) -> [String] {
        var out: [String] = []
        InputWalker().walk(arg) { item in
            let p = { (s: String) in s.hasPrefix(t.root) ? String(s.dropFirst(t.root.count + 1)) : s }
            switch item {
            case .file(let path, let rel, let size): out.append("file \(p(path)) -> \(rel) (\(size))")
            case .failure(let path, let m): out.append("fail \(p(path)): \(m)")
            case .note(let path, let m): out.append("note \(p(path)): \(m)")
            }
        }
        return out
    }

    func testWalker() {
        let t = ScratchTree()
        t.makeInputTree()
        XCTAssertEqual(items(t.path("in"), in: t), [
            "file in/a.txt -> a.txt (27)",
            "file in/b.bin -> b.bin (7)",
            "fail in/dangling: dangling symbolic link",
            "fail in/fifo: not a regular file (a FIFO)",
            "file in/ioerror -> ioerror (0)",
            "note in/linkdir: symbolic link to a directory, not followed",
            "file in/sub/c.txt -> sub/c.txt (32)",
            "file in/sub/deeper/d.txt -> sub/deeper/d.txt (0)",
        ])
        XCTAssertEqual(items(t.path("in/sub/c.txt"), in: t), ["file in/sub/c.txt -> c.txt (32)"])
        XCTAssertEqual(items(t.path("missing.txt"), in: t), ["fail missing.txt: No such file or directory"])
        XCTAssertEqual(items(t.path("in/*.txt"), in: t), ["file in/a.txt -> a.txt (27)"])
        XCTAssertEqual(items(t.path("in/**/*.txt"), in: t), [
            "file in/a.txt -> a.txt (27)",
            "file in/sub/c.txt -> sub/c.txt (32)",
            "file in/sub/deeper/d.txt -> sub/deeper/d.txt (0)",
        ])
        XCTAssertEqual(items(t.path("in/s?b"), in: t), [
            "file in/sub/c.txt -> sub/c.txt (32)",
            "file in/sub/deeper/d.txt -> sub/deeper/d.txt (0)",
        ])
        XCTAssertEqual(items(t.path("in/*/deeper/[a-d].txt"), in: t), ["file in/sub/deeper/d.txt -> sub/deeper/d.txt (0)"])
        XCTAssertEqual(items(t.path("in/zz*"), in: t), ["fail in/zz*: no file matches this pattern"])
        XCTAssertEqual(InputWalker.patternBase("data/x/*/part-*.txt"), "data/x")
        XCTAssertEqual(InputWalker.patternBase("/a/**"), "/a")
        XCTAssertEqual(InputWalker.patternBase("*.txt"), ".")
    }

    final class Reports: @unchecked Sendable {
        var lines: [String] = []
        let lock = NSLock()
        func add(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
    }

    func run(_ t: ScratchTree, _ inputs: [String], out: String = "out", jsonl: JSONLinesOptions? = nil, jobs: Int = 2,
             resume: Bool = false, chunk: Int = 1 << 20) throws -> (BatchSummary, [String]) {
        var o = BatchOptions(inputs: inputs.map { t.path($0) }, outputDirectory: t.path(out), jsonLines: jsonl, jobs: jobs)
        o.resume = resume
        o.chunkSize = chunk
        let reports = Reports()
        let summary = try BatchRunner(options: o, restore: FakeRestorer.restore, report: {
            reports.add($0.replacingOccurrences(of: t.root + "/", with: ""))
        }).run()
        return (summary, reports.lines)
    }

    func testTextTreeWithFailures() throws {
        let t = ScratchTree()
        t.makeInputTree()
        let (s, reports) = try run(t, ["in"])
        XCTAssertEqual(reports, [
            "in/b.bin: binary data (a NUL byte at offset 4)",
            "in/dangling: dangling symbolic link",
            "in/fifo: not a regular file (a FIFO)",
            "in/ioerror: cannot read: Input/output error",
            "in/linkdir: symbolic link to a directory, not followed",
        ])
        XCTAssertEqual(t.files("out"), [".unspin-batch.journal", "a.txt", "sub/c.txt", "sub/deeper/d.txt"])
        XCTAssertEqual(t.read("out/a.txt"), "He said the war.\n")
        XCTAssertEqual(t.read("out/sub/c.txt"), "At least two.\n\nNothing here.")
        XCTAssertEqual(t.read("out/sub/deeper/d.txt"), "")
        XCTAssertEqual(s.files, 3)
        XCTAssertEqual(s.failed, 4)
        XCTAssertEqual(s.bytes, 27 + 32)
        XCTAssertEqual(s.edits, 3)
        XCTAssertEqual(s.wordsChanged, 5)
        XCTAssertEqual(s.failures.map(\.path).map { String($0.dropFirst(t.root.count + 1)) },
                       ["in/b.bin", "in/dangling", "in/fifo", "in/ioerror"])
        XCTAssertEqual(s.text.replacingOccurrences(of: #", [0-9.:]+ s?, [0-9.]+ MB/s$"#, with: "", options: .regularExpression),
                       "3 files, 59 B, 5 words changed, 4 failed")
    }

    func testJSONLines() throws {
        let t = ScratchTree()
        t.write("in/part-1.jsonl", """
        {"id":1,"text":"He mentioned it.","meta":{"score":0.50,"tags":["x","y"]}}
        {"id":2,"text":"Über den struggle — ünïcödé 😀","lang":"de"}
        {"id":3,"text":
        {"id": 4, "text": "caf\\u00e9 struggle", "n": 1e2}

        {"id":5}
        """ + "\n")
        let (s, reports) = try run(t, ["in"], jsonl: JSONLinesOptions(field: "text", includeEdits: false))
        XCTAssertEqual(reports, ["in/part-1.jsonl:3: not a JSON Lines record: expected a value at column 16"])
        XCTAssertEqual(t.read("out/part-1.jsonl"), """
        {"id":1,"text":"He said it.","meta":{"score":0.50,"tags":["x","y"]}}
        {"id":2,"text":"Über den war — ünïcödé 😀","lang":"de"}
        {"id":3,"text":
        {"id": 4, "text": "caf\\u00e9 war", "n": 1e2}

        {"id":5}
        """ + "\n")
        XCTAssertEqual(s.files, 1)
        XCTAssertEqual(s.failed, 1)
        XCTAssertEqual(s.records, 4)
        XCTAssertEqual(s.failures, [BatchFailure(path: t.path("in/part-1.jsonl"), line: 3,
                                                 message: "not a JSON Lines record: expected a value at column 16")])
        // With edits, and the file name kept.
        let (_, r2) = try run(t, ["in/part-1.jsonl"], out: "out2", jsonl: JSONLinesOptions(field: "text", includeEdits: true))
        XCTAssertEqual(r2.count, 1)
        XCTAssertEqual(t.read("out2/part-1.jsonl")?.split(separator: "\n", omittingEmptySubsequences: false).first,
                       #"{"id":1,"text":"He said it.","meta":{"score":0.50,"tags":["x","y"]},"edits":[{"start":3,"end":12,"spun":"mentioned","replacement":"said","margin":1.2500,"table":"fake"}]}"#)
    }

    func testLargeFileInPiecesIsTheSameForAnyJobs() throws {
        let t = ScratchTree()
        var text = ""
        for i in 0..<3000 { text += "Paragraph \(i): he mentioned a minimum of \(i) things.\(i % 3 == 0 ? "\n\n" : " ")" }
        t.write("big/corpus.txt", text)
        let (s1, _) = try run(t, ["big"], out: "o1", jobs: 1, chunk: 4096)
        let (s3, _) = try run(t, ["big"], out: "o3", jobs: 3, chunk: 4096)
        XCTAssertEqual(t.read("o1/corpus.txt"), FakeRestorer.restore(text))
        XCTAssertEqual(t.read("o3/corpus.txt"), FakeRestorer.restore(text))
        XCTAssertEqual(s1.edits, 6000)
        XCTAssertEqual(s3.wordsChanged, 12000)
    }

    func testResume() throws {
        let t = ScratchTree()
        for i in 0..<20 { t.write("in/d\(i % 3)/f\(i).txt", "File \(i) mentioned the struggle.\n") }
        t.write("in/bad.bin", [0, 1, 2])
        let (clean, _) = try run(t, ["in"], out: "clean")
        XCTAssertEqual(clean.files, 20)
        // A first run, then damage as a kill would leave it: an output missing, a stale temporary
        // file, a torn journal line.
        _ = try run(t, ["in"], out: "out")
        XCTAssertEqual(unlink(t.path("out/d1/f4.txt")), 0)
        t.write("out/d1/.f7.txt.unspin-tmp", "He mentio")
        XCTAssertEqual(unlink(t.path("out/d1/f7.txt")), 0)
        let journal = t.path("out/.unspin-batch.journal")
        var j = FileManager.default.contents(atPath: journal)!
        j.append(contentsOf: Array("0123abc".utf8))
        XCTAssertTrue(FileManager.default.createFile(atPath: journal, contents: j), "cannot write the test fixture")
        let (resumed, reports) = try run(t, ["in"], out: "out", resume: true)
        XCTAssertEqual(resumed.skipped, 18)
        XCTAssertEqual(resumed.files, 2)
        XCTAssertEqual(resumed.failed, 1)
        XCTAssertEqual(reports, ["in/bad.bin: binary data (a NUL byte at offset 0)"])
        XCTAssertEqual(t.files("out"), t.files("clean"))
        for f in t.files("clean") where !f.hasPrefix(".") { XCTAssertEqual(t.read("out/" + f), t.read("clean/" + f), f) }
        // A changed input is redone; a run with other settings redoes everything.
        t.write("in/d0/f0.txt", "Changed, mentioned.\n")
        let (again, _) = try run(t, ["in"], out: "out", resume: true)
        XCTAssertEqual(again.files, 1)
        XCTAssertEqual(t.read("out/d0/f0.txt"), "Changed, said.\n")
        let (other, _) = try run(t, ["in"], out: "out", resume: true, chunk: 1000)
        XCTAssertEqual(other.files, 20)
        // Without --resume everything is redone.
        let (fresh, _) = try run(t, ["in"], out: "out")
        XCTAssertEqual(fresh.skipped, 0)
        XCTAssertEqual(fresh.files, 20)
    }

    func testRefusedOutputPlaces() throws {
        let t = ScratchTree()
        t.write("in/a.txt", "x")
        t.write("in/sub/b.txt", "y")
        let cases: [([String], String, String)] = [
            (["in"], "in", "--out \(t.path("in")) is the input directory \(t.path("in"))"),
            (["in"], "in/sub/out", "--out \(t.path("in/sub/out")) is inside the input directory \(t.path("in"))"),
            (["in/sub"], "in/sub/", "--out \(t.path("in/sub/")) is the input directory \(t.path("in/sub"))"),
            (["in/a.txt"], "in", "--out \(t.path("in")) is the directory of the input \(t.path("in/a.txt")); outputs would replace inputs"),
            (["in/*.txt"], "in", "--out \(t.path("in")) is the directory the pattern '\(t.path("in/*.txt"))' reads from"),
            (["in/**/*.txt"], "in/x", "--out \(t.path("in/x")) is inside the directory the pattern '\(t.path("in/**/*.txt"))' reads from"),
        ]
        for (inputs, out, message) in cases {
            XCTAssertThrowsError(try run(t, inputs, out: out)) { XCTAssertEqual($0 as? BatchError, .refused(message)) }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: t.path("in/sub/out")))
        // A sibling directory and a non-recursive pattern's subdirectory are fine.
        XCTAssertEqual(try run(t, ["in"], out: "in2").0.files, 2)
        XCTAssertEqual(try run(t, ["in/*.txt"], out: "in/restored").0.files, 1)
    }

    func testTwoInputsForOneOutput() throws {
        let t = ScratchTree()
        t.write("x/a.txt", "mentioned")
        t.write("y/a.txt", "struggle")
        t.write("y/b.txt", "struggle")
        let (s, reports) = try run(t, ["x", "y"])
        XCTAssertEqual(reports, ["y/a.txt: another input was already written to out/a.txt"])
        XCTAssertEqual(s.files, 2)
        XCTAssertEqual(s.failed, 1)
        XCTAssertEqual(t.read("out/a.txt"), "said")
        XCTAssertEqual(t.read("out/b.txt"), "war")
    }

    func testStreamRestore() throws {
        let t = ScratchTree()
        t.write("in.jsonl", "{\"text\":\"he mentioned\"}\nnope\n{\"text\":\"the struggle\",\"k\":[1]}")
        let input = open(t.path("in.jsonl"), O_RDONLY)
        let output = open(t.path("out.jsonl"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let reports = Reports()
        let s = StreamRestore.run(input: input, output: output, format: .jsonLines(JSONLinesOptions()), jobs: 2,
                                  restore: FakeRestorer.restore, report: { reports.add($0) })
        close(input); close(output)
        XCTAssertEqual(t.read("out.jsonl"), "{\"text\":\"he said\"}\nnope\n{\"text\":\"the war\",\"k\":[1]}")
        XCTAssertEqual(reports.lines, ["<stdin>:2: not a JSON Lines record: expected a JSON object ('{') at column 1"])
        XCTAssertEqual(s.records, 2)
        XCTAssertEqual(s.failed, 1)
    }
}
