// Shared helpers for the fuzz targets (compiled into every target; not a target itself).
import Foundation

/// Writes the fuzz input to a per-process scratch file and returns its path (for readers
/// that take a path).
func fuzzFile(_ data: UnsafePointer<UInt8>, _ size: Int, suffix: String = "") -> String {
    let path = NSTemporaryDirectory() + "/unspin-fuzz-\(getpid())\(suffix)"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(fd >= 0)
    var off = 0
    while off < size { let n = write(fd, data + off, size - off); precondition(n > 0); off += n }
    close(fd)
    return path
}

/// The directory run.sh passes for generated seeds (`UNSPIN_FUZZ_SEEDS`), if any.
func seedDirectory() -> String? { ProcessInfo.processInfo.environment["UNSPIN_FUZZ_SEEDS"] }

/// Reads a fixture relative to the repository root (run.sh runs from there).
func fixture(_ path: String) -> [UInt8] { FileManager.default.contents(atPath: path).map { Array($0) } ?? [] }
