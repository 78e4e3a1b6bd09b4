extension Restorer {
    /// Restores each line on its own, as one input: a list of phrases, one a line
    /// (see `RestorerOptions.phraseList`). No phrase matches across a line end, and no line's
    /// words are another's context.
    ///
    /// Line ends (LF, or CR LF) and every byte outside the edits are copied exactly; the
    /// edits' ranges are offsets in `bytes`. `spunLogOdds` is the sum over the lines.
    /// - Complexity: O(n), as `restore(bytes:)` on each line.
    public func restoreLines(bytes: UnsafeBufferPointer<UInt8>) -> Restoration {
        var result = Restoration(bytes: [], edits: [])
        result.bytes.reserveCapacity(bytes.count)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            let next = end < bytes.count ? end + 1 : end
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            let line = restore(bytes: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            for var e in line.edits {
                e.range = (e.range.lowerBound + start)..<(e.range.upperBound + start)
                result.edits.append(e)
            }
            result.bytes.append(contentsOf: line.bytes)
            result.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[end..<next]))
            result.spunLogOdds += line.spunLogOdds
            result.words += line.words
            start = next
        }
        return result
    }

    /// Restores each line of UTF-8 bytes on its own (see `restoreLines(bytes:)`).
    public func restoreLines(bytes: [UInt8]) -> Restoration {
        bytes.withUnsafeBufferPointer { restoreLines(bytes: $0) }
    }

    /// Restores each line of a string on its own (see `restoreLines(bytes:)`).
    public func restoreLines(_ text: String) -> Restoration {
        withUTF8Bytes(of: text) { restoreLines(bytes: $0) }
    }
}
