import Foundation

/// One SMTP session as a state machine without I/O: replies in, commands out (RFC 5321, with STARTTLS
/// from RFC 3207 and AUTH PLAIN/LOGIN from RFC 4954). The connection code feeds it replies and carries
/// out its actions, so every branch of the protocol is testable without a socket.
public struct SMTPConversation: Sendable {
    /// How TLS is negotiated on a plain connection.
    public enum TLSPolicy: Sendable, Equatable {
        /// STARTTLS when the server offers it; a server that doesn't gets the message in clear text,
        /// but never credentials.
        case whenOffered
        /// STARTTLS or nothing.
        case required
        /// Never (a local mail sink).
        case never
        /// The connection is already TLS (`smtps://`, port 465).
        case implicit
    }

    public enum Action: Sendable, Equatable {
        /// Write this command line (CRLF is added by the connection).
        case send(String)
        /// Write these command lines at once (RFC 2920 pipelining); their replies arrive in order.
        case sendBatch([String])
        /// Nothing to write: the reply answered a command already sent in a batch.
        case wait
        /// Write the message body, already dot-stuffed and ending with `CRLF.CRLF`.
        case sendData([UInt8])
        /// Put TLS on the connection, then call `tlsEstablished()`.
        case startTLS
        /// The server accepted the message: report success now (a lost QUIT reply must not cause a resend),
        /// then write this line (QUIT).
        case acceptedThenSend(String)
        /// The session is over; the connection may close.
        case finished
        case failed(SMTPError)
    }

    enum State: Sendable, Equatable {
        case greeting, ehlo, startTLS, ehloAfterTLS, authPlain, authLogin
        case mailFrom, rcptTo(Int), data, body, quit, done
    }

    let hostname: String
    let tlsPolicy: TLSPolicy
    let credentials: (username: String, password: String)?
    let sender: String
    let recipients: [String]
    let message: [UInt8]
    private(set) var state: State = .greeting
    private(set) var capabilities: Set<String> = []
    private(set) var authMechanisms: Set<String> = []
    private var secure: Bool
    /// MAIL, RCPT and DATA went in one batch, so their replies only advance the state.
    private var pipelined = false

    public init(
        hostname: String, tlsPolicy: TLSPolicy, credentials: (username: String, password: String)?, sender: String,
        recipients: [String], message: [UInt8]
    ) {
        self.hostname = hostname
        self.tlsPolicy = tlsPolicy
        self.credentials = credentials
        self.sender = sender
        self.recipients = recipients
        self.message = message
        self.secure = tlsPolicy == .implicit
    }

    public mutating func receive(_ reply: SMTPReply) -> Action {
        switch state {
        case .greeting:
            guard reply.code == 220 else { return fail("connection greeting", reply) }
            state = .ehlo
            return .send("EHLO \(hostname)")
        case .ehlo, .ehloAfterTLS:
            guard reply.code == 250 else { return fail("EHLO", reply) }
            readCapabilities(reply)
            if !secure && tlsPolicy != .never && capabilities.contains("STARTTLS") {
                state = .startTLS
                return .send("STARTTLS")
            }
            if !secure && tlsPolicy == .required { return failure(.tlsUnavailable) }
            return authenticateOrSend()
        case .startTLS:
            guard reply.code == 220 else { return fail("STARTTLS", reply) }
            return .startTLS
        case .authPlain:
            guard reply.code == 235 else { return fail("AUTH PLAIN", reply) }
            return mailFrom()
        case .authLogin:
            if reply.code == 334, let credentials {
                // The server prompts with base64 "Username:" then "Password:".
                let prompt = Self.decodedPrompt(reply.text).lowercased()
                return .send(Self.base64(Array((prompt.contains("user") ? credentials.username : credentials.password).utf8)))
            }
            guard reply.code == 235 else { return fail("AUTH LOGIN", reply) }
            return mailFrom()
        case .mailFrom:
            guard reply.code == 250 else { return fail("MAIL FROM", reply) }
            state = .rcptTo(0)
            return pipelined ? .wait : .send("RCPT TO:<\(recipients[0])>")
        case .rcptTo(let index):
            guard reply.code == 250 || reply.code == 251 else { return fail("RCPT TO", reply) }
            if index + 1 < recipients.count {
                state = .rcptTo(index + 1)
                return pipelined ? .wait : .send("RCPT TO:<\(recipients[index + 1])>")
            }
            state = .data
            return pipelined ? .wait : .send("DATA")
        case .data:
            guard reply.code == 354 else { return fail("DATA", reply) }
            state = .body
            return .sendData(Self.dotStuffed(message))
        case .body:
            guard reply.code == 250 else { return fail("message", reply) }
            state = .quit
            return .acceptedThenSend("QUIT")
        case .quit:
            state = .done
            return .finished  // the message is accepted whatever QUIT answers
        case .done:
            return .wait  // replies to pipelined commands after a failure, or to QUIT: nothing more to do
        }
    }

    /// After `.startTLS`: the session starts over with EHLO, as RFC 3207 requires.
    public mutating func tlsEstablished() -> Action {
        secure = true
        capabilities = []
        authMechanisms = []
        state = .ehloAfterTLS
        return .send("EHLO \(hostname)")
    }

    private mutating func authenticateOrSend() -> Action {
        guard let credentials else { return mailFrom() }
        guard secure else { return failure(.tlsUnavailable) }
        if authMechanisms.contains("PLAIN") {
            state = .authPlain
            let token = [UInt8(0)] + Array(credentials.username.utf8) + [0] + Array(credentials.password.utf8)
            return .send("AUTH PLAIN \(Self.base64(token))")
        }
        if authMechanisms.contains("LOGIN") {
            state = .authLogin
            return .send("AUTH LOGIN")
        }
        return failure(.noSupportedAuthentication)
    }

    private mutating func mailFrom() -> Action {
        guard !recipients.isEmpty else { return failure(.protocolViolation("A message needs at least one recipient")) }
        state = .mailFrom
        let bodyType = capabilities.contains("8BITMIME") ? " BODY=8BITMIME" : ""
        let mailFrom = "MAIL FROM:<\(sender)>\(bodyType)"
        guard capabilities.contains("PIPELINING") else { return .send(mailFrom) }
        pipelined = true
        return .sendBatch([mailFrom] + recipients.map { "RCPT TO:<\($0)>" } + ["DATA"])
    }

    private mutating func readCapabilities(_ reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.uppercased().split(separator: " ").map(String.init)
            guard let keyword = words.first else { continue }
            capabilities.insert(keyword)
            if keyword == "AUTH" { authMechanisms.formUnion(words.dropFirst()) }
        }
    }

    private mutating func fail(_ command: String, _ reply: SMTPReply) -> Action {
        failure(.rejected(command: command, reply: reply))
    }

    private mutating func failure(_ error: SMTPError) -> Action {
        state = .done
        return .failed(error)
    }

    /// Lines starting with `.` get another (RFC 5321 §4.5.2); the body ends with `CRLF.CRLF`.
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + 64)
        var atLineStart = true
        for byte in message {
            if atLineStart && byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            output.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        if !output.suffix(2).elementsEqual([13, 10]) { output += [13, 10] }
        return output + Array(".\r\n".utf8)
    }

    static func decodedPrompt(_ text: String) -> String {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespaces)) else { return text }
        return String(decoding: data, as: UTF8.self)
    }

    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }
}
