import EventhosCore
import Testing

@Suite struct DurationConfigTextTests {
    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)),
        ("5s", .seconds(5)),
        ("2m", .seconds(120)),
        ("1h", .seconds(3_600)),
        ("3d", .seconds(259_200)),
        ("1d12h", .seconds(129_600)),
        ("1m30s", .seconds(90)),
        ("1h2m3s4ms", .milliseconds(3_723_004)),
        ("0s", .zero),
        ("999999999d999999999h999999999m999999999s999999999ms", .milliseconds(90_061_000_909_938_999)),
    ])
    func parses(_ text: String, _ duration: Duration) {
        #expect(Duration(configText: text) == duration)
    }

    @Test(arguments: ["", "5", "s", "10 seconds", "5S", "1.5s", "-5s", "30s1m", "1s1s", " 5s", "5sec", "1h1d", "1000000000ms", "0000000001s"])
    func refuses(_ text: String) {
        #expect(Duration(configText: text) == nil)
    }

    @Test(arguments: [
        (Duration.milliseconds(250), "250ms"),
        (.seconds(90), "1m30s"),
        (.seconds(3_600), "1h"),
        (.seconds(86_400), "1d"),
        (.seconds(90_000), "1d1h"),
        (.milliseconds(1_500), "1s500ms"),
        (.zero, "0s"),
        (.seconds(-5), "-5s"),
    ])
    func writes(_ duration: Duration, _ text: String) {
        #expect(duration.configText == text)
        #expect(Duration(configText: duration.configText) == duration || duration < .zero)
    }
}
