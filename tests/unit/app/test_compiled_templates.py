"""Compiled templates are kept in a private cache folder, never in a shared one."""

from __future__ import annotations

from inviteassist.app.templating import compiled_templates_folder
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


def test_a_parent_others_may_write_to_means_no_cache(private_home):
    """Whoever may write to `inviteassist` could swap `templates` for a folder
    of their own, with their code in it."""
    base = private_home / ".cache" / "inviteassist"
    base.mkdir(parents=True, exist_ok=True)
    base.chmod(0o777)
    assert compiled_templates_folder() is None
    base.chmod(0o755)
    assert compiled_templates_folder() == base / "templates"


def test_a_symlinked_folder_is_not_used(private_home, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    base = private_home / ".cache" / "inviteassist"
    base.mkdir(parents=True, exist_ok=True)
    (base / "templates").symlink_to(elsewhere)
    assert compiled_templates_folder() is None


def test_a_shared_cache_home_needs_the_sticky_bit(private_home, tmp_path, monkeypatch):
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared))
    shared.chmod(0o777)
    assert compiled_templates_folder() is None
    shared.chmod(0o1777)
    assert compiled_templates_folder() == shared / "inviteassist" / "templates"
