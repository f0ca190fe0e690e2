// EventhosStore
