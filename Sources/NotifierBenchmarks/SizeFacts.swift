import Foundation

/// What the function weighs on disk.
struct SizeFacts {
    /// The release `bootstrap` as SwiftPM linked it (Swift's runtime as shared libraries), and
    /// stripped; bytes.
    var releaseBinary: Int
    var releaseBinaryStripped: Int?
    /// EchoLambda, the minimal runtime loop, as linked and stripped; bytes.
    var echoBinary: Int
    var echoBinaryStripped: Int?
    /// The Lambda package (`scripts/build`, `scripts/package`), when there is one.
    var package: Package?
    /// The peer's handler: the only file its zip needs, since Lambda's Python runtime ships boto3.
    var peerHandler: Int?

    struct Package {
        /// `bootstrap` in the package: Swift's runtime linked in, stripped.
        var binary: Int
        /// Every file of the package, apparent size.
        var unzipped: Int
        var zip: Int?
        var libraries: Int
        /// Compressed sizes in the zip, by entry name, largest first.
        var zipEntries: [(name: String, compressed: Int)]
    }

    static func measure(releaseBinary: String, echoBinary: String, packageDirectory: String?, zip: String?, peerHandler: String?) -> SizeFacts {
        let manager = FileManager.default
        func size(_ path: String) -> Int? {
            (try? manager.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        }
        func strippedSize(_ binary: String) -> Int? {
            let strippedPath = NSTemporaryDirectory() + "notifier-benchmark-stripped-\(getpid())"
            defer { try? manager.removeItem(atPath: strippedPath) }
            guard let status = try? run("/usr/bin/env", ["strip", "--strip-all", "-o", strippedPath, binary]), status == 0 else { return nil }
            return size(strippedPath)
        }
        var package: Package?
        if let packageDirectory, let binary = size(packageDirectory + "/bootstrap") {
            var unzipped = 0
            let files = manager.enumerator(atPath: packageDirectory)
            while let file = files?.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let path = packageDirectory + "/" + file
                if manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    unzipped += size(path) ?? 0
                }
            }
            let libraries = (try? manager.contentsOfDirectory(atPath: packageDirectory + "/lib").count) ?? 0
            package = Package(binary: binary, unzipped: unzipped, zip: zip.flatMap(size), libraries: libraries,
                              zipEntries: zip.map(compressedEntries) ?? [])
        }
        return SizeFacts(
            releaseBinary: size(releaseBinary) ?? 0,
            releaseBinaryStripped: strippedSize(releaseBinary),
            echoBinary: size(echoBinary) ?? 0,
            echoBinaryStripped: strippedSize(echoBinary),
            package: package,
            peerHandler: peerHandler.flatMap(size))
    }
}

/// The compressed size of each entry of `zip`, from `unzip -v`, largest first.
private func compressedEntries(_ zip: String) -> [(name: String, compressed: Int)] {
    // Length, Method, Size (compressed), Cmpr, Date, Time, CRC-32, Name.
    let listing = output(of: "/usr/bin/env", ["unzip", "-v", zip]) ?? ""
    return listing.split(separator: "\n").compactMap { line in
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 8, Int(fields[0]) != nil, let compressed = Int(fields[2]) else { return nil }
        return (fields[7...].joined(separator: " "), compressed)
    }.sorted { $0.compressed > $1.compressed }
}

/// Runs a command to completion, its output discarded, and returns its exit status.
func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

/// Runs a command to completion and returns what it printed, trimmed; `nil` when it failed.
func output(of executable: String, _ arguments: [String], in directory: String? = nil) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}
