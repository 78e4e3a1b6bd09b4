#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One thing found while expanding the inputs of a batch.
public enum InputItem: Sendable, Equatable {
    /// A regular file (or a link to one) and the path of its output relative to the output
    /// directory.
    case file(path: String, relative: String, size: Int)
    /// An input that cannot be processed, and why.
    case failure(path: String, message: String)
    /// Something skipped on purpose, worth telling (a link to a directory).
    case note(path: String, message: String)
}

/// Expands batch arguments (files, directories, glob patterns) into input files, streaming:
/// nothing is collected beyond the entries of the directories being walked.
///
/// A file argument maps to its name in the output directory; a directory argument to the
/// tree below it, mirrored; a glob pattern to the paths below its literal leading directories
/// (`data/*/part-*.txt` → `x/part-1.txt`). `**` stands for any number of directories.
/// Directory entries are visited in byte order of their names (directories of more than
/// 65,536 entries in file system order, to keep memory bounded). Links to files are
/// followed, links to directories are not; dangling links, FIFOs, sockets and devices are
/// failures; temporary files of interrupted batches (`.NAME.unspin-tmp`) are skipped.
public struct InputWalker: Sendable {
    /// A directory never entered (the batch's output directory), as device and inode.
    public var skipDirectory: (dev: UInt64, ino: UInt64)?
    /// Directories with more entries than this are walked unsorted.
    public var sortLimit = 65_536

    public init(skipDirectory: (dev: UInt64, ino: UInt64)? = nil) {
        self.skipDirectory = skipDirectory
    }

    /// Whether `argument` is a glob pattern (holds `*`, `?` or `[`) rather than a path.
    public static func isPattern(_ argument: String) -> Bool {
        argument.utf8.contains { $0 == 0x2A || $0 == 0x3F || $0 == 0x5B }
    }

    /// The leading directories of a pattern before its first component with a wildcard.
    /// - Complexity: O(length).
    public static func patternBase(_ pattern: String) -> String {
        let absolute = pattern.hasPrefix("/")
        var base: [Substring] = []
        for part in pattern.split(separator: "/", omittingEmptySubsequences: true) {
            if isPattern(String(part)) { break }
            base.append(part)
        }
        let joined = base.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// Calls `visit` for every input of `argument`.
    /// - Complexity: O(files and directories below the argument).
    public func walk(_ argument: String, _ visit: (InputItem) -> Void) {
        var st = stat()
        if InputWalker.isPattern(argument) && lstat(argument, &st) != 0 {
            var matched = 0
            let parts = argument.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            let base = InputWalker.patternBase(argument)
            let baseCount = base == "." ? 0 : base.split(separator: "/").count
            globWalk(dir: base, rel: "", parts: parts[baseCount...], matched: &matched, visit)
            if matched == 0 { visit(.failure(path: argument, message: "no file matches this pattern")) }
            return
        }
        guard stat(argument, &st) == 0 else {
            let e = errno
            if lstat(argument, &st) == 0 && st.st_mode & S_IFMT == S_IFLNK {
                visit(.failure(path: argument, message: "dangling symbolic link"))
            } else {
                visit(.failure(path: argument, message: FileSystem.errorMessage(e)))
            }
            return
        }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            walkDirectory(argument, rel: "", visit)
        case S_IFREG:
            visit(.file(path: argument, relative: FileSystem.split(argument).name, size: Int(st.st_size)))
        default:
            visit(.failure(path: argument, message: InputWalker.kindMessage(st.st_mode)))
        }
    }

