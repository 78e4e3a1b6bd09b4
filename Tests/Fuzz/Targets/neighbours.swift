// seeds: Dictionaries/mythes-neighbours.tsv
import Foundation
import Unspin

/// The neighbour table reader (`--neighbours TABLE`): any bytes either parse into rows of one
/// non-empty word and space-free neighbours, or throw a `DictionaryError` naming a line.
@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = fuzzFile(data, size, suffix: ".tsv")
    defer { unlink(path) }
    do {
        let table = try NeighbourTable(contentsOfFile: path)
        for row in table.rows {
            precondition(!row.word.isEmpty && !row.word.utf8.contains(0x09) && !row.word.utf8.contains(0x0A))
            for n in row.neighbours {
                precondition(!n.isEmpty && !n.utf8.contains(0x20) && !n.utf8.contains(0x0A))
            }
        }
    } catch let e as DictionaryError {
        precondition(e.line >= 1, "a parse error names its line: \(e)")
    } catch {
        preconditionFailure("unexpected error \(error)")
    }
    return 0
}
