import Foundation
import XCTest
import JourneyTestSupport

/// A real browser for the export tests: Debian's headless `chromium` opens an exported page or
/// picture from a `file://` URL and takes a screenshot, dumps the DOM it built, or prints it to
/// PDF; `pdftotext` (poppler-utils) reads the PDF's text back; `python3` counts a PNG's colours.
///
/// Every run is bounded by coreutils' `timeout`, with its own throw-away profile directory so
/// runs never share a lock. As root Chromium needs `--no-sandbox`; it prints a harmless D-Bus
/// error on stderr, which is ignored.
///
/// `require` decides what a missing tool means: on CI (`CI=true`, as `.ci/run` sets) the test
/// fails, so CI proves the browser checks ran; elsewhere the test is skipped and says why.
enum Browser {
    /// Seconds one Chromium or pdftotext run may take before it is killed (and the test fails).
    static let timeoutSeconds = 90

    static var onCI: Bool {
        let v = ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? ""
        return v == "true" || v == "1" || v == "yes"
    }

    /// The first of `names` found on PATH.
    static func which(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in names {
            for dir in path.split(separator: ":") {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    static var chromium: String? { which(["chromium", "chromium-browser"]) }
    static var pdftotext: String? { which(["pdftotext"]) }
    static var python3: String? { which(["python3"]) }

    /// Fails (on CI) or skips (elsewhere) unless every tool is installed.
    static func require(chromium needChromium: Bool = true, pdftotext needPdf: Bool = false,
                        python: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws {
        var missing: [String] = []
        if needChromium && chromium == nil { missing.append("chromium") }
        if needPdf && pdftotext == nil { missing.append("pdftotext (poppler-utils)") }
        if python && python3 == nil { missing.append("python3") }
        guard !missing.isEmpty else { return }
        let message = "not installed: \(missing.joined(separator: ", ")) (.ci/run installs them)"
        if onCI {
            XCTFail(message, file: file, line: line)
            throw XCTSkip("failed: " + message)
        }
        throw XCTSkip(message + "; skipped outside CI")
    }

    /// `file://` URL of a local file.
    static func url(_ path: String) -> String { URL(fileURLWithPath: path).absoluteString }

    /// Runs Chromium headless on `path` with `extra` arguments (one of --screenshot=,
    /// --dump-dom, --print-to-pdf=), in a fresh profile, bounded by `timeoutSeconds`.
    static func runChromium(_ extra: [String], on path: String, window: (Int, Int) = (1200, 900)) -> ProcessResult {
        let profile = TemporaryDirectory("journey-chromium")
        let args = ["\(timeoutSeconds)", chromium ?? "chromium",
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                    "--disable-extensions", "--disable-background-networking", "--disable-sync",
                    "--hide-scrollbars", "--user-data-dir=\(profile.path)",
                    "--window-size=\(window.0),\(window.1)"] + extra + [url(path)]
        let result = JourneyBinary.run(args, cwd: profile.path, executable: which(["timeout"]) ?? "/usr/bin/timeout")
        _ = profile
        return result
    }

    /// A PNG screenshot of the page at `path`, written to `png`; nil (with the reason) on failure.
    static func screenshot(_ path: String, to png: String, window: (Int, Int) = (1200, 900)) -> String? {
        try? FileManager.default.removeItem(atPath: png)
        let r = runChromium(["--screenshot=\(png)"], on: path, window: window)
        guard FileManager.default.fileExists(atPath: png) else {
            return "no screenshot (status \(r.status)): \(r.stderr.suffix(800))"
        }
        return nil
    }

    /// The DOM Chromium built from the page at `path`, serialised.
    static func dumpDOM(_ path: String) -> ProcessResult {
        runChromium(["--dump-dom"], on: path)
    }

    /// Prints the page at `path` to `pdf`; nil (with the reason) on failure.
    static func printToPDF(_ path: String, to pdf: String) -> String? {
        try? FileManager.default.removeItem(atPath: pdf)
        let r = runChromium(["--print-to-pdf=\(pdf)", "--no-pdf-header-footer"], on: path)
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: pdf),
              let size = attrs[.size] as? Int, size > 0 else {
            return "no PDF (status \(r.status)): \(r.stderr.suffix(800))"
        }
        return nil
    }

    /// The text of a PDF as `pdftotext -raw` reads it: in the order it was drawn (the DOM order),
    /// so the lines of one card stay together and a hyphen at a line end is kept.
    static func pdfText(_ pdf: String) -> ProcessResult {
        JourneyBinary.run(["\(timeoutSeconds)", pdftotext ?? "pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"],
                          executable: which(["timeout"]) ?? "/usr/bin/timeout")
    }

    /// How many distinct colours a PNG has (python3's zlib decodes it: 8-bit RGB or RGBA,
    /// non-interlaced, as Chromium writes them), capped at `cap`. nil when it cannot be read.
    static func distinctColours(_ png: String, cap: Int = 1000) -> Int? {
        let script = """
        import sys, zlib, struct
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
        pos, idat, w, h, depth, ctype = 8, b'', 0, 0, 0, 0
        while pos < len(data):
            n, = struct.unpack('>I', data[pos:pos+4]); kind = data[pos+4:pos+8]; body = data[pos+8:pos+8+n]
            if kind == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
            if kind == b'IDAT': idat += body
            pos += 12 + n
        assert depth == 8 and ctype in (2, 6)
        bpp = 3 if ctype == 2 else 4
        raw = zlib.decompress(idat); stride = w * bpp
        prev = bytearray(stride); colours = set(); i = 0
        for y in range(h):
            f = raw[i]; line = bytearray(raw[i+1:i+1+stride]); i += 1 + stride
            for x in range(stride):
                a = line[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 2: line[x] = (line[x] + b) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
            prev = line
            if y % 4 == 0:
                for x in range(0, stride, bpp * 2): colours.add(bytes(line[x:x+3]))
            if len(colours) >= int(sys.argv[2]): break
        print(min(len(colours), int(sys.argv[2])))
        """
        let r = JourneyBinary.run(["-c", script, png, String(cap)], executable: python3 ?? "/usr/bin/python3")
        return Int(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The PNG's width and height from its IHDR chunk.
    static func pngSize(_ png: String) -> (Int, Int)? {
        guard let d = FileManager.default.contents(atPath: png), d.count > 24 else { return nil }
        let b = [UInt8](d)
        func u32(_ i: Int) -> Int { Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
        return (u32(16), u32(20))
    }
}
