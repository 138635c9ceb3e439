"""What `escalade taux` shows: every legal series at a date, with its source.

A series the data does not cover at that date is listed as unknown, with the reason,
never with an older value.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from escalade.droit import penalites_de_retard
from escalade.droit.donnees_juridiques import Jurisprudence, ValeurDatee
from escalade.droit.erreurs import DonneeJuridiqueManquante


def _valeur(v: ValeurDatee) -> str:
    return format(v.valeur, "f") if not isinstance(v.valeur, (int, str)) else str(v.valeur)


def taux_en_vigueur(jur: Jurisprudence, le: date) -> list[dict[str, Any]]:
    lignes: list[dict[str, Any]] = []
    for nom, serie in sorted(jur.series.items()):
        ligne: dict[str, Any] = {
            "serie": nom,
            "description": serie.description,
            "unite": serie.unite,
        }
        try:
            v = serie.en_vigueur(le)
        except DonneeJuridiqueManquante as e:
            ligne.update(connu=False, motif=e.message)
        else:
            ligne.update(
                connu=True,
                valeur=_valeur(v),
                depuis=v.depuis.isoformat(),
                source=v.source,
                url=v.url,
                confiance=v.confiance,
                locale=v.locale,
            )
        lignes.append(ligne)
    lignes.append(_taux_penalites_par_defaut(jur, le))
    return lignes


def _taux_penalites_par_defaut(jur: Jurisprudence, le: date) -> dict[str, Any]:
    ligne: dict[str, Any] = {
        "serie": "(calculé) taux_penalites_par_defaut",
        "description": "Taux des pénalités de retard par défaut (L441-10 II)",
        "unite": "pourcent",
    }
    try:
        taux, libelle = penalites_de_retard.taux_du_jour(jur, le, None)
    except DonneeJuridiqueManquante as e:
        return {**ligne, "connu": False, "motif": e.message}
    return {
        **ligne,
        "connu": True,
        "valeur": format(taux.normalize(), "f"),
        "source": f"{libelle} ({', '.join(penalites_de_retard.REFERENCES)})",
        "locale": False,
    }
