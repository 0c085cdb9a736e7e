/// What a console action did, shown on the user's page after its redirect: the redirect names a key,
/// and only these fixed texts are shown (nothing from the URL is reflected).
enum AdminNotices {
    static let texts: [String: String] = [
        "disabled": "The user is disabled: they cannot sign in, and their sessions have ended.",
        "enabled": "The user is enabled again.", "reset": "The password is reset: a code to choose a new one was sent to the user.",
        "grouped": "Added to the group.", "ungrouped": "Removed from the group.",
    ]
}
