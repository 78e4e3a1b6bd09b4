#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file in one of the document formats could not be read.
public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// gzip through the system zlib, loaded at run time (`dlopen("libz.so.1")`): no headers and
/// no package needed to build, and a clear error where the library is missing.
public enum Gzip {
    /// Whether `bytes` start like a gzip member (1F 8B).
    public static func isGzip(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The data of every gzip member of `bytes`, concatenated.
    /// - Complexity: O(n + output).
    public static func decompress(_ bytes: UnsafeBufferPointer<UInt8>) throws(FormatError) -> [UInt8] {
        let z = try Zlib.load()
        let strm = UnsafeMutablePointer<ZStream>.allocate(capacity: 1)
        strm.initialize(to: ZStream())
        defer { strm.deallocate() }
        let raw = UnsafeMutableRawPointer(strm)
        guard z.inflateInit2(raw, 15 + 16, z.version, Int32(MemoryLayout<ZStream>.size)) == 0 else {
            throw FormatError("cannot start zlib's inflate")
        }
        defer { _ = z.inflateEnd(raw) }
        var out = [UInt8](repeating: 0, count: max(1 << 16, bytes.count * 4))
        var produced = 0
        var consumed = 0
        while true {
            let chunk = min(bytes.count - consumed, 1 << 30)
            strm.pointee.next_in = bytes.baseAddress.map { $0 + consumed }
            strm.pointee.avail_in = UInt32(chunk)
            if produced == out.count { out.append(contentsOf: repeatElement(0, count: out.count)) }
            let room = out.count - produced
            let status: Int32 = out.withUnsafeMutableBufferPointer { o in
                strm.pointee.next_out = o.baseAddress! + produced
                strm.pointee.avail_out = UInt32(min(room, 1 << 30))
                return z.inflate(raw, 0)
            }
            consumed += chunk - Int(strm.pointee.avail_in)
            produced += min(room, 1 << 30) - Int(strm.pointee.avail_out)
            if status == 1 {   // Z_STREAM_END: one member done; another may follow.
                if consumed == bytes.count { break }
                guard z.inflateReset(raw) == 0 else { throw FormatError("cannot restart zlib's inflate") }
                continue
            }
            if status == 0 { continue }
            if status == -5 && strm.pointee.avail_out > 0 {   // Z_BUF_ERROR with room: the input ran out.
                throw FormatError("gzip data ends before its member does (truncated?) at byte \(consumed)")
            }
            if status == -5 { continue }
            let detail = strm.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
            throw FormatError("not valid gzip data at byte \(consumed): \(detail)")
        }
        out.removeLast(out.count - produced)
        return out
    }

    /// Appends `bytes` to `out` as one gzip member.
    /// - Complexity: O(n).
    public static func appendMember(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) throws(FormatError) {
        let z = try Zlib.load()
        let strm = UnsafeMutablePointer<ZStream>.allocate(capacity: 1)
        strm.initialize(to: ZStream())
        defer { strm.deallocate() }
        let raw = UnsafeMutableRawPointer(strm)
        guard z.deflateInit2(raw, 6, 8, 15 + 16, 8, 0, z.version, Int32(MemoryLayout<ZStream>.size)) == 0 else {
            throw FormatError("cannot start zlib's deflate")
        }
        defer { _ = z.deflateEnd(raw) }
        var consumed = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let chunk = min(bytes.count - consumed, 1 << 30)
            strm.pointee.next_in = bytes.baseAddress.map { $0 + consumed }
            strm.pointee.avail_in = UInt32(chunk)
            let last = consumed + chunk == bytes.count
            let status: Int32 = buffer.withUnsafeMutableBufferPointer { o in
                strm.pointee.next_out = o.baseAddress!
                strm.pointee.avail_out = UInt32(o.count)
                return z.deflate(raw, last ? 4 : 0)   // Z_FINISH : Z_NO_FLUSH
            }
            consumed += chunk - Int(strm.pointee.avail_in)
            out.append(contentsOf: buffer[0..<(buffer.count - Int(strm.pointee.avail_out))])
            if status == 1 { return }
            if status < 0 && status != -5 { throw FormatError("zlib's deflate failed (\(status))") }
        }
    }
}

/// zlib's `z_stream` (LP64 layout).
struct ZStream {
    var next_in: UnsafePointer<UInt8>? = nil
    var avail_in: UInt32 = 0
    var total_in: UInt = 0
    var next_out: UnsafeMutablePointer<UInt8>? = nil
    var avail_out: UInt32 = 0
    var total_out: UInt = 0
    var msg: UnsafePointer<CChar>? = nil
    var state: OpaquePointer? = nil
    var zalloc: OpaquePointer? = nil
    var zfree: OpaquePointer? = nil
    var opaque: UnsafeMutableRawPointer? = nil
    var data_type: Int32 = 0
    var adler: UInt = 0
    var reserved: UInt = 0
}

/// The zlib functions used, looked up once.
final class Zlib: @unchecked Sendable {
    typealias Stream = UnsafeMutableRawPointer
    typealias InflateInit = @convention(c) (Stream, Int32, UnsafePointer<CChar>, Int32) -> Int32
    typealias DeflateInit = @convention(c) (Stream, Int32, Int32, Int32, Int32, Int32, UnsafePointer<CChar>, Int32) -> Int32
    typealias Step = @convention(c) (Stream, Int32) -> Int32
    typealias End = @convention(c) (Stream) -> Int32
    let inflateInit2: InflateInit
    let inflate: Step
    let inflateReset: End
    let inflateEnd: End
    let deflateInit2: DeflateInit
    let deflate: Step
    let deflateEnd: End
    let version: UnsafePointer<CChar>

    private static let shared = Zlib()

    /// The loaded library, or the error saying why it is missing.
    static func load() throws(FormatError) -> Zlib {
        guard let z = shared else { throw FormatError("gzip needs the system zlib (libz.so.1), which could not be loaded") }
        return z
    }

    private init?() {
        guard MemoryLayout<ZStream>.size == 112,
              let h = dlopen("libz.so.1", RTLD_NOW) ?? dlopen("libz.dylib", RTLD_NOW) else { return nil }
        func sym<T>(_ name: String, _: T.Type) -> T? {
            guard let p = dlsym(h, name) else { return nil }
            return unsafeBitCast(p, to: T.self)
        }
        typealias VersionFn = @convention(c) () -> UnsafePointer<CChar>
        guard let a = sym("inflateInit2_", InflateInit.self), let b = sym("inflate", Step.self),
              let c = sym("inflateReset", End.self), let d = sym("inflateEnd", End.self),
              let e = sym("deflateInit2_", DeflateInit.self), let f = sym("deflate", Step.self),
              let g = sym("deflateEnd", End.self), let v = sym("zlibVersion", VersionFn.self) else { return nil }
        inflateInit2 = a; inflate = b; inflateReset = c; inflateEnd = d
        deflateInit2 = e; deflate = f; deflateEnd = g
        version = v()
    }
}
