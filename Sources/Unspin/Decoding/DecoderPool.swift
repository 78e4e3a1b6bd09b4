import Foundation

/// Decoders of one restorer waiting for their next input, with their scratch buffers.
///
/// `Restorer.restore(bytes:)` takes a decoder, runs it and puts it back. Threads never share
/// a decoder: each call holds its own for the whole run, and the lock guards only the list.
/// At most `capacity` decoders wait (enough for every thread of a batch). A decoder keeps the
/// buffers its largest input needed (about 10 bytes a byte of input), so one that has just
/// restored more than `largestKept` bytes is let go instead of kept: a program that restores
/// one huge text and then small ones does not hold the huge one's buffers.
final class DecoderPool: @unchecked Sendable {
    /// A decoder for the default model type, in a box so that the pool can hold it.
    final class Box {
        var decoder: Decoder<NGramModel>
        init(_ decoder: Decoder<NGramModel>) { self.decoder = decoder }
    }

    private let lock = NSLock()
    private var waiting: [Box] = []
    let capacity: Int
    /// The largest input after which a decoder is kept (4 MiB: a batch's pieces are 1 MiB).
    let largestKept: Int

    init(capacity: Int = max(2, ProcessInfo.processInfo.activeProcessorCount * 2), largestKept: Int = 4 << 20) {
        self.capacity = capacity
        self.largestKept = largestKept
    }

    /// A waiting decoder, or nil when none waits.
    /// - Complexity: O(1).
    func take() -> Box? {
        lock.lock()
        defer { lock.unlock() }
        return waiting.popLast()
    }

    /// Puts back a decoder that has just restored `inputBytes` bytes, to wait (dropped when
    /// `capacity` already wait, or when the input was larger than `largestKept`).
    /// - Complexity: O(1).
    func put(_ box: Box, after inputBytes: Int) {
        guard inputBytes <= largestKept else { return }
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
