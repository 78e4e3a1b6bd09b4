#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// HTML and WET inputs of a batch: read whole, restored as documents (`DocumentFormat`).
extension BatchRunner {
    /// Reads an HTML or WET file whole and submits it as one piece.
    func readWhole(_ fd: Int32, _ file: FileState, pipeline: OrderedPipeline<Piece, Done>) {
        var bytes = [UInt8](repeating: 0, count: max(file.size, 0) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if got < 0 && errno == EINTR { continue }
            if got < 0 {
                pipeline.submit(.failure(file, BatchFailure(path: file.path, message: "cannot read: \(FileSystem.errorMessage())")))
                return
            }
            if got == 0 { break }
            count += got
        }
        bytes.removeLast(bytes.count - count)
        pipeline.submit(.data(file, bytes, first: true, last: true))
    }
}
