"""The wheel carries what is not Python: the site's templates and style sheet."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from dcledger.projections.site.builder import environment

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("setup.py", "pyproject.toml", "README.md", "dcledger", "ledger", "projections", "cli")


def test_the_wheel_holds_every_template_and_the_style_sheet(tmp_path: Path):
    # Build from a copy: setuptools writes build/ and egg-info beside the sources.
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy(ROOT / name, source / name)
    # The build backend pyproject.toml names, called as pip calls it but without making an
    # isolated environment to install it into (2.5 s of a 3 s build): the test extra pins
    # the same setuptools. CI builds and installs the wheel the way users do as well.
    build = f"import setuptools.build_meta as b; b.build_wheel({str(tmp_path / 'wheel')!r})"
    subprocess.run(
        [sys.executable, "-c", build], check=True, capture_output=True, cwd=source, timeout=300
    )
    (wheel,) = (tmp_path / "wheel").glob("dcledger-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = environment().list_templates()
    assert len(templates) >= 10
    for template in templates:
        assert f"dcledger/projections/site/templates/{template}" in names
    assert "dcledger/projections/site/static/style.css" in names
