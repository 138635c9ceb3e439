"""The creditor file of the accounting imports (`escalade importer --fec | --facturx`).

YAML or JSON with the creditor's details (escalade.droit.parties.Creancier: name, SIREN,
address, IBAN), and optionally `comptes_clients`: the prefixes of the receivable accounts
of its chart of accounts (« 411,4967 » or a list), read by the FEC import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from escalade.droit.erreurs import EntreeInvalide


def creancier_et_comptes(chemin: Path | None) -> tuple[dict[str, Any], tuple[str, ...] | None]:
    """The creditor, and the receivable account prefixes its file names (comptes_clients)."""
    from pydantic import ValidationError

    from escalade.droit.parties import Creancier
    from escalade.entrees.chargement import lire_donnees, lire_texte
    from escalade.entrees.validation_dossier import _chemin, _message

    if chemin is None:
        raise EntreeInvalide(
            "--creancier FICHIER est obligatoire avec --fec (le FEC ne dit pas qui est le "
            "créancier : nom, SIREN, adresse, IBAN)",
            champ="--creancier",
        )
    fichier = str(chemin)
    format_ = "json" if chemin.suffix.lower() == ".json" else "yaml"
    donnees = lire_donnees(lire_texte(chemin), fichier, format_)
    comptes = None
    if isinstance(donnees, dict) and "comptes_clients" in donnees:
        donnees = dict(donnees)
        comptes = prefixes(donnees.pop("comptes_clients"), fichier, "comptes_clients")
    try:
        creancier = Creancier.model_validate(donnees).model_dump(mode="json", exclude_none=True)
        return creancier, comptes
    except ValidationError as e:
        premiere = e.errors()[0]
        raise EntreeInvalide(
            _message(premiere), fichier=fichier, champ=_chemin(tuple(premiere["loc"]))
        ) from None


def prefixes(brut: Any, fichier: str | None, champ: str) -> tuple[str, ...]:
    """Receivable account prefixes: « 411,4967 » or a list; digits only."""
    valeurs = brut if isinstance(brut, list) else str(brut or "").split(",")
    prefixes = tuple(str(v).strip() for v in valeurs if str(v).strip())
    mauvais = [p for p in prefixes if not p.isdigit()]
    if not prefixes or mauvais:
        raise EntreeInvalide(
            f"{champ} : « {', '.join(mauvais) or brut} » : attendu des préfixes de comptes en "
            "chiffres séparés par des virgules (ex. 411,4967)",
            fichier=fichier,
            champ=champ,
        )
    return prefixes
