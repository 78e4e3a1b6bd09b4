/// Where to cut a buffer of a longer stream so that each piece can be restored on its own.
public enum ChunkCutter {
    /// Length of the first piece of `bytes` (a full buffer with more input after it) for text.
    ///
    /// Restoring is independent per paragraph, so the cut goes just after the last blank line
    /// (a line feed, then only spaces, tabs or CRs, then a line feed). Without one it goes
    /// after the last line feed, then after the last space or tab, and as a last resort before
    /// a UTF-8 scalar cut off by the end of the buffer. The result is in `1...bytes.count`.
    /// - Complexity: O(n) in the worst case, scanning backwards.
    public static func textCut(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        cut(bytes, atLineStart: false)
    }

    /// Length of the next piece of a plain-text stream restored document by document, where
    /// `bytes` starts where the previous piece ended (at a line start when `atLineStart`, else
    /// inside a line cut at a space) and holds more than `limit` bytes of input.
    ///
    /// The cut goes in the first `limit` bytes, after the last blank line there (a line of
    /// only spaces, tabs or CRs; the first line counts when `atLineStart`). Without one, the
    /// document that `bytes` starts with is longer than `limit`, or ends at the last line feed
    /// there: the cut goes after that line feed, else after the last space or tab, else at a
    /// scalar boundary. The cut therefore depends only on the document's own bytes from its
    /// start (or from the previous cut in it), never on where it sits in the stream.
    /// The result is in `1...limit`.
    /// - Complexity: O(limit) in the worst case, scanning backwards.
    public static func documentCut(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int, atLineStart: Bool) -> Int {
        cut(UnsafeBufferPointer(rebasing: bytes[0..<min(limit, bytes.count)]), atLineStart: atLineStart)
    }

    /// `textCut`, where the first line of `bytes` counts as a line when `atLineStart`.
    static func cut(_ bytes: UnsafeBufferPointer<UInt8>, atLineStart: Bool) -> Int {
        let n = bytes.count
        guard n > 1 else { return n }
        // 1. After a paragraph break: visit line feeds from the end.
        var lastLF = -1
        var end = n
        while end > 0, let i = lastLineFeed(bytes, before: end) {
            if lastLF < 0 { lastLF = i }
            var j = i - 1
            while j >= 0, isBlankLineByte(bytes[j]) { j -= 1 }
            if j >= 0 ? bytes[j] == 0x0A : atLineStart { return i + 1 }
            end = j + 1
        }
        // 2. After a line feed.
        if lastLF >= 0 { return lastLF + 1 }
        // 3. After a space or tab.
        var i = n - 1
        while i >= 0 {
            if bytes[i] == 0x20 || bytes[i] == 0x09 { return i + 1 }
            i -= 1
        }
        // 4. At a scalar boundary: keep the last scalar whole.
        i = n - 1
        while i > 0 && n - i < 4 && bytes[i] & 0xC0 == 0x80 { i -= 1 }
        let lead = bytes[i]
        let length = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        return i + length <= n || i == 0 ? n : i
    }

    /// Length of the first piece of `bytes` for JSON Lines: just after the last line feed,
    /// or nil when there is none (the record continues past the buffer).
    /// - Complexity: O(n) in the worst case.
    public static func lineCut(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        lastLineFeed(bytes, before: bytes.count).map { $0 + 1 }
    }

    /// Whether `b` may stand in a blank line (a space, tab or CR): the one definition of a
    /// blank line that the cutter, the reader and the document splitter share.
    @inline(__always)
    static func isBlankLineByte(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }

    /// Offset of the last line feed in `bytes[0..<end]`.
    @inline(__always)
    static func lastLineFeed(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Int? {
        var i = end - 1
        while i >= 0 {
            if bytes[i] == 0x0A { return i }
            i -= 1
        }
        return nil
    }
}
