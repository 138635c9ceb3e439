"""models/ holds the JSON Schemas generated from the pydantic models; they must stay in sync."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import EXEMPLES, RACINE

from escalade.droit.decompte import calculer
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.serialisation import decompte_en_dict
from escalade.entrees import schemas
from escalade.entrees.chargement import charger_fichier


@pytest.mark.parametrize("nom", sorted(schemas.SCHEMAS))
def test_models_a_jour(nom: str) -> None:
    chemin = RACINE / "models" / f"{nom}.schema.json"
    assert chemin.read_text(encoding="utf-8") == schemas.texte(nom), (
        f"{chemin} est périmé : lancez `python -m escalade.entrees.schemas`"
    )


@pytest.mark.parametrize("exemple", sorted(EXEMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_le_json_du_decompte_suit_son_schema(exemple: Path, jur: Jurisprudence) -> None:
    for dossier in charger_fichier(exemple):
        # and on 3 December 2026, a rate of the half-year unknown: the à parfaire keys
        a_parfaire = decompte_en_dict(calculer(dossier, date(2026, 12, 3), jur))
        schemas.DecompteSortie.model_validate(a_parfaire)
        sortie = decompte_en_dict(calculer(dossier, date(2026, 6, 30), jur))
        schemas.DecompteSortie.model_validate(sortie)
        assert set(sortie) >= {
            "principal",
            "penalites",
            "interets",
            "indemnites",
            "total",
            "factures",
            "references",
        }
        for f in sortie["factures"]:
            assert set(f) >= {
                "numero",
                "restant_du",
                "penalites",
                "interets",
                "indemnite",
                "periodes",
            }
            for p in f["periodes"]:
                assert set(p) >= {"debut", "fin", "jours", "taux", "montant"}
