"""A zip archive of CAMT.053 statements (banks often deliver a day's or a month's statements
zipped): every statement of the archive is read, or the archive is refused as a whole.

Bounded so that an archive cannot exhaust the machine: at most `MEMBRES_MAX` members, each
at most `TAILLE_MEMBRE_MAX` bytes once uncompressed and `TAILLE_TOTALE_MAX` in all (the
sizes are checked while reading, not trusted from the archive's directory); an archive
inside the archive is refused, as is a member that is not a CAMT.053 XML.
"""

from __future__ import annotations

import io
import zipfile

from escalade.droit.erreurs import EntreeInvalide
from escalade.entrees.camt053 import lire_camt053
from escalade.entrees.credits_bancaires import Credit, Releve

MEMBRES_MAX = 500
TAILLE_MEMBRE_MAX = 50 * 1024 * 1024
TAILLE_TOTALE_MAX = 200 * 1024 * 1024
ZIP = b"PK\x03\x04"


def est_zip(contenu: bytes) -> bool:
    return contenu[:4] == ZIP


def _lire_borne(archive: zipfile.ZipFile, info: zipfile.ZipInfo, fichier: str) -> bytes:
    with archive.open(info) as flux:
        contenu = flux.read(TAILLE_MEMBRE_MAX + 1)
    if len(contenu) > TAILLE_MEMBRE_MAX:
        raise EntreeInvalide(
            f"membre « {info.filename} » de plus de {TAILLE_MEMBRE_MAX // (1024 * 1024)} Mo "
            "une fois décompressé : archive refusée",
            fichier=fichier,
        )
    return contenu


def _raison(e: Exception) -> str:
    """The reason in French (zipfile speaks English): encryption, compression, damage."""
    if isinstance(e, RuntimeError) and "encrypted" in str(e):
        return "membre chiffré (mot de passe), non pris en charge"
    if isinstance(e, NotImplementedError):
        return "méthode de compression non prise en charge"
    return "données endommagées"


def lire_zip(contenu: bytes, fichier: str) -> Releve:
    """The credits of every statement of the archive, in the order of its members."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(contenu))
        membres = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError):
        raise EntreeInvalide(
            "archive zip illisible (fichier tronqué, endommagé ou qui n'est pas un zip)",
            fichier=fichier,
        ) from None
    if not membres:
        raise EntreeInvalide("archive zip vide : aucun relevé", fichier=fichier)
    if len(membres) > MEMBRES_MAX:
        raise EntreeInvalide(
            f"archive de {len(membres)} fichiers : au plus {MEMBRES_MAX} relevés par archive",
            fichier=fichier,
        )
    credits: list[Credit] = []
    ignores: list[tuple[int | None, str]] = []
    remarques: list[tuple[int | None, str]] = []
    total = 0
    with archive:
        for info in membres:
            nom = f"{fichier}:{info.filename}"
            try:
                donnees = _lire_borne(archive, info, fichier)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as e:
                raise EntreeInvalide(
                    f"membre « {info.filename} » illisible : {_raison(e)}", fichier=fichier
                ) from None
            total += len(donnees)
            if total > TAILLE_TOTALE_MAX:
                raise EntreeInvalide(
                    f"archive de plus de {TAILLE_TOTALE_MAX // (1024 * 1024)} Mo une fois "
                    "décompressée : refusée",
                    fichier=fichier,
                )
            if est_zip(donnees) or info.filename.lower().endswith(".zip"):
                raise EntreeInvalide(
                    f"membre « {info.filename} » : archive dans l'archive, refusée "
                    "(décompressez-la d'abord)",
                    fichier=fichier,
                )
            if donnees.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"<":
                raise EntreeInvalide(
                    f"membre « {info.filename} » : pas un relevé CAMT.053 XML", fichier=fichier
                )
            releve = lire_camt053(donnees, nom)
            credits.extend(releve.credits)
            ignores.extend((ligne, f"{info.filename} : {m}") for ligne, m in releve.ignores)
            remarques.extend((ligne, f"{info.filename} : {m}") for ligne, m in releve.remarques)
    return Releve(tuple(credits), tuple(ignores), tuple(remarques))
