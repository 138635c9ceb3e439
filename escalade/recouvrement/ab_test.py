"""A/B tests of reminder wording: the declaration and the assignment of variants (pure).

An experiment, declared in the creditor's policy file, compares two wordings of one
template:

```yaml
experiences:
  - nom: ton_relance_1        # the experiment's name (part of the assignment hash)
    modele: relance_1         # variant A: relance_1, variant B: relance_1@B
    depuis: 2026-01-01        # reminders sent from this day on take part
    jours: 14                 # paid within 14 days after the reminder?
```

Assignment: each dossier gets one variant, once and for good, from a hash of the
experiment's name and the dossier's reference (SHA-256; even -> A, odd -> B): the same
dossier always receives the same wording, whoever plans it and on whatever machine. The plan
shows the variant; the operator records the letter sent as `contact --document relance_1@B`.
The journal's `document` is the truth when it names a variant; otherwise the assignment is.

The measure and the statistical test of the results are `escalade.pilotage.resultats_ab`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from typing import Any, Final

from escalade.droit.erreurs import EntreeInvalide
from escalade.recouvrement.politique_modele import ETAPES_AMIABLES, Experience, Politique

VARIANTES: Final = ("A", "B")
SEPARATEUR: Final = "@"
MODELES_TESTABLES: Final = (*ETAPES_AMIABLES, "confirmation_appel")


def variante(reference: str, experience: str) -> str:
    """The variant of dossier `reference` in `experience`: stable, about half each.

    >>> variante("D-2026-001", "ton_relance_1") == variante("D-2026-001", "ton_relance_1")
    True
    """
    empreinte = hashlib.sha256(f"{experience}|{reference}".encode()).digest()
    return VARIANTES[empreinte[-1] % 2]


def nom_modele(modele: str, var: str) -> str:
    """relance_1 (A) or relance_1@B (B): the template name the letter is recorded under."""
    return modele if var == "A" else f"{modele}{SEPARATEUR}{var}"


def variante_du_document(document: str | None, modele: str) -> str | None:
    """The variant a journal `document` names (relance_1 -> A, relance_1@B -> B), or None."""
    if document is None:
        return None
    if document == modele:
        return "A"
    base, sep, var = document.partition(SEPARATEUR)
    return var if sep and base == modele and var in VARIANTES else None


def experience_active(politique: Politique, modele: str | None, le: date) -> Experience | None:
    for e in politique.experiences:
        if e.modele == modele and (e.depuis is None or e.depuis <= le):
            return e
    return None


def lire_experiences(
    brut: Any, erreur: Callable[[str, str], EntreeInvalide]
) -> tuple[Experience, ...]:
    """The `experiences` block of a policy file (see the module docstring)."""
    if not isinstance(brut, list):
        raise erreur("experiences", "liste attendue, par exemple [{nom: x, modele: relance_1}]")
    lues: list[Experience] = []
    for i, b in enumerate(brut):
        champ = f"experiences[{i}]"
        if not isinstance(b, dict):
            raise erreur(champ, "un objet YAML (nom, modele, depuis, jours) est attendu")
        inconnus = sorted(set(map(str, b)) - {"nom", "modele", "depuis", "jours"})
        if inconnus:
            raise erreur(
                f"{champ}.{inconnus[0]}", "champ inconnu (attendu : depuis, jours, modele, nom)"
            )
        nom, modele = b.get("nom"), b.get("modele")
        if not isinstance(nom, str) or not nom.strip() or SEPARATEUR in nom:
            raise erreur(f"{champ}.nom", "nom d'expérience attendu (texte, sans « @ »)")
        if modele not in MODELES_TESTABLES:
            raise erreur(
                f"{champ}.modele", f"modèle attendu parmi : {', '.join(MODELES_TESTABLES)}"
            )
        depuis = b.get("depuis")
        if depuis is not None and not isinstance(depuis, date):
            raise erreur(f"{champ}.depuis", "date attendue (AAAA-MM-JJ)")
        jours = b.get("jours", 14)
        if isinstance(jours, bool) or not isinstance(jours, int) or not 1 <= jours <= 365:
            raise erreur(f"{champ}.jours", "nombre de jours entre 1 et 365 attendu")
        if any(e.modele == modele for e in lues):
            raise erreur(f"{champ}.modele", f"une seule expérience à la fois sur « {modele} »")
        lues.append(Experience(nom=nom.strip(), modele=modele, depuis=depuis, jours=jours))
    return tuple(lues)
