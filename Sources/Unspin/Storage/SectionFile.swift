#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error reading a binary data file: names the file and says what is wrong.
public struct BinaryFileError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }
}

/// A versioned binary file of aligned sections, read through `mmap`.
///
/// Layout (little-endian):
///
///     0   magic        8 bytes, names the kind of file ("UNSPDICT")
///     8   version      UInt32
///     12  byte order   UInt32 0x01020304 as written by the producer
///     16  sections     UInt32 count n
///     20  layout check UInt32 (MemoryLayout sizes the producer used)
///     24  file length  UInt64
///     32  checksum     UInt64 (Hashing.checksum of every byte after the header)
///     40  table        n × (offset UInt64, length UInt64)
///     ... sections, each starting at a multiple of 16
///
/// - Complexity: writing and opening are O(file size) for the checksum; nothing is parsed.
public struct SectionFile {
    public static let headerSize = 40
    public static let byteOrderMark: UInt32 = 0x0102_0304
    public static let layoutCheck: UInt32 = UInt32(MemoryLayout<Int>.size) << 8 | UInt32(MemoryLayout<Float>.size)

    /// Serialises sections behind a header.
    public static func build(magic: String, version: UInt32, sections: [[UInt8]]) -> [UInt8] {
        precondition(magic.utf8.count == 8)
        let tableEnd = headerSize + 16 * sections.count
        var offsets: [Int] = []
        var pos = (tableEnd + 15) & ~15
        for s in sections { offsets.append(pos); pos = (pos + s.count + 15) & ~15 }
        var out = [UInt8](repeating: 0, count: pos)
        func put<T: FixedWidthInteger>(_ v: T, at o: Int) {
            withUnsafeBytes(of: v.littleEndian) { for (i, b) in $0.enumerated() { out[o + i] = b } }
        }
        for (i, b) in magic.utf8.enumerated() { out[i] = b }
        put(version, at: 8); put(byteOrderMark, at: 12); put(UInt32(sections.count), at: 16)
        put(layoutCheck, at: 20); put(UInt64(pos), at: 24)
        for (i, s) in sections.enumerated() {
            put(UInt64(offsets[i]), at: headerSize + 16 * i)
            put(UInt64(s.count), at: headerSize + 16 * i + 8)
            out.replaceSubrange(offsets[i]..<(offsets[i] + s.count), with: s)
        }
        let sum = out.withUnsafeBytes { Hashing.checksum($0.baseAddress! + headerSize, $0.count - headerSize) }
        put(sum, at: 32)
        return out
    }

    /// The raw bytes of an array of trivial values.
    public static func bytes<T>(_ a: [T]) -> [UInt8] {
        a.withUnsafeBytes { [UInt8]($0) }
    }

    /// A mapped file; the mapping lives as long as this object.
    public final class Mapping: @unchecked Sendable {
        public let base: UnsafeRawPointer
        public let count: Int
        init(base: UnsafeRawPointer, count: Int) { self.base = base; self.count = count }
        deinit { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }

    public let file: String
    public let mapping: Mapping
    public let version: UInt32
    var table: [(offset: Int, length: Int)] = []

    /// Maps `path` and checks magic, version, byte order, layout, length and checksum.
    /// - Throws: `BinaryFileError` saying which check failed.
    public init(path: String, magic: String, version expected: UInt32) throws {
        file = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw BinaryFileError(file: path, message: errno == ENOENT ? "no such file" : "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            throw BinaryFileError(file: path, message: "not a regular file")
        }
        let size = Int(st.st_size)
        guard size >= Self.headerSize else {
            throw BinaryFileError(file: path, message: "truncated: \(size) bytes, shorter than the \(Self.headerSize)-byte header")
        }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw BinaryFileError(file: path, message: "cannot map: \(String(cString: strerror(errno)))")
        }
        mapping = Mapping(base: UnsafeRawPointer(p), count: size)
        let base = mapping.base
        func u32(_ o: Int) -> UInt32 { UInt32(littleEndian: base.loadUnaligned(fromByteOffset: o, as: UInt32.self)) }
        func u64(_ o: Int) -> UInt64 { UInt64(littleEndian: base.loadUnaligned(fromByteOffset: o, as: UInt64.self)) }
        let m = String(decoding: UnsafeRawBufferPointer(start: base, count: 8), as: UTF8.self)
        guard m == magic else {
            throw BinaryFileError(file: path, message: "not an Unspin \(magic) file (its first bytes are \(m.debugDescription))")
        }
        version = u32(8)
        guard version == expected else {
            throw BinaryFileError(file: path, message: "format version \(version), this build reads version \(expected): rebuild the file with this version of unspin")
        }
        guard u32(12) == Self.byteOrderMark else {
            throw BinaryFileError(file: path, message: "written on a machine of the other byte order")
        }
        guard u32(20) == Self.layoutCheck else {
            throw BinaryFileError(file: path, message: "written with another memory layout (check value \(u32(20)), expected \(Self.layoutCheck))")
        }
        guard u64(24) == UInt64(size) else {
            throw BinaryFileError(file: path, message: "truncated or padded: \(size) bytes, the header says \(u64(24))")
        }
        let n = Int(u32(16))
        guard Self.headerSize + 16 * n <= size else { throw BinaryFileError(file: path, message: "corrupt section table") }
        let sum = Hashing.checksum(base + Self.headerSize, size - Self.headerSize)
        guard sum == u64(32) else { throw BinaryFileError(file: path, message: "corrupt: checksum mismatch") }
        for i in 0..<n {
            let o = Int(u64(Self.headerSize + 16 * i)), l = Int(u64(Self.headerSize + 16 * i + 8))
            guard o % 16 == 0, o + l <= size else { throw BinaryFileError(file: path, message: "corrupt: section \(i) out of bounds") }
            table.append((o, l))
        }
    }

    /// The number of sections.
    public var sectionCount: Int { table.count }

    /// Copies section `i` into an array of `T`.
    /// - Throws: when the section's length is not a multiple of `T`'s size.
    public func array<T>(_ i: Int, of: T.Type = T.self) throws -> [T] {
        guard i < table.count else { throw BinaryFileError(file: file, message: "corrupt: section \(i) missing") }
        let (o, l) = table[i]
        let stride = MemoryLayout<T>.stride
        guard l % stride == 0 else { throw BinaryFileError(file: file, message: "corrupt: section \(i) has \(l) bytes, not a multiple of \(stride)") }
        let n = l / stride
        if n == 0 { return [] }
        return [T](unsafeUninitializedCapacity: n) { buf, count in
            memcpy(buf.baseAddress!, mapping.base + o, l)
            count = n
        }
    }
}
