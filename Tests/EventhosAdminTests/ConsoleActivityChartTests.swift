import Testing

@testable import EventhosAdmin
@testable import EventhosEngine

@Suite struct ConsoleActivityChartTests {
    static func chart(_ received: [Int], _ failed: [Int], title: String = "Events per minute") -> ConsoleActivityChart {
        ConsoleActivityChart(
            id: "overview-chart", title: title,
            series: [
                .init(key: "received", name: "Received", color: "#3b82f6", values: received),
                .init(key: "failed", name: "Failed", color: "#ef4444", values: failed),
            ],
            startLabel: "-60 min", endLabel: "now", width: 244, height: 146)
    }

    @Test func theScaleIsTheLargestValueRoundedUpToOneTwoOrFive() {
        #expect(Self.chart([0, 0], [0, 0]).scale == 1)
        #expect(Self.chart([3, 1], [0, 0]).scale == 5)
        #expect(Self.chart([7, 1], [0, 11]).scale == 20)
        #expect(Self.chart([50, 1], [0, 0]).scale == 50)
        #expect(Self.chart([501], [0]).scale == 1000)
    }

    @Test func eachBucketHoldsOneBarPerSeriesRisingFromTheZeroLine() {
        // Plot: x from 36 to 236 (width 244 - 8), two slots of 100 px, bars of 40 px in their middle
        // 80 %; y from 124 (146 - 22) up to 24: 100 px for the scale, 10.
        let svg = Self.chart([5, 10], [10, 0]).svg
        #expect(
            svg.contains(
                ##"<g class="chart-bars chart-received" fill="#3b82f6"><rect x="46" y="74" width="40" height="50"/>"##
                    + ##"<rect x="146" y="24" width="40" height="100"/></g>"##))
        #expect(
            svg.contains(##"<g class="chart-bars chart-failed" fill="#ef4444"><rect x="86" y="24" width="40" height="100"/></g>"##),
            "a zero draws no bar")
        #expect(svg.contains(#"text-anchor="end">10</text>"#), "the top line is labelled with the scale")
        #expect(svg.contains(">-60 min</text>") && svg.contains(">now</text>"))
        #expect(svg.contains(#"<text x="50" y="15" fill="currentColor" font-size="12">Received</text>"#), "a legend")
    }

    @Test func theChartIsAnAccessibleImageNamedByItsTotals() {
        let svg = Self.chart([1, 2], [0, 1]).svg
        #expect(svg.hasPrefix(#"<svg id="overview-chart" class="chart" role="img" aria-label="Events per minute: 3 received, 1 failed""#))
        #expect(svg.contains("<title>Events per minute: 3 received, 1 failed</title>"))
        #expect(svg.hasSuffix("</svg>"))
        #expect(!svg.contains("style="), "the console's content security policy refuses style attributes")
    }

    @Test func textIsEscaped() {
        let svg = Self.chart([1], [0], title: #"<script>"x"&"#).svg
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;&quot;x&quot;&amp;: 1 received"))
        #expect(svg.contains(#"<rect x="56" y="24" width="80" height="100"/>"#), "a single bucket takes the whole width")
    }
}
