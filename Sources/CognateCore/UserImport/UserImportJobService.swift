import CognitoModel
import Foundation
import Logging

/// Cognito's user import jobs: a job gets a pre-signed URL, the CSV (columns from GetCSVHeader) is
/// PUT there, and StartUserImportJob imports its users in RESET_REQUIRED. Cognate serves the URL
/// itself (`PUT /_cognate/user-import/{jobId}?token=…`) and runs the job on the node that started it.
public struct UserImportJobService: Sendable {
    let store: any Store
    let sealer: KeySealer
    let deployment: Deployment
    let transfer: UserTransfer
    let clock: any WallClock
    let random: any RandomSource
    let logger: Logger

    /// A job that is not started within a day expires, as Cognito's do; its URL stops working with it.
    static let validity: TimeInterval = 86400
    /// Cognito's limit on the CSV file.
    public static let maximumUploadBytes = 100 << 20
    static let batchSize = 500
    static let sealingContext = "cognate user import upload"

    public init(store: any Store, sealer: KeySealer, deployment: Deployment, clock: any WallClock, random: any RandomSource, logger: Logger) {
        self.store = store
        self.sealer = sealer
        self.deployment = deployment
        self.transfer = UserTransfer(store: store, clock: clock)
        self.clock = clock
        self.random = random
        self.logger = logger
    }

    static let notFound = CognitoError.resourceNotFound("User import job not found.")

    /// What the upload URL's token carries: which job, and until when.
    struct UploadGrant: Codable {
        let poolId: String
        let jobId: String
        let expiresAt: Date
    }

