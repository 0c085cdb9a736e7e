/// The hosted UI's customisable CSS: rules for Cognito's `-customizable` classes only, with no
/// at-rules and nothing that loads or runs something from elsewhere.
enum CSSRules {
    static let allowedSelectors: Set<String> = [
        ".background-customizable", ".banner-customizable", ".errorMessage-customizable",
        ".idpButton-customizable", ".idpButton-customizable:hover", ".idpDescription-customizable",
        ".inputField-customizable", ".inputField-customizable:focus", ".label-customizable",
        ".legalText-customizable", ".logo-customizable", ".passwordCheck-notValid-customizable",
        ".passwordCheck-valid-customizable", ".redirect-customizable", ".socialButton-customizable",
        ".submitButton-customizable", ".submitButton-customizable:hover", ".textDescription-customizable",
    ]

    static let forbiddenFragments = ["@", "url(", "expression(", "<", "javascript:", "\\"]

    static func check(_ css: String) throws {
        let lowered = css.lowercased()
        for fragment in forbiddenFragments where lowered.contains(fragment) {
            throw CognitoError.invalidParameter("CSS must not contain '\(fragment)'.")
        }
        var rest = Substring(css)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw CognitoError.invalidParameter("CSS has an unclosed rule.")
            }
            let selectors = rest[..<open].split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            for selector in selectors where !allowedSelectors.contains(selector) {
                throw CognitoError.invalidParameter("CSS selector '\(selector)' is not one of the customizable classes.")
            }
            if rest[rest.index(after: open)..<close].contains("{") {
                throw CognitoError.invalidParameter("CSS rules cannot nest.")
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw CognitoError.invalidParameter("CSS has text outside of rules.")
        }
    }
}
