#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor in pieces of bounded size, each ending where the stream may be
/// cut (see `ChunkCutter`): a paragraph break for text, a paragraph break or a cut counted
/// from the document's start for documents, a line feed for JSON Lines.
///
/// Memory stays within about two chunk limits whatever the stream length; only a JSON Lines
/// record longer than the limit makes a chunk grow (up to `maxRecord`).
public struct ChunkReader {
    /// How pieces are cut.
    public enum Mode: Sendable {
        /// Pieces of at most `limit` bytes ending at a paragraph break where there is one.
        case text
        /// Pieces of at most `limit` bytes that a document-by-document restore gives the same
        /// result for wherever each document sits: see `ChunkCutter.documentCut`.
        case documents
        /// Whole lines (JSON Lines records).
        case lines
    }

    let fd: Int32
    let limit: Int
    let mode: Mode
    let maxRecord: Int
    var pending: [UInt8] = []
    var scratch: [UInt8] = []
    var atEnd = false
    /// Bytes handed out so far.
    public private(set) var offset = 0
    /// Whether `pending` starts at a line start (`.documents`: false after a cut inside a line).
    var pendingAtLineStart = true
    /// Whether `pending` starts inside a line that so far holds only spaces, tabs or CRs (a
    /// blank line longer than the limit, cut at a tab): for the cut, such a line is still blank.
    var pendingInBlankLine = false
    /// Whether the piece `next` returned last starts at a line start (else it continues a
    /// line of the piece before it, cut at a space or scalar boundary).
    public private(set) var pieceAtLineStart = true

    /// A reader of `fd` (not closed by the reader) handing out pieces of at most `limit` bytes.
    public init(fd: Int32, limit: Int = 1 << 20, mode: Mode, maxRecord: Int = 64 << 20) {
        self.fd = fd; self.limit = max(limit, 16); self.mode = mode; self.maxRecord = maxRecord
    }

    /// Reads once (at most 256 KiB) into `pending`; returns the number of bytes read
    /// (0 at end of input).
    mutating func fill(upTo target: Int) throws(CorpusError) -> Int {
        let want = min(target - pending.count, 256 << 10)
        guard want > 0 else { return 0 }
        if scratch.count < want { scratch = [UInt8](repeating: 0, count: want) }
        var got = 0
        repeat {
            got = scratch.withUnsafeMutableBufferPointer { read(fd, $0.baseAddress!, want) }
        } while got < 0 && errno == EINTR
        if got < 0 { throw CorpusError(message: String(cString: strerror(errno))) }
        if got == 0 { atEnd = true }
        pending.reserveCapacity(target)
        pending.append(contentsOf: scratch[0..<got])
        return got
    }

    /// The next piece, or nil at the end of the input.
    ///
    /// In `.lines` mode a piece is returned as soon as a read brings at least one whole line,
    /// so records typed or piped one by one come out one by one.
    /// - Complexity: O(piece length).
    public mutating func next() throws(CorpusError) -> [UInt8]? {
        while true {
            // Documents: one byte past the limit tells whether what follows the piece's start
            // is longer than the limit, so a document of exactly `limit` bytes stays whole.
            let full = mode == .documents ? limit + 1 : limit
            if atEnd && (mode != .documents || pending.count < full) {
                guard !pending.isEmpty else { return nil }
                let all = pending
                pending = []
                offset += all.count
                pieceAtLineStart = pendingAtLineStart
                return all
            }
            let target: Int
            if mode == .lines && pending.count >= limit {
                guard pending.count < maxRecord else {
                    throw CorpusError(message: "a record longer than \(maxRecord >> 20) MiB")
                }
                target = min(max(pending.count * 2, limit), maxRecord)
            } else {
                target = full
            }
            let requested = min(target - pending.count, 256 << 10)
            let got = try fill(upTo: target)
            if atEnd && !(mode == .documents && pending.count == full) { continue }
            // Text and documents: fill the buffer. Lines: keep reading while reads come back full (a file),
            // cut as soon as one comes back short (a pipe with nothing more waiting).
            if mode != .lines && pending.count < full { continue }
            if mode == .lines && got == requested && pending.count < target { continue }
            let cut: Int?
            switch mode {
            case .lines:
                cut = pending.withUnsafeBufferPointer { ChunkCutter.lineCut($0) }
            case .text:
                cut = pending.withUnsafeBufferPointer { ChunkCutter.textCut($0) }
            case .documents:
                cut = pending.withUnsafeBufferPointer { ChunkCutter.documentCut($0, limit: limit, atLineStart: pendingAtLineStart || pendingInBlankLine) }
            }
            guard let c = cut else { continue }
            let piece = Array(pending[0..<c])
            pieceAtLineStart = pendingAtLineStart
            pendingAtLineStart = piece[c - 1] == 0x0A
            if !pendingAtLineStart {
                // The piece's last line, cut off: blank so far if every byte of it is white
                // space and it started blank (at a line feed in the piece, or as the piece did).
                var i = c - 1
                while i >= 0 && ChunkCutter.isBlankLineByte(piece[i]) { i -= 1 }
                pendingInBlankLine = i >= 0 ? piece[i] == 0x0A : (pieceAtLineStart || pendingInBlankLine)
            } else {
                pendingInBlankLine = false
            }
            pending.removeFirst(c)
            offset += c
            return piece
        }
    }
}
