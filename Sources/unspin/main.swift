import Foundation
import Unspin

/// Every command of `unspin`, in the order `--help` lists them.
let root = CommandSpec(
    name: "unspin",
    summary: "unspin \(unspinVersion): restore synonym-spun text to its likely original wording.",
    usage: "COMMAND [options]",
    subcommands: [
        restoreCommand,
        batchCommand,
        detectCommand,
        benchCommand,
        dictCommand,
        learnCommand,
        lmCommand,
    ]
)

setvbuf(stdout, nil, _IOFBF, 1 << 16)
let status = dispatch(root, args: Array(CommandLine.arguments.dropFirst()), path: "unspin")
fflush(stdout)
exit(status)
