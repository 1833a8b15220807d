import Foundation

/// Python's csv module as the independent reader of the CSV the project writes (the reader
/// spreadsheets agree with): the records it reads, or nil when there is no python3.
public enum PythonCSV {
    public static let python = "/usr/bin/python3"

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The records Python reads from `text` (a UTF-8 byte-order mark is skipped, as Excel does).
    public static func read(_ text: String) throws -> [[String]]? {
        guard FileManager.default.isExecutableFile(atPath: python) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import csv, io, json, sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.buffer.read().decode('utf-8-sig'), newline='')))))"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let read = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let records = try JSONSerialization.jsonObject(with: read) as? [[String]] else {
            throw Failure(description: "python3's csv module could not read the CSV (status \(process.terminationStatus))")
        }
        return records
    }
}
