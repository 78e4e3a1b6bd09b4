#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension NGramModel {
    /// Maps a binary model file into memory; nothing is parsed, pages load as queries touch them.
    ///
    /// The header (magic, version, byte-order and layout checks, header checksum, section
    /// bounds) is checked; a truncated, foreign, older or damaged file throws an `LMError`.
    /// With `verify`, the checksum of the whole data is checked too (reads every page).
    /// - Complexity: O(1) without `verify`; O(file size) with it.
    public init(binaryPath path: String, verify: Bool = false) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw LMError(file: path, "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw LMError(file: path, "cannot stat: \(String(cString: strerror(errno)))") }
        let size = Int(st.st_size)
        guard size >= LMLayout.headerSize else {
            throw LMError(file: path, "truncated: \(size) bytes, but a model header alone takes \(LMLayout.headerSize)")
        }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw LMError(file: path, "cannot map into memory: \(String(cString: strerror(errno)))")
        }
        let storage = LMStorage(mapped: p, size: size)
        try NGramModel.validate(UnsafeRawPointer(p), size: size, file: path, verify: verify)
        self.init(storage: storage)
    }

    /// Checks an image's header and section bounds so that no query can read outside it.
    static func validate(_ base: UnsafeRawPointer, size: Int, file: String, verify: Bool) throws {
        func u32(_ o: Int) -> UInt32 { base.loadUnaligned(fromByteOffset: o, as: UInt32.self) }
        func u64(_ o: Int) -> UInt64 { base.loadUnaligned(fromByteOffset: o, as: UInt64.self) }
        func fail(_ m: String, _ offset: Int = -1) -> LMError { LMError(file: file, offset: offset, m) }
        let magic = (0..<8).map { base.load(fromByteOffset: $0, as: UInt8.self) }
        guard magic == LMLayout.magic else {
            throw fail("not an unspin binary model (it starts with \(magic.map { String($0, radix: 16) }.joined(separator: " ")))", 0)
        }
        let version = u32(LMLayout.oVersion)
        if version.byteSwapped == LMLayout.version || u32(LMLayout.oByteOrder) == LMLayout.byteOrderCheck.byteSwapped {
            throw fail("written with the other byte order; rebuild it on this machine from the ARPA file", LMLayout.oByteOrder)
        }
        if version < LMLayout.version {
            throw fail("format version \(version) is older than this unspin's (\(LMLayout.version)...\(LMTrieLayout.version)); rebuild it with 'unspin lm convert MODEL.arpa OUT'", LMLayout.oVersion)
        }
        if version > LMTrieLayout.version {
            throw fail("format version \(version) is newer than this unspin reads (\(LMLayout.version)...\(LMTrieLayout.version)); update unspin", LMLayout.oVersion)
        }
        if version == LMTrieLayout.version { return try validateCompact(base, size: size, file: file, verify: verify) }
        guard u32(LMLayout.oByteOrder) == LMLayout.byteOrderCheck,
              base.loadUnaligned(fromByteOffset: LMLayout.oFloatCheck, as: Float.self) == LMLayout.floatCheck,
              u32(LMLayout.oHeaderSize) == UInt32(LMLayout.headerSize),
              base.load(fromByteOffset: LMLayout.oEntryStrides, as: UInt8.self) == 16,
              base.load(fromByteOffset: LMLayout.oEntryStrides + 1, as: UInt8.self) == 12 else {
            throw fail("layout check values differ (byte order, float format or entry size): damaged, or written by an incompatible build", LMLayout.oByteOrder)
        }
        guard u64(LMLayout.oHeaderChecksum) == Hashing.checksum(base, LMLayout.oHeaderChecksum) else {
            throw fail("the header is damaged (checksum mismatch)", 0)
        }
        let declared = u64(LMLayout.oFileSize)
        if UInt64(size) < declared {
            throw fail("truncated: \(size) bytes, but the header says \(declared) (incomplete copy or download?)")
        }
        if UInt64(size) > declared {
            throw fail("\(UInt64(size) - declared) unexpected bytes after the model's end (\(declared) bytes)", Int(declared))
        }
        let order = Int(u32(LMLayout.oOrder))
        let V = Int(u32(LMLayout.oVocabCount))
        let slots = Int(u32(LMLayout.oVocabSlots))
        let poolSize = Int(u64(LMLayout.oPoolSize))
        guard (2...LMLayout.maxOrder).contains(order), V >= 3, slots >= 2 * V, slots & (slots - 1) == 0,
              u32(LMLayout.oUnk) < V, u32(LMLayout.oBos) < V, u32(LMLayout.oEos) < V else {
            throw fail("the header holds impossible values (order \(order), \(V) words): damaged file")
        }
        var sizes = [poolSize, 4 * (V + 1), 4 * slots, 8 * V]
        for n in 2...5 {
            let cap = Int(u64(LMLayout.oCapacities + 8 * (n - 2)))
            let cnt = Int(u64(LMLayout.oCounts + 8 * (n - 1)))
            if n <= order {
                guard cap > cnt, cap < Int(UInt32.max), cap > 0 else { throw fail("table \(n) has \(cnt) entries for capacity \(cap): damaged file") }
            }
            sizes.append(n <= order ? cap * (n == order ? 12 : 16) : 0)
        }
        var previousEnd = LMLayout.headerSize
        for i in 0..<8 {
            let off = Int(u64(LMLayout.oSections + 8 * i))
            guard off >= previousEnd, off % LMLayout.alignment == 0, off <= size, sizes[i] <= size - off else {
                throw fail("section \(i) lies outside the file or overlaps another: damaged file", LMLayout.oSections + 8 * i)
            }
            previousEnd = off + sizes[i]
        }
        if verify {
            let sum = Hashing.checksum(base + LMLayout.headerSize, size - LMLayout.headerSize)
            guard sum == u64(LMLayout.oDataChecksum) else { throw fail("the data is damaged (checksum mismatch)") }
        }
    }

    /// Writes the binary model to `path` atomically (temporary file, then rename), in `format`.
    /// - Complexity: O(size of the model).
    /// A version 1 image is converted first (`LMTrieBuilder`: sort and quantize); a version 2
    /// image is converted back to version 1 through its n-gram lists (quantized values kept).
    /// - Complexity: O(size of the model), O(n log n) in n-grams when converting.
    /// `probBits` and `backoffBits` (1...16, 2...16) size the compact format's codebooks.
    public func writeBinary(to path: String, format: LMBinaryFormat = .compact, probBits: Int = 8, backoffBits: Int = 8) throws {
        var image = storage
        if format == .compact && (self.format == .hash || probBits != 8 || backoffBits != 8) {
            var b = LMTrieBuilder(self.format == .hash ? storage : try LMImageBuilder(buildInput(), file: path).build())
            b.probBits = probBits; b.backoffBits = backoffBits
            image = b.build()
        } else if format == .hash && self.format == .compact {
            image = try LMImageBuilder(buildInput(), file: path).build()
        }
        try LMFileWriter.write(path: path) { out in
            try out.write(UnsafeRawBufferPointer(start: image.base, count: image.size))
        }
    }

    /// The same model in the other binary layout, in memory (see `writeBinary`).
    /// - Complexity: O(n log n) in n-grams.
    public func converted(to format: LMBinaryFormat) throws -> NGramModel {
        if format == self.format { return self }
        return NGramModel(storage: format == .compact ? LMTrieBuilder(storage).build() : try LMImageBuilder(buildInput()).build())
    }

    /// Checks the data checksum (reads the whole model).
    /// - Complexity: O(size of the model).
    public func verifyChecksum() -> Bool {
        let sum = Hashing.checksum(storage.base + LMLayout.headerSize, storage.size - LMLayout.headerSize)
        return sum == storage.base.loadUnaligned(fromByteOffset: LMLayout.oDataChecksum, as: UInt64.self)
    }
}

