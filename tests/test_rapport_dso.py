"""Issue 17 item 20: the DSO chart never joins two months across a month without a DSO."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from escalade.pilotage.indicateurs_encours import Dso
from escalade.pilotage.rapport import graphique_dso, segments_dso


def _mois(annee: int, mois: int, fin: int, jours: str | None) -> Dso:
    ca = Decimal(0) if jours is None else Decimal(1000)
    return Dso(date(annee, mois, 1), date(annee, mois, fin), fin, Decimal(500), ca,
               None if jours is None else Decimal(jours))  # fmt: skip


def test_un_mois_sans_dso_coupe_la_courbe() -> None:
    # January 45 days, February no sales (no DSO), March 30 and April 20 days.
    r: Any = SimpleNamespace(dso_mensuel=(
        _mois(2026, 1, 31, "45.0"), _mois(2026, 2, 28, None), _mois(2026, 3, 31, "30.0"),
        _mois(2026, 4, 30, "20.0"),
    ))  # fmt: skip
    etiquettes, segments = segments_dso(r)
    assert etiquettes == ["janv. 26", "févr. 26", "mars 26", "avr. 26"]
    assert segments == [[(0, 45.0)], [(2, 30.0), (3, 20.0)]]  # February stays empty
    assert graphique_dso(r).startswith("data:image/svg+xml;base64,")


def test_sans_trou_une_seule_courbe() -> None:
    r: Any = SimpleNamespace(dso_mensuel=(_mois(2026, 1, 31, "45.0"), _mois(2026, 2, 28, "40.0")))
    assert segments_dso(r)[1] == [[(0, 45.0), (1, 40.0)]]
