// EventhosServer
