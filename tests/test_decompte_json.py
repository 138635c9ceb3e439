"""The JSON text of a décompte written directly (`escalade.droit.decompte_json`) is the text of
the public shape (`decompte_en_dict`) through `json.dumps(..., ensure_ascii=False, indent=2)`,
character for character, on every example and scenario dossier, at dates before, during and
after the published legal data (« à parfaire »)."""

from __future__ import annotations

import json
from datetime import date

import pytest
import yaml

from escalade.droit.decompte import calculer
from escalade.droit.decompte_json import json_decompte
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Dossier
from escalade.droit.serialisation import decompte_en_dict
from escalade.entrees.chargement import charger_fichier
from tests.conftest import EXEMPLES, RACINE, dossier


def _dossiers() -> list[Dossier]:
    tous = [d for f in sorted(EXEMPLES.iterdir()) if f.is_file() for d in charger_fichier(f)]
    for f in sorted((RACINE / "tests" / "scenarios").glob("*.yaml")):
        tous.append(Dossier.model_validate(yaml.safe_load(f.read_text("utf-8"))["dossier"]))
    # Strings JSON must escape (quote, backslash, control character) or keep (accents).
    tous.append(
        dossier(
            reference='Réf "spéciale" \\ n°1',
            factures=[
                {
                    "numero": 'F\t"1"',
                    "date_emission": "2025-01-02",
                    "date_echeance": "2025-02-01",
                    "montant_ttc": "1000.00",
                }
            ],
            paiements=[{"date": "2025-03-01", "montant": "1500.00"}],
        )
    )
    return tous


@pytest.mark.parametrize("le", [date(2024, 12, 31), date(2026, 6, 30), date(2026, 12, 4)])
def test_meme_texte_que_le_dict(jur: Jurisprudence, le: date) -> None:
    dossiers = _dossiers()
    assert len(dossiers) > 20
    a_parfaire = trop_percu = 0
    for d in dossiers:
        r = calculer(d, le, jur)
        attendu = json.dumps(decompte_en_dict(r), ensure_ascii=False, indent=2)
        assert json_decompte(r) == attendu, d.reference
        assert json_decompte(r, "\n    ") == attendu.replace("\n", "\n    "), d.reference
        a_parfaire += bool(r.a_parfaire)
        trop_percu += r.trop_percu > 0
    # the comparison covered the « à parfaire » shape and an overpayment
    assert (a_parfaire > 0) == (le == date(2026, 12, 4))
    assert trop_percu > 0 or le < date(2025, 3, 1)
