import Foundation
import Logging
import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL

/// Sends one message per connection over SwiftNIO, driving an `SMTPConversation`: TLS (implicit or
/// STARTTLS, certificates verified unless told otherwise), AUTH, the envelope and the data, with a
/// deadline on the whole exchange.
public struct SMTPClient: Sendable {
    public let settings: SMTPSettings
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger

    public init(settings: SMTPSettings, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) {
        self.settings = settings
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    public func send(_ message: MailMessage) async throws {
        let recipients = message.to.map(\.address)
        guard message.from.isSafe, message.to.allSatisfy(\.isSafe) else {
            throw SMTPError.protocolViolation("An address contains characters that cannot appear in an SMTP envelope")
        }
        let tls = try makeTLSContext()
        let conversation = SMTPConversation(
            hostname: Self.ehloName(message.from.address), tlsPolicy: settings.tlsPolicy, credentials: settings.credentials,
            sender: message.from.address, recipients: recipients, message: message.rendered(boundary: "cognate-\(message.messageID.hashValue.magnitude)")
        )
        let eventLoop = eventLoopGroup.next()
        let done = eventLoop.makePromise(of: Void.self)
        let host = settings.host
        let implicit = settings.tlsPolicy == .implicit
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(.seconds(Int64(min(settings.timeout, 30))))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicit {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: Self.sniName(host)))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(
                        SMTPSessionHandler(conversation: conversation, tls: tls, serverHostname: Self.sniName(host), done: done)
                    )
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: settings.host, port: settings.port).get()
        } catch {
            done.fail(SMTPError.connectionFailed("not connected"))  // a promise must never be dropped unfulfilled
            throw SMTPError.connectionFailed("\(settings.host):\(settings.port): \(error)")
        }
        let deadline = eventLoop.scheduleTask(in: .seconds(Int64(settings.timeout))) {
            channel.pipeline.fireErrorCaught(SMTPError.timedOut)
        }
        defer {
            deadline.cancel()
            channel.close(promise: nil)
        }
        do {
            try await done.futureResult.get()
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError.connectionFailed("\(error)")
        }
    }

    func makeTLSContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if !settings.verifyCertificates { configuration.certificateVerification = .none }
        if let file = settings.trustedCAFile {
            configuration.trustRoots = .file(file)
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// SNI takes names, not IP addresses.
    static func sniName(_ host: String) -> String? {
        host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : host
    }

    /// EHLO names the sending domain: the sender's, which the operator controls.
    static func ehloName(_ sender: String) -> String {
        sender.split(separator: "@").last.map(String.init) ?? "localhost"
    }
}

/// The channel end of an SMTP session: lines in, replies parsed, the conversation's actions carried out.
final class SMTPSessionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var conversation: SMTPConversation
    private var parser = SMTPReplyParser()
    private let tls: NIOSSLContext
    private let serverHostname: String?
    private let done: EventLoopPromise<Void>
    /// Whether `done` is complete: later events (the close that follows QUIT) must not complete it again.
    private var completed = false

    init(conversation: SMTPConversation, tls: NIOSSLContext, serverHostname: String?, done: EventLoopPromise<Void>) {
        self.conversation = conversation
        self.tls = tls
        self.serverHostname = serverHostname
        self.done = done
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        var line = buffer.readString(length: buffer.readableBytes) ?? ""
        if line.hasSuffix("\r") { line.removeLast() }
        do {
            guard let reply = try parser.feed(line) else { return }
            perform(conversation.receive(reply), context: context)
        } catch {
            finish(.failure(error))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(SMTPError.connectionFailed("the server closed the connection")))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error as? SMTPError ?? SMTPError.connectionFailed("\(error)")))
        context.close(promise: nil)
    }

    private func finish(_ result: Result<Void, any Error>) {
        guard !completed else { return }
        completed = true
        done.completeWith(result)
    }

    private func perform(_ action: SMTPConversation.Action, context: ChannelHandlerContext) {
        switch action {
        case .send(let line):
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: line + "\r\n")), promise: nil)
        case .sendBatch(let lines):
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: lines.map { $0 + "\r\n" }.joined())), promise: nil)
        case .wait:
            break
        case .sendData(let bytes):
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes)), promise: nil)
        case .startTLS:
            do {
                let handler = try NIOSSLClientHandler(context: tls, serverHostname: serverHostname)
                try context.pipeline.syncOperations.addHandler(handler, position: .first)
                perform(conversation.tlsEstablished(), context: context)  // written once the handshake is done
            } catch {
                finish(.failure(SMTPError.connectionFailed("TLS: \(error)")))
                context.close(promise: nil)
            }
        case .acceptedThenSend(let line):
            finish(.success(()))
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: line + "\r\n")), promise: nil)
        case .finished:
            finish(.success(()))
        case .failed(let error):
            finish(.failure(error))
            context.close(promise: nil)
        }
    }
}