/// Buffered output to a temporary file that replaces the target only when complete.
struct LMFileWriter {
    let path: String
    let file: UnsafeMutablePointer<FILE>

    /// Runs `body` with a writer and renames the temporary file over `path` when it succeeds.
    static func write(path: String, _ body: (inout LMFileWriter) throws -> Void) throws {
        let tmp = path + ".tmp-\(getpid())"
        guard let f = fopen(tmp, "wb") else {
            throw LMError(file: path, "cannot create: \(String(cString: strerror(errno)))")
        }
        var w = LMFileWriter(path: path, file: f)
        do {
            try body(&w)
            if fflush(f) != 0 { throw LMError(file: path, "write failed: \(String(cString: strerror(errno)))") }
            fclose(f)
        } catch {
            fclose(f)
            unlink(tmp)
            throw error
        }
        if rename(tmp, path) != 0 {
            let e = String(cString: strerror(errno))
            unlink(tmp)
            throw LMError(file: path, "cannot rename the finished file into place: \(e)")
        }
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        if fwrite(bytes.baseAddress, 1, bytes.count, file) != bytes.count {
            throw LMError(file: path, "write failed: \(String(cString: strerror(errno)))")
        }
    }

    mutating func write(_ s: String) throws {
        var s = s
        try s.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }
}
