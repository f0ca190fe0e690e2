/// The access token of one action: cached until shortly before it expires, fetched by one
/// request at a time however many deliveries need it, and dropped when a subscriber refuses it.
actor OAuthTokenSource {
    typealias Fetch = @Sendable () async throws(TokenEndpointError) -> OAuthToken

    private let fetch: Fetch
    private var cached: OAuthToken?
    private var inFlight: Task<OAuthToken, any Error>?

    init(fetch: @escaping Fetch) {
        self.fetch = fetch
    }

    /// The cached token while it is fresh; otherwise the result of the fetch in flight, or of a new one.
    func token(now: ContinuousClock.Instant = .now) async throws(TokenEndpointError) -> OAuthToken {
        if let cached, now < cached.refreshAt {
            return cached
        }
        let task: Task<OAuthToken, any Error>
        if let inFlight {
            task = inFlight
        } else {
            let fetch = self.fetch
            task = Task { try await fetch() }
            inFlight = task
        }
        do {
            let token = try await task.value
            finish(task, with: token)
            return token
        } catch let error as TokenEndpointError {
            finish(task, with: nil)
            throw error
        } catch {
            finish(task, with: nil)
            throw TokenEndpointError("\(error)")  // unreachable: the task throws only what `fetch` throws
        }
    }

    /// Forgets `token` after a subscriber answered 401 to it, so that the next call fetches another.
    func refused(_ token: OAuthToken) {
        if cached == token {
            cached = nil
        }
    }

    /// Records the end of `task` once, whichever of its waiters resumes first.
    private func finish(_ task: Task<OAuthToken, any Error>, with token: OAuthToken?) {
        guard inFlight == task else { return }
        inFlight = nil
        if let token {
            cached = token
        }
    }
}
