import Foundation
import Testing

@testable import CognateMail

/// The SMTP session without I/O: replies in, commands out.
@Suite struct SMTPConversationTests {
    func reply(_ code: Int, _ lines: String...) -> SMTPReply { SMTPReply(code: code, lines: lines) }

    func conversation(_ policy: SMTPConversation.TLSPolicy = .whenOffered, credentials: (String, String)? = nil) -> SMTPConversation {
        SMTPConversation(
            hostname: "example.com", tlsPolicy: policy, credentials: credentials.map { (username: $0.0, password: $0.1) },
            sender: "no-reply@example.com", recipients: ["a@example.org", "b@example.org"], message: Array("Subject: x\r\n\r\n.hi".utf8)
        )
    }

    @Test func sendsAMessageWithoutTLSOrAuthWhenNoneIsOffered() {
        var smtp = conversation()
        #expect(smtp.receive(reply(220, "ready")) == .send("EHLO example.com"))
        #expect(smtp.receive(reply(250, "example.org", "8BITMIME", "SIZE 1000")) == .send("MAIL FROM:<no-reply@example.com> BODY=8BITMIME"))
        #expect(smtp.receive(reply(250, "ok")) == .send("RCPT TO:<a@example.org>"))
        #expect(smtp.receive(reply(250, "ok")) == .send("RCPT TO:<b@example.org>"))
        #expect(smtp.receive(reply(250, "ok")) == .send("DATA"))
        #expect(smtp.receive(reply(354, "go")) == .sendData(Array("Subject: x\r\n\r\n..hi\r\n.\r\n".utf8)))
        #expect(smtp.receive(reply(250, "queued")) == .acceptedThenSend("QUIT"))
        #expect(smtp.receive(reply(221, "bye")) == .finished)
    }

    @Test func pipelinesTheEnvelopeWhenOffered() {
        var smtp = conversation(.never)
        _ = smtp.receive(reply(220, "ready"))
        #expect(smtp.receive(reply(250, "example.org", "PIPELINING")) == .sendBatch([
            "MAIL FROM:<no-reply@example.com>", "RCPT TO:<a@example.org>", "RCPT TO:<b@example.org>", "DATA",
        ]))
        #expect(smtp.receive(reply(250, "sender ok")) == .wait)
        #expect(smtp.receive(reply(250, "a ok")) == .wait)
        #expect(smtp.receive(reply(250, "b ok")) == .wait)
        #expect(smtp.receive(reply(354, "go")) == .sendData(Array("Subject: x\r\n\r\n..hi\r\n.\r\n".utf8)))
        #expect(smtp.receive(reply(250, "queued")) == .acceptedThenSend("QUIT"))
    }

    @Test func stopsAtTheFirstRefusalInAPipeline() {
        var smtp = conversation(.never)
        _ = smtp.receive(reply(220, "ready"))
        _ = smtp.receive(reply(250, "example.org", "PIPELINING"))
        #expect(smtp.receive(reply(250, "sender ok")) == .wait)
        guard case .failed = smtp.receive(reply(550, "no such user")) else {
            Issue.record("a refused recipient must fail the session")
            return
        }
        #expect(smtp.receive(reply(250, "b ok")) == .wait, "later replies of the batch change nothing")
        #expect(smtp.receive(reply(503, "no recipients")) == .wait)
    }

    @Test func upgradesWithStartTLSThenAuthenticatesWithPlain() {
        var smtp = conversation(credentials: ("user", "pässword"))
        _ = smtp.receive(reply(220, "ready"))
        #expect(smtp.receive(reply(250, "example.org", "STARTTLS", "AUTH PLAIN LOGIN")) == .send("STARTTLS"))
        #expect(smtp.receive(reply(220, "go ahead")) == .startTLS)
        #expect(smtp.tlsEstablished() == .send("EHLO example.com"))
        let plain = Data([0] + Array("user".utf8) + [0] + Array("pässword".utf8)).base64EncodedString()
        #expect(smtp.receive(reply(250, "example.org", "AUTH PLAIN LOGIN")) == .send("AUTH PLAIN \(plain)"))
        #expect(smtp.receive(reply(235, "ok")) == .send("MAIL FROM:<no-reply@example.com>"))
    }

    @Test func answersLoginPromptsInOrder() {
        var smtp = conversation(.implicit, credentials: ("user", "secret"))
        _ = smtp.receive(reply(220, "ready"))
        #expect(smtp.receive(reply(250, "example.org", "AUTH LOGIN")) == .send("AUTH LOGIN"))
        #expect(smtp.receive(reply(334, "VXNlcm5hbWU6")) == .send(Data("user".utf8).base64EncodedString()))
        #expect(smtp.receive(reply(334, "UGFzc3dvcmQ6")) == .send(Data("secret".utf8).base64EncodedString()))
        #expect(smtp.receive(reply(235, "ok")) == .send("MAIL FROM:<no-reply@example.com>"))
    }

    @Test func neverSendsCredentialsInClearText() {
        var smtp = conversation(credentials: ("user", "secret"))
        _ = smtp.receive(reply(220, "ready"))
        #expect(smtp.receive(reply(250, "example.org", "AUTH PLAIN")) == .failed(.tlsUnavailable))
    }

    @Test func refusesToContinueWithoutRequiredTLS() {
        var smtp = conversation(.required)
        _ = smtp.receive(reply(220, "ready"))
        #expect(smtp.receive(reply(250, "example.org")) == .failed(.tlsUnavailable))
    }

    @Test func reportsRejectionsWithTheirPermanence() {
        var smtp = conversation(.never)
        _ = smtp.receive(reply(220, "ready"))
        _ = smtp.receive(reply(250, "example.org"))
        _ = smtp.receive(reply(250, "ok"))
        let failure = smtp.receive(reply(550, "no such user"))
        guard case .failed(let error) = failure else {
            Issue.record("expected a failure, got \(failure)")
            return
        }
        #expect(!error.isTransient)
        #expect(SMTPError.rejected(command: "RCPT TO", reply: reply(451, "try later")).isTransient)
    }

    @Test func parsesMultiLineReplies() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.feed("250-example.org") == nil)
        #expect(try parser.feed("250-STARTTLS") == nil)
        #expect(try parser.feed("250 AUTH PLAIN") == SMTPReply(code: 250, lines: ["example.org", "STARTTLS", "AUTH PLAIN"]))
        #expect(throws: SMTPError.self) { _ = try parser.feed("hello") }
        _ = try parser.feed("250-a")
        #expect(throws: SMTPError.self) { _ = try parser.feed("251 b") }
    }
}

