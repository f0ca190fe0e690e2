extension ActionSigning {
    /// Reads an action's `signing`: `secret`/`secretEnv`, and during a rotation
    /// `previousSecret`/`previousSecretEnv`.
    init?(config signing: inout ConfigMapping) {
        let secret = signing.secret("secret")
        let rotating = signing.value("previousSecret") != nil || signing.value("previousSecretEnv") != nil
        let previous = rotating ? signing.secret("previousSecret") : nil
        guard let secret, rotating == (previous != nil) else { return nil }
        self.init(secret: secret, previousSecret: previous)
    }
}
