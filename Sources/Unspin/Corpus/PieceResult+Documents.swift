#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PieceResult {
    /// Restores a piece of plain text one document at a time: a document is a run of
    /// non-blank lines, and blank lines (only spaces, tabs or CRs) between documents are
    /// copied as they are. Each document gets its own spun-or-not decision, so
    /// restoring `A`, a blank line, then `B` gives `restore(A)`, the blank line, `restore(B)`.
    /// When not `atLineStart`, `bytes` continues a line of the piece before it, so its first
    /// line is not blank whatever it holds.
    /// - Complexity: O(n) plus the restorer's cost on each document.
    public static func documents(_ bytes: [UInt8], atLineStart: Bool = true, restore: RestoreFunction) -> PieceResult {
        var done = PieceResult()
        done.output.reserveCapacity(bytes.count + bytes.count / 8)
        bytes.withUnsafeBufferPointer { all in
            let n = all.count
            var docStart = 0
            var lineStart = 0
            var midLine = !atLineStart
            func flush(_ end: Int) {
                guard end > docStart else { return }
                let r = restore(UnsafeBufferPointer(rebasing: all[docStart..<end]))
                done.output.append(contentsOf: r.bytes)
                done.edits += r.edits.count
                for e in r.edits { done.words += e.spunWordCount }
            }
            guard let base = all.baseAddress else { return }
            while lineStart < n {
                // The line's end by memchr; it is blank if only spaces, tabs and CRs come first.
                var end = n
                if let lf = memchr(base + lineStart, 0x0A, n - lineStart) {
                    end = UnsafeRawPointer(lf) - UnsafeRawPointer(base)
                }
                var k = lineStart
                while k < end, ChunkCutter.isBlankLineByte(all[k]) { k += 1 }
                let blank = k == end && !midLine
                midLine = false
                let next = end < n ? end + 1 : n
                if blank && end < n {
                    // A blank line ends the document before it and is copied.
                    flush(lineStart)
                    done.output.append(contentsOf: all[lineStart..<next])
                    docStart = next
                }
                lineStart = next
            }
            flush(n)
        }
        return done
    }
}
