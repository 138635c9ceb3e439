"""Writing produced files: atomically (temporary file in the same folder, then os.replace)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from escalade.droit.erreurs import EntreeInvalide


def preparer_dossier(chemin: Path) -> Path:
    """Create the output folder if needed and check that it can be written to."""
    try:
        chemin.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise EntreeInvalide(
            f"dossier de sortie impossible à créer ({e.strerror})", fichier=str(chemin)
        ) from None
    if not chemin.is_dir():
        raise EntreeInvalide("la sortie n'est pas un dossier", fichier=str(chemin))
    try:
        with tempfile.NamedTemporaryFile(dir=chemin, prefix=".essai-", delete=True):
            pass
    except OSError as e:
        raise EntreeInvalide(
            f"dossier de sortie non accessible en écriture ({e.strerror})", fichier=str(chemin)
        ) from None
    return chemin


def ecrire_atomique(chemin: Path, contenu: bytes, *, synchroniser: bool = True) -> None:
    """Write `contenu` to `chemin` so that a reader sees the whole file or nothing.

    `synchroniser`: fsync before the rename (durable across a power cut). A batch's letters
    skip it: each is checked against its SHA-256 when the batch resumes, and the batch syncs
    once at its end (`escalade.documents.lot`)."""
    descripteur, temporaire = tempfile.mkstemp(dir=chemin.parent, prefix=f".{chemin.name}.")
    try:
        with os.fdopen(descripteur, "wb") as f:
            f.write(contenu)
            f.flush()
            if synchroniser:
                os.fsync(f.fileno())
        os.replace(temporaire, chemin)
    except BaseException:
        Path(temporaire).unlink(missing_ok=True)
        raise


def sha256(contenu: bytes) -> str:
    return hashlib.sha256(contenu).hexdigest()


def sha256_fichier(chemin: Path) -> str:
    h = hashlib.sha256()
    with chemin.open("rb") as f:
        for bloc in iter(lambda: f.read(1 << 20), b""):
            h.update(bloc)
    return h.hexdigest()
