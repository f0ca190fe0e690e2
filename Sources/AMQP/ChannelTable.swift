/// The channels open on the current connection and what each one is for.
///
/// Numbers are handed out fresh first and only then reused, oldest released first, so that stale
/// frames of a closed channel are long gone before its number serves again. Every opened channel
/// gets a new generation, also across reconnects, so that acknowledgements of a delivery from an
/// earlier incarnation of a channel number are recognised and dropped.
struct ChannelTable {
    enum Role: Equatable {
        case control
        case get
        case probe
        case publisher(UInt64)
        case consumer(UInt64)
    }

    struct Slot {
        var role: Role
        var generation: UInt64
    }

    private var slots: [Slot?] = []
    private var nextFresh: UInt16 = 1
    private var released: [UInt16] = []
    private var lastGeneration: UInt64 = 0

    /// Forgets every channel: a new connection negotiated `channelMax` channels (0: no limit).
    mutating func reset(channelMax: Int) {
        let limit = channelMax <= 0 ? Int(UInt16.max) : min(channelMax, Int(UInt16.max))
        slots = Array(repeating: nil, count: limit + 1)
        nextFresh = 1
        released = []
    }

    /// Reserves a channel number for `role`; `nil` when all are in use.
    mutating func allocate(_ role: Role) -> (number: UInt16, generation: UInt64)? {
        let number: UInt16
        if Int(nextFresh) < slots.count {
            number = nextFresh
            nextFresh += 1
        } else if !released.isEmpty {
            number = released.removeFirst()
        } else {
            return nil
        }
        lastGeneration += 1
        slots[Int(number)] = Slot(role: role, generation: lastGeneration)
        return (number, lastGeneration)
    }

    /// Frees a channel number after channel.close-ok was sent or received.
    mutating func release(_ number: UInt16) {
        guard Int(number) < slots.count, slots[Int(number)] != nil else { return }
        slots[Int(number)] = nil
        released.append(number)
    }

    /// The channel with this number, if open.
    subscript(number: UInt16) -> Slot? {
        Int(number) < slots.count ? slots[Int(number)] : nil
    }
}
