import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Settings of a batch run.
public struct BatchOptions: Sendable {
    /// Files, directories and glob patterns.
    public var inputs: [String]
    /// Where outputs go (created if missing).
    public var outputDirectory: String
    /// JSON Lines settings, or nil for plain text.
    public var jsonLines: JSONLinesOptions?
    /// `.html` or `.wet`: every input is one; `.auto`: each input's by name and content
    /// (`DocumentFormat.detect`; JSON Lines then with `jsonLines`' settings, or the `text`
    /// field); `.text` and `.jsonl`: as `jsonLines` says. HTML and WET files are read whole.
    public var format: DocumentFormat = .text
    /// Worker threads restoring in parallel.
    public var jobs: Int
    /// Skip inputs whose output a previous run finished.
    public var resume = false
    /// Draw the live progress line on standard error (the caller checks for a terminal).
    public var progress = false
    /// Largest piece of a file restored at once.
    public var chunkSize = 1 << 20
    /// Every other setting that changes outputs (dictionary, model, options); part of the
    /// resume key, so a resumed run with other settings redoes everything.
    public var settings = ""

    public init(inputs: [String], outputDirectory: String, jsonLines: JSONLinesOptions? = nil, jobs: Int) {
        self.inputs = inputs; self.outputDirectory = outputDirectory; self.jsonLines = jsonLines; self.jobs = jobs
    }
}

/// Why a batch did not start.
public enum BatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The arguments are refused (e.g. the output directory is inside an input directory).
    case refused(String)
    /// The output directory or its journal cannot be set up.
    case failed(String)

    public var description: String {
        switch self {
        case .refused(let m), .failed(let m): return m
        }
    }
}

/// Restores a corpus of files into a mirrored output tree: parallel, bounded in memory,
/// atomic per output, resumable.
///
/// One thread walks the inputs and reads them in pieces (`ChunkReader`); `jobs` threads
/// restore pieces (`OrderedPipeline`); one thread writes them in order to temporary files
/// renamed into place when complete (`AtomicFile`) and records them in the `ResumeJournal`.
/// At most `2 × jobs + 2` pieces are in flight, so memory does not grow with the corpus.
/// Failures (unreadable, binary, not JSON Lines) are reported in input order through
/// `report` and the batch goes on.
public final class BatchRunner: @unchecked Sendable {
    let options: BatchOptions
    let restore: RestoreFunction
    let report: @Sendable (String) -> Void
    let failedLineReportLimit = 10

    // Writer-thread state.
    var summary = BatchSummary()
    var journal: ResumeJournal?
    var lastDirectory = ""
    var start = DispatchTime.now()
    var lastDraw = 0.0
    var progressShown = false
    var inputsDone = 0
    // Totals from the background scan (guarded by `totalsLock`).
    let totalsLock = NSLock()
    var totalFiles: Int?
    var totalBytes: Int?

    /// A runner; `report` receives each failure or note as `path: message` (no newline).
    public init(options: BatchOptions, restore: @escaping RestoreFunction, report: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.restore = restore
        self.report = report
    }

    /// One input file as it goes through the pipeline. Mutated by the writer thread only.
    final class FileState: @unchecked Sendable {
        let path: String
        let relative: String
        let size: Int
        let modified: timespec
        var output: AtomicFile?
        var failed = false
        var lineBase = 0
        var badLines = 0
        /// What the file holds (text, jsonl, html or wet).
        var kind: DocumentFormat = .text
        init(path: String, relative: String, size: Int, modified: timespec) {
            self.path = path; self.relative = relative; self.size = size; self.modified = modified
        }
    }

    enum Piece: Sendable {
        case data(FileState, [UInt8], first: Bool, last: Bool)
        case failure(FileState?, BatchFailure)
        case skipped(FileState)
        case note(String)
    }

    struct Done: Sendable {
        var piece: Piece
        var inputCount = 0
        var result = PieceResult()
        /// Why a whole document (HTML, WET) could not be restored.
        var error: String?
    }

