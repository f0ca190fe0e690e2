import EventhosEngine

/// A small bar chart drawn as inline SVG: for each bucket, one bar per series side by side, over a
/// zero line and under a top line labelled with the scale; labels under the first and the last
/// bucket; a legend.
///
/// No script and no style attribute (the console's content security policy allows neither): the
/// colours are presentation attributes that the stylesheet may override through the classes
/// (`chart-bars chart-<key>`). It is an image to assistive technology (`role="img"`), named by
/// `aria-label` and `<title>`, which say the totals; the numbers are on the page as text anyway.
struct ConsoleActivityChart: Sendable, Equatable {
    /// One series of bars.
    struct Series: Sendable, Equatable {
        /// A word for the CSS class and the legend's key (`received`).
        var key: String
        /// The legend's text (`Received`).
        var name: String
        /// The fill colour, readable on light and dark backgrounds.
        var color: String
        /// One value per bucket, oldest first.
        var values: [Int]
    }

    /// The `id` of the `<svg>` element.
    var id: String
    /// What the chart shows, for `<title>` and `aria-label`.
    var title: String
    var series: [Series]
    /// Under the first and the last bucket (`-60 min`, `now`).
    var startLabel: String
    var endLabel: String
    var width = 960
    var height = 180

    private static let left = 36
    private static let right = 8
    private static let top = 24
    private static let bottom = 22

    /// The highest value shown: the largest value rounded up to 1, 2 or 5 times a power of ten.
    var scale: Int {
        let largest = series.flatMap(\.values).max() ?? 0
        var step = 1
        while true {
            for factor in [1, 2, 5] where factor * step >= largest {
                return factor * step
            }
            step *= 10
        }
    }

    /// The `<svg>` element.
    var svg: String {
        let label = HTMLText.escape(
            title + ": " + series.map { "\($0.values.reduce(0, +)) \($0.name.lowercased())" }.joined(separator: ", "))
        let plotBottom = height - Self.bottom
        let plotRight = width - Self.right
        var parts = [
            ##"<svg id="\##(HTMLText.escape(id))" class="chart" role="img" aria-label="\##(label)" viewBox="0 0 \##(width) \##(height)" "##
                + ##"width="100%" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">"##,
            "<title>\(label)</title>",
            ##"<g class="chart-axes" stroke="#8a8f98" stroke-width="1">"##
                + ##"<line x1="\##(Self.left)" y1="\##(Self.top)" x2="\##(plotRight)" y2="\##(Self.top)" stroke-dasharray="3 3"/>"##
                + ##"<line x1="\##(Self.left)" y1="\##(plotBottom)" x2="\##(plotRight)" y2="\##(plotBottom)"/></g>"##,
            ##"<g class="chart-labels" fill="currentColor" font-size="12">"##
                + ##"<text x="\##(Self.left - 4)" y="\##(Self.top + 4)" text-anchor="end">\##(scale)</text>"##
                + ##"<text x="\##(Self.left - 4)" y="\##(plotBottom + 4)" text-anchor="end">0</text>"##
                + ##"<text x="\##(Self.left)" y="\##(height - 6)">\##(HTMLText.escape(startLabel))</text>"##
                + ##"<text x="\##(plotRight)" y="\##(height - 6)" text-anchor="end">\##(HTMLText.escape(endLabel))</text></g>"##,
        ]
        for (index, bars) in series.enumerated() {
            let key = HTMLText.escape(bars.key)
            let color = HTMLText.escape(bars.color)
            parts.append(##"<g class="chart-bars chart-\##(key)" fill="\##(color)">"## + self.bars(bars.values, series: index) + "</g>")
            let x = Self.left + index * 96
            parts.append(
                ##"<g class="chart-legend chart-\##(key)"><rect x="\##(x)" y="6" width="10" height="10" fill="\##(color)"/>"##
                    + ##"<text x="\##(x + 14)" y="15" fill="currentColor" font-size="12">\##(HTMLText.escape(bars.name))</text></g>"##)
        }
        parts.append("</svg>")
        return parts.joined()
    }

    /// The bars of the series at `position`: each bucket is a slot of the plot's width, whose
    /// middle 80 % holds one bar per series in order; a bar rises from the zero line in proportion
    /// to its value. Zero draws nothing.
    private func bars(_ values: [Int], series position: Int) -> String {
        let slot = Double(width - Self.left - Self.right) / Double(max(values.count, 1))
        let barWidth = slot * 0.8 / Double(max(series.count, 1))
        let plotHeight = Double(height - Self.top - Self.bottom)
        let scale = Double(self.scale)
        return values.enumerated().filter { $0.element > 0 }.map { index, value in
            let x = Double(Self.left) + slot * (Double(index) + 0.1) + barWidth * Double(position)
            let barHeight = plotHeight * Double(value) / scale
            let y = Double(height - Self.bottom) - barHeight
            return ##"<rect x="\##(Self.format(x))" y="\##(Self.format(y))" width="\##(Self.format(barWidth))" height="\##(Self.format(barHeight))"/>"##
        }.joined()
    }

    /// A coordinate with at most one decimal.
    private static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
