"""What `escalade taux` shows: every legal series at a date, with its source.

A series the data does not cover at that date is listed as unknown, with the reason,
never with an older value.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from escalade.droit import penalites_de_retard
from escalade.droit.donnees_juridiques import UNITES_DECIMALES, Jurisprudence, Serie, ValeurDatee
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
            ligne.update(connu=False, motif=e.message, **_comment_ajouter(serie.nom, serie, le))
        else:
            source, locale = v.source, v.locale
            p = serie.prolongation
            if p is not None and le >= p.depuis and v.depuis < p.depuis:
                # the last shipped value, said still in force by the user's local source
                source = f"{v.source} ; toujours en vigueur le {le:%d/%m/%Y} selon : {p.source}"
                locale = True
            ligne.update(
                connu=True,
                valeur=_valeur(v),
                depuis=v.depuis.isoformat(),
                source=source,
                url=v.url,
                confiance=v.confiance,
                locale=locale,
            )
        lignes.append(ligne)
    lignes.append(_taux_penalites_par_defaut(jur, le))
    return lignes


SERIE_BCE = "taux_bce_refinancement"


def _comment_ajouter(nom: str, serie: Serie, le: date) -> dict[str, Any]:
    """Where the missing value is published, and the exact command that records it."""
    depuis = serie.connu_jusqu_au + timedelta(days=1) if serie.connu_jusqu_au else le
    exemple = "X.XX" if serie.unite in UNITES_DECIMALES else "N"
    commande = (
        f"escalade taux ajouter {nom} --depuis {depuis.isoformat()} --valeur {exemple} "
        '--source "Arrêté du ..., JORF n° ... du ..."'
    )
    if nom == SERIE_BCE:  # the one series with an official open source the tool reads
        commande = "escalade taux actualiser (sans internet : --fichier CSV --consulte-le DATE)"
    return {"publication": serie.publication, "commande": commande}


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
