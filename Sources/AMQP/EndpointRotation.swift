/// Which node of a broker a connection tries next.
///
/// Nodes are tried in the configured order, each at most once per round: a node that fails to
/// connect is followed at once by the next one, and only when every node of a round has failed does
/// the connection back off. After a connection is lost, the next round starts with the node after
/// the lost one, which is probably down: trying it again first would spend a connect timeout.
struct EndpointRotation: Equatable {
    /// How many nodes there are.
    let count: Int
    /// The index of the node to try now, or the one connected to.
    private(set) var current = 0
    /// Nodes that failed in the current round.
    private var failedInRound = 0

    init(count: Int) {
        precondition(count > 0, "a broker has at least one node")
        self.count = count
    }

    /// The current node failed to connect. Returns `true` when another node of this round is left
    /// to try now (it is ``current``); `false` when the whole round failed: back off, then try
    /// ``current``, the round's first node, again.
    mutating func connectFailed() -> Bool {
        current = (current + 1) % count
        failedInRound += 1
        guard failedInRound < count else {
            failedInRound = 0
            return false
        }
        return true
    }

    /// The current node accepted the connection.
    mutating func connected() {
        failedInRound = 0
    }

    /// The connection to the current node was lost: the next round starts with the node after it.
    mutating func connectionLost() {
        current = (current + 1) % count
        failedInRound = 0
    }
}
