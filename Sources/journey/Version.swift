import ArgumentParser

/// The program's version: the one place it is written. `journey --version`, `journey version`
/// and the man page's date line all read it.
enum JourneyVersion {
    static let string = "0.1.0"
}

/// `journey version`: the version, as `journey --version` prints it.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version (the same as `journey --version`)."
    )

    func run() throws { printLine(JourneyVersion.string) }
}
