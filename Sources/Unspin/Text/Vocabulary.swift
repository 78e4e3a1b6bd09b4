/// Interns words (byte strings) to dense integer ids, in flat arrays.
///
/// Open addressing with linear probing over a power-of-two slot array; each slot holds
/// `id + 1` (0 is empty). Word bytes live back to back in one pool.
public struct Vocabulary: Sendable {
    @usableFromInline var pool: [UInt8] = []
    @usableFromInline var offsets: [Int] = [0]
    @usableFromInline var slots: [UInt32] = .init(repeating: 0, count: 16)
    @usableFromInline var hashes: [UInt64] = []

    public init() {}

    /// The number of distinct words.
    @inlinable public var count: Int { offsets.count - 1 }

    /// The id of `word`, or nil when it was never interned.
    /// - Complexity: O(length of `word`) expected.
    @inlinable
    public func id(of word: UnsafeBufferPointer<UInt8>) -> UInt32? {
        id(of: word, hash: Hashing.hash(word))
    }

    /// The id of `word` whose `Hashing.hash` is `h`, or nil.
    @inlinable
    func id(of word: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> UInt32? {
        let n = word.count
        return slots.withUnsafeBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                offsets.withUnsafeBufferPointer { offsets in
                    pool.withUnsafeBufferPointer { p -> UInt32? in
                        let mask = slots.count &- 1
                        var i = Int(truncatingIfNeeded: h) & mask
                        while true {
                            let s = slots[i]
                            if s == 0 { return nil }
                            let id = Int(s &- 1)
                            if hashes[id] == h {
                                let a = offsets[id], b = offsets[id &+ 1]
                                if b &- a == n && Self.equal(p.baseAddress! + a, word.baseAddress, n) {
                                    return UInt32(id)
                                }
                            }
                            i = (i &+ 1) & mask
                        }
                    }
                }
            }
        }
    }

    /// The id of `word`, adding it when new.
    @discardableResult
    public mutating func intern(_ word: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let h = Hashing.hash(word)
        if let id = id(of: word, hash: h) { return id }
        let id = UInt32(count)
        pool.append(contentsOf: word)
        offsets.append(pool.count)
        hashes.append(h)
        if count * 2 > slots.count { rehash(slots.count * 2) } else { place(Int(id)) }
        return id
    }

    /// Interns a string as is (callers fold first when they want case-insensitivity).
    @discardableResult
    public mutating func intern(_ word: String) -> UInt32 {
        withUTF8Bytes(of: word) { intern($0) }
    }

    /// Looks a string up as is.
    public func id(of word: String) -> UInt32? {
        withUTF8Bytes(of: word) { id(of: $0) }
    }

    /// The bytes of word `id`.
    public func word(_ id: UInt32) -> String {
        let a = offsets[Int(id)], b = offsets[Int(id) + 1]
        return String(decoding: pool[a..<b], as: UTF8.self)
    }

    /// Whether `n` bytes at `a` and `b` are equal; words are short, so eight bytes at a
    /// time inline beats a call to `memcmp`.
    @inlinable @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ n: Int) -> Bool {
        guard n > 0, let b else { return n == 0 }
        var i = 0
        while i &+ 8 <= n {
            if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) {
                return false
            }
            i &+= 8
        }
        while i < n {
            if a[i] != b[i] { return false }
            i &+= 1
        }
        return true
    }

    mutating func place(_ id: Int) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hashes[id]) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = UInt32(id + 1)
    }

    mutating func rehash(_ size: Int) {
        slots = .init(repeating: 0, count: size)
        for id in 0..<count { place(id) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
