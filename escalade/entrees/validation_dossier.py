"""Validating dossier data against the domain model, with French errors naming the field.

Every importer (dossier files, CSV portfolios, FEC, Factur-X, the store) turns its plain data
into a `Dossier` here: the first pydantic error becomes an `EntreeInvalide` naming the file,
the field path (`factures[0].montant_ttc`) and the reason, in French.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Dossier

_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu (vérifiez son orthographe)",
    "bool_type": "valeur oui/non attendue (true ou false)",
    "int_type": "nombre entier attendu",
    "string_type": "texte attendu",
    "list_type": "liste attendue",
    "dict_type": "objet attendu",
    "model_type": "objet attendu",
    "greater_than_equal": "valeur trop petite",
    "less_than_equal": "valeur trop grande",
}


def _message(erreur: Any) -> str:
    type_ = erreur["type"]
    if type_ == "value_error":
        return str(erreur["ctx"]["error"])
    if type_ == "literal_error":
        attendu = erreur["ctx"]["expected"].replace("'", "").replace(" or ", ", ")
        return f"valeur « {erreur['input']} » non autorisée (valeurs possibles : {attendu})"
    if type_ in ("greater_than_equal", "less_than_equal"):
        borne = erreur["ctx"].get("ge", erreur["ctx"].get("le"))
        return f"{_MESSAGES[type_]} : « {erreur['input']} » (limite {borne})"
    return _MESSAGES.get(type_, f"valeur invalide ({erreur['msg']})")


def _chemin(loc: tuple[Any, ...]) -> str:
    parties: list[str] = []
    for p in loc:
        if isinstance(p, int):
            parties[-1:] = [f"{parties[-1]}[{p}]"] if parties else [f"[{p}]"]
        elif not str(p).startswith("function-"):
            parties.append(str(p))
    return ".".join(parties) or "(racine)"


def valider_dossier(
    donnees: Any, fichier: str, prefixe: str = "", *, contexte: dict[str, Any] | None = None
) -> Dossier:
    """The dossier, or an input error in French naming the field (`contexte`: pydantic's
    validation context, `escalade.droit.parties.DEJA_VERIFIE` for a dossier from the store)."""
    if not isinstance(donnees, dict):
        raise EntreeInvalide(
            "un dossier est un objet (reference, creancier, debiteur, factures…)",
            fichier=fichier,
            champ=prefixe or None,
        )
    try:
        return Dossier.model_validate(donnees, context=contexte)
    except ValidationError as e:
        premiere = e.errors()[0]
        champ = _chemin(tuple(premiere["loc"]))
        autres = len(e.errors()) - 1
        suite = (
            f" (et {autres} autre{'s' if autres > 1 else ''} erreur{'s' if autres > 1 else ''})"
            if autres
            else ""
        )
        raise EntreeInvalide(
            _message(premiere) + suite, fichier=fichier, champ=prefixe + champ
        ) from None
