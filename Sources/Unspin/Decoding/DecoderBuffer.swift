/// Scratch storage the decoder reuses from island to island: the one place where decoding
/// works through raw pointers.
///
/// The buffer owns `capacity` elements at `base` and never shrinks. The hot loop keeps
/// `base` in a local and calls `reserve` before a run of writes, so no write goes through
/// a bounds, uniqueness or exclusivity check. Elements must be plain values (no
/// references): they are never deinitialized.
final class _DecoderBuffer<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int

    init(capacity: Int = 256) {
        precondition(_isPOD(Element.self), "_DecoderBuffer holds plain values only")
        self.capacity = capacity
        self.base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `needed` elements, keeping the first `count`; returns the (possibly
    /// moved) base.
    /// - Complexity: O(count) when it grows, O(1) otherwise.
    @inline(__always)
    func reserve(_ needed: Int, keeping count: Int) -> UnsafeMutablePointer<Element> {
        if needed > capacity { grow(needed, keeping: count) }
        return base
    }

    func grow(_ needed: Int, keeping count: Int) {
        let c = max(needed, capacity * 2)
        let p = UnsafeMutablePointer<Element>.allocate(capacity: c)
        p.moveInitialize(from: base, count: count)
        base.deallocate()
        base = p
        capacity = c
    }
}
