#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small POSIX helpers shared by the corpus tools.
public enum FileSystem {
    /// The message for the current `errno`.
    static func errorMessage(_ e: Int32 = errno) -> String { String(cString: strerror(e)) }

    /// Creates `path` and its missing parents (like `mkdir -p`).
    /// - Complexity: O(depth) system calls.
    public static func makeDirectories(_ path: String) throws(CorpusError) {
        if path.isEmpty { return }
        var st = stat()
        if stat(path, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else { throw CorpusError(message: "\(path): not a directory") }
            return
        }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw CorpusError(message: "\(path): cannot create directory: \(errorMessage())")
        }
    }

    /// Writes all of `bytes` to `fd`, retrying short writes.
    /// - Complexity: O(n).
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeBufferPointer<UInt8>) throws(CorpusError) {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw CorpusError(message: errorMessage())
            }
            p += n
            left -= n
        }
    }

    /// The canonical absolute path of an existing file or directory.
    /// - Complexity: O(path length) system calls.
    public static func realPath(_ path: String) -> String? {
        guard let r = realpath(path, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }

    /// The directory part and the last component of a path ("a/b/c" → ("a/b", "c")).
    public static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let dir = slash == path.startIndex ? "/" : String(path[..<slash])
        return (dir, String(path[path.index(after: slash)...]))
    }

    /// Joins two path pieces with one slash.
    public static func join(_ a: String, _ b: String) -> String {
        if b.isEmpty { return a }
        if a.isEmpty || a == "." { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }
}

/// A file written under a temporary name next to its final path and renamed over it only
/// when complete, so no partial output ever carries the final name.
///
/// The temporary name is `.NAME.unspin-tmp` in the same directory; a run killed midway
/// leaves at most that file, which the next write of the same output reuses.
public final class AtomicFile {
    /// The final path.
    public let path: String
    /// The temporary path written to.
    public let temporaryPath: String
    private var fd: Int32
    private var isOpen = true

    /// Suffix of temporary files (inputs with it are skipped by the batch walker).
    public static let temporarySuffix = ".unspin-tmp"

    /// Creates (truncating) the temporary file for `path`.
    /// - Complexity: O(1) system calls.
    public init(path: String) throws(CorpusError) {
        self.path = path
        let (dir, name) = FileSystem.split(path)
        temporaryPath = FileSystem.join(dir, "." + name + AtomicFile.temporarySuffix)
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw CorpusError(message: "\(temporaryPath): cannot create: \(FileSystem.errorMessage())") }
    }

    /// Appends bytes.
    /// - Complexity: O(n).
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(CorpusError) {
        do { try FileSystem.writeAll(fd, bytes) } catch {
            throw CorpusError(message: "\(temporaryPath): cannot write: \(error.message)")
        }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws(CorpusError) {
        try bytes.withUnsafeBufferPointer { (p) throws(CorpusError) in try write(p) }
    }

    /// Closes the file and renames it to `path`.
    /// - Complexity: O(1) system calls.
    public func commit() throws(CorpusError) {
        guard isOpen else { return }
        isOpen = false
        if close(fd) != 0 {
            let message = FileSystem.errorMessage()
            unlink(temporaryPath)
            throw CorpusError(message: "\(temporaryPath): cannot write: \(message)")
        }
        if rename(temporaryPath, path) != 0 {
            let message = FileSystem.errorMessage()
            unlink(temporaryPath)
            throw CorpusError(message: "\(path): cannot rename the finished output into place: \(message)")
        }
    }

    /// Closes and deletes the temporary file.
    /// - Complexity: O(1) system calls.
    public func abandon() {
        guard isOpen else { return }
        isOpen = false
        close(fd)
        unlink(temporaryPath)
    }

    deinit { abandon() }
}
