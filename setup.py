"""The package layout: the top-level folders install under one import root.

`ledger/` becomes `dcledger.ledger`, `projections/` `dcledger.projections` and `cli/`
`dcledger.cli`; every subpackage is found, so a new one cannot be left out of a wheel.
Everything else about the project is in pyproject.toml.
"""

from setuptools import find_packages, setup

FOLDERS = ("ledger", "projections", "cli")

packages = ["dcledger"]
package_dir = {"dcledger": "dcledger"}
for folder in FOLDERS:
    package_dir[f"dcledger.{folder}"] = folder
    packages.append(f"dcledger.{folder}")
    packages += [f"dcledger.{folder}.{sub}" for sub in find_packages(folder)]

# Files that are not Python but are part of a package: the site's templates and style.
package_data = {
    "dcledger.projections.site": ["templates/*.html", "static/*.css"],
    "dcledger.cli": ["command_index.json"],  # lists the commands for `dcledger --help`
}

setup(
    packages=packages,
    package_dir=package_dir,
    package_data=package_data,
    # Only the files named above: the folders that hold them are data, not packages.
    include_package_data=False,
)
