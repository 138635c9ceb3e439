"""JSON Schemas of the public formats, generated into `models/` from the pydantic models.

`python -m escalade.entrees.schemas` rewrites `models/*.schema.json`; a test keeps them in sync.
The output shapes (décompte, plan, verifier, délai) are described here as pydantic models
so that a test can also validate the real JSON the commands print against them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from escalade.droit.modele import Dossier


class _Sortie(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PeriodeSortie(_Sortie):
    debut: str
    fin: str
    jours: int
    taux: str
    base: str
    montant: str
    libelle: str


class FactureSortie(_Sortie):
    numero: str
    date_emission: str
    date_echeance: str
    montant_ttc: str
    avoirs: str
    principal_paye: str
    restant_du: str
    penalites: str
    interets: str
    accessoires_courus: str
    accessoires_payes: str
    indemnite: str
    total: str
    en_litige: bool
    periodes: list[PeriodeSortie]


class ImputationSortie(_Sortie):
    facture: str
    sur_interets: str
    sur_principal: str
    sur_indemnite: str


class PaiementSortie(_Sortie):
    date: str
    montant: str
    facture: str | None
    regle: str
    imputations: list[ImputationSortie]
    non_impute: str


class APparfaireSortie(_Sortie):
    """An invoice whose penalties or interest run on past `arrete_au` (rate not published)."""

    facture: str
    depuis: str
    serie: str
    regle: str


class DecompteSortie(_Sortie):
    """Output of `escalade decompte --json` (amounts as decimal strings, ISO dates)."""

    dossier: str
    date: str
    regime: str
    principal: str
    penalites: str
    interets: str
    indemnites: str
    total: str
    trop_percu: str
    factures: list[FactureSortie]
    paiements: list[PaiementSortie]
    references: list[str]
    avertissements: list[str]
    arrete_au: str | None  # last day computed when a rate is missing after it (else null)
    a_parfaire: list[APparfaireSortie]


class DelaiSortie(_Sortie):
    """Output of `escalade delai --json`."""

    depuis: str
    duree: int
    unite: str
    calendrier: str
    echeance_brute: str
    echeance: str
    prorogee: bool
    motif_prorogation: str | None
    references: list[str]


SCHEMAS: dict[str, type[BaseModel]] = {
    "dossier": Dossier,
    "decompte": DecompteSortie,
    "delai": DelaiSortie,
}


def schema(nom: str) -> dict[str, Any]:
    modele = SCHEMAS[nom]
    mode: Literal["validation", "serialization"] = (
        "validation" if modele is Dossier else "serialization"
    )
    donnees = modele.model_json_schema(mode=mode)
    donnees["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    donnees["$id"] = f"https://escalade.fr/schemas/{nom}.schema.json"
    return donnees


def texte(nom: str) -> str:
    return json.dumps(schema(nom), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def ecrire(dossier: Path) -> list[Path]:
    dossier.mkdir(parents=True, exist_ok=True)
    chemins = []
    for nom in SCHEMAS:
        chemin = dossier / f"{nom}.schema.json"
        chemin.write_text(texte(nom), encoding="utf-8")
        chemins.append(chemin)
    return chemins


if __name__ == "__main__":
    cible = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "models"
    )
    for c in ecrire(cible):
        print(c)
