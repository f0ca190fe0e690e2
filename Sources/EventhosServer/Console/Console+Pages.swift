extension Console {
    /// Every signed-in page of the console. Add a new ``ConsolePages`` here.
    static func pages(_ services: ConsoleServices) -> [any ConsolePages] {
        []
    }
}
