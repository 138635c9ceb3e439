"""Where the evidence of a dossier may be read from: its own folder, nothing else.

The paths written in a dossier (`factures[].pieces`, `contacts[].document`,
`mise_en_demeure.document` and `accuse_reception`) are read to be stamped into the court
file. A path must resolve inside the evidence folder (the dossier file's folder, or the one
named by `--pieces`): an absolute path elsewhere, a `../` or a symbolic link leading out is
refused, naming the field, before any byte of it is read. Otherwise any readable file of
the machine could end up in a court file.
"""

from __future__ import annotations

from pathlib import Path

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Dossier


def champs_de_pieces(dossier: Dossier) -> list[tuple[str, str]]:
    """(field, path as written) of every piece of evidence the dossier names."""
    champs = [
        (f"factures[{i}].pieces[{j}]", chemin)
        for i, f in enumerate(dossier.factures)
        for j, chemin in enumerate(f.pieces)
    ]
    champs += [
        (f"contacts[{i}].document", c.document)
        for i, c in enumerate(dossier.contacts)
        if c.document
    ]
    med = dossier.mise_en_demeure
    if med is not None:
        champs += [
            (f"mise_en_demeure.{nom}", chemin)
            for nom, chemin in (
                ("document", med.document),
                ("accuse_reception", med.accuse_reception),
            )
            if chemin
        ]
    return champs


def resoudre(base: Path, chemin: str, champ: str) -> Path:
    """The real path of a piece, inside `base` (symbolic links followed), or a French input
    error naming the field. The file itself is neither opened nor required to exist."""
    racine = base.resolve()
    if "\x00" in chemin:
        raise EntreeInvalide("chemin de pièce invalide (caractère nul)", champ=champ)
    reel = (racine / chemin).resolve()
    if not reel.is_relative_to(racine):
        raise EntreeInvalide(
            f"pièce « {chemin} » hors du dossier des pièces ({racine}) : seules les pièces "
            "de ce dossier (sans « .. » ni lien symbolique qui en sort) sont jointes ; "
            "déplacez-la ou indiquez le dossier des pièces avec --pieces",
            champ=champ,
        )
    return reel


def verifier_pieces(dossier: Dossier, base: Path) -> None:
    """Refuse the first evidence path that leaves `base` (before anything is read)."""
    for champ, chemin in champs_de_pieces(dossier):
        resoudre(base, chemin, champ)


def lisible(base: Path, chemin: str) -> bool:
    """Is the piece a regular file inside `base`? (for the bordereau: present or missing)"""
    try:
        return resoudre(base, chemin, "pièce").is_file()
    except EntreeInvalide:
        return False
