import Foundation

/// A parallel map with ordered, bounded output: `submit` hands items to `jobs` worker
/// threads running `work`, and a writer thread passes the results to `sink` in submission
/// order. At most `maxInFlight` items are submitted but not yet sunk (`submit` waits),
/// so memory stays bounded whatever the stream length.
public final class OrderedPipeline<Input: Sendable, Output: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Submitted items not yet taken by a worker (at most `maxInFlight`).
    private var queue: [(Int, Input)] = []
    private var results: [Int: Output] = [:]
    private var nextSubmit = 0
    private var nextDeliver = 0
    private var closed = false
    private let maxInFlight: Int
    private let work: @Sendable (Input) -> Output
    private let sink: @Sendable (Output) -> Void
    private let finished = DispatchGroup()

    /// Starts `jobs` workers and the writer.
    /// - Complexity: O(jobs).
    public init(jobs: Int, maxInFlight: Int? = nil, work: @escaping @Sendable (Input) -> Output,
                sink: @escaping @Sendable (Output) -> Void) {
        let jobs = max(1, jobs)
        self.maxInFlight = max(1, maxInFlight ?? 2 * jobs + 2)
        self.work = work
        self.sink = sink
        for _ in 0..<jobs { spawn { [self] in workerLoop() } }
        spawn { [self] in writerLoop() }
    }

    private func spawn(_ body: @escaping @Sendable () -> Void) {
        finished.enter()
        let t = Thread { [finished] in
            body()
            finished.leave()
        }
        t.stackSize = 8 << 20
        t.start()
    }

    /// Queues one item, waiting while `maxInFlight` items are pending.
    /// - Complexity: O(1) amortized, plus the wait.
    public func submit(_ item: Input) {
        condition.lock()
        while nextSubmit - nextDeliver >= maxInFlight { condition.wait() }
        queue.append((nextSubmit, item))
        nextSubmit += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until every submitted item has been sunk, then stops the threads.
    /// Call once; no `submit` after it.
    /// - Complexity: O(1) plus the wait.
    public func finish() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
        finished.wait()
    }

    private func workerLoop() {
        while true {
            condition.lock()
            while queue.isEmpty && !closed { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                return
            }
            let (seq, item) = queue.removeFirst()
            condition.unlock()
            let out = work(item)
            condition.lock()
            results[seq] = out
            condition.broadcast()
            condition.unlock()
        }
    }

    private func writerLoop() {
        while true {
            condition.lock()
            while results[nextDeliver] == nil && !(closed && nextDeliver == nextSubmit) { condition.wait() }
            guard let out = results.removeValue(forKey: nextDeliver) else {
                condition.unlock()
                return
            }
            condition.unlock()
            sink(out)
            condition.lock()
            nextDeliver += 1
            condition.broadcast()
            condition.unlock()
        }
    }
}
