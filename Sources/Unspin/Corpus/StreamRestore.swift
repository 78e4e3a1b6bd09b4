import Foundation

/// Restores a stream (standard input to standard output) piece by piece, in parallel, in
/// order, writing each piece as soon as it is done: `unspin restore --jsonl` as a Spark
/// `pipe()` or Hadoop Streaming mapper.
///
/// In JSON Lines mode a piece is whatever whole lines one read brought (at most the chunk
/// size), so records fed one at a time come out one at a time, while a bulk feed is restored
/// a megabyte at a time on all cores. Output goes straight to the file descriptor with
/// `write(2)`: nothing waits in a buffer. Memory stays bounded (`2 × jobs + 2` pieces).
public enum StreamRestore {
    /// What the stream holds.
    public enum Format: Sendable, Equatable {
        /// Plain text, cut at paragraph breaks; each piece restored as one input.
        case text
        /// Plain text restored document by document (see `PieceResult.documents`); a document
        /// longer than the chunk size is cut at line breaks counted from its own start (see
        /// `ChunkCutter.documentCut`), each piece restored as one input.
        case documents
        /// JSON Lines records.
        case jsonLines(JSONLinesOptions)
    }

    /// Restores `input` into `output` (file descriptors, not closed).
    ///
    /// Lines that are not JSON Lines records are copied unchanged and reported through
    /// `report` as `name:LINE: not a JSON Lines record: ...` (the first 100; then a count).
    /// Returns the summary; `failed` is 1 when any line was bad or a read or write failed.
    /// - Complexity: O(input size); memory O(jobs × chunk size).
    public static func run(input: Int32, output: Int32, name: String = "<stdin>", format: Format, jobs: Int,
                           chunkSize: Int = 1 << 20, restore: @escaping RestoreFunction,
                           report: @escaping @Sendable (String) -> Void) -> BatchSummary {
        let state = StreamState(output: output, name: name, report: report)
        let startNanos = monotonicNanos()
        let mode: ChunkReader.Mode
        let work: @Sendable (Piece) -> PieceResult
        switch format {
        case .text:
            mode = .text
            work = { PieceResult.text($0.bytes, restore: restore) }
        case .documents:
            mode = .documents
            work = { PieceResult.documents($0.bytes, atLineStart: $0.atLineStart, restore: restore) }
        case .jsonLines(let o):
            mode = .lines
            let field = Array(o.field.utf8)
            work = { PieceResult.lines($0.bytes, field: field, includeEdits: o.includeEdits, screen: o.screen, flaggedOnly: o.flaggedOnly, restore: restore) }
        }
        let pipeline = OrderedPipeline<Piece, (Int, PieceResult)>(jobs: jobs, work: { piece in
            (piece.bytes.count, work(piece))
        }, sink: { state.take($0.0, $0.1) })
        var reader = ChunkReader(fd: input, limit: chunkSize, mode: mode)
        do {
            while !state.stopped, let bytes = try reader.next() {
                pipeline.submit(Piece(bytes: bytes, atLineStart: reader.pieceAtLineStart))
            }
        } catch {
            state.readFailed(error.message)
        }
        pipeline.finish()
        var s = state.summary
        if state.badLines > 100 {
            report("\(name): \(state.badLines - 100) more lines that are not JSON Lines records")
        }
        s.seconds = Double(monotonicNanos() - startNanos) / 1e9
        return s
    }

    /// A piece of the stream as the reader cut it.
    struct Piece: Sendable {
        var bytes: [UInt8]
        /// False when the piece continues a line of the piece before it.
        var atLineStart: Bool
    }

    static func monotonicNanos() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// Writer-side state; touched by the pipeline's writer thread, then read after `finish`.
    final class StreamState: @unchecked Sendable {
        let output: Int32
        let name: String
        let report: @Sendable (String) -> Void
        var summary = BatchSummary()
        var lineBase = 0
        var badLines = 0
        private var stopFlag = false
        private let lock = NSLock()

        init(output: Int32, name: String, report: @escaping @Sendable (String) -> Void) {
            self.output = output; self.name = name; self.report = report
            summary.files = 1
        }

        var stopped: Bool {
            lock.lock()
            defer { lock.unlock() }
            return stopFlag
        }

        func readFailed(_ message: String) {
            summary.failed = 1
            let f = BatchFailure(path: name, message: "cannot read: \(message)")
            summary.failures.append(f)
            report(f.description)
        }

        func take(_ inputCount: Int, _ r: PieceResult) {
            if stopped { return }
            do {
                try r.output.withUnsafeBufferPointer { (p) throws(CorpusError) in try FileSystem.writeAll(output, p) }
            } catch {
                lock.lock(); stopFlag = true; lock.unlock()
                summary.failed = 1
                let f = BatchFailure(path: "<stdout>", message: "cannot write: \(error.message)")
                summary.failures.append(f)
                report(f.description)
                return
            }
            summary.bytes += inputCount
            summary.edits += r.edits
            summary.wordsChanged += r.words
            summary.records += r.records
            summary.flagged += r.flagged
            for (line, error) in r.bad {
                badLines += 1
                summary.failed = 1
                if badLines <= 100 {
                    let f = BatchFailure(path: name, line: lineBase + line + 1, message: "not a JSON Lines record: \(error)")
                    if summary.failures.count < BatchSummary.failureLimit { summary.failures.append(f) }
                    report(f.description)
                }
            }
            lineBase += r.lines
        }
    }
}
