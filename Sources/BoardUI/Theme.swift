import JourneyKit

/// Styles of the board. Meaning never rests on colour alone: kinds have marks, the focus is
/// reverse video, headers are bold. Without colour (`NO_COLOR`, `--no-color`, monochrome
/// terminals) every style keeps its attributes and drops its colours.
struct Theme {
    let color: Bool

    func style(_ s: Style) -> Style { color ? s : s.withoutColor }

    var header: Style { style(Style(fg: .white, bg: .blue, bold: true)) }
    var stageTitle: Style { style(Style(fg: .cyan, bold: true)) }
    var laneTitle: Style { Style(bold: true) }
    var laneKind: Style { Style(dim: true) }
    var rule: Style { style(Style(fg: .blue, dim: !color)) }
    var status: Style { Style(reverse: true) }
    var message: Style { Style() }
    var hint: Style { Style(dim: true) }
    var focus: Style { Style(reverse: true, underline: false) }
    var more: Style { Style(dim: true) }
    var overlay: Style { Style() }
    var overlayTitle: Style { Style(bold: true, underline: true) }
    var error: Style { style(Style(fg: .red, bold: true)) }
    var curve: Style { style(Style(fg: .yellow, bold: true)) }
    /// A search match in a card's text: black on yellow, and bold and underlined without colour.
    var searchMatch: Style { style(Style(fg: .black, bg: .yellow, bold: true, underline: true)) }
    /// A search match in the focused card (reverse video): bold and underlined.
    var focusedSearchMatch: Style { Style(bold: true, reverse: true, underline: true) }

    func card(_ kind: LaneKind?) -> Style {
        switch kind {
        case .pains?: return style(Style(fg: .red))
        case .opportunities?: return style(Style(fg: .green))
        case .solutions?: return style(Style(fg: .magenta))
        case .touchpoints?: return style(Style(fg: .cyan))
        case .emotion?: return style(Style(fg: .yellow))
        case .insights?: return style(Style(fg: .blue))
        default: return Style()
        }
    }

    func mark(_ kind: LaneKind?) -> Style {
        var s = card(kind)
        s.bold = true
        return s
    }
}
