from __future__ import annotations

import pytest

from inviteassist.config.imap import ImapSection
from inviteassist.errors import OperationalError, UserError
from inviteassist.mail.credentials import (
    Secret,
    describe_env_or_command,
    describe_imap_secret,
    plain_password_warning,
    resolve_password,
    resolve_token,
)


def test_the_environment_wins(monkeypatch):
    monkeypatch.setenv("MY_IMAP_PW", "from-env")
    secret = resolve_password(ImapSection(password_env="MY_IMAP_PW",
                                          password_command="echo from-command",
                                          password="from-config"))
    assert secret.reveal() == "from-env"


def test_a_missing_variable_is_named(monkeypatch):
    monkeypatch.delenv("MY_IMAP_PW", raising=False)
    with pytest.raises(OperationalError, match="MY_IMAP_PW"):
        resolve_password(ImapSection(password_env="MY_IMAP_PW"))


def test_a_command_gives_its_first_line_only():
    secret = resolve_password(ImapSection(password_command="printf 'p4ss word\\nmore\\n'"))
    assert secret.reveal() == "p4ss word"


def test_a_failing_command_reports_its_status_but_not_its_output():
    with pytest.raises(OperationalError) as caught:
        resolve_password(ImapSection(password_command="echo leaked-secret >&2; exit 3"))
    assert "exit status 3" in str(caught.value)
    assert "leaked-secret" not in str(caught.value)


def test_a_command_printing_nothing_is_an_error():
    with pytest.raises(OperationalError, match="printed nothing"):
        resolve_password(ImapSection(password_command="true"))


def test_no_source_at_all_is_a_config_error():
    with pytest.raises(UserError, match="no password source"):
        resolve_password(ImapSection())


def test_xoauth2_needs_a_token_command():
    with pytest.raises(UserError, match="token_command"):
        resolve_token(ImapSection(auth="xoauth2"))
    assert resolve_token(ImapSection(token_command="echo tok-123")).reveal() == "tok-123"


def test_secrets_never_print_themselves():
    secret = Secret("hunter2", "config file")
    assert "hunter2" not in repr(secret)
    assert "hunter2" not in str(secret)
    assert "hunter2" not in f"{secret} {[secret]}"


def test_a_plain_text_password_earns_a_warning():
    assert plain_password_warning(ImapSection(password="x")) is not None
    assert plain_password_warning(ImapSection(password="x", password_env="V")) is None
    assert plain_password_warning(ImapSection(password_command="pass x")) is None


@pytest.mark.parametrize(("changes", "words"), [
    ({"password_env": "PW", "password_command": "x"}, "password from $PW"),
    ({"password_command": "pass show mail"}, "password from [imap] password_command"),
    ({"keyring": True, "username": "alex"},
     "password from the system keyring (service 'inviteassist', user 'alex')"),
    ({"password": "hunter2"}, "password from [imap] password in the config file"),
    ({"auth": "xoauth2", "token_command": "oama"}, "access token from [imap] token_command"),
    ({}, "no password source configured"),
])
def test_check_says_where_the_secret_comes_from_never_what_it_is(changes, words):
    described = describe_imap_secret(ImapSection(**changes))
    assert described == words
    assert "hunter2" not in described


def test_the_caldav_password_source_is_described_the_same_way():
    where = "[calendar] caldav_password"
    assert describe_env_or_command("DAV_PW", "pass dav", where) == "password from $DAV_PW"
    assert describe_env_or_command("", "pass dav", where) == \
        "password from [calendar] caldav_password_command"
    assert describe_env_or_command("", "", where) is None
