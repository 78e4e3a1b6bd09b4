#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an input holds, for `--format`.
public enum DocumentFormat: String, Sendable, CaseIterable {
    /// Decide per input: by file name, else by content (`detect`).
    case auto
    /// Plain text.
    case text
    /// An HTML page: its text nodes are restored in place.
    case html
    /// A WARC file of extracted text (WET), plain or gzip (one member per record).
    case wet
    /// JSON Lines records.
    case jsonl

    /// The format of a file named `path` whose first bytes are `head`: by extension (`.html`,
    /// `.htm`, `.xhtml`; `.wet`, `.warc`, either with `.gz`; `.jsonl`, `.ndjson`; `.txt`), else
    /// by content (`WARC/` or gzip: wet; a leading tag, comment or doctype: html; a line that
    /// is a JSON object: jsonl), else text.
    /// - Complexity: O(length of `head`).
    public static func detect(path: String, head: UnsafeBufferPointer<UInt8>) -> DocumentFormat {
        let name = path.lowercased()
        for (suffixes, f) in [([".html", ".htm", ".xhtml", ".shtml"], DocumentFormat.html),
                              ([".wet", ".warc", ".wet.gz", ".warc.gz"], .wet), ([".jsonl", ".ndjson"], .jsonl),
                              ([".txt", ".text", ".md"], .text)] where suffixes.contains(where: { name.hasSuffix($0) }) {
            return f
        }
        return sniff(head)
    }

    /// The format the first bytes of an input suggest (see `detect`).
    public static func sniff(_ head: UnsafeBufferPointer<UInt8>) -> DocumentFormat {
        if Gzip.isGzip(head) || WARC.looksLikeWARC(head) { return .wet }
        var i = 0
        if head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF { i = 3 }
        while i < head.count && HTMLText.isSpace(head[i]) { i += 1 }
        guard i + 1 < head.count else { return .text }
        if head[i] == 0x3C && (HTMLText.isLetter(head[i + 1]) || head[i + 1] == 0x21 || head[i + 1] == 0x3F) { return .html }
        if head[i] == 0x7B {
            var e = i
            while e < head.count && head[e] != 0x0A { e += 1 }
            while e > i && HTMLText.isSpace(head[e - 1]) { e -= 1 }
            if e < head.count && head[e - 1] == 0x7D { return .jsonl }
        }
        return .text
    }

    /// The format of the file `path` (standard input for "-", by content only, and only when it
    /// is a regular file that can be read without consuming it): reads its first 4 KiB.
    public static func detect(path: String) -> DocumentFormat {
        var head = [UInt8](repeating: 0, count: 4096)
        let fd = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .text }
        defer { if fd != 0 { close(fd) } }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return .text }
        let got = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 4096, 0) }
        head.removeLast(4096 - max(0, got))
        return head.withUnsafeBufferPointer { path == "-" ? sniff($0) : detect(path: path, head: $0) }
    }

    /// Restores a whole HTML page or WET file (`.html`, `.wet`) with `restore` doing the text:
    /// the output bytes and, for html, the edits (byte offsets in the page). gzip WET input is
    /// written back as gzip, one member per record.
    /// - Complexity: O(n) plus `restore`'s cost on the text.
    public static func restoreDocument(_ bytes: UnsafeBufferPointer<UInt8>, as format: DocumentFormat,
                                       using restore: RestoreFunction) throws(FormatError) -> DocumentRestoration {
        func counted(_ r: Restoration) -> DocumentRestoration {
            var words = 0
            for e in r.edits { words += e.spunWordCount }
            return DocumentRestoration(restoration: r, edits: r.edits.count, wordsChanged: words, records: 0)
        }
        switch format {
        case .html:
            return counted(Restorer.restore(html: bytes, using: restore))
        case .wet:
            var out: [UInt8] = []
            let summary: WARC.Summary
            if Gzip.isGzip(bytes) {
                let plain = try Gzip.decompress(bytes)
                summary = try plain.withUnsafeBufferPointer { b throws(FormatError) in try WARC.restore(b, gzip: true, using: restore, into: &out) }
            } else {
                summary = try WARC.restore(bytes, using: restore, into: &out)
            }
            return DocumentRestoration(restoration: Restoration(bytes: out, edits: []), edits: summary.edits,
                                       wordsChanged: summary.words, records: summary.records)
        default:
            return counted(restore(bytes))
        }
    }
}

/// A restored document: the restoration (for WET, its bytes only: the edits lie in the
/// records), and counts over the whole document.
public struct DocumentRestoration: Sendable {
    public var restoration: Restoration
    /// Edits made, and spun words they replaced.
    public var edits: Int
    public var wordsChanged: Int
    /// WARC records read (WET only).
    public var records: Int
}
