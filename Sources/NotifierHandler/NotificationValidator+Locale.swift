extension NotificationValidator {
    /// The message's `locale`, when given, is a well-formed BCP 47 tag (``LocaleChain``'s syntax):
    /// the producer chose it, so a typo is an error, not a mail silently in the default language.
    /// (An `Accept-Language` header is the HTTP client's, and its junk is ignored.)
    func checkLocale(of notification: Notification, at path: FieldPath, problems: inout ValidationError) {
        guard let locale = notification.locale, !LocaleChain.isWellFormed(locale) else { return }
        problems.append(path.field("locale"), .invalidValue,
                        "`\(locale.shortened(to: 64))` is not a BCP 47 language tag: letters, then subtags of 1-8 letters or digits joined by '-' (fr, fr-CA, zh-Hant-TW)")
    }
}
