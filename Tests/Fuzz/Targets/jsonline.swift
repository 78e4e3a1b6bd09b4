// seeds: none
import Unspin

@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let line = UnsafeBufferPointer(start: data, count: size)
    _ = JSONLine.isBlank(line)
    _ = try? JSONLine.scan(line, field: Array("text".utf8))
    return 0
}
