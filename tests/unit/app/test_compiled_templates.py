"""Compiled templates are kept in a private cache folder, never in a shared one."""

from __future__ import annotations

from inviteassist.app.runtime import compiled_templates_folder
from inviteassist.compose.templates import build_environment


def test_compiled_templates_go_to_a_private_folder_and_are_reused(private_home):
    folder = compiled_templates_folder()
    assert folder == private_home / ".cache" / "inviteassist" / "templates"
    assert folder.stat().st_mode & 0o777 == 0o700
    build_environment(None, folder).get_template("reply.txt.j2")
    kept = list(folder.iterdir())
    assert kept, "the compiled template is kept"
    stamp = kept[0].stat().st_mtime_ns
    build_environment(None, folder).get_template("reply.txt.j2")  # a later process
    assert [p.stat().st_mtime_ns for p in folder.iterdir()] == [stamp]


def test_a_folder_others_may_write_to_is_not_used(private_home):
    folder = private_home / ".cache" / "inviteassist" / "templates"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    assert compiled_templates_folder() is None
    folder.chmod(0o700)
    assert compiled_templates_folder() == folder


def test_an_unmakeable_folder_means_no_cache(private_home, monkeypatch):
    blocker = private_home / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert compiled_templates_folder() is None
