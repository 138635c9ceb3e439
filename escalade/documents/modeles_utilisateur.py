"""A firm's own templates: letterhead, wording, logo.

A folder chosen with `--modeles` (or ESCALADE_MODELES) is searched before the shipped
`modeles_lettres/`: any HTML or DOCX template, the `_base.html` and `_blocs.html` it
extends, and the stylesheet `lettre.css` found there replace the shipped file of the same
name; `logo.png` (or `.jpg`) is printed at the top of the letterhead. The files it lacks
are the shipped ones. Every document rendered from it goes through the same check of the
mandatory mentions (`escalade.documents.rendu.verifier_mentions`): a user's mise en demeure
without « mise en demeure » or its deadline is refused like a shipped one would be.

`copier` starts such a folder from the shipped templates (`escalade modeles copier`).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Final

from escalade.documents import emplacement_modeles as emplacement
from escalade.documents import environnement, rendu
from escalade.droit.erreurs import EntreeInvalide

# What a firm may override: the templates, the stylesheet, the fonts the stylesheet loads.
EXTENSIONS: Final = (".html", ".docx", ".css")
POLICES: Final = "polices"


def utiliser(dossier: Path | None) -> None:
    """Render from `dossier` in front of the shipped templates (None: shipped only)."""
    if dossier is not None and not dossier.is_dir():
        raise EntreeInvalide(
            "dossier de modèles introuvable (option --modeles ou variable ESCALADE_MODELES) ; "
            "« escalade modeles copier DOSSIER » en crée un à partir des modèles fournis",
            fichier=str(dossier),
            champ="--modeles",
        )
    if dossier == emplacement.dossier_utilisateur():
        return
    emplacement.definir_dossier_utilisateur(dossier)
    environnement.environnement.cache_clear()  # its loader searches the new folders
    rendu.liberer_moteur()  # its stylesheet may be the user's


def a_copier() -> list[Path]:
    """The shipped files a firm's folder starts from (relative paths)."""
    source = emplacement.dossier_modeles()
    fichiers = [p for p in source.iterdir() if p.is_file() and p.suffix in EXTENSIONS]
    fichiers += [p for p in (source / POLICES).iterdir() if p.is_file()]
    return sorted(p.relative_to(source) for p in fichiers)


def copier(cible: Path) -> list[Path]:
    """Copy the shipped templates, stylesheet and fonts into `cible`; never overwrite a
    file (nothing is written when one exists)."""
    source = emplacement.dossier_modeles()
    if cible.exists() and not cible.is_dir():
        raise EntreeInvalide("n'est pas un dossier", fichier=str(cible))
    relatifs = a_copier()
    existants = [r for r in relatifs if (cible / r).exists()]
    if existants:
        raise EntreeInvalide(
            "ce dossier contient déjà "
            + ", ".join(str(r) for r in existants[:5])
            + (f" (et {len(existants) - 5} autres)" if len(existants) > 5 else "")
            + " : rien n'a été copié (choisissez un dossier vide ou nouveau)",
            fichier=str(cible),
        )
    for r in relatifs:
        (cible / r).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / r, cible / r)
    return [cible / r for r in relatifs]
