"""Build step only: the project's metadata lives in pyproject.toml.

An installed wheel must find the ontology and the bundled data without a source tree, so the build copies
``ontology/`` and ``data/`` into the package as ``kennisgraaf/bundled/`` (see ``store.default_data_dir``).
An editable install reads them from the checkout instead.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("ontology", "data")


class BuildWithData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "kennisgraaf" / "bundled"
        for name in BUNDLED:
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))


setup(cmdclass={"build_py": BuildWithData})
