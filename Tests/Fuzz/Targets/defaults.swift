// seeds: Dictionaries/defaults.txt
import Foundation
import Unspin

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let dir = NSTemporaryDirectory() + "/unspin-fuzz-defaults-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let p = fuzzFile(data, size)
    _ = try? FileManager.default.removeItem(atPath: dir + "/defaults.txt")
    try? FileManager.default.moveItem(atPath: p, toPath: dir + "/defaults.txt")
    _ = try? DefaultData.read(dir)
    return 0
}
