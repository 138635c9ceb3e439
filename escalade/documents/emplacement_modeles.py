"""Where the shipped templates, stylesheet and fonts are: the `modeles_lettres/` folder of a
checkout, or its copy inside the installed package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def dossier_modeles() -> Path:
    """The shipped `modeles_lettres/` folder (checkout or installed package)."""
    depuis_checkout = Path(__file__).resolve().parent.parent.parent / "modeles_lettres"
    if depuis_checkout.is_dir():
        return depuis_checkout
    return Path(str(resources.files("escalade") / "_modeles_lettres"))