    static func kindMessage(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "not a regular file (a FIFO)"
        case S_IFSOCK: return "not a regular file (a socket)"
        case S_IFCHR, S_IFBLK: return "not a regular file (a device)"
        default: return "not a regular file"
        }
    }

    func isSkipped(_ st: stat) -> Bool {
        guard let s = skipDirectory else { return false }
        return UInt64(st.st_dev) == s.dev && UInt64(st.st_ino) == s.ino
    }

    /// Visits one directory entry (`path`, output path `rel`); `deep` walks directories.
    func visitEntry(_ path: String, rel: String, _ visit: (InputItem) -> Void) {
        var st = stat()
        guard lstat(path, &st) == 0 else {
            visit(.failure(path: path, message: FileSystem.errorMessage()))
            return
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG:
            if path.hasSuffix(AtomicFile.temporarySuffix) { return }
            visit(.file(path: path, relative: rel, size: Int(st.st_size)))
        case S_IFDIR:
            if !isSkipped(st) { walkDirectory(path, rel: rel, visit) }
        case S_IFLNK:
            var target = stat()
            guard stat(path, &target) == 0 else {
                let e = errno
                visit(.failure(path: path, message: e == ENOENT ? "dangling symbolic link" : FileSystem.errorMessage(e)))
                return
            }
            switch target.st_mode & S_IFMT {
            case S_IFREG: visit(.file(path: path, relative: rel, size: Int(target.st_size)))
            case S_IFDIR: visit(.note(path: path, message: "symbolic link to a directory, not followed"))
            default: visit(.failure(path: path, message: InputWalker.kindMessage(target.st_mode)))
            }
        default:
            visit(.failure(path: path, message: InputWalker.kindMessage(st.st_mode)))
        }
    }

    /// Calls `body` with each entry name of `dir` (sorted when there are few enough).
    /// Returns an error message when the directory cannot be read.
    func forEachName(_ dir: String, _ body: (String) -> Void) -> String? {
        guard let d = opendir(dir) else { return FileSystem.errorMessage() }
        defer { closedir(d) }
        var names: [String] = []
        var overflow = false
        while let ent = readdir(d) {
            let name = withUnsafePointer(to: &ent.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            if overflow { body(name); continue }
            names.append(name)
            if names.count >= sortLimit {
                overflow = true
                for n in names { body(n) }
                names = []
            }
        }
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for n in names { body(n) }
        return nil
    }

    func walkDirectory(_ dir: String, rel: String, _ visit: (InputItem) -> Void) {
        let error = forEachName(dir) { name in
            visitEntry(FileSystem.join(dir, name), rel: FileSystem.join(rel, name), visit)
        }
        if let error { visit(.failure(path: dir, message: "cannot read directory: \(error)")) }
    }

    func globWalk(dir: String, rel: String, parts: ArraySlice<String>, matched: inout Int,
                  _ visit: (InputItem) -> Void) {
        guard let part = parts.first else { return }
        let rest = parts.dropFirst()
        if part == "**" {
            if rest.isEmpty {
                matched += 1
                walkDirectory(dir, rel: rel, visit)
                return
            }
            globWalk(dir: dir, rel: rel, parts: rest, matched: &matched, visit)
            _ = forEachName(dir) { name in
                if name.hasPrefix(".") { return }
                var st = stat()
                let path = FileSystem.join(dir, name)
                if lstat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFDIR && !isSkipped(st) {
                    globWalk(dir: path, rel: FileSystem.join(rel, name), parts: parts, matched: &matched, visit)
                }
            }
            return
        }
        func visitName(_ name: String, matched: inout Int) {
            let path = FileSystem.join(dir, name)
            let r = FileSystem.join(rel, name)
            var st = stat()
            guard lstat(path, &st) == 0 else { return }
            if rest.isEmpty {
                matched += 1
                visitEntry(path, rel: r, visit)
            } else if st.st_mode & S_IFMT == S_IFDIR && !isSkipped(st) {
                globWalk(dir: path, rel: r, parts: rest, matched: &matched, visit)
            }
        }
        if InputWalker.isPattern(part) {
            _ = forEachName(dir) { name in
                if fnmatch(part, name, FNM_PERIOD) == 0 { visitName(name, matched: &matched) }
            }
        } else {
            visitName(part, matched: &matched)
        }
    }
}
