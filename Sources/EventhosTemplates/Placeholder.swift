// EventhosTemplates
