"""Where the templates, stylesheet and fonts are: the shipped `modeles_lettres/` folder (of a
checkout, or its copy inside the installed package) and, in front of it, a firm's own
folder when one is chosen (`escalade.documents.modeles_utilisateur`): a file of the user's
folder overrides the shipped file of the same name."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Final

LOGOS: Final = ("logo.png", "logo.jpg", "logo.jpeg")
_UTILISATEUR: list[Path] = []  # the firm's folder, when chosen (at most one)


def dossier_modeles() -> Path:
    """The shipped `modeles_lettres/` folder (checkout or installed package)."""
    depuis_checkout = Path(__file__).resolve().parent.parent.parent / "modeles_lettres"
    if depuis_checkout.is_dir():
        return depuis_checkout
    return Path(str(resources.files("escalade") / "_modeles_lettres"))


def definir_dossier_utilisateur(dossier: Path | None) -> None:
    """Put `dossier` in front of the shipped templates (None: the shipped ones only)."""
    _UTILISATEUR.clear()
    if dossier is not None:
        _UTILISATEUR.append(dossier.resolve())


def dossier_utilisateur() -> Path | None:
    return _UTILISATEUR[0] if _UTILISATEUR else None


def dossiers_modeles() -> list[Path]:
    """The folders searched for a template, the user's first."""
    return [*_UTILISATEUR, dossier_modeles()]


def chemin_modele(nom: str) -> Path:
    """The file `nom` as the documents use it: the user's when there is one, else the
    shipped one (which may not exist: the caller says so)."""
    for dossier in dossiers_modeles():
        if (dossier / nom).is_file():
            return dossier / nom
    return dossier_modeles() / nom


def logo() -> Path | None:
    """The firm's logo (logo.png or logo.jpg in its templates folder), if any."""
    dossier = dossier_utilisateur()
    if dossier is None:
        return None
    return next((dossier / n for n in LOGOS if (dossier / n).is_file()), None)
