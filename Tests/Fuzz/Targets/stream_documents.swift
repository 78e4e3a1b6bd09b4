// seeds: Examples/bridges.spun.txt Tests/CLITests/Fixtures/spun.txt
import Foundation
import Unspin

/// The document reader (`ChunkReader` in `.documents` mode) against the rule written plainly:
/// the input is split into documents (runs of non-blank lines) and blank lines, and a document
/// longer than the limit is cut from its own start (after the last line feed within the limit,
/// else the last space or tab, else at a scalar boundary). Every piece must end where the rule
/// allows (never inside a document's segment), hold at most `limit` bytes, say rightly whether
/// it starts at a line start, and the pieces must give back the input. The first byte picks
/// the limit (16...79); the rest goes through a pipe.
@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 1, size <= 60_000 else { return 0 }
    let limit = 16 + Int(data[0]) % 64
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let n = input.count

    // The segments the rule gives, as (start, end) ranges.
    var segments: [(Int, Int)] = []
    func cutDocument(_ start: Int, _ end: Int) {
        var s = start
        while end - s > limit {
            let w = input[s..<s + limit]
            var c = limit
            if let lf = w.lastIndex(of: 0x0A) {
                c = lf + 1 - s
            } else if let sp = w.lastIndex(where: { $0 == 0x20 || $0 == 0x09 }) {
                c = sp + 1 - s
            } else {
                var i = s + limit - 1
                while i > s && s + limit - i < 4 && input[i] & 0xC0 == 0x80 { i -= 1 }
                let lead = input[i]
                let length = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                if i + length > s + limit && i > s { c = i - s }
            }
            segments.append((s, s + c))
            s += c
        }
        if s < end { segments.append((s, end)) }
    }
    var docStart = 0
    var lineStart = 0
    while lineStart < n {
        let end = input[lineStart...].firstIndex(of: 0x0A) ?? n
        let blank = input[lineStart..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        let next = min(end + 1, n)
        if blank && end < n {
            cutDocument(docStart, lineStart)
            docStart = next
        }
        lineStart = next
    }
    cutDocument(docStart, n)

    // The reader, through a pipe (the input fits in the pipe's buffer).
    var fds: [Int32] = [0, 0]
    precondition(pipe(&fds) == 0)
    var off = 0
    while off < n { let w = input.withUnsafeBufferPointer { write(fds[1], $0.baseAddress! + off, n - off) }; precondition(w > 0); off += w }
    close(fds[1])
    var reader = ChunkReader(fd: fds[0], limit: limit, mode: .documents)
    var at = 0
    var k = 0
    while let piece = try! reader.next() {
        precondition(!piece.isEmpty && piece.count <= limit, "piece of \(piece.count) bytes, limit \(limit)")
        precondition(Array(input[at..<at + piece.count]) == piece, "pieces do not give back the input")
        precondition(reader.pieceAtLineStart == (at == 0 || input[at - 1] == 0x0A), "line start wrong at \(at)")
        at += piece.count
        while k < segments.count && segments[k].1 <= at { k += 1 }
        if k < segments.count { precondition(!(segments[k].0 < at && at < segments[k].1), "cut at \(at) inside segment \(segments[k]), limit \(limit)") }
    }
    close(fds[0])
    precondition(at == n)
    return 0
}
