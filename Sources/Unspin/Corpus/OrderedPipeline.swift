import Foundation

/// A parallel map with ordered, bounded output: `submit` hands items to `jobs` worker
/// threads running `work`, and a writer thread passes the results to `sink` in submission
/// order. At most `maxInFlight` items are submitted but not yet sunk (`submit` waits),
/// so memory stays bounded whatever the stream length.
public final class OrderedPipeline<Input: Sendable, Output: Sendable>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when the queue gets an item (workers wait on it).
    private let workReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Signalled when the next result in order may be ready (the writer waits on it).
    private let resultReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Signalled when an item was sunk (`submit` waits on it).
    private let spaceReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
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
        pthread_mutex_init(mutex, nil)
        for c in [workReady, resultReady, spaceReady] { pthread_cond_init(c, nil) }
        for _ in 0..<jobs { spawn { [self] in workerLoop() } }
        spawn { [self] in writerLoop() }
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        for c in [workReady, resultReady, spaceReady] {
            pthread_cond_destroy(c)
            c.deallocate()
        }
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
        pthread_mutex_lock(mutex)
        while nextSubmit - nextDeliver >= maxInFlight { pthread_cond_wait(spaceReady, mutex) }
        queue.append((nextSubmit, item))
        nextSubmit += 1
        pthread_cond_signal(workReady)
        pthread_mutex_unlock(mutex)
    }

    /// Waits until every submitted item has been sunk, then stops the threads.
    /// Call once; no `submit` after it.
    /// - Complexity: O(1) plus the wait.
    public func finish() {
        pthread_mutex_lock(mutex)
        closed = true
        pthread_cond_broadcast(workReady)
        pthread_cond_broadcast(resultReady)
        pthread_mutex_unlock(mutex)
        finished.wait()
    }

    private func workerLoop() {
        while true {
            pthread_mutex_lock(mutex)
            while queue.isEmpty && !closed { pthread_cond_wait(workReady, mutex) }
            if queue.isEmpty {
                pthread_mutex_unlock(mutex)
                return
            }
            let (seq, item) = queue.removeFirst()
            pthread_mutex_unlock(mutex)
            let out = work(item)
            pthread_mutex_lock(mutex)
            results[seq] = out
            if seq == nextDeliver { pthread_cond_signal(resultReady) }
            pthread_mutex_unlock(mutex)
        }
    }

    private func writerLoop() {
        while true {
            pthread_mutex_lock(mutex)
            while results[nextDeliver] == nil && !(closed && nextDeliver == nextSubmit) {
                pthread_cond_wait(resultReady, mutex)
            }
            guard let out = results.removeValue(forKey: nextDeliver) else {
                pthread_mutex_unlock(mutex)
                return
            }
            pthread_mutex_unlock(mutex)
            sink(out)
            pthread_mutex_lock(mutex)
            nextDeliver += 1
            pthread_cond_signal(spaceReady)
            pthread_mutex_unlock(mutex)
        }
    }
}
