/// SHA-1, for the `WARC-Block-Digest` of a rewritten record (`sha1:` + base32, as WARC tools write it).
enum SHA1 {
    /// The 20-byte digest of `bytes`.
    /// - Complexity: O(n).
    static func digest(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var h: [UInt32] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]
        var block = [UInt8](repeating: 0, count: 64)
        var w = [UInt32](repeating: 0, count: 80)
        let n = bytes.count
        let total = (n + 9 + 63) / 64 * 64
        var offset = 0
        while offset < total {
            for i in 0..<64 {
                let k = offset + i
                if k < n { block[i] = bytes[k] } else if k == n { block[i] = 0x80 } else if k >= total - 8 {
                    block[i] = UInt8(truncatingIfNeeded: (UInt64(n) &* 8) >> (8 * UInt64(total - 1 - k)))
                } else { block[i] = 0 }
            }
            for t in 0..<16 {
                w[t] = UInt32(block[4 * t]) << 24 | UInt32(block[4 * t + 1]) << 16 | UInt32(block[4 * t + 2]) << 8 | UInt32(block[4 * t + 3])
            }
            for t in 16..<80 { let x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]; w[t] = x << 1 | x >> 31 }
            var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4]
            for t in 0..<80 {
                let f: UInt32, k: UInt32
                switch t {
                case 0..<20: f = (b & c) | (~b & d); k = 0x5A827999
                case 20..<40: f = b ^ c ^ d; k = 0x6ED9EBA1
                case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC
                default: f = b ^ c ^ d; k = 0xCA62C1D6
                }
                let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[t]
                e = d; d = c; c = b << 30 | b >> 2; b = a; a = temp
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
            offset += 64
        }
        return h.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * $0)) } }
    }

    /// RFC 4648 base32 (upper case, no padding needed for 20 bytes).
    static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
        var out: [UInt8] = []
        var buffer: UInt64 = 0, bits = 0
        for b in bytes {
            buffer = buffer << 8 | UInt64(b); bits += 8
            while bits >= 5 { out.append(alphabet[Int(buffer >> UInt64(bits - 5) & 31)]); bits -= 5 }
        }
        if bits > 0 { out.append(alphabet[Int(buffer << UInt64(5 - bits) & 31)]) }
        while out.count % 8 != 0 { out.append(0x3D) }
        return String(decoding: out, as: UTF8.self)
    }
}