    /// Resolves `path` to an absolute path without requiring it to exist: the longest
    /// existing prefix through `realpath`, the rest appended.
    static func absolutePath(_ path: String) -> String {
        var existing = path
        var rest: [String] = []
        while FileSystem.realPath(existing) == nil {
            let (dir, name) = FileSystem.split(existing)
            if name != "." && !name.isEmpty { rest.insert(name, at: 0) }
            if dir == existing { break }
            existing = dir
        }
        var out = FileSystem.realPath(existing) ?? existing
        for r in rest { out = FileSystem.join(out, r) }
        return out
    }

    static func isInside(_ inner: String, _ outer: String) -> Bool {
        inner == outer || outer == "/" || inner.hasPrefix(outer + "/")
    }

    /// Checks that no output can land on an input: `--out` must not be, or be inside, an
    /// input directory (or a recursive pattern's base), nor be a file argument's directory
    /// or a pattern's base directory. `run` checks this too; call it early to fail fast.
    /// - Complexity: O(inputs) system calls.
    public func checkArguments() throws(BatchError) {
        let out = BatchRunner.absolutePath(options.outputDirectory)
        for arg in options.inputs {
            var st = stat()
            if InputWalker.isPattern(arg) && lstat(arg, &st) != 0 {
                guard let base = FileSystem.realPath(InputWalker.patternBase(arg)) else { continue }
                let recursive = arg.split(separator: "/").contains("**")
                if out == base || (recursive && BatchRunner.isInside(out, base)) {
                    throw .refused("--out \(options.outputDirectory) is \(out == base ? "the" : "inside the") directory the pattern '\(arg)' reads from")
                }
                continue
            }
            guard stat(arg, &st) == 0, let real = FileSystem.realPath(arg) else { continue }
            if st.st_mode & S_IFMT == S_IFDIR {
                if BatchRunner.isInside(out, real) {
                    throw .refused("--out \(options.outputDirectory) is \(out == real ? "the input directory" : "inside the input directory") \(arg)")
                }
            } else if FileSystem.split(real).directory == out {
                throw .refused("--out \(options.outputDirectory) is the directory of the input \(arg); outputs would replace inputs")
            }
        }
    }

