import ArgumentParser

/// Every subcommand, in the order `journey --help` lists them.
enum Subcommands {
    static let all: [ParsableCommand.Type] = [
        OpenCommand.self, NewCommand.self, CheckCommand.self, FmtCommand.self, ShowCommand.self,
        ScoreCommand.self, ExportCommand.self, ImportCommand.self, DiffCommand.self, MergeCommand.self, GitSetupCommand.self, TextconvCommand.self,
        SyncCommand.self, LogCommand.self,
        VersionCommand.self,
    ]
}
