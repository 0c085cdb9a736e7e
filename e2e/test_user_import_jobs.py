"""User import jobs through boto3, as Cognito has them: GetCSVHeader, CreateUserImportJob (a pre-signed
URL that Cognate serves itself), the CSV PUT there as to S3, StartUserImportJob, DescribeUserImportJob
until it completes, ListUserImportJobs, StopUserImportJob; imported users are RESET_REQUIRED and
choose a password through ForgotPassword."""

from __future__ import annotations

import csv
import io
import time

import pytest
import requests

from accounts import SERVER_ARGS, Outbox, new_app, password_sign_in, unique_name, username_pool  # noqa: F401
from control_plane import raises

ROLE = "arn:aws:iam::123456789012:role/CognitoImport"


def csv_text(header: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in header})
    return out.getvalue()


def new_job(idp, pool: str) -> dict:
    job = idp.create_user_import_job(JobName=unique_name("job"), UserPoolId=pool, CloudWatchLogsRoleArn=ROLE)["UserImportJob"]
    assert job["Status"] == "Created" and job["JobId"].startswith("import-")
    return job


def upload(job: dict, text: str) -> requests.Response:
    # Cognito's documentation uploads with this header; S3 needs it, Cognate ignores it.
    return requests.put(job["PreSignedUrl"], data=text.encode(), headers={"x-amz-server-side-encryption": "aws:kms"}, timeout=30)


def completed(idp, pool: str, job_id: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = idp.describe_user_import_job(UserPoolId=pool, JobId=job_id)["UserImportJob"]
        if job["Status"] in ("Succeeded", "Failed", "Stopped"):
            return job
        assert time.monotonic() < deadline, f"job still {job['Status']}"
        time.sleep(0.1)


def test_import_job_imports_users_who_then_choose_a_password(idp, server):
    pool = username_pool(idp)
    app = new_app(idp, pool)
    idp.admin_create_user(UserPoolId=pool, Username="existing", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "existing@example.com"}])
    header = idp.get_csv_header(UserPoolId=pool)["CSVHeader"]
    assert header[-2:] == ["cognito:mfa_enabled", "cognito:username"] and "email" in header and "sub" not in header
    rows = [
        {"cognito:username": "ann", "email": "ann@example.com", "email_verified": "true", "given_name": "Ann, \"the first\"",
         "cognito:mfa_enabled": "false"},
        {"cognito:username": "ben", "email": "ben@example.com", "email_verified": "true", "cognito:mfa_enabled": "false"},
        {"cognito:username": "cy", "phone_number": "+15555550123", "phone_number_verified": "true", "email": "cy@example.com",
         "email_verified": "true", "cognito:mfa_enabled": "false"},
        {"cognito:username": "bad", "email": "not an email", "cognito:mfa_enabled": "false"},
        {"cognito:username": "existing", "email": "other@example.com", "cognito:mfa_enabled": "false"},
    ]
    job = new_job(idp, pool)
    assert job["PreSignedUrl"].startswith(server.url + "/") and job["CloudWatchLogsRoleArn"] == ROLE
    assert upload(job, csv_text(header, rows)).status_code == 200
    assert idp.describe_user_import_job(UserPoolId=pool, JobId=job["JobId"])["UserImportJob"]["Status"] == "Created"

    started = idp.start_user_import_job(UserPoolId=pool, JobId=job["JobId"])["UserImportJob"]
    assert started["Status"] in ("Pending", "InProgress") and "StartDate" in started
    done = completed(idp, pool, job["JobId"])
    assert done["Status"] == "Succeeded", done
    assert (done["ImportedUsers"], done["SkippedUsers"], done["FailedUsers"]) == (3, 1, 1), done
    assert done["CompletionDate"] >= done["StartDate"] and done["CompletionMessage"]

    ann = idp.admin_get_user(UserPoolId=pool, Username="ann")
    assert ann["UserStatus"] == "RESET_REQUIRED"
    attrs = {a["Name"]: a["Value"] for a in ann["UserAttributes"]}
    assert attrs["given_name"] == 'Ann, "the first"' and attrs["email"] == "ann@example.com" and len(attrs["sub"]) == 36
    existing = idp.admin_get_user(UserPoolId=pool, Username="existing")
    assert {a["Name"]: a["Value"] for a in existing["UserAttributes"]}["email"] == "existing@example.com", "a skipped user is untouched"
    with raises("UserNotFoundException"):
        idp.admin_get_user(UserPoolId=pool, Username="bad")

    with raises("PasswordResetRequiredException"):
        password_sign_in(idp, app, "ann", "Anything-1234")
    idp.forgot_password(ClientId=app.client_id, Username="ann")
    code = Outbox(server).code("ann@example.com", pool)
    idp.confirm_forgot_password(ClientId=app.client_id, Username="ann", ConfirmationCode=code, Password="Correct-Horse-7")
    tokens = password_sign_in(idp, app, "ann", "Correct-Horse-7")
    assert tokens["AccessToken"]


