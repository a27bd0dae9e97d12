"""The package as researchers install it: built every standard way, installed outside the
repository, loading the latest release offline and older ones from where they are published.

A project of its own is built here: this package's source and an archive with five
releases, published to a server on 127.0.0.1. Nothing is fetched from a package index:
builds run without isolation, installs without dependencies (they come from this
environment through a .pth file).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from threadarchive.archive.ingest import Source, ingest
from threadarchive.archive.metadata import Curation
from threadarchive.archive.scaffold import init
from threadarchive.archive.store import Store
from threadarchive.release import plan as planning
from threadarchive.release import publish as releases

from .conftest import DAY, REPO, SEED, write_capture

pytestmark = pytest.mark.slow
VERSIONS = ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0"]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project of this package's source with an archive of five releases, and the folder
    those releases are published in (to be served over HTTP)."""
    root = tmp_path_factory.mktemp("wheel") / "project"
    root.mkdir()
    for name in ("pyproject.toml", "hatch_build.py", "README.md"):
        shutil.copy(REPO / name, root)
    shutil.copytree(REPO / "src", root / "src", symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    init(root, name="test-archive")
    settings = root / "archive.yaml"
    settings.write_text(
        settings.read_text().replace(
            "release_url: null", "release_url: http://127.0.0.1:{port}/{version}/{file}"
        )
    )
    archive = Store(root)
    # The seed's terms allow public distribution; the later threads state none, so the
    # package (shipped or fetched) has them as ID-only rows.
    ingest(archive, [Source(SEED, Curation(language="en", terms="open-license"))], today=DAY)
    for number, version in enumerate(VERSIONS):
        if number:
            capture = write_capture(
                root.parent / f"{number}.txt",
                [f"Thread {number} 1/", f"Part two of {number} 2/"],
                bio=version,
            )
            ingest(archive, [Source(capture)], today=DAY)
        releases.publish(root, planning.plan(root, bump="minor", created=DAY))
    return root, root / "releases"


def serve(published: Path, server: tuple[str, Path], root: Path) -> None:
    """Publish the releases on the test server, at the port the settings' pattern names."""
    url, served = server
    port = url.rsplit(":", 1)[1].strip("/")
    shutil.rmtree(served)
    shutil.copytree(published, served)
    for index in (root / "releases/index.json", served / "index.json"):
        index.write_text(index.read_text().replace("{port}", port))


def build(root: Path, how: str, out: Path) -> Path:
    """A wheel, built from ``root`` the way ``how`` names."""
    python = [sys.executable, "-m"]
    commands = {
        "build": [*python, "build", "--no-isolation", "--outdir", str(out), str(root)],  # sdist, then wheel
        "pip-wheel": [*python, "pip", "wheel", "--no-build-isolation", "--no-deps", "--no-index",
                      "--wheel-dir", str(out), str(root)],
    }  # fmt: skip
    subprocess.run(commands[how], check=True, capture_output=True)
    [wheel] = out.glob("threadarchive-*.whl")
    return wheel


def venv_with(tmp_path: Path, package: Path) -> Path:
    """A fresh virtual environment with ``package`` (a wheel or an sdist) installed."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    # The dependencies come from this environment's site-packages; threadarchive itself
    # only from the package (a .pth line adds a path, it does not run the editable finder).
    deps = [p for p in sys.path if p.endswith("site-packages")]
    Path(site, "deps.pth").write_text("\n".join(deps) + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--no-build-isolation", str(package)],
        check=True, capture_output=True,
    )  # fmt: skip
    return python


def in_venv(python: Path, tmp_path: Path, code: str) -> object:
    """Run ``code`` with the installed package, outside any repository, printing JSON."""
    outside = tmp_path / "elsewhere"
    outside.mkdir(exist_ok=True)
    result = subprocess.run(
        [str(python), "-c", f"import json, threadarchive\nprint(json.dumps({code}))"],
        cwd=outside, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "THREADARCHIVE_CACHE": str(tmp_path / "cache")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def shipped(wheel: Path) -> set[str]:
    """The release folders and files under threadarchive/_releases in ``wheel``."""
    with zipfile.ZipFile(wheel) as archive:
        names = [n.split("/")[2] for n in archive.namelist() if n.startswith("threadarchive/_releases/")]
    return set(names)


@pytest.mark.parametrize("how", ["build", "pip-wheel"])
def test_every_build_ships_the_latest_release_and_the_index(
    published: tuple[Path, Path], tmp_path: Path, how: str
) -> None:
    root, _ = published
    wheel = build(root, how, tmp_path / "dist")
    assert shipped(wheel) == {VERSIONS[-1], "index.json"}


def test_the_wheel_does_not_grow_with_releases(published: tuple[Path, Path], tmp_path: Path) -> None:
    root, folder = published
    latest = build(root, "pip-wheel", tmp_path / "five")
    # The same project as it was at its first release: only 1.0.0 published.
    first = tmp_path / "first"
    shutil.copytree(root, first, symlinks=True)
    for version in VERSIONS[1:]:
        shutil.rmtree(first / "releases" / version)
    index = first / "releases/index.json"
    data = json.loads(index.read_text())
    data["releases"] = data["releases"][:1]
    index.write_text(json.dumps(data))
    one = build(first, "pip-wheel", tmp_path / "one")

    release_bytes = sum(p.stat().st_size for p in (folder / VERSIONS[0]).rglob("*") if p.is_file())
    # Four more releases add their threads to the latest and four lines to the index:
    # far less than one more copy of the tables.
    assert latest.stat().st_size - one.stat().st_size < release_bytes / 4


def test_the_sdist_installs_and_old_releases_load_from_where_they_are_published(
    published: tuple[Path, Path], tmp_path: Path, server: tuple[str, Path]
) -> None:
    root, folder = published
    serve(folder, server, root)
    settings = root / "archive.yaml"
    settings.write_text(settings.read_text().replace("wheel_releases: []", "wheel_releases: ['1.1.0']"))
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(dist), str(root)],
        check=True, capture_output=True,
    )  # fmt: skip
    [sdist] = dist.glob("threadarchive-*.tar.gz")
    python = venv_with(tmp_path, sdist)

    listed = in_venv(python, tmp_path, "[(r.version, r.packaged) for r in threadarchive.releases()]")
    assert listed == [[v, v in {"1.1.0", "1.4.0"}] for v in VERSIONS]
    location, latest, kept = in_venv(
        python,
        tmp_path,
        "[threadarchive.__file__, threadarchive.load_tweets().attrs['version'], "
        "len(threadarchive.load_tweets('1.1.0'))]",
    )
    assert location.startswith(str(tmp_path / "venv"))
    assert (latest, kept) == ("1.4.0", 13)  # the seed; thread 1 is ID-only
    assert not (tmp_path / "cache").exists()  # shipped releases load offline

    assert in_venv(python, tmp_path, "len(threadarchive.load_tweets('1.0.0'))") == 13
    fetched = list((tmp_path / "cache").rglob("*"))
    assert fetched  # cached: the next load reads no URL
    shutil.rmtree(server[1])
    assert in_venv(python, tmp_path, "len(threadarchive.load_tweets('1.0.0'))") == 13

    # A file the server changes is refused: the index the wheel ships pins every byte.
    shutil.rmtree(tmp_path / "cache")
    shutil.copytree(folder, server[1])
    tweets = server[1] / "1.2.0/public/data/tweets.parquet"  # the package loads the public variant
    tweets.write_bytes(tweets.read_bytes()[:-1] + b"\0")
    refused = subprocess.run(
        [str(python), "-c", "import threadarchive; threadarchive.load_tweets('1.2.0')"],
        cwd=tmp_path, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "THREADARCHIVE_CACHE": str(tmp_path / "cache")},
    )  # fmt: skip
    assert refused.returncode == 1
    assert "FixityError" in refused.stderr and "tweets.parquet" in refused.stderr


def test_the_repository_wheel_loads_offline_outside_the_repository(tmp_path: Path) -> None:
    """This repository's own wheel: its latest release loads with no download."""
    wheel = build(REPO, "pip-wheel", tmp_path / "dist")
    python = venv_with(tmp_path, wheel)
    location, version, available = in_venv(
        python,
        tmp_path,
        "[threadarchive.__file__, threadarchive.load_tweets().attrs['version'], "
        "[r.version for r in threadarchive.releases()]]",
    )
    assert location.startswith(str(tmp_path / "venv"))
    assert version == available[-1]
    assert not (tmp_path / "cache").exists()  # nothing fetched
    # the package docstring's examples run as written from the wheel (but the one that
    # needs an archive in the working folder)
    examples = (
        "[exec('\\n'.join(line[4:] for line in threadarchive.__doc__.splitlines() "
        "if line.startswith('>>> ') and 'Archive(' not in line)), 'ran'][1]"
    )
    assert in_venv(python, tmp_path, examples) == "ran"
