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

setup(packages=packages, package_dir=package_dir, include_package_data=True)
