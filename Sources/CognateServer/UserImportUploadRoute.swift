import CognateCore
import Hummingbird

/// `PUT /_cognate/user-import/{jobId}?token=…`: the pre-signed URL of a user import job, where clients
/// upload the CSV as they would to Cognito's S3 URL (any `x-amz-*` headers they send are ignored).
struct UserImportUploadRoute {
    let jobs: UserImportJobService

    func register(on router: Router<CognateRequestContext>) {
        router.put("/_cognate/user-import/:jobId") { request, context -> Response in
            guard let jobId = context.parameters.get("jobId"), let token = request.uri.queryParameters.get("token") else {
                return Self.text(.forbidden, "The upload URL is incomplete.")
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: UserImportJobService.maximumUploadBytes)
            } catch {
                return Self.text(.contentTooLarge, "The CSV file is larger than 100 MB.")
            }
            do {
                try await jobs.upload(jobId: jobId, token: token, body: String(buffer: body))
            } catch UserImportJobService.UploadRefusal.forbidden {
                return Self.text(.forbidden, "The upload URL is invalid or expired, or the job no longer takes a file.")
            }
            return Response(status: .ok)
        }
    }

    static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}
