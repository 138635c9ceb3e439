"""Shared set-up of the store benchmarks: synthetic dossiers written straight to a store."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from escalade.droit.modele import Dossier

SEGMENTS = ("ponctuel", "occasionnel", "chronique", "nouveau", "risque")
BASE: dict[str, Any] = {
    "creancier": {
        "nom": "Atelier Durand SARL",
        "siren": "732829320",
        "adresse": {"lignes": ["12 rue de la Paix"], "code_postal": "75002", "ville": "Paris"},
        "iban": "FR7630006000011234567890189",
    },
    "debiteur": {
        "type": "professionnel",
        "adresse": {"lignes": ["4 avenue Foch"], "code_postal": "69006", "ville": "Lyon"},
        "email": "compta@exemple.fr",
        "telephone": "04 78 00 00 00",
    },
}


def dossiers(n: int, jour: date = date(2026, 6, 30)) -> list[Dossier]:
    """n dossiers, one debtor each, invoices due 1 to 120 days before `jour`."""
    resultat = []
    for i in range(n):
        d = copy.deepcopy(BASE)
        echeance = jour - timedelta(days=1 + i % 120)
        d["reference"] = f"B-{i:06d}"
        d["debiteur"]["nom"] = f"Débiteur {i:06d} SAS"
        d["debiteur"]["segment"] = SEGMENTS[i % len(SEGMENTS)]
        d["factures"] = [
            {
                "numero": f"FA-{i:06d}",
                "date_emission": (echeance - timedelta(days=30)).isoformat(),
                "date_echeance": echeance.isoformat(),
                "montant_ttc": f"{100 + i % 5000}.00",
            }
        ]
        if i % 7 == 0:
            d["paiements"] = [{"date": jour.isoformat(), "montant": "50.00"}]
        resultat.append(Dossier.model_validate(d))
    return resultat
