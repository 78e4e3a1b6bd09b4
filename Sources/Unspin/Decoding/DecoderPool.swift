import Foundation

/// Decoders of one restorer waiting for their next input, with their scratch buffers.
///
/// `Restorer.restore(bytes:)` takes a decoder, runs it and puts it back. Threads never share
/// a decoder: each call holds its own for the whole run, and the lock guards only the list.
/// At most `capacity` decoders wait (enough for every thread of a batch); a decoder keeps
/// the buffers its largest input needed, so the pool holds at most that much memory a
/// thread.
final class DecoderPool: @unchecked Sendable {
    /// A decoder for the default model type, in a box so that the pool can hold it.
    final class Box {
        var decoder: Decoder<NGramModel>
        init(_ decoder: Decoder<NGramModel>) { self.decoder = decoder }
    }

    private let lock = NSLock()
    private var waiting: [Box] = []
    let capacity: Int

    init(capacity: Int = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)) {
        self.capacity = capacity
    }

    /// A waiting decoder, or nil when none waits.
    /// - Complexity: O(1).
    func take() -> Box? {
        lock.lock()
        defer { lock.unlock() }
        return waiting.popLast()
    }

    /// Puts a decoder back to wait (dropped when `capacity` already wait).
    /// - Complexity: O(1).
    func put(_ box: Box) {
        lock.lock()
        defer { lock.unlock() }
        if waiting.count < capacity { waiting.append(box) }
    }

    /// How many decoders wait.
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return waiting.count
    }
}
