"""`check` says where each secret comes from, and a refused login is the owner's to fix."""

from __future__ import annotations

import re

from inviteassist.cli.main import main


def test_check_names_the_password_source(imap_config, capsys):
    assert main(["check", "--config", str(imap_config)]) == 0
    assert "ok  secrets    IMAP password from $TEST_IMAP_PASSWORD" in capsys.readouterr().out


def test_a_refused_login_is_exit_2_with_the_source(own_dovecot, imap_config, capsys,
                                                    monkeypatch):
    account = own_dovecot.add_account()
    text = re.sub(r"port = \d+", f"port = {own_dovecot.port}", imap_config.read_text())
    imap_config.write_text(re.sub(r'username = "[^"]+"', f'username = "{account.user}"', text))
    monkeypatch.setenv("TEST_IMAP_PASSWORD", "not-the-password")
    assert main(["check", "--config", str(imap_config)]) == 2
    err = capsys.readouterr().err
    assert "login" in err and "password from $TEST_IMAP_PASSWORD" in err, err
    assert "not-the-password" not in err
    assert err.count("\n") == 1

