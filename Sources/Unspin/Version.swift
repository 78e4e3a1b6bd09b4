/// Unspin's version string.
public let unspinVersion = "0.1.0"
