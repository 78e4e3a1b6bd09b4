import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Compiled dictionaries of text tables kept between runs, so that the options that compile
/// the tables at start-up (`restore --any-spinner`, `--phrases`, `--table-weight`) compile them
/// once: a later run with the same tables (by content), factors and Unspin version maps the
/// compiled file (`PhraseDictionary(compiledPath:)`, checked on load) instead.
///
/// The folder is `$UNSPIN_CACHE_DIR`, else `$XDG_CACHE_HOME/unspin`, else `~/.cache/unspin`;
/// `UNSPIN_CACHE_DIR=none` turns the cache off. Files are written atomically (a temporary file
/// renamed into place), and only the `keep` most recently used are kept. A cache that cannot
/// be written, or a damaged file in it, is passed by: the tables are compiled as without it.
public struct DictionaryCache: Sendable {
    /// The folder of the compiled files.
    public let directory: String
    /// How many compiled files are kept (the most recently used); older ones are removed
    /// when one is added.
    public static let keep = 4
    /// The compiled files' name prefix and suffix.
    static let prefix = "tables-", suffix = ".dict"

    public init(directory: String) { self.directory = directory }

    /// The cache the environment names (see the type's summary), or nil when it is turned
    /// off or no folder can be named.
    public static func standard(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> DictionaryCache? {
        if let d = environment["UNSPIN_CACHE_DIR"] {
            return d.isEmpty || d == "none" ? nil : DictionaryCache(directory: d)
        }
        if let x = environment["XDG_CACHE_HOME"], x.hasPrefix("/") { return DictionaryCache(directory: x + "/unspin") }
        if let h = environment["HOME"], !h.isEmpty { return DictionaryCache(directory: h + "/.cache/unspin") }
        return nil
    }

    /// The key of compiling `files` with `settings` (the factors and defaults, as text): a
    /// digest of the Unspin version, the compiled format's version, the settings and every
    /// file's name and bytes. nil when a file cannot be read (compiling then reports it).
    /// - Complexity: O(total file size), a fast checksum (`Hashing.checksum`).
    public static func key(files: [String], settings: String) -> String? {
        var text = "\(unspinVersion)|\(PhraseDictionary.fileVersion)|\(settings)"
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            let sum = data.withUnsafeBytes { Hashing.checksum($0.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, $0.count) }
            text += "|\((path as NSString).lastPathComponent):\(data.count):\(sum)"
        }
        var bytes = Array(text.utf8)
        let a = bytes.withUnsafeBufferPointer { Hashing.hash($0) }
        bytes.reverse()
        let b = bytes.withUnsafeBufferPointer { Hashing.hash($0) }
        return hex(a) + hex(b)
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// The path of the compiled file of `key`.
    public func path(key: String) -> String { directory + "/" + Self.prefix + key + Self.suffix }

    /// The dictionary of `key`: the cached file when there is a sound one (its use is recorded
    /// by its modification time), else `compile()`'s, written to the cache for later runs.
    /// - Throws: what `compile` throws; never for the cache's own failures.
    public func dictionary(key: String, compile: () throws -> PhraseDictionary) throws -> PhraseDictionary {
        let file = path(key: key)
        // Opening checks magic, version, layout and checksum: a missing or damaged file throws.
        if let d = try? PhraseDictionary(compiledPath: file) {
            _ = utimes(file, nil)
            return d
        }
        let d = try compile()
        store(d, at: file)
        return d
    }

    /// Writes `d` to `file` atomically and removes all but the `keep` newest compiled files;
    /// any failure leaves the cache as it was (no temporary file behind).
    func store(_ d: PhraseDictionary, at file: String) {
        do {
            try FileSystem.makeDirectories(directory)
            // An unfinished file is removed when `out` goes (`AtomicFile.abandon`).
            let out = try AtomicFile(path: file)
            try out.write(d.compiled())
            try out.commit()
        } catch { return }
        prune()
    }

    /// Removes the compiled files beyond the `keep` most recently used.
    func prune() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        var files: [(path: String, time: Int)] = []
        for n in names where n.hasPrefix(Self.prefix) && n.hasSuffix(Self.suffix) {
            let p = directory + "/" + n
            var st = stat()
            guard stat(p, &st) == 0 else { continue }
            files.append((p, Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec)))
        }
        files.sort { $0.time != $1.time ? $0.time > $1.time : $0.path < $1.path }
        for f in files.dropFirst(Self.keep) { unlink(f.path) }
    }
}
