/// The save of a writer that has no edits of its own to keep, only additions decided from what
/// the file holds (`journey import --into`): under the same lock as every save, it reads the
/// board as the file holds it at that moment, lets the caller decide, and writes the result. No
/// other save can come between the read and the write, so what the caller decided (which cards
/// are already there) is true of the file it writes — two imports run at once add each card once.
extension SaveCoordinator {
    public enum UpdateOutcome: Equatable, Sendable {
        /// `change` returned a board, and it was written.
        case written
        /// `change` returned nil: nothing written.
        case unchanged
        /// Nothing written, and why (conflict markers, a file that is no board).
        case refused(String)
    }

    /// Holding the lock, reads the board at `path` (the base when the file is gone), hands it to
    /// `change` and writes what that returns. Throws what `change` throws, or `FileError` when the
    /// file cannot be read or written; the file is then unchanged.
    public mutating func update(_ change: (Board) throws -> Board?) throws -> UpdateOutcome {
        try withLock {
            let target = BoardFile.resolvedTarget(path)
            var current = base
            if DiskStamp.of(target) != nil {
                let (_, bytes) = try SaveCoordinator.readVersion(target)
                if ContentHash.of(bytes) != baseHash {
                    if let line = ConflictMarkers.firstLine(in: bytes) {
                        return .refused("the board on disk has git conflict markers (line \(line)): resolve them first")
                    }
                    do { current = try BoardCodec.read(bytes, file: path) } catch {
                        return .refused("the board on disk cannot be read (\(error))")
                    }
                }
            }
            guard let board = try change(current) else { return .unchanged }
            try write(board)
            return .written
        }
    }
}
