/// The one place where Unspin reads raw UTF-8 through pointers.
///
/// A `_UTF8Handle` is a borrowed view of bytes (it never owns or frees them). Every
/// pointer dereference of the text layer goes through it, so bounds reasoning lives in
/// one small type.
@usableFromInline
struct _UTF8Handle {
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let count: Int

    @inlinable
    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        // An empty buffer may have a nil base address; point at a static byte instead.
        self.base = buffer.baseAddress ?? _UTF8Handle.emptyBase
        self.count = buffer.count
    }

    @usableFromInline
    nonisolated(unsafe) static let emptyBase: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.initialize(to: 0)
        return UnsafePointer(p)
    }()

    @inlinable
    subscript(i: Int) -> UInt8 { base[i] }

    /// The eight bytes at `i..<i + 8` (which must be in bounds), the byte at `i` in the
    /// low bits.
    @inlinable
    func load8(at i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
    }

    @inlinable
    func slice(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + start, count: end - start)
    }

    /// Decodes the scalar at `i`. Returns the scalar value and its byte length, or
    /// `(nil, 1)` when the byte at `i` does not start a well-formed UTF-8 sequence
    /// (overlong forms, surrogates and values past U+10FFFF are rejected).
    /// - Complexity: O(1).
    @inlinable
    func decode(at i: Int) -> (scalar: UInt32?, length: Int) {
        let b0 = UInt32(base[i])
        if b0 < 0x80 { return (b0, 1) }
        let remaining = count - i
        if b0 >= 0xC2 && b0 <= 0xDF {
            guard remaining >= 2 else { return (nil, 1) }
            let b1 = UInt32(base[i + 1])
            guard b1 & 0xC0 == 0x80 else { return (nil, 1) }
            return (((b0 & 0x1F) << 6) | (b1 & 0x3F), 2)
        }
        if b0 >= 0xE0 && b0 <= 0xEF {
            guard remaining >= 3 else { return (nil, 1) }
            let b1 = UInt32(base[i + 1]), b2 = UInt32(base[i + 2])
            guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return (nil, 1) }
            let v = ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F)
            guard v >= 0x800, !(0xD800...0xDFFF).contains(v) else { return (nil, 1) }
            return (v, 3)
        }
        if b0 >= 0xF0 && b0 <= 0xF4 {
            guard remaining >= 4 else { return (nil, 1) }
            let b1 = UInt32(base[i + 1]), b2 = UInt32(base[i + 2]), b3 = UInt32(base[i + 3])
            guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80, b3 & 0xC0 == 0x80 else { return (nil, 1) }
            let v = ((b0 & 0x07) << 18) | ((b1 & 0x3F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F)
            guard v >= 0x10000, v <= 0x10FFFF else { return (nil, 1) }
            return (v, 4)
        }
        return (nil, 1)
    }
}

/// Calls `body` with the contiguous UTF-8 bytes of `text`, copying only when the string
/// is not stored contiguously (bridged or small strings).
@inlinable
func withUTF8Bytes<R>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let r = try text.utf8.withContiguousStorageIfAvailable(body) { return r }
    let copy = Array(text.utf8)
    return try copy.withUnsafeBufferPointer(body)
}

/// Appends the UTF-8 encoding of `scalar` to `out`.
@inlinable
func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
    if v < 0x80 {
        out.append(UInt8(v))
    } else if v < 0x800 {
        out.append(UInt8(0xC0 | (v >> 6))); out.append(UInt8(0x80 | (v & 0x3F)))
    } else if v < 0x10000 {
        out.append(UInt8(0xE0 | (v >> 12))); out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    } else {
        out.append(UInt8(0xF0 | (v >> 18))); out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
    }
}

/// The offset of the first byte that is not part of well-formed UTF-8, or nil.
/// - Complexity: O(n).
public func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let h = _UTF8Handle(bytes)
    var i = 0
    while i < h.count {
        let (s, len) = h.decode(at: i)
        if s == nil { return i }
        i += len
    }
    return nil
}
