"""Operators and the assignment of plan actions to them (pure: no I/O).

A credit team splits the work by dossier (a key account followed by one person), by étape
(the mise en demeure and the court files go to the person who signs them) and by creditor
(a collection agency's account managers). The creditor's policy file lists the rules:

```yaml
affectations:
  dossiers: {D-2026-001: alice}          # this dossier, whatever its étape
  etapes: {mise_en_demeure: bruno, injonction_de_payer: bruno}
  creanciers: {"732829320": chloe}       # SIREN (or name) of the creditor
  defaut: dominique                       # everything else
```

The most specific rule wins, in this order: dossier, étape, creditor, default. An action no
rule covers is unassigned (None). Operators themselves (name, email, role) live in the
store (`escalade operateur ajouter`); their name is what a contact records.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.parties import Partie
from escalade.recouvrement.politique_modele import Politique, RegleAffectation

ROLES: Final = ("gestionnaire", "responsable", "juriste", "agent")
ROLES_FR: Final = {
    "gestionnaire": "gestionnaire de recouvrement",
    "responsable": "responsable du crédit client",
    "juriste": "juriste",
    "agent": "agent de recouvrement",
}
# Policy key -> criterion, in priority order (most specific first).
CRITERES: Final = {"dossiers": "dossier", "etapes": "etape", "creanciers": "creancier"}
ORDRE: Final = ("dossier", "etape", "creancier", "defaut")
_NOM = re.compile(r"^[\w.\- ]{1,100}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Operateur:
    nom: str
    email: str | None
    role: str


def valider_operateur(nom: str, email: str | None, role: str) -> Operateur:
    """An operator as typed by the user, or a French input error naming the field."""
    nom = nom.strip()
    if not _NOM.fullmatch(nom):
        raise EntreeInvalide(
            f"nom d'opérateur « {nom} » invalide : lettres, chiffres, espace, point, tiret "
            "ou souligné, 100 caractères au plus",
            champ="NOM",
        )
    if email is not None and not _EMAIL.fullmatch(email.strip()):
        raise EntreeInvalide(f"adresse électronique « {email} » invalide", champ="--email")
    if role not in ROLES:
        raise EntreeInvalide(
            f"rôle « {role} » inconnu (attendu : {', '.join(ROLES)})", champ="--role"
        )
    return Operateur(nom, email.strip() if email else None, role)


def _normaliser(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", sans_accents.lower()).strip()


def lire_affectations(
    brut: Any, erreur: Callable[[str, str], EntreeInvalide]
) -> tuple[RegleAffectation, ...]:
    """The `affectations` block of a policy file (see the module docstring)."""
    if not isinstance(brut, dict):
        raise erreur("affectations", "un objet YAML (dossiers, etapes, creanciers, defaut)")
    regles: list[RegleAffectation] = []
    for cle, valeur in brut.items():
        champ = f"affectations.{cle}"
        if cle == "defaut":
            qui = _nom(valeur, champ, erreur)
            regles.append(RegleAffectation(critere="defaut", valeur="", operateur=qui))
            continue
        if cle not in CRITERES:
            raise erreur(champ, "champ inconnu (attendu : creanciers, defaut, dossiers, etapes)")
        if not isinstance(valeur, dict):
            raise erreur(champ, "un objet YAML (valeur: opérateur) est attendu")
        for quoi, qui in valeur.items():
            regles.append(
                RegleAffectation(
                    critere=CRITERES[cle],
                    valeur=str(quoi),
                    operateur=_nom(qui, f"{champ}.{quoi}", erreur),
                )
            )
    return tuple(regles)


def _nom(brut: Any, champ: str, erreur: Callable[[str, str], EntreeInvalide]) -> str:
    if not isinstance(brut, str) or not _NOM.fullmatch(brut.strip()):
        raise erreur(champ, f"nom d'opérateur attendu, reçu « {brut} »")
    return brut.strip()


def _creancier_vise(regle: RegleAffectation, creancier: Partie) -> bool:
    siren = creancier.siren or (creancier.siret[:9] if creancier.siret else None)
    if siren is not None and regle.valeur.replace(" ", "") == siren:
        return True
    return _normaliser(regle.valeur) == _normaliser(creancier.nom)


def _vise(regle: RegleAffectation, reference: str, etape: str, creancier: Partie) -> bool:
    if regle.critere == "dossier":
        return regle.valeur == reference
    if regle.critere == "etape":
        return regle.valeur == etape
    if regle.critere == "creancier":
        return _creancier_vise(regle, creancier)
    return regle.critere == "defaut"


def responsable(reference: str, etape: str, creancier: Partie, politique: Politique) -> str | None:
    """The operator in charge of `etape` on dossier `reference` (most specific rule), or None."""
    for critere in ORDRE:
        for regle in politique.affectations:
            if regle.critere == critere and _vise(regle, reference, etape, creancier):
                return regle.operateur
    return None


def operateurs_cites(politique: Politique) -> tuple[str, ...]:
    """Every operator name the policy's rules give work to (checked against the store)."""
    return tuple(dict.fromkeys(r.operateur for r in politique.affectations))
