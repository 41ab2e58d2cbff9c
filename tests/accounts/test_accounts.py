from __future__ import annotations

import pytest

from examprep.accounts.models import User
from examprep.accounts.service import AccountError, authenticate, create_user, seed_demo
from tests.conftest import csrf_token, login
from tests.factories import PASSWORD


def test_passwords_are_hashed(db, make_user):
    user = make_user()
    assert PASSWORD not in user.password_hash and user.check_password(PASSWORD)


def test_create_user_refuses_bad_input(db, make_user):
    make_user(email="a@example.test")
    with pytest.raises(AccountError, match="already exists"):
        create_user("A@Example.test", "Someone", "candidate", PASSWORD)
    with pytest.raises(AccountError, match="at least 10"):
        create_user("b@example.test", "Someone", "candidate", "short")
    with pytest.raises(AccountError, match="not an e-mail"):
        create_user("nope", "Someone", "candidate", PASSWORD)
    with pytest.raises(ValueError):
        create_user("c@example.test", "Someone", "superuser", PASSWORD)


def test_authenticate(db, make_user):
    user = make_user(email="x@example.test")
    assert authenticate("X@example.test ", PASSWORD) == user
    assert authenticate("x@example.test", "wrong password") is None
    assert authenticate("unknown@example.test", PASSWORD) is None
    user.is_active_account = False
    assert authenticate("x@example.test", PASSWORD) is None


def test_login_and_logout(client, make_user):
    user = make_user(role="instructor")
    response = login(client, user)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = client.get("/").get_data(as_text=True)
    assert user.full_name in home
    token = csrf_token(client, "/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert user.full_name not in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_without_saying_which_part(client, make_user):
    user = make_user()
    token = csrf_token(client)
    response = client.post("/login", data={"email": user.email, "password": "not the password", "csrf_token": token})
    assert response.status_code == 401 and "Wrong e-mail or password." in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400 and "This form has expired" in response.get_data(as_text=True)


def test_login_does_not_redirect_off_site(client, make_user):
    user = make_user()
    token = csrf_token(client)
    response = client.post("/login?next=//evil.example/x", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_cli_users_create(runner, db):
    result = runner.invoke("users", "create", "--email", "ins@example.test", "--name", "Iqbal", "--role", "instructor",
                           "--password", "a long enough password")
    assert result.exit_code == 0, result.output
    assert db.query(User).filter_by(email="ins@example.test").one().role == "instructor"
    dup = runner.invoke("users", "create", "--email", "ins@example.test", "--name", "Iqbal", "--role", "instructor",
                        "--password", "a long enough password")
    assert dup.exit_code == 1 and "already exists" in dup.output


def test_demo_accounts_are_created_once(runner, db):
    first = runner.invoke("demo")
    assert first.output.count("password:") == 4
    second = runner.invoke("demo")
    assert "password:" not in second.output and "already exist" in second.output
    assert db.query(User).count() == 4


def test_seed_demo_gives_each_role(db):
    roles = {a.role for a in seed_demo()}
    assert roles == {"admin", "instructor", "oec", "candidate"}


def test_repeated_wrong_passwords_are_slowed_down_per_account(app, client, make_user):
    victim, other = make_user(), make_user()
    token = csrf_token(client)
    codes = [client.post("/login", data={"email": victim.email, "password": "guess %d" % i, "csrf_token": token}).status_code
             for i in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429
    page = client.post("/login", data={"email": victim.email, "password": PASSWORD, "csrf_token": token})
    assert page.status_code == 429 and "Too many attempts" in page.get_data(as_text=True)
    # a classmate on the same lab PC can still sign in
    assert login(client, other).status_code == 302
