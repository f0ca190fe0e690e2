import Yams

extension Node {
    /// The resolved tag of the node: `.int` for a plain `42`, `.str` for a quoted `"42"`.
    var tagName: Tag.Name {
        Tag.Name(rawValue: tag.rawValue)
    }
}
