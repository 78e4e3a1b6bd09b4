/// WARC files of extracted text (Common Crawl's WET): each `conversion` record's body is
/// plain text to restore; every other record, and every header but the rewritten ones, is
/// copied byte for byte.
public enum WARC {
    /// One record: where its header and body lie, and its type.
    public struct Record: Sendable, Equatable {
        /// The header, from `WARC/` through the blank line that ends it.
        public var header: Range<Int>
        /// The body (`Content-Length` bytes after the header).
        public var body: Range<Int>
        /// The line breaks after the body, up to the next record.
        public var trailer: Range<Int>
        /// The `WARC-Type` value (e.g. `conversion`, `warcinfo`), or "" when missing.
        public var type: String
    }

    /// What restoring a WARC file did.
    public struct Summary: Sendable, Equatable {
        public var records = 0
        /// `conversion` records restored.
        public var restored = 0
        public var edits = 0
        public var words = 0
    }

    /// Whether `bytes` start like a WARC file (`WARC/`).
    public static func looksLikeWARC(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 5 && bytes[0] == 0x57 && bytes[1] == 0x41 && bytes[2] == 0x52 && bytes[3] == 0x43 && bytes[4] == 0x2F
    }

    /// The records of `bytes`. A header that does not start with `WARC/`, lacks a valid
    /// `Content-Length`, or a body that runs past the end is an error naming the byte offset.
    /// - Complexity: O(header bytes + records).
    public static func records(_ bytes: UnsafeBufferPointer<UInt8>) throws(FormatError) -> [Record] {
        var out: [Record] = []
        var i = 0
        let n = bytes.count
        while i < n {
            guard looksLikeWARC(UnsafeBufferPointer(rebasing: bytes[i..<n])) else {
                throw FormatError("byte \(i): expected a WARC record ('WARC/' version line)")
            }
            var length: Int? = nil
            var type = ""
            var line = i
            var headerEnd = -1
            while line < n {
                var e = line
                while e < n && bytes[e] != 0x0A { e += 1 }
                guard e < n else { break }
                var content = line..<e
                if content.upperBound > content.lowerBound && bytes[content.upperBound - 1] == 0x0D { content = content.lowerBound..<(content.upperBound - 1) }
                if content.isEmpty { headerEnd = e + 1; break }
                if let v = value(bytes, content, name: "content-length") {
                    guard !v.isEmpty, v.count <= 18, v.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                        throw FormatError("byte \(line): Content-Length is not a number")
                    }
                    length = Int(String(decoding: v, as: UTF8.self))
                } else if let v = value(bytes, content, name: "warc-type") {
                    type = String(decoding: v, as: UTF8.self)
                }
                line = e + 1
            }
            guard headerEnd >= 0 else { throw FormatError("byte \(i): the record's header does not end (no blank line)") }
            guard let length else { throw FormatError("byte \(i): the record has no Content-Length") }
            guard headerEnd + length <= n else {
                throw FormatError("byte \(i): Content-Length \(length) runs past the end of the input (\(n - headerEnd) bytes left)")
            }
            let bodyEnd = headerEnd + length
            var next = bodyEnd
            while next < n && (bytes[next] == 0x0D || bytes[next] == 0x0A) { next += 1 }
            out.append(Record(header: i..<headerEnd, body: headerEnd..<bodyEnd, trailer: bodyEnd..<next, type: type))
            i = next
        }
        return out
    }

    /// Restores each `conversion` record's body with `restore`, rewriting its
    /// `Content-Length` (and a `sha1:` `WARC-Block-Digest`) for the new body; appends the
    /// file to `out`. With `gzip`, each record is written as its own gzip member.
    /// - Complexity: O(n) plus `restore`'s cost on the bodies.
    public static func restore(_ bytes: UnsafeBufferPointer<UInt8>, gzip: Bool = false, using restore: RestoreFunction,
                               into out: inout [UInt8]) throws(FormatError) -> Summary {
        var summary = Summary()
        var record: [UInt8] = []
        for r in try records(bytes) {
            summary.records += 1
            record.removeAll(keepingCapacity: true)
            if r.type.lowercased() == "conversion" {
                let result = restore(UnsafeBufferPointer(rebasing: bytes[r.body]))
                summary.restored += 1
                summary.edits += result.edits.count
                for e in result.edits { summary.words += e.spunWordCount }
                let digest = result.bytes.withUnsafeBufferPointer { "sha1:" + SHA1.base32(SHA1.digest($0)) }
                rewriteHeader(bytes, r.header, length: result.bytes.count, digest: digest, into: &record)
                record.append(contentsOf: result.bytes)
            } else {
                record.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[r.header.lowerBound..<r.body.upperBound]))
            }
            record.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[r.trailer]))
            if gzip { try record.withUnsafeBufferPointer { b throws(FormatError) in try Gzip.appendMember(b, to: &out) } } else { out.append(contentsOf: record) }
        }
        return summary
    }

    /// The header with its Content-Length value set to `length` and a `sha1:` block digest
    /// (if any) set to `digest`; every other byte as it was.
    static func rewriteHeader(_ bytes: UnsafeBufferPointer<UInt8>, _ header: Range<Int>, length: Int, digest: String,
                              into out: inout [UInt8]) {
        var line = header.lowerBound
        while line < header.upperBound {
            var e = line
            while e < header.upperBound && bytes[e] != 0x0A { e += 1 }
            var content = line..<e
            if content.upperBound > content.lowerBound && bytes[content.upperBound - 1] == 0x0D { content = content.lowerBound..<(content.upperBound - 1) }
            let end = min(e + 1, header.upperBound)
            if let v = valueRange(bytes, content, name: "content-length") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[line..<v.lowerBound]))
                out.append(contentsOf: Array(String(length).utf8))
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[v.upperBound..<end]))
            } else if let v = valueRange(bytes, content, name: "warc-block-digest"),
                      v.count > 5, Array(bytes[v.lowerBound..<(v.lowerBound + 5)]).map({ $0 | 0x20 }) == Array("sha1:".utf8) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[line..<v.lowerBound]))
                out.append(contentsOf: Array(digest.utf8))
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[v.upperBound..<end]))
            } else {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[line..<end]))
            }
            line = end
        }
    }

    /// The value of header line `content` when its name is `name` (lower case), trimmed.
    static func value(_ bytes: UnsafeBufferPointer<UInt8>, _ content: Range<Int>, name: String) -> [UInt8]? {
        valueRange(bytes, content, name: name).map { Array(bytes[$0]) }
    }

    static func valueRange(_ bytes: UnsafeBufferPointer<UInt8>, _ content: Range<Int>, name: String) -> Range<Int>? {
        let key = Array(name.utf8)
        guard content.count > key.count, bytes[content.lowerBound + key.count] == 0x3A else { return nil }
        for (k, c) in key.enumerated() where bytes[content.lowerBound + k] | 0x20 != c { return nil }
        var a = content.lowerBound + key.count + 1, b = content.upperBound
        while a < b && (bytes[a] == 0x20 || bytes[a] == 0x09) { a += 1 }
        while b > a && (bytes[b - 1] == 0x20 || bytes[b - 1] == 0x09) { b -= 1 }
        return a..<b
    }
}
