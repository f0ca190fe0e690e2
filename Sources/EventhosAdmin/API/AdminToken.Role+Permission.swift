import EventhosCore
import EventhosEngine

extension AdminToken.Role {
    /// Whether a token of this role may call a route that needs `required`: `admin` may do
    /// everything, `operator` what an operator or a viewer may, `viewer` only read.
    func permits(_ required: AdminToken.Role) -> Bool {
        rank >= required.rank
    }

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .operator: 1
        case .admin: 2
        }
    }
}
