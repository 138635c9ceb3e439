"""Mise en demeure deadline: from reception, or first presentation if unclaimed; never guessed."""

from __future__ import annotations

from datetime import date

from conftest import dossier

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.recouvrement.mise_en_demeure import delai


def test_depuis_la_reception(jur: Jurisprudence) -> None:
    # Received Monday 2026-03-02, 15 days: 2026-03-17 (Tuesday), nothing to extend.
    d = dossier(
        mise_en_demeure={"envoyee_le": "2026-02-27", "recue_le": "2026-03-02", "delai_jours": 15}
    )
    x = delai(d, jur)
    assert x.base == "reception"
    assert x.echeance is not None and x.echeance.echeance == date(2026, 3, 17)
    assert x.expire_le(date(2026, 3, 18)) and not x.expire_le(date(2026, 3, 17))


def test_non_reclamee_depuis_la_premiere_presentation(jur: Jurisprudence) -> None:
    # First presented Thursday 2026-05-07, 8 days → Friday 15 May 2026 (Ascension is the 14th).
    d = dossier(
        mise_en_demeure={
            "envoyee_le": "2026-05-05",
            "premiere_presentation_le": "2026-05-07",
            "non_reclamee": True,
        }
    )
    x = delai(d, jur)
    assert x.base == "premiere_presentation"
    assert x.echeance is not None and x.echeance.echeance == date(2026, 5, 15)
    assert "Cass. 1re civ., 20 janv. 2021, n° 19-20.680" in x.references


def test_prorogation_jour_ferie(jur: Jurisprudence) -> None:
    # Received 2026-05-06 + 8 days = Thursday 14 May 2026, Ascension → Friday 15 May.
    d = dossier(mise_en_demeure={"envoyee_le": "2026-05-04", "recue_le": "2026-05-06"})
    x = delai(d, jur)
    assert x.echeance is not None
    assert (x.echeance.echeance_brute, x.echeance.echeance) == (
        date(2026, 5, 14),
        date(2026, 5, 15),
    )


def test_reception_inconnue_pas_de_devinette(jur: Jurisprudence) -> None:
    d = dossier(mise_en_demeure={"envoyee_le": "2026-05-04"})
    x = delai(d, jur)
    assert x.echeance is None and not x.expire_le(date(2030, 1, 1))
    assert "inconnue" in x.motif