def test_upload_url_is_bound_to_its_job_and_state(idp):
    pool = username_pool(idp)
    first, second = new_job(idp, pool), new_job(idp, pool)
    header = idp.get_csv_header(UserPoolId=pool)["CSVHeader"]
    text = csv_text(header, [{"cognito:username": "dee", "email": "dee@example.com", "cognito:mfa_enabled": "false"}])

    token = first["PreSignedUrl"].split("token=", 1)[1]
    other_job_url = second["PreSignedUrl"].split("?", 1)[0] + "?token=" + token
    assert requests.put(other_job_url, data=text, timeout=30).status_code == 403
    assert requests.put(first["PreSignedUrl"][:-4] + "AAAA", data=text, timeout=30).status_code == 403
    assert requests.put(first["PreSignedUrl"].split("?", 1)[0], data=text, timeout=30).status_code == 403

    with raises("PreconditionNotMetException"):
        idp.start_user_import_job(UserPoolId=pool, JobId=second["JobId"])  # nothing uploaded
    with raises("PreconditionNotMetException"):
        idp.stop_user_import_job(UserPoolId=pool, JobId=second["JobId"])  # not running

    assert upload(first, text).status_code == 200
    idp.start_user_import_job(UserPoolId=pool, JobId=first["JobId"])
    assert completed(idp, pool, first["JobId"])["Status"] == "Succeeded"
    assert upload(first, text).status_code == 403, "a started job takes no more files"
    with raises("PreconditionNotMetException"):
        idp.start_user_import_job(UserPoolId=pool, JobId=first["JobId"])


def test_a_header_the_pool_does_not_have_fails_the_job(idp):
    pool = username_pool(idp)
    job = new_job(idp, pool)
    assert upload(job, "cognito:username,email,favourite_colour\r\nella,ella@example.com,green\r\n").status_code == 200
    idp.start_user_import_job(UserPoolId=pool, JobId=job["JobId"])
    done = completed(idp, pool, job["JobId"])
    assert done["Status"] == "Failed" and "favourite_colour" in done["CompletionMessage"], done
    assert done["ImportedUsers"] == 0
    with raises("UserNotFoundException"):
        idp.admin_get_user(UserPoolId=pool, Username="ella")


def test_list_describe_and_errors(idp):
    pool = username_pool(idp)
    ids = {new_job(idp, pool)["JobId"] for _ in range(3)}
    seen, token = [], None
    while True:
        kwargs = {"PaginationToken": token} if token else {}
        page = idp.list_user_import_jobs(UserPoolId=pool, MaxResults=2, **kwargs)
        assert len(page["UserImportJobs"]) <= 2
        seen += [job["JobId"] for job in page["UserImportJobs"]]
        token = page.get("PaginationToken")
        if not token:
            break
    assert sorted(seen) == sorted(ids)
    with raises("ResourceNotFoundException"):
        idp.describe_user_import_job(UserPoolId=pool, JobId="import-doesnotexist")
    with raises("ResourceNotFoundException"):
        idp.create_user_import_job(JobName="j", UserPoolId="us-east-1_Nope12345", CloudWatchLogsRoleArn=ROLE)
    with raises("InvalidParameterException"):
        idp.describe_user_import_job(UserPoolId=pool, JobId="not-an-import-id")
