"""Package discovery only (metadata lives in pyproject.toml).

`jurisprudence/` and `modeles_lettres/` stay at the top of the repository (fixed layout) and
ship inside the wheel as `escalade._jurisprudence` and `escalade._modeles_lettres`, so an
installed escalade works outside the checkout; every `escalade.*` package is found as usual.
"""

from pathlib import Path

from setuptools import find_packages, setup

ICI = Path(__file__).resolve().parent
DOSSIERS = {
    "escalade._jurisprudence": "jurisprudence",
    "escalade._modeles_lettres": "modeles_lettres",
}
DONNEES = {paquet: dossier for paquet, dossier in DOSSIERS.items() if (ICI / dossier).is_dir()}

setup(
    packages=[*find_packages(include=["escalade", "escalade.*"]), *DONNEES],
    package_dir=DONNEES,
)
