// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Unspin",
    products: [
        .library(name: "Unspin", targets: ["Unspin"]),
        .executable(name: "unspin", targets: ["unspin"]),
        .executable(name: "unspin-bench", targets: ["UnspinBenchmarks"]),
    ],
    targets: [
        .target(name: "Unspin", path: "Sources/Unspin"),
        .executableTarget(name: "unspin", dependencies: ["Unspin"], path: "Sources/unspin",
                          swiftSettings: [.swiftLanguageMode(.v5)]),
        .executableTarget(name: "UnspinBenchmarks", dependencies: ["Unspin"], path: "Benchmarks",
                          exclude: ["Inputs", "README.md"], swiftSettings: [.swiftLanguageMode(.v5)]),
        .testTarget(name: "UnspinTests", dependencies: ["Unspin"], path: "Tests/UnspinTests",
                    resources: [.copy("Fixtures")], swiftSettings: [.swiftLanguageMode(.v5)]),
        .testTarget(name: "CLITests", dependencies: ["Unspin"], path: "Tests/CLITests", exclude: ["Fixtures"],
                    swiftSettings: [.swiftLanguageMode(.v5)]),
    ]
)