    public func create(_ request: CreateUserImportJobRequest) async throws -> UserImportJobType {
        let now = clock.now().truncatedToMilliseconds
        let jobId = "import-" + random.string(length: 10, alphabet: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))
        let grant = UploadGrant(poolId: request.userPoolId, jobId: jobId, expiresAt: now.addingTimeInterval(Self.validity))
        let token = try sealer.seal(value: grant, context: Self.sealingContext)
        let job = UserImportJobType(
            jobName: request.jobName, jobId: jobId, userPoolId: request.userPoolId,
            preSignedUrl: "\(deployment.publicURL)/_cognate/user-import/\(jobId)?token=\(token)", creationDate: now, status: .created,
            cloudWatchLogsRoleArn: request.cloudWatchLogsRoleArn, importedUsers: 0, skippedUsers: 0, failedUsers: 0
        )
        try await store.transaction { session in
            let pool = try await PoolScope.requirePool(request.userPoolId, in: session)
            try await session.insertResource(try PoolResource(
                poolId: pool.id, kind: .userImportJob, key: jobId, createdAt: now, lastModifiedAt: now, value: job
            ))
        }
        return job
    }

    public func describe(poolId: String, jobId: String) async throws -> UserImportJobType {
        try await store.transaction { session in try await current(poolId: poolId, jobId: jobId, in: session).job }
    }

    public func list(poolId: String, limit: Int, token: String?) async throws -> (jobs: [UserImportJobType], token: String?) {
        _ = try await PoolScope.requirePool(poolId, in: store)
        let page = try await PoolScope.page(UserImportJobType.self, kind: .userImportJob, poolId: poolId, limit: limit, nextToken: token, in: store)
        var jobs: [UserImportJobType] = []
        for (_, job) in page.items { jobs.append(expiring(job)) }
        return (jobs, page.nextToken)
    }

    /// Receives the CSV at the pre-signed URL. Throws `UploadRefusal` for a bad or expired token, or a job
    /// that no longer takes uploads.
    public func upload(jobId: String, token: String, body: String) async throws {
        guard let grant = sealer.open(UploadGrant.self, from: token, context: Self.sealingContext), grant.jobId == jobId,
              grant.expiresAt > clock.now()
        else { throw UploadRefusal.forbidden }
        let now = clock.now()
        try await store.transaction { session in
            guard let found = try? await current(poolId: grant.poolId, jobId: jobId, in: session), found.job.status == .created else {
                throw UploadRefusal.forbidden
            }
            try await session.putImportUpload(poolId: grant.poolId, jobId: jobId, body: body, at: now)
        }
    }

    public enum UploadRefusal: Error, Sendable {
        case forbidden
    }

    /// Starts a created job whose CSV has arrived; the import runs in the background on this node.
    public func start(poolId: String, jobId: String) async throws -> UserImportJobType {
        let now = clock.now().truncatedToMilliseconds
        let (job, csv) = try await store.transaction { session in
            var (resource, job) = try await current(poolId: poolId, jobId: jobId, in: session)
            guard job.status == .created else {
                throw CognitoError(.preconditionNotMet, "Import job \(jobId) is \(job.status?.rawValue ?? "not startable"); only a Created job can start.")
            }
            guard let csv = try await session.importUpload(poolId: poolId, jobId: jobId) else {
                throw CognitoError(.preconditionNotMet, "No CSV file has been uploaded to the job's pre-signed URL.")
            }
            job.status = .pending
            job.startDate = now
            try await save(job, resource: &resource, in: session)
            return (job, csv)
        }
        Task.detached { [self] in await run(job, csv: csv) }
        return job
    }

    /// Asks a running job to stop; it stops between batches.
    public func stop(poolId: String, jobId: String) async throws -> UserImportJobType {
        try await store.transaction { session in
            var (resource, job) = try await current(poolId: poolId, jobId: jobId, in: session)
            guard job.status == .pending || job.status == .inProgress else {
                throw CognitoError(.preconditionNotMet, "Import job \(jobId) is \(job.status?.rawValue ?? "not running"); only a running job can stop.")
            }
            job.status = .stopping
            try await save(job, resource: &resource, in: session)
            return job
        }
    }

    // MARK: Running

    func run(_ started: UserImportJobType, csv: String) async {
        guard let poolId = started.userPoolId, let jobId = started.jobId else { return }
        var counts = (imported: 0, skipped: 0, failed: 0)
        do {
            guard try await advance(poolId: poolId, jobId: jobId, status: .inProgress, counts: counts) else { return }
            let allowed = Set(UserPoolService.csvHeader(of: try await PoolScope.requirePool(poolId, in: store)))
            var reader = TransferredUserReader(format: .csv)
            var batch = try reader.feed(Array(csv.utf8))
            let last = try reader.finish()
            batch.users += last.users
            batch.refusals += last.refusals
            let header = reader.header ?? []
            guard header.contains("cognito:username"), header.allSatisfy(allowed.contains) else {
                let unknown = header.filter { !allowed.contains($0) }
                return try await finish(poolId: poolId, jobId: jobId, status: .failed, counts: counts, message:
                    unknown.isEmpty ? "The CSV header has no cognito:username column." : "The CSV header has columns the pool does not: \(unknown.joined(separator: ", ")).")
            }
            counts.failed += batch.refusals.count
            for refusal in batch.refusals { log(refusal, jobId: jobId) }
            var remaining = batch.users.map { entry in
                var user = entry.user
                user.password = nil  // Cognito's CSV carries no passwords: imported users choose one (RESET_REQUIRED)
                user.sub = ""
                user.status = ""
                user.groups = []
                user.mfa = nil
                return (position: entry.position, user: user)
            }
            while !remaining.isEmpty {
                let next = Array(remaining.prefix(Self.batchSize))
                remaining.removeFirst(next.count)
                let refused = try await transfer.importUsers(poolId: poolId, next)
                for refusal in refused { log(refusal, jobId: jobId) }
                counts.skipped += refused.filter(\.isDuplicate).count
                counts.failed += refused.filter { !$0.isDuplicate }.count
                counts.imported += next.count - refused.count
                guard try await advance(poolId: poolId, jobId: jobId, status: .inProgress, counts: counts) else {
                    return try await finish(poolId: poolId, jobId: jobId, status: .stopped, counts: counts, message: "Import Job Stopped.")
                }
            }
            let message = counts.failed == 0 ? "Import Job Completed Successfully." : "Completed. \(counts.failed) users could not be imported; the server log names them."
            try await finish(poolId: poolId, jobId: jobId, status: .succeeded, counts: counts, message: message)
        } catch {
            logger.error("user import job failed", metadata: ["job": "\(jobId)", "error": "\(error)"])
            try? await finish(poolId: poolId, jobId: jobId, status: .failed, counts: counts, message: "The import failed: \(UserTransfer.reason(error))")
        }
    }

    private func log(_ refusal: UserTransfer.Refusal, jobId: String) {
        logger.info("user import row refused", metadata: ["job": "\(jobId)", "row": "\(refusal.position)", "reason": "\(refusal.reason)"])
    }

    /// Records progress; false when the job was asked to stop (or vanished).
    private func advance(poolId: String, jobId: String, status: UserImportJobStatusType, counts: (imported: Int, skipped: Int, failed: Int)) async throws -> Bool {
        try await store.transaction { session in
            guard let found = try? await current(poolId: poolId, jobId: jobId, in: session),
                  found.job.status == .pending || found.job.status == .inProgress
            else { return false }
            var (resource, job) = found
            job.status = status
            job.importedUsers = Int64(counts.imported)
            job.skippedUsers = Int64(counts.skipped)
            job.failedUsers = Int64(counts.failed)
            try await save(job, resource: &resource, in: session)
            return true
        }
    }

    private func finish(poolId: String, jobId: String, status: UserImportJobStatusType, counts: (imported: Int, skipped: Int, failed: Int), message: String) async throws {
        let now = clock.now().truncatedToMilliseconds
        try await store.transaction { session in
            guard let found = try? await current(poolId: poolId, jobId: jobId, in: session) else { return }
            var (resource, job) = found
            job.status = status
            job.importedUsers = Int64(counts.imported)
            job.skippedUsers = Int64(counts.skipped)
            job.failedUsers = Int64(counts.failed)
            job.completionDate = now
            job.completionMessage = message
            try await save(job, resource: &resource, in: session)
            try await session.deleteImportUpload(poolId: poolId, jobId: jobId)
        }
    }

    // MARK: Storage

    private func current(poolId: String, jobId: String, in session: any StoreSession) async throws -> (resource: PoolResource, job: UserImportJobType) {
        _ = try await PoolScope.requirePool(poolId, in: session)
        guard let resource = try await session.resource(poolId: poolId, kind: .userImportJob, key: jobId) else { throw Self.notFound }
        return (resource, expiring(try resource.decode(UserImportJobType.self)))
    }

    /// A Created job past its validity reads as Expired.
    private func expiring(_ job: UserImportJobType) -> UserImportJobType {
        var job = job
        if job.status == .created, let created = job.creationDate, clock.now() > created.addingTimeInterval(Self.validity) {
            job.status = .expired
        }
        return job
    }

    private func save(_ job: UserImportJobType, resource: inout PoolResource, in session: any StoreSession) async throws {
        resource.document = try DocumentCoding.encode(job)
        resource.lastModifiedAt = clock.now().truncatedToMilliseconds
        try await session.updateResource(resource)
    }
}
