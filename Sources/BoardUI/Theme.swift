import JourneyKit

/// The board's themes, for the room it is shown in (`--theme`, `JOURNEY_THEME`, `:theme`).
public enum ThemeName: String, CaseIterable, Sendable {
    /// Colours for a dark terminal background (the default).
    case dark
    /// Colours readable on a light background: no yellow or cyan text.
    case light
    /// For projectors: pure white on black, everything bold, a few saturated colours, and the
    /// focus shown by reverse video and a ▶ mark.
    case highContrast = "high-contrast"

    /// The names `--theme` and `:theme` take.
    public static var names: [String] { allCases.map(\.rawValue) }
}

/// Styles of the board. Meaning never rests on colour alone: kinds have marks, the focus is
/// reverse video, headers are bold. Without colour (`NO_COLOR`, `--no-color`, monochrome
/// terminals) every style keeps its attributes and drops its colours — in every theme.
struct Theme {
    let color: Bool
    var name: ThemeName = .dark

    init(color: Bool, name: ThemeName = .dark) { self.color = color; self.name = name }

    func style(_ s: Style) -> Style { color ? s : s.withoutColor }

    /// Drawn in the gutter before the focused card's first line, so the focus shows without
    /// reverse video too (a projector washes out contrast); nil: reverse video alone.
    var focusMarker: String? { name == .highContrast ? "▶" : nil }

    /// The theme's last word on a drawn screen. High contrast: every cell bold, and (with
    /// colour) white on black wherever the terminal's default colours would show. Dim stays:
    /// it is what sets the cards outside a filter apart (`:filter dim`).
    func finish(_ screen: inout Screen) {
        guard name == .highContrast else { return }
        let c = color
        screen.restyle(x: 0, y: 0, width: screen.width, height: screen.height) { st in
            st.bold = true
            if c {
                if st.fg == .default { st.fg = .white }
                if st.bg == .default { st.bg = .black }
            }
        }
    }

    var header: Style {
        name == .highContrast ? style(Style(fg: .black, bg: .white, bold: true)) : style(Style(fg: .white, bg: .blue, bold: true))
    }
    var stageTitle: Style {
        switch name {
        case .dark: return style(Style(fg: .cyan, bold: true))
        case .light: return style(Style(fg: .blue, bold: true))
        case .highContrast: return style(Style(fg: .yellow, bold: true, underline: true))
        }
    }
    var laneTitle: Style { Style(bold: true) }
    var laneKind: Style { Style(dim: true) }
    var rule: Style { name == .highContrast ? style(Style(fg: .white)) : style(Style(fg: .blue, dim: !color)) }
    var status: Style { Style(reverse: true) }
    var message: Style { Style() }
    var hint: Style { Style(dim: true) }
    var focus: Style { Style(reverse: true, underline: false) }
    var more: Style { Style(dim: true) }
    var overlay: Style { Style() }
    var overlayTitle: Style { Style(bold: true, underline: true) }
    var error: Style { style(Style(fg: .red, bold: true)) }
    var curve: Style { style(Style(fg: name == .light ? .magenta : .yellow, bold: true)) }
    /// A search match in a card's text: black on yellow, and bold and underlined without colour.
    var searchMatch: Style { style(Style(fg: .black, bg: .yellow, bold: true, underline: true)) }
    /// A search match in the focused card (reverse video): bold and underlined.
    var focusedSearchMatch: Style { Style(bold: true, reverse: true, underline: true) }

    func card(_ kind: LaneKind?) -> Style {
        if name == .light {
            // on white, yellow and cyan text fade: blue, magenta and the terminal's own ink instead
            switch kind {
            case .pains?: return style(Style(fg: .red))
            case .opportunities?: return style(Style(fg: .green))
            case .solutions?: return style(Style(fg: .magenta))
            case .touchpoints?: return style(Style(fg: .blue))
            default: return Style()
            }
        }
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
