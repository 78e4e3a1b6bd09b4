/// A fast 64-bit hash for byte strings and word-id sequences (not cryptographic).
public enum Hashing {
    @inlinable
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Hashes bytes, eight at a time.
    /// - Complexity: O(n).
    @inlinable
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return mix(h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = mix(h ^ w) &+ 0x9E37_79B9_7F4A_7C15
            i += 8
        }
        if i < n {
            // The last n - i bytes as a little-endian word, in at most three loads.
            let rem = n - i
            var w: UInt64 = 0
            #if _endian(little)
            if n >= 8 {
                w = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) >> UInt64(8 * (8 - rem))
            } else {
                var off = 0
                if rem & 4 != 0 { w = UInt64(raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self)); off = 4 }
                if rem & 2 != 0 { w |= UInt64(raw.loadUnaligned(fromByteOffset: off, as: UInt16.self)) << UInt64(off * 8); off += 2 }
                if rem & 1 != 0 { w |= UInt64(base[off]) << UInt64(off * 8) }
            }
            #else
            var shift: UInt64 = 0
            while i < n { w |= UInt64(base[i]) << shift; shift += 8; i += 1 }
            #endif
            h = mix(h ^ w)
        }
        return mix(h)
    }

    /// Combines a running hash with one more 32-bit value (for word-id sequences).
    @inlinable
    public static func combine(_ h: UInt64, _ word: UInt32) -> UInt64 {
        mix(h &+ 0x9E37_79B9_7F4A_7C15 &+ UInt64(word) &* 0xD6E8_FEB8_6659_FD93)
    }

    /// A checksum of bytes, sixteen at a time in two independent lanes (not cryptographic;
    /// detects damage). Several times faster than `hash` over large data, whose rounds
    /// depend on each other.
    /// - Complexity: O(count).
    public static func checksum(_ p: UnsafeRawPointer, _ count: Int) -> UInt64 {
        let h: UInt64 = 0x6A09_E667_F3BC_C908 &+ UInt64(count)
        var i = 0
        var a: UInt64 = 0, b: UInt64 = 0
        while i + 16 <= count {
            a = (a ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            b = (b ^ p.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* 0xC2B2_AE3D_27D4_EB4F
            a = (a << 31) | (a >> 33)
            b = (b << 29) | (b >> 35)
            i += 16
        }
        while i < count { a = (a ^ UInt64(p.load(fromByteOffset: i, as: UInt8.self))) &* 0x9E37_79B9_7F4A_7C15; i += 1 }
        return mix(h ^ a ^ mix(b &+ h))
    }
}