@Suite struct MailMessageTests {
    @Test func rendersMIMEWithEncodedHeadersAndEscapedHTML() {
        let message = MailMessage(
            from: MailAddress("no-reply@example.com", name: "Équipe"), to: [MailAddress("a@example.org")],
            subject: "Votre code de vérification", text: "Code: 123456 <b>=</b>\n.dot", date: Date(timeIntervalSince1970: 0),
            messageID: "id@example.com"
        )
        let text = String(decoding: message.rendered(boundary: "B"), as: UTF8.self)
        #expect(text.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"))
        #expect(text.contains("Subject: =?UTF-8?B?\(Data("Votre code de vérification".utf8).base64EncodedString())?="))
        #expect(text.contains("From: =?UTF-8?B?\(Data("Équipe".utf8).base64EncodedString())?= <no-reply@example.com>"))
        #expect(text.contains("Message-ID: <id@example.com>"))
        #expect(text.contains("Code: 123456 <b>=3D</b>"))
        #expect(text.contains("&lt;b&gt;=3D&lt;/b&gt;"))
        #expect(text.hasSuffix("--B--\r\n"))
    }

    @Test func wrapsLongQuotedPrintableLines() {
        let encoded = QuotedPrintable.encode(String(repeating: "é", count: 60))
        #expect(encoded.split(separator: "\r\n").allSatisfy { $0.count <= 76 })
        #expect(encoded.contains("=C3=A9"))
        #expect(QuotedPrintable.encode("trailing space ") == "trailing space=20")
    }

    @Test func refusesAddressesThatCouldInjectCommands() {
        #expect(MailAddress("a@example.org").isSafe)
        #expect(!MailAddress("a@example.org>\r\nRCPT TO:<b@evil").isSafe)
        #expect(!MailAddress("nobody").isSafe)
    }
}
