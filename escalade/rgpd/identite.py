"""Who is the data subject? Matching a person asked for (RGPD art. 15, 20) against stored values.

A request names a person the way the person writes it: « Jean Dupont » for a debtor stored
as « M. Jean Dupont », « dupont jean », an email in capitals, a phone as +33 6 12 34 56 78, a
SIRET for a SIREN. `comparer` says whether a stored value is the same person (`exacte`:
same name once civility, case, accents, punctuation and word order are set aside, same
email, same phone number, same SIREN) or only close (`proche`: a shared surname-like word, a
name one typo away). Close values are never exported: they are listed for the user to
confirm, so that a near-miss is never answered with "nothing".

Pure: no I/O.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Final, Literal

Correspondance = Literal["exacte", "proche"]

CIVILITES: Final = frozenset({
    "m", "mr", "mm", "mme", "mmes", "mlle", "mlles", "madame", "monsieur", "mademoiselle",
    "messieurs", "mesdames", "me", "maitre", "dr", "docteur", "pr", "professeur",
})  # fmt: skip
MOTS_COMMUNS: Final = frozenset(
    {
        "les",
        "des",
        "aux",
        "sas",
        "sasu",
        "sarl",
        "eurl",
        "sci",
        "snc",
        "scp",
        "selarl",
        "scop",
        "societe",
        "ste",
        "cie",
        "ets",
        "etablissements",
        "groupe",
        "france",
    }
)  # fmt: skip  (words too common to suggest the same person)
LONGUEUR_MOT_SIGNIFICATIF: Final = 3
RATIO_PROCHE: Final = 0.85


def mots_du_nom(nom: str) -> tuple[str, ...]:
    """The name's words, sorted, without civilities: « M. Jean-Éric DUPONT » -> (dupont, eric,
    jean)."""
    sans_accents = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode()
    mots = re.sub(r"[^a-z0-9]+", " ", sans_accents.lower()).split()
    return tuple(sorted(m for m in mots if m not in CIVILITES))


def _chiffres(texte: str) -> str:
    return re.sub(r"\D", "", texte)


def telephone(texte: str) -> str | None:
    """A French phone number as its ten national digits (+33 / 0033 -> 0), else None."""
    if re.search(r"[a-zA-Z@]", texte):
        return None
    chiffres = _chiffres(texte)
    if chiffres.startswith("0033"):
        chiffres = "0" + chiffres[4:]
    elif texte.strip().startswith("+33") and chiffres.startswith("33"):
        chiffres = "0" + chiffres[2:]
    return chiffres if len(chiffres) == 10 and chiffres.startswith("0") else None


def siren(texte: str) -> str | None:
    """A SIREN (9 digits) or the SIREN of a SIRET (14 digits), spaces allowed; else None."""
    if re.search(r"[a-zA-Z@+]", texte):
        return None
    chiffres = _chiffres(texte)
    if len(chiffres) == 9:
        return chiffres
    if len(chiffres) == 14:
        return chiffres[:9]
    return None


def comparer(demande: str, valeur: object) -> Correspondance | None:
    """Is stored `valeur` the person `demande` names (`exacte`), close to it (`proche`), or not
    (None)? Emails, phones and SIREN/SIRET match exactly or not at all."""
    if not isinstance(valeur, str) or not valeur.strip() or not demande.strip():
        return None
    if "@" in demande or "@" in valeur:
        return "exacte" if demande.strip().lower() == valeur.strip().lower() else None
    for norme in (telephone, siren):
        a, b = norme(demande), norme(valeur)
        if a is not None or b is not None:
            return "exacte" if a is not None and a == b else None
    mots_a, mots_b = mots_du_nom(demande), mots_du_nom(valeur)
    if not mots_a or not mots_b:
        return None
    if mots_a == mots_b:
        return "exacte"
    communs = {
        m for m in set(mots_a) & set(mots_b)
        if len(m) >= LONGUEUR_MOT_SIGNIFICATIF and m not in MOTS_COMMUNS
    }  # fmt: skip
    if communs:
        return "proche"
    if difflib.SequenceMatcher(None, " ".join(mots_a), " ".join(mots_b)).ratio() >= RATIO_PROCHE:
        return "proche"
    return None
