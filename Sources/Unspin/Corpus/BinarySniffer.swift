#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells text from binary data, so a batch reports binary inputs instead of "restoring" them.
public enum BinarySniffer {
    /// Why `bytes` look binary, or nil when they look like text.
    ///
    /// Any NUL byte makes data binary. The first piece of a file (`isStart`) is binary too when
    /// more than 10% of its first 8 KiB are control characters (other than tab, line feed,
    /// vertical tab, form feed, carriage return and escape) or bytes that are not UTF-8.
    /// Latin-1 text with a few accented letters therefore still counts as text. Offsets in the
    /// reason are `baseOffset` plus the offset in `bytes`.
    /// - Complexity: O(n) for the NUL search (memchr), O(8 KiB) for the rest.
    public static func binaryReason(_ bytes: UnsafeBufferPointer<UInt8>, isStart: Bool, baseOffset: Int = 0) -> String? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        if let p = memchr(base, 0, bytes.count) {
            let offset = UnsafeRawPointer(p) - UnsafeRawPointer(base)
            return "binary data (a NUL byte at offset \(baseOffset + offset))"
        }
        guard isStart else { return nil }
        let n = min(bytes.count, 8192)
        let h = _UTF8Handle(UnsafeBufferPointer(rebasing: bytes[0..<n]))
        var bad = 0
        var i = 0
        while i < n {
            let b = h[i]
            if b < 0x80 {
                if b < 0x20 && !(b >= 0x09 && b <= 0x0D) && b != 0x1B { bad += 1 }
                if b == 0x7F { bad += 1 }
                i += 1
                continue
            }
            let (s, len) = h.decode(at: i)
            if s == nil && i + 4 < n { bad += 1 }
            i += len
        }
        return bad * 10 > n ? "binary data (not text)" : nil
    }
}
