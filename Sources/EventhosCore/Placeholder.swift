// EventhosCore
