// seeds: none
import Unspin

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? SpinCalibration(parsing: String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}
