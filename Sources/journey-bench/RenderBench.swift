import BoardUI
import JourneyKit
#if canImport(Glibc)
import Glibc
#endif

/// The terminal board's costs at a given board size: opening (indexes), the first frame, and
/// one key action plus re-render (moves, a card move and its undo), as median and p99.
struct RenderFigures {
    var open: Double
    var firstFrame: Double
    var keyMedian: Double
    var keyP99: Double
}

enum RenderBench {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func run(board: Board, width: Int = 120, height: Int = 40, actions: Int = 2000) -> RenderFigures {
        let t0 = now()
        var s = BoardState(board: board, path: "bench.json", width: width, height: height, useColor: true)
        let t1 = now()
        _ = BoardView.render(s)
        let t2 = now()
        // a facilitator's walk: across, down, up, back, a card moved and the move undone
        let keys: [Key] = [.char("l"), .char("j"), .char("l"), .char("j"), .char("k"), .char("h"),
                           .char("L"), .char("u"), .char("]"), .char("j"), .char("["), .char("J"), .char("u")]
        var times: [Double] = []
        times.reserveCapacity(actions)
        for i in 0..<actions {
            let k = keys[i % keys.count]
            let a = now()
            _ = reduce(&s, .input(.key(k)))
            let screen = BoardView.render(s)
            let b = now()
            if screen.width == 0 { print("") } // keep the frame alive
            times.append(b - a)
        }
        times.sort()
        return RenderFigures(open: t1 - t0, firstFrame: t2 - t1,
                             keyMedian: times[times.count / 2], keyP99: times[min(times.count - 1, times.count * 99 / 100)])
    }
}

/// `journey-bench` rows: the terminal board at 120×40 on the generated board.
struct RenderRows: Benchmark {
    let name = "render"
    func run(_ ctx: BenchContext) throws -> [BenchRow] {
        let f = RenderBench.run(board: ctx.board)
        return [
            BenchRow(measure: "open the board (indexes)", median: Format.seconds(f.open)),
            BenchRow(measure: "first frame 120×40", median: Format.seconds(f.firstFrame)),
            BenchRow(measure: "key action + re-render", median: Format.seconds(f.keyMedian), p99: Format.seconds(f.keyP99),
                     note: "moves, a card move and its undo; goal median ≤ 1 ms, p99 ≤ 5 ms"),
        ]
    }
}
