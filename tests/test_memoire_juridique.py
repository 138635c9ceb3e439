"""`memoire_juridique` remembers results and missing legal data alike: the same arguments
give the same value, or a fresh copy of the same error, without computing again."""

from __future__ import annotations

from datetime import date

import pytest

from escalade.droit.donnees_juridiques import memoire_juridique
from escalade.droit.erreurs import DonneeJuridiqueManquante


def test_resultats_et_erreurs_memorises() -> None:
    appels: list[int] = []

    @memoire_juridique(16)
    def taux(jour: int) -> int:
        appels.append(jour)
        if jour > 10:
            raise DonneeJuridiqueManquante(
                f"inconnu au jour {jour}", serie="s", jour=date(2026, 7, 1), pas_encore_connue=True
            )
        return jour * 2

    assert [taux(3), taux(3)] == [6, 6]
    erreurs = []
    for _ in range(2):
        with pytest.raises(DonneeJuridiqueManquante) as e:
            taux(12)
        erreurs.append(e.value)
    assert appels == [3, 12]  # each computed once
    premiere, seconde = erreurs
    assert seconde is not premiere  # a fresh exception each time (no shared traceback)
    assert (seconde.message, seconde.serie, seconde.jour, seconde.pas_encore_connue) == (
        "inconnu au jour 12",
        "s",
        date(2026, 7, 1),
        True,
    )