    /// Runs the batch and returns its summary (also when inputs failed).
    /// - Complexity: O(total input size); memory O(jobs × chunk size).
    public func run() throws(BatchError) -> BatchSummary {
        start = DispatchTime.now()
        try checkArguments()
        let outDir = options.outputDirectory
        do { try FileSystem.makeDirectories(outDir) } catch { throw .failed(error.message) }
        var outStat = stat()
        guard stat(outDir, &outStat) == 0 else { throw .failed("\(outDir): \(FileSystem.errorMessage())") }
        var settings = options.settings + "\u{1}chunk=\(options.chunkSize)"
        if let j = options.jsonLines { settings += "\u{1}jsonl field=\(j.field) edits=\(j.includeEdits)" }
        if options.format != .text && options.format != .jsonl { settings += "\u{1}format=\(options.format.rawValue)" }
        do { journal = try ResumeJournal(directory: outDir, settings: settings, resume: options.resume) } catch {
            throw .failed(error.message)
        }
        let walker = InputWalker(skipDirectory: (UInt64(outStat.st_dev), UInt64(outStat.st_ino)))
        if options.progress { startTotalsScan(walker) }

        let field = Array((options.jsonLines?.field ?? "text").utf8)
        let includeEdits = options.jsonLines?.includeEdits ?? false
        let restore = self.restore
        let pipeline = OrderedPipeline<Piece, Done>(jobs: options.jobs, work: { piece in
            BatchRunner.work(piece, field: field, includeEdits: includeEdits, restore: restore)
        }, sink: { [self] done in sink(done) })

        // With several arguments, two inputs may map to the same output (dir1/a.txt and
        // dir2/a.txt): the second is refused. 8 bytes per output, only in that case.
        var outputsSeen: Set<UInt64>? = options.inputs.count > 1 ? [] : nil
        for arg in options.inputs {
            walker.walk(arg) { item in
                switch item {
                case .note(let path, let message):
                    pipeline.submit(.note("\(path): \(message)"))
                case .failure(let path, let message):
                    pipeline.submit(.failure(nil, BatchFailure(path: path, message: message)))
                case .file(let path, let relative, _):
                    if outputsSeen != nil,
                       !outputsSeen!.insert(withUTF8Bytes(of: relative) { Hashing.hash($0) }).inserted {
                        pipeline.submit(.failure(nil, BatchFailure(
                            path: path, message: "another input was already written to \(FileSystem.join(outDir, relative))")))
                        return
                    }
                    readFile(path: path, relative: relative, outDir: outDir, pipeline: pipeline)
                }
            }
        }
        pipeline.finish()
        if progressShown { FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!) }
        summary.seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        journal = nil
        return summary
    }

    /// Opens one input and submits its pieces (or its failure).
    func readFile(path: String, relative: String, outDir: String, pipeline: OrderedPipeline<Piece, Done>) {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            pipeline.submit(.failure(nil, BatchFailure(path: path, message: "cannot open: \(FileSystem.errorMessage())")))
            return
        }
        defer { close(fd) }
        var st = stat()
        fstat(fd, &st)
        guard st.st_mode & S_IFMT == S_IFREG else {
            pipeline.submit(.failure(nil, BatchFailure(path: path, message: InputWalker.kindMessage(st.st_mode))))
            return
        }
        // Back to blocking reads (O_NONBLOCK only guarded the open of a FIFO).
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        let outputPath = FileSystem.join(outDir, relative)
        var outSt = stat()
        if stat(outputPath, &outSt) == 0 && outSt.st_dev == st.st_dev && outSt.st_ino == st.st_ino {
            pipeline.submit(.failure(nil, BatchFailure(path: path, message: "its output would replace it")))
            return
        }
        let file = FileState(path: path, relative: relative, size: Int(st.st_size), modified: st.st_mtim)
        if options.resume, let journal, journal.isFinished(relative: relative, size: file.size, modified: file.modified),
           stat(outputPath, &outSt) == 0 {
            pipeline.submit(.skipped(file))
            return
        }
        file.kind = options.jsonLines == nil ? .text : .jsonl
        switch options.format {
        case .auto:
            let detected = DocumentFormat.detect(path: path)
            if detected != .text || options.jsonLines == nil { file.kind = detected }
        case .html, .wet: file.kind = options.format
        default: break
        }
        if file.kind == .html || file.kind == .wet {
            readWhole(fd, file, pipeline: pipeline)
            return
        }
        var reader = ChunkReader(fd: fd, limit: options.chunkSize, mode: file.kind == .jsonl ? .lines : .text)
        var held: [UInt8]? = nil
        var first = true
        do {
            while let piece = try reader.next() {
                let offset = reader.offset - piece.count
                if let reason = piece.withUnsafeBufferPointer({
                    BinarySniffer.binaryReason($0, isStart: offset == 0, baseOffset: offset)
                }) {
                    pipeline.submit(.failure(file, BatchFailure(path: path, message: reason)))
                    return
                }
                if let h = held {
                    pipeline.submit(.data(file, h, first: first, last: false))
                    first = false
                }
                held = piece
            }
        } catch {
            pipeline.submit(.failure(file, BatchFailure(path: path, message: "cannot read: \(error.message)")))
            return
        }
        pipeline.submit(.data(file, held ?? [], first: first, last: true))
    }

    /// Restores one piece (runs on a worker thread).
    static func work(_ piece: Piece, field: [UInt8], includeEdits: Bool, restore: RestoreFunction) -> Done {
        var done = Done(piece: piece)
        guard case .data(let file, let bytes, _, _) = piece else { return done }
        done.inputCount = bytes.count
        switch file.kind {
        case .jsonl: done.result = PieceResult.lines(bytes, field: field, includeEdits: includeEdits, restore: restore)
        case .html, .wet:
            do {
                let d = try bytes.withUnsafeBufferPointer { b throws(FormatError) in
                    try DocumentFormat.restoreDocument(b, as: file.kind, using: restore)
                }
                done.result.output = d.restoration.bytes
                done.result.edits = d.edits
                done.result.words = d.wordsChanged
                done.result.records = d.records
            } catch {
                done.error = error.message
            }
        default: done.result = PieceResult.text(bytes, restore: restore)
        }
        return done
    }

    func addFailure(_ f: BatchFailure) {
        if summary.failures.count < BatchSummary.failureLimit { summary.failures.append(f) }
        say(f.description)
    }

    func say(_ message: String) {
        if progressShown {
            FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!)
            progressShown = false
        }
        report(message)
    }

    func failFile(_ file: FileState?, _ failure: BatchFailure) {
        if let file {
            if file.failed { return }
            file.failed = true
            file.output?.abandon()
            file.output = nil
        }
        summary.failed += 1
        inputsDone += 1
        addFailure(failure)
    }

    /// Takes restored pieces in input order (runs on the writer thread).
    func sink(_ done: Done) {
        switch done.piece {
        case .note(let message):
            say(message)
        case .failure(let file, let failure):
            failFile(file, failure)
        case .skipped(let file):
            summary.skipped += 1
            summary.skippedBytes += file.size
            inputsDone += 1
        case .data(let file, _, let first, let last):
            guard !file.failed else { return }
            if let message = done.error {
                failFile(file, BatchFailure(path: file.path, message: message))
                return
            }
            do {
                if first {
                    let path = FileSystem.join(options.outputDirectory, file.relative)
                    let dir = FileSystem.split(path).directory
                    if dir != lastDirectory {
                        try FileSystem.makeDirectories(dir)
                        lastDirectory = dir
                    }
                    file.output = try AtomicFile(path: path)
                }
                let result = done.result
                try file.output?.write(result.output)
                summary.bytes += done.inputCount
                summary.edits += result.edits
                summary.wordsChanged += result.words
                summary.records += result.records
                for (line, error) in result.bad {
                    file.badLines += 1
                    if file.badLines <= failedLineReportLimit {
                        addFailure(BatchFailure(path: file.path, line: file.lineBase + line + 1,
                                                message: "not a JSON Lines record: \(error)"))
                    }
                }
                file.lineBase += result.lines
                if last {
                    try file.output?.commit()
                    file.output = nil
                    summary.files += 1
                    inputsDone += 1
                    if file.badLines > 0 {
                        summary.failed += 1
                        if file.badLines > failedLineReportLimit {
                            addFailure(BatchFailure(path: file.path, message: "\(file.badLines - failedLineReportLimit) more lines that are not JSON Lines records"))
                        }
                    } else {
                        try journal?.recordFinished(relative: file.relative, size: file.size, modified: file.modified)
                    }
                }
            } catch {
                failFile(file, BatchFailure(path: file.path, message: error.message))
            }
            drawProgress()
        }
    }

    func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }

    func drawProgress() {
        guard options.progress else { return }
        let t = elapsed()
        guard t - lastDraw >= 0.1 else { return }
        lastDraw = t
        totalsLock.lock()
        let (tf, tb) = (totalFiles, totalBytes)
        totalsLock.unlock()
        var line = ProgressFormat.line(files: inputsDone, totalFiles: tf,
                                       bytes: summary.bytes, skippedBytes: summary.skippedBytes, totalBytes: tb, seconds: t)
        var ws = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 1, line.count >= Int(ws.ws_col) {
            line = String(line.prefix(Int(ws.ws_col) - 1))
        }
        FileHandle.standardError.write(("\r\u{1B}[K" + line).data(using: .utf8)!)
        progressShown = true
    }

    /// Counts the inputs' files and bytes in the background, for the ETA.
    func startTotalsScan(_ walker: InputWalker) {
        let inputs = options.inputs
        let t = Thread { [self] in
            var files = 0, bytes = 0
            for arg in inputs {
                walker.walk(arg) { item in
                    if case .file(_, _, let size) = item { files += 1; bytes += size }
                    if case .failure = item { files += 1 }
                }
            }
            totalsLock.lock()
            totalFiles = files
            totalBytes = bytes
            totalsLock.unlock()
        }
        t.start()
    }
}
