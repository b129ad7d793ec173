"""runreport.provenance: the build date without ceremony, hashes, versions.

The build date is tested against real git repositories made in a temporary
folder, and once end to end: `runreport build --check` in a fresh `git clone`
of this repository, with no SOURCE_DATE_EPOCH, before and after `touch`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from helpers.buildhelp import ROOT
from runreport import provenance
from runreport.errors import UsageError
from runreport.provenance import build_date, file_sha256, package_versions

COMMITTED = 1_700_000_000  # 2023-11-14T22:13:20Z, the commit time the test repositories use


@pytest.fixture(autouse=True)
def no_source_date_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def git(repo: Path, *args: str, when: int = COMMITTED) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": f"@{when} +0000",
        "GIT_COMMITTER_DATE": f"@{when} +0000",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository with one committed article in a subfolder, committed
    at :data:`COMMITTED`."""
    repo = tmp_path / "repo"
    (repo / "data" / "raw").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "data" / "raw" / "a.txt").write_text("An article\n", encoding="utf-8")
    (repo / "other.txt").write_text("x\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "article")
    return repo


def test_source_date_epoch_wins(repo, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert build_date(repo / "data" / "raw" / "a.txt") == 1234567890


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5"])
def test_malformed_source_date_epoch_is_a_usage_error(repo, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH must be a whole number"):
        build_date(repo / "data" / "raw" / "a.txt")


def test_last_commit_that_touched_the_article(repo):
    article = repo / "data" / "raw" / "a.txt"
    assert build_date(article) == COMMITTED
    # A later commit that does not touch the article does not move its date; one that does, does.
    (repo / "other.txt").write_text("y\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "other", when=COMMITTED + 86_400)
    assert build_date(article) == COMMITTED
    article.write_text("An article, edited\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "edit", when=COMMITTED + 2 * 86_400)
    assert build_date(article) == COMMITTED + 2 * 86_400
    # From any working directory, and through a relative path.
    assert build_date(Path(os.path.relpath(article))) == COMMITTED + 2 * 86_400


def test_touch_and_copy_change_nothing(repo, tmp_path):
    article = repo / "data" / "raw" / "a.txt"
    os.utime(article, (2_000_000_000, 2_000_000_000))
    assert build_date(article) == COMMITTED
    copy = tmp_path / "outside" / "a.txt"
    copy.parent.mkdir()
    shutil.copy2(article, copy)
    assert build_date(copy) is None  # not in git, no front matter: no date, never the mtime
    os.utime(copy, (1_000_000_000, 1_000_000_000))
    assert build_date(copy) is None


def test_untracked_article_in_a_repository_has_no_commit_date(repo):
    new = repo / "data" / "raw" / "new.txt"
    new.write_text("New\n", encoding="utf-8")
    assert provenance.git_commit_time(new) is None
    assert build_date(new) is None


def test_without_git_the_date_comes_from_the_article(repo, monkeypatch):
    article = repo / "data" / "raw" / "a.txt"
    article.write_text("---\ntitle: x\ndate: 2024-03-05\n---\nAn article\n", encoding="utf-8")
    monkeypatch.setenv("PATH", str(repo / "no-git-here"))
    assert shutil.which("git") is None
    assert provenance.git_commit_time(article) is None
    assert build_date(article) == int(dt.datetime(2024, 3, 5, tzinfo=dt.UTC).timestamp())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ndate: 2024-03-05\n---\nBody\n", dt.date(2024, 3, 5)),
        (
            "\ufeff---\r\nTitle: x\r\nUpdated: '2021-12-31'\r\n---\r\nBody\r\n",
            dt.date(2021, 12, 31),
        ),
        ("---\nlast_modified: 2020-02-29T10:00:00Z\n---\n", dt.date(2020, 2, 29)),
        ('+++\ntitle = "x"\ndate = 2023-04-01T08:00:00Z\n+++\nBody\n', dt.date(2023, 4, 1)),
        ("+++\ndate = 2023-04-01\n---\n", None),  # fences that do not match
        (
            "Title\n---\ndate: 2024-03-05\n---\n",
            None,
        ),  # not at the top: article text, not front matter
        ("---\ndate: 2024-02-30\n---\n", None),  # not a date
        ("---\nauthor: x\n---\nPublished 2024-03-05\n", None),
        ("Upper Back Sore After Running?\n", None),
    ],
)
def test_front_matter_date(tmp_path, text, expected):
    article = tmp_path / "a.md"
    article.write_text(text, encoding="utf-8", newline="")
    want = (
        None
        if expected is None
        else int(dt.datetime(*expected.timetuple()[:3], tzinfo=dt.UTC).timestamp())
    )
    assert provenance.stated_date(article) == want


def test_committed_exports_carry_the_seed_articles_commit_date():
    seed = ROOT / "data" / "raw" / "upper-back-sore-after-running.txt"
    day = dt.datetime.fromtimestamp(build_date(seed), dt.UTC).strftime("%Y-%m-%d")
    built = re.search(
        r"Built (\d{4}-\d\d-\d\d) by runreport",
        (ROOT / "exports" / "index.html").read_text("utf-8"),
    )
    assert built and built[1] == day


def test_hashes_and_versions(tmp_path):
    path = tmp_path / "f.bin"
    data = os.urandom(3 << 20)  # several read blocks
    path.write_bytes(data)
    assert file_sha256(path) == hashlib.sha256(data).hexdigest() == provenance.bytes_sha256(data)
    versions = package_versions()
    assert versions["python"] == ".".join(map(str, sys.version_info[:3]))
    assert (
        set(provenance.KEY_PACKAGES) <= set(versions) and "not installed" not in versions.values()
    )


@pytest.mark.slow
def test_check_passes_in_a_fresh_clone_without_source_date_epoch(seed_build, tmp_path):
    """The committed exports are current in a fresh clone: no SOURCE_DATE_EPOCH,
    mtimes all new, then touched.

    Runs the clone's own code (PYTHONPATH=clone/src) on the clone's files. It checks
    what is committed: with uncommitted changes under src/ the cache does not match
    and the clone builds cold.
    """
    _, cache, _ = seed_build
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, capture_output=True
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SOURCE_DATE_EPOCH", "RUNREPORT_NOTEBOOKS_DIR")
    }
    env.update({"PYTHONPATH": str(clone / "src"), "RUNREPORT_CACHE_DIR": str(cache), "CI": "1"})

    def build(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "runreport", "build", *args],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    first = build("--check")
    assert first.returncode == 0, first.stderr
    assert f"{clone / 'exports'} is current" in first.stderr
    # Touched, the articles give the same build key (the date is the last commit's, not the mtime),
    # so the build and --check find the edition just checked current.
    key = (
        "from runreport import config; from runreport.build.run import Inputs; "
        "a = config.SEED_ARTICLE; "
        "print(Inputs.collect(a, config.annotations_for(a)).build_key(('html', 'pdf')))"
    )

    def build_key() -> str:
        return subprocess.run(
            [sys.executable, "-c", key],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout

    before = build_key()
    tomorrow = time.time() + 86_400
    for article in (clone / "data" / "raw").iterdir():
        os.utime(article, (tomorrow, tomorrow))  # touched: another day, so an mtime would show
    assert build_key() == before


def test_git_location_variables_do_not_redirect(repo, tmp_path, monkeypatch):
    """Inside a git hook GIT_DIR points at the hook's repository; the article's own
    repository still counts."""
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    assert build_date(repo / "data" / "raw" / "a.txt") == COMMITTED


# runreport.site.file_cache: what a no-op site rebuild remembers -----------------------------------


def _counting(monkeypatch, module, name: str) -> list:
    """Record the calls to *module.name* (still calling it)."""
    calls = []
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: calls.append(a) or real(*a, **k))
    return calls


def test_facts_remember_a_hash_until_the_file_changes(tmp_path, monkeypatch):
    from runreport.site import file_cache as facts
    from runreport.site.file_cache import FileFacts

    exported = tmp_path / "report.html"
    exported.write_bytes(b"first")
    remembered = tmp_path / "cache" / "facts.json"
    first = FileFacts(remembered)
    assert first.sha256(exported) == hashlib.sha256(b"first").hexdigest()
    first.save()
    hashed = _counting(monkeypatch, provenance, "file_sha256")
    # Written within two seconds of saving: its times may not show a write in the same clock tick.
    again = FileFacts(remembered)
    assert again.sha256(exported) == hashlib.sha256(b"first").hexdigest() and len(hashed) == 1
    # Saved three seconds later (the file unchanged since): from memory, same size, times and inode.
    monkeypatch.setattr(
        facts, "time", SimpleNamespace(time_ns=lambda: time.time_ns() + 3_000_000_000)
    )
    again.save()
    assert FileFacts(remembered).sha256(exported) == hashlib.sha256(b"first").hexdigest()
    assert len(hashed) == 1
    # Same size, and the modification time set back: the change time still tells.
    before = exported.stat()
    for _ in range(
        200
    ):  # until the clock has ticked: a file system may keep times in ticks of a few ms
        exported.write_bytes(b"other")
        if exported.stat().st_ctime_ns != before.st_ctime_ns:
            break
        time.sleep(0.01)
    os.utime(exported, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert FileFacts(remembered).sha256(exported) == hashlib.sha256(b"other").hexdigest()
    assert len(hashed) == 2


def test_facts_that_cannot_be_read_are_computed_afresh(tmp_path):
    from runreport.site.file_cache import FileFacts

    exported = tmp_path / "a.csv"
    exported.write_bytes(b"x")
    remembered = tmp_path / "facts.json"
    key = str(exported)
    st = exported.stat()
    signature = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    for damaged in (
        "{not json",
        '{"layout": 1, "hashes": []}',
        "[]",
        '{"layout": 99}',
        json.dumps({"layout": 1, "saved_ns": 0, "dates": {}, "hashes": {key: {"a": 1}}}),
        json.dumps({"layout": 1, "saved_ns": 2**62, "dates": {}, "hashes": {key: [1, 2, 3, 4]}}),
        json.dumps({"layout": 1, "saved_ns": 2**62, "dates": {}, "hashes": {key: [*signature]}}),
        json.dumps({"layout": 1, "saved_ns": 2**62, "dates": {}, "hashes": {key: [*signature, 7]}}),
    ):
        remembered.write_text(damaged, encoding="utf-8")
        assert FileFacts(remembered).sha256(exported) == hashlib.sha256(b"x").hexdigest()


def test_facts_give_the_build_date_and_ask_git_once_per_head(repo, tmp_path, monkeypatch):
    from runreport.site.file_cache import FileFacts

    article = repo / "data" / "raw" / "a.txt"
    untracked = repo / "data" / "raw" / "b.txt"
    untracked.write_text("---\ndate: 2024-03-01\n---\nB\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    loose = outside / "c.txt"
    loose.write_text("---\nupdated: 2024-05-02\n---\nC\n", encoding="utf-8")
    remembered = tmp_path / "facts.json"

    expected = [build_date(p) for p in (article, untracked, loose)]
    assert expected[0] == COMMITTED and None not in expected
    facts = FileFacts(remembered)
    assert [build_date(p, facts.commit_time) for p in (article, untracked, loose)] == expected
    facts.save()

    asked = _counting(monkeypatch, provenance, "git_commit_time")
    again = FileFacts(remembered)
    assert [build_date(p, again.commit_time) for p in (article, untracked, loose)] == expected
    assert (
        asked == []
    )  # HEAD unchanged: the dates are remembered; outside a work tree git cannot tell
    again.save()

    # A new commit touching the article moves HEAD: its date is asked for again and is the new one.
    article.write_text("An article, edited\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "edit", when=COMMITTED + 86400)
    assert build_date(article, FileFacts(remembered).commit_time) == COMMITTED + 86400
    assert len(asked) == 1
    assert build_date(article) == COMMITTED + 86400

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert build_date(article, FileFacts(remembered).commit_time) == 1234567890


def test_facts_do_not_remember_dates_in_a_shallow_clone(repo, tmp_path, monkeypatch):
    from runreport.site.file_cache import FileFacts

    git(repo, "commit", "-q", "--allow-empty", "-m", "later", when=COMMITTED + 3600)
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    article = shallow / "data" / "raw" / "a.txt"
    remembered = tmp_path / "facts.json"
    facts = FileFacts(remembered)
    assert (
        build_date(article, facts.commit_time) == build_date(article) == COMMITTED + 3600
    )  # the oldest fetched commit
    facts.save()
    asked = _counting(monkeypatch, provenance, "git_commit_time")
    build_date(article, FileFacts(remembered).commit_time)
    assert len(asked) == 1
