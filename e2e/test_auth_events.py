"""A user's sign-in history: every password check (right or wrong, by any flow) is an auth event;
AdminListUserAuthEvents answers them newest first with paging in pools with threat protection on, and
UserPoolAddOnNotEnabledException elsewhere, as Cognito does."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from accounts import PASSWORD, SERVER_ARGS, new_app, password_sign_in, unique_name  # noqa: F401
from control_plane import raises


def pool_with_user(idp, **kwargs) -> tuple[str, object]:
    pool = idp.create_user_pool(PoolName=unique_name("events"), **kwargs)["UserPool"]["Id"]
    app = new_app(idp, pool)
    idp.admin_create_user(UserPoolId=pool, Username="eve", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username="eve", Password=PASSWORD, Permanent=True)
    return pool, app


def test_events_need_threat_protection(idp):
    pool, app = pool_with_user(idp)
    password_sign_in(idp, app, "eve", PASSWORD)
    with raises("UserPoolAddOnNotEnabledException"):
        idp.admin_list_user_auth_events(UserPoolId=pool, Username="eve")


def test_sign_ins_are_listed_newest_first_with_paging(idp):
    pool, app = pool_with_user(idp, UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"})
    with pytest.raises(ClientError):
        idp.initiate_auth(ClientId=app.client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "eve", "PASSWORD": "Wrong-Pass-1"})
    password_sign_in(idp, app, "eve", PASSWORD)
    idp.admin_initiate_auth(UserPoolId=pool, ClientId=app.client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                            AuthParameters={"USERNAME": "eve", "PASSWORD": PASSWORD})

    events = idp.admin_list_user_auth_events(UserPoolId=pool, Username="eve")["AuthEvents"]
    assert [(e["EventType"], e["EventResponse"]) for e in events] == [("SignIn", "Pass"), ("SignIn", "Pass"), ("SignIn", "Fail")]
    assert events[2]["ChallengeResponses"] == [{"ChallengeName": "Password", "ChallengeResponse": "Failure"}]
    assert events[0]["ChallengeResponses"] == [{"ChallengeName": "Password", "ChallengeResponse": "Success"}]
    assert events[0]["CreationDate"] >= events[1]["CreationDate"] >= events[2]["CreationDate"]
    assert len({e["EventId"] for e in events}) == 3

    seen, token = [], None
    while True:
        page = idp.admin_list_user_auth_events(UserPoolId=pool, Username="eve", MaxResults=1, **({"NextToken": token} if token else {}))
        assert len(page["AuthEvents"]) <= 1
        seen += [e["EventId"] for e in page["AuthEvents"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == [e["EventId"] for e in events]

    with raises("UserNotFoundException"):
        idp.admin_list_user_auth_events(UserPoolId=pool, Username="nobody")
    idp.admin_delete_user(UserPoolId=pool, Username="eve")
    idp.admin_create_user(UserPoolId=pool, Username="eve", MessageAction="SUPPRESS")
    assert idp.admin_list_user_auth_events(UserPoolId=pool, Username="eve")["AuthEvents"] == [], "events go with their user"
