import EventhosEngine

extension Console {
    /// Every signed-in page of the console. Add a new ``ConsolePages`` here.
    static func pages(_ services: ConsoleServices) -> [any ConsolePages] {
        let systems = ConsoleRegistryPages<ConsoleSystemForm>(services: services)
        let actions = ConsoleRegistryPages<ConsoleActionForm>(services: services)
        return [
            systems, ConsoleProducerKeysPages(systems: systems, services: services),
            ConsoleRegistryPages<ConsoleEventForm>(services: services),
            actions, ConsoleActionTryPages(actions: actions, services: services),
            ConsoleRegistryPages<ConsoleContractForm>(services: services), ConsoleContractTogglePages(services: services),
            ConsoleContractDelivery(services: services),
            ConsoleOverviewPages(services: services), ConsoleLogPages(services: services), ConsoleReceivedEventPages(services: services),
            ConsoleDeadLetterPages(services: services),
        ]
    }
}
