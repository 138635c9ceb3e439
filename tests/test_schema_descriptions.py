"""Issue 17 item 19: every field of the dossier format is described in French in the JSON
Schema, and the complete example uses every field and still loads and computes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from conftest import EXEMPLES

from escalade.droit.decompte import calculer
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.entrees.chargement import charger_fichier

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "models" / "dossier.schema.json").read_text("utf-8")
)
COMPLET = EXEMPLES / "reference" / "dossier_complet.yaml"


def _proprietes() -> list[tuple[str, str, dict[str, Any]]]:
    modeles = [("Dossier", SCHEMA), *SCHEMA["$defs"].items()]
    return [(m, nom, p) for m, s in modeles for nom, p in s.get("properties", {}).items()]


def test_chaque_champ_a_une_description_en_francais() -> None:
    sans = [f"{m}.{nom}" for m, nom, p in _proprietes() if not p.get("description")]
    assert sans == []
    decrits = {f"{m}.{nom}": p["description"] for m, nom, p in _proprietes()}
    assert decrits["Facture.montant_ttc"].startswith("Montant toutes taxes comprises")
    assert "CMF L313-3" in decrits["Jugement.executoire_le"]
    assert len(decrits) > 100


def _def(ref: str) -> dict[str, Any]:
    return SCHEMA["$defs"][ref.rsplit("/", 1)[1]]  # type: ignore[no-any-return]


def _cibles(p: dict[str, Any]) -> list[dict[str, Any]]:
    """The object schemas a property may hold (through $ref, anyOf and array items)."""
    if "$ref" in p:
        return [_def(p["$ref"])]
    trouves = []
    for variante in p.get("anyOf", []):
        trouves += _cibles(variante)
    if "items" in p:
        trouves += _cibles(p["items"])
    return trouves


def _presents(nom_modele: str, schema: dict[str, Any], valeur: Any, vus: set[str]) -> None:
    """Record « Modele.champ » for every field written in `valeur` (objects and lists)."""
    if isinstance(valeur, list):
        for v in valeur:
            _presents(nom_modele, schema, v, vus)
        return
    if not isinstance(valeur, dict):
        return
    for nom, p in schema.get("properties", {}).items():
        if nom not in valeur:
            continue
        vus.add(f"{nom_modele}.{nom}")
        for cible in _cibles(p):
            titre = next(k for k, v in SCHEMA["$defs"].items() if v is cible)
            _presents(titre, cible, valeur[nom], vus)


def test_exemple_complet_a_tous_les_champs_et_se_calcule(jur: Jurisprudence) -> None:
    # Every field of every kind of object is written at least once in the example (the
    # fields of « Partie » are checked through Creancier, Debiteur and Mandataire).
    donnees = yaml.safe_load(COMPLET.read_text("utf-8"))
    vus: set[str] = set()
    _presents("Dossier", SCHEMA, donnees, vus)
    tous = {f"{m}.{nom}" for m, nom, _ in _proprietes() if m != "Partie"}
    assert sorted(tous - vus) == []
    [d] = charger_fichier(COMPLET)
    r = calculer(d, date(2026, 6, 30), jur)
    assert [ligne.facture.numero for ligne in r.lignes] == ["FA-2026-0101", "FA-2026-0102"]
    assert COMPLET.read_text("utf-8").startswith("# Dossier de référence : TOUS les champs")
