#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The record of finished outputs that lets `unspin batch --resume` skip them.
///
/// A journal file `.unspin-batch.journal` in the output directory gets one line per output,
/// appended after the output was renamed into place: a 64-bit hash (16 hex digits) of the
/// output's relative path, the input's size and modification time and the run's settings.
/// A resumed run skips an input only when its line is there and its output still exists, so
/// a run killed at any moment (even mid-line) resumes to the same outputs as a clean run.
/// The file is locked while a batch runs, so two batches cannot write the same directory.
/// Resuming holds 8 bytes per finished output in memory.
public final class ResumeJournal {
    /// The journal's file name inside the output directory.
    public static let fileName = ".unspin-batch.journal"

    let fd: Int32
    let settings: UInt64
    var finished: Set<UInt64> = []

    /// Opens (and locks) the journal of `directory`. With `resume`, loads its lines;
    /// otherwise starts it afresh. `settings` is a description of every option that changes
    /// outputs; a resumed run with other settings redoes everything.
    /// - Complexity: O(journal size).
    public init(directory: String, settings: String, resume: Bool) throws(CorpusError) {
        let path = FileSystem.join(directory, ResumeJournal.fileName)
        self.settings = withUTF8Bytes(of: settings) { Hashing.hash($0) }
        fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CorpusError(message: "\(path): cannot open: \(FileSystem.errorMessage())") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw CorpusError(message: "\(directory): another unspin batch is writing to this directory")
        }
        if resume {
            var reader = ChunkReader(fd: fd, limit: 1 << 16, mode: .lines)
            while let piece = try reader.next() {
                var value: UInt64 = 0
                var digits = 0
                for b in piece {
                    if b == 0x0A {
                        if digits == 16 { finished.insert(value) }
                        value = 0; digits = 0
                        continue
                    }
                    let d: UInt64
                    switch b {
                    case 0x30...0x39: d = UInt64(b - 0x30)
                    case 0x61...0x66: d = UInt64(b - 0x61 + 10)
                    default: digits = 99; continue
                    }
                    value = value << 4 | d
                    digits += 1
                }
            }
        } else if ftruncate(fd, 0) != 0 {
            throw CorpusError(message: "\(path): cannot truncate: \(FileSystem.errorMessage())")
        }
    }

    deinit { close(fd) }

    /// Number of finished outputs loaded from the journal.
    public var loadedCount: Int { finished.count }

    func key(relative: String, size: Int, modified: timespec) -> UInt64 {
        var h = settings
        h = withUTF8Bytes(of: relative) { Hashing.hash($0) } ^ Hashing.combine(h, 0x52)
        h = Hashing.combine(Hashing.combine(h, UInt32(truncatingIfNeeded: size)), UInt32(truncatingIfNeeded: size >> 32))
        h = Hashing.combine(Hashing.combine(h, UInt32(truncatingIfNeeded: modified.tv_sec)),
                            UInt32(truncatingIfNeeded: Int64(modified.tv_sec) >> 32))
        return Hashing.combine(h, UInt32(truncatingIfNeeded: modified.tv_nsec))
    }

    /// Whether the output `relative` of an input with this size and modification time was
    /// finished by an earlier run with the same settings.
    /// - Complexity: O(1).
    public func isFinished(relative: String, size: Int, modified: timespec) -> Bool {
        finished.contains(key(relative: relative, size: size, modified: modified))
    }

    /// Records a finished output (call after it was renamed into place).
    /// - Complexity: O(1); one `write`.
    public func recordFinished(relative: String, size: Int, modified: timespec) throws(CorpusError) {
        let k = key(relative: relative, size: size, modified: modified)
        var line = [UInt8](repeating: 0x30, count: 17)
        for i in 0..<16 {
            let x = UInt8((k >> UInt64(60 - 4 * i)) & 0xF)
            line[i] = x < 10 ? 0x30 + x : 0x57 + x
        }
        line[16] = 0x0A
        do {
            try line.withUnsafeBufferPointer { (p) throws(CorpusError) in try FileSystem.writeAll(fd, p) }
        } catch {
            throw CorpusError(message: "\(ResumeJournal.fileName): cannot write: \(error.message)")
        }
    }
}
