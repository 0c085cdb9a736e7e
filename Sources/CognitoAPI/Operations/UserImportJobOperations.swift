import CognateCore
import CognitoModel

extension OperationTable {
    /// User import jobs: create (with the pre-signed URL), start, stop, describe and list.
    mutating func addUserImportJobOperations(_ jobs: UserImportJobService) {
        on(.createUserImportJob, CreateUserImportJobRequest.self) { request, _ in
            CreateUserImportJobResponse(userImportJob: try await jobs.create(request))
        }
        on(.startUserImportJob, StartUserImportJobRequest.self) { request, _ in
            StartUserImportJobResponse(userImportJob: try await jobs.start(poolId: request.userPoolId, jobId: request.jobId))
        }
        on(.stopUserImportJob, StopUserImportJobRequest.self) { request, _ in
            StopUserImportJobResponse(userImportJob: try await jobs.stop(poolId: request.userPoolId, jobId: request.jobId))
        }
        on(.describeUserImportJob, DescribeUserImportJobRequest.self) { request, _ in
            DescribeUserImportJobResponse(userImportJob: try await jobs.describe(poolId: request.userPoolId, jobId: request.jobId))
        }
        on(.listUserImportJobs, ListUserImportJobsRequest.self) { request, _ in
            let page = try await jobs.list(poolId: request.userPoolId, limit: request.maxResults, token: request.paginationToken)
            return ListUserImportJobsResponse(userImportJobs: page.jobs, paginationToken: page.token)
        }
    }
}
