import BoardUI
import JourneyKit
#if canImport(Glibc)
import Glibc
#endif

/// Finding boards for the picker: the *.json files in ./boards and in the current directory
/// that are journey boards (`BoardSniffer`: their `format` is `journey-board`), so other JSON
/// files (package.json, tsconfig.json) are not offered.
enum BoardDiscovery {
    static func entries() -> [PickerState.Entry] {
        var paths: [String] = []
        for dir in ["boards", "."] {
            guard let d = opendir(dir) else { continue }
            var names: [String] = []
            while let e = readdir(d) {
                let name = withUnsafePointer(to: e.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
                if name.hasSuffix(".json") && !name.hasPrefix(".") { names.append(name) }
            }
            closedir(d)
            paths += names.sorted().map { dir == "." ? $0 : "\(dir)/\($0)" }.filter(BoardSniffer.isBoard)
        }
        return paths.map { p in
            do {
                let b = try BoardFile.load(p)
                return PickerState.Entry(path: p, summary: "\(b.title) — \(b.journeys.count) journey\(b.journeys.count == 1 ? "" : "s"), \(b.cards.count) cards", readable: true)
            } catch let e as BoardReadError {
                return PickerState.Entry(path: p, summary: "\(e.position.line):\(e.position.column): \(e.message)", readable: false)
            } catch {
                return PickerState.Entry(path: p, summary: "\(error)", readable: false)
            }
        }
    }

    static func modificationTime(_ path: String) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { return "time unknown" }
        var t = st.st_mtim.tv_sec
        var tmv = tm()
        localtime_r(&t, &tmv)
        var buf = [CChar](repeating: 0, count: 64)
        strftime(&buf, buf.count, "%Y-%m-%d %H:%M", &tmv)
        return "saved " + String(cString: buf)
    }
}
