import CognateCore
import Foundation
import SQLKit

extension SQLSession {
    func putImportUpload(poolId: String, jobId: String, body: String, at date: Date) async throws {
        try await translatingErrors(what: "import upload \(jobId)") {
            try await db.raw("""
                INSERT INTO user_import_uploads (pool_id, job_id, body, uploaded_at)
                VALUES (\(bind: poolId), \(bind: jobId), \(bind: body), \(bind: DocumentCoding.millis(date)))
                ON CONFLICT (pool_id, job_id) DO UPDATE SET body = excluded.body, uploaded_at = excluded.uploaded_at
                """).run()
        }
    }

    func importUpload(poolId: String, jobId: String) async throws -> String? {
        try await translatingErrors(what: "import upload \(jobId)") {
            try await db.raw("SELECT body FROM user_import_uploads WHERE pool_id = \(bind: poolId) AND job_id = \(bind: jobId)")
                .first()?.decode(column: "body", as: String.self)
        }
    }

    func deleteImportUpload(poolId: String, jobId: String) async throws {
        try await translatingErrors(what: "import upload \(jobId)") {
            try await db.raw("DELETE FROM user_import_uploads WHERE pool_id = \(bind: poolId) AND job_id = \(bind: jobId)").run()
        }
    }
}
