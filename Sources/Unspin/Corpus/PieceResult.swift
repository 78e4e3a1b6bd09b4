#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A restored piece of a stream: the output bytes and what changed.
public struct PieceResult: Sendable {
    /// The restored bytes.
    public var output: [UInt8] = []
    /// Number of edits made.
    public var edits = 0
    /// Number of spun words replaced.
    public var words = 0
    /// Lines seen (JSON Lines only).
    public var lines = 0
    /// Records seen, blank lines excepted (JSON Lines only).
    public var records = 0
    /// Records flagged as spun (JSON Lines screening only).
    public var flagged = 0
    /// Lines that are not records (index within the piece, 0-based) and why.
    public var bad: [(line: Int, error: JSONLineError)] = []

    public init() {}

    /// Restores a piece of plain text.
    /// - Complexity: the restorer's cost on `bytes`.
    public static func text(_ bytes: [UInt8], restore: RestoreFunction) -> PieceResult {
        var done = PieceResult()
        let r = bytes.withUnsafeBufferPointer { restore($0) }
        done.output = r.bytes
        done.edits = r.edits.count
        for e in r.edits { done.words += e.spunWordCount }
        return done
    }

    /// Restores a piece of JSON Lines (whole lines; the last line feed may be missing), or
    /// screens it when `screen` gives a threshold (`JSONLine.screen`; with `flaggedOnly`, only
    /// flagged records are written).
    /// - Complexity: O(n) plus the restorer's cost on the restored fields.
    public static func lines(_ bytes: [UInt8], field: [UInt8], includeEdits: Bool, screen: Double? = nil,
                             flaggedOnly: Bool = false, restore: RestoreFunction) -> PieceResult {
        var done = PieceResult()
        done.output.reserveCapacity(bytes.count + bytes.count / 8)
        bytes.withUnsafeBufferPointer { all in
            var lineStart = 0
            let n = all.count
            while lineStart < n {
                var end = n
                if let base = all.baseAddress, let lf = memchr(base + lineStart, 0x0A, n - lineStart) {
                    end = lineStart + (UnsafeRawPointer(lf) - UnsafeRawPointer(base + lineStart))
                }
                let line = UnsafeBufferPointer(rebasing: all[lineStart..<end])
                let mark = done.output.count
                let outcome: JSONLineOutcome
                if let threshold = screen {
                    outcome = JSONLine.screen(line, field: field, threshold: threshold, phrases: includeEdits, restore: restore, into: &done.output)
                } else {
                    outcome = JSONLine.restore(line, field: field, includeEdits: includeEdits, restore: restore, into: &done.output)
                }
                switch outcome {
                case .screened(let flagged):
                    done.records += 1
                    if flagged { done.flagged += 1 }
                case .restored(let edits, let words):
                    done.edits += edits; done.words += words; done.records += 1
                case .passedThrough:
                    if !JSONLine.isBlank(line) { done.records += 1 }
                case .failed(let error):
                    done.bad.append((done.lines, error))
                }
                done.lines += 1
                if screen != nil && flaggedOnly && outcome != .screened(flagged: true) {
                    done.output.removeLast(done.output.count - mark)   // not flagged: not written
                    lineStart = end + 1
                    continue
                }
                if end < n { done.output.append(0x0A) }
                lineStart = end + 1
            }
        }
        return done
    }
}
