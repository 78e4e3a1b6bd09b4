// seeds: (generated at start-up: Tests/CLITests/Fixtures/tiny.arpa compiled)
import Foundation
import Unspin

@_cdecl("LLVMFuzzerInitialize") public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    guard let dir = seedDirectory(),
          let m = try? NGramModel(arpaText: String(decoding: fixture("Tests/CLITests/Fixtures/tiny.arpa"), as: UTF8.self)) else { return 0 }
    try? m.writeBinary(to: dir + "/seed-tiny.bin")
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = fuzzFile(data, size)
    if let m = try? NGramModel(binaryPath: path, verify: false) { _ = m.verifyChecksum() }
    _ = try? NGramModel(binaryPath: path, verify: true)
    return 0
}
