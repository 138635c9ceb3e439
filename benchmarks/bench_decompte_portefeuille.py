"""Benchmark: the décompte of a generated portfolio of 100 000 invoices (target, issue 19: the
whole command under 8 s, and calculer_lot on every core faster than on one).

25 000 dossiers × 4 invoices (B2B, consumers with a mise en demeure, public debtors), half
of the invoices with a payment (assigned or not), décompte at 30 June 2026 (or `--date`:
after 30 June 2026 most décomptes are « à parfaire », a rate not being published yet).

Figures, all measured in this run:
- baseline: the same loop doing only the model validation (no computation);
- validation + décompte + JSON dicts in one process;
- the same through `escalade.droit.decompte_lot.calculer_lot` (every core), the
  path `escalade decompte` takes on a large portfolio;
- the whole command `escalade decompte portefeuille.csv --json` on the same portfolio
  written as a CSV (reading, validation, décompte, JSON), as a user runs it: the parent
  reads and groups the rows, the workers validate, compute and write the JSON.
Each figure also gives its CPU time (this process and its workers): on a shared machine
the wall times say little, the CPU times still compare.

Run: .venv/bin/python benchmarks/bench_decompte_portefeuille.py [--dossiers N] [--date AAAA-MM-JJ]
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from escalade.droit.decompte_lot import calculer_lot, coeurs
from escalade.droit.jurisprudence import jurisprudence
from escalade.droit.modele import Dossier

LE = date(2026, 6, 30)
FACTURES_PAR_DOSSIER = 4
CREANCIER = {
    "nom": "Atelier Durand SARL",
    "siren": "732829320",
    "adresse": {"lignes": ["12 rue de la Paix"], "code_postal": "75002", "ville": "Paris"},
}
TYPES = ["professionnel"] * 6 + ["consommateur"] * 3 + ["personne_publique"]


def generer(n: int, graine: int = 2026) -> list[dict[str, Any]]:
    hasard = random.Random(graine)
    dossiers = []
    for i in range(n):
        type_ = hasard.choice(TYPES)
        factures, paiements = [], []
        for k in range(FACTURES_PAR_DOSSIER):
            emission = date(2024, 1, 1) + timedelta(days=hasard.randrange(850))
            echeance = emission + timedelta(days=hasard.choice((30, 45, 60)))
            centimes = hasard.randrange(5_000, 2_000_000)
            numero = f"FA-{i:05d}-{k}"
            factures.append(
                {
                    "numero": numero,
                    "date_emission": emission.isoformat(),
                    "date_echeance": echeance.isoformat(),
                    "montant_ttc": f"{centimes / 100:.2f}",
                }
            )
            if hasard.random() < 0.5:
                paiements.append(
                    {
                        "date": min(
                            echeance + timedelta(days=hasard.randrange(90)), LE
                        ).isoformat(),
                        "montant": f"{centimes // 3 / 100:.2f}",
                        "facture": numero,
                    }
                )
        dossier: dict[str, Any] = {
            "reference": f"D-{i:05d}",
            "creancier": CREANCIER,
            "debiteur": {
                "nom": f"Débiteur {i}",
                "type": type_,
                "adresse": {
                    "lignes": [f"{i} rue Nationale"],
                    "code_postal": "69006",
                    "ville": "Lyon",
                },
            },
            "factures": factures,
            "paiements": paiements,
        }
        if type_ == "consommateur":
            dossier["mise_en_demeure"] = {"envoyee_le": "2025-06-02", "recue_le": "2025-06-04"}
        dossiers.append(dossier)
    return dossiers


def ecrire_csv(dossiers: list[dict[str, Any]], chemin: Path) -> None:
    """The same portfolio as a CSV (one row per invoice; its payment, if any, on the row).
    Consumers are written without their mise en demeure (the CSV has no column for it)."""
    colonnes = [
        "reference", "creancier_nom", "creancier_siren", "creancier_adresse",
        "creancier_code_postal", "creancier_ville", "debiteur_nom", "debiteur_type",
        "debiteur_adresse", "debiteur_code_postal", "debiteur_ville", "numero",
        "date_emission", "date_echeance", "montant_ttc", "montant_paye", "date_paiement",
    ]  # fmt: skip
    with chemin.open("w", encoding="utf-8", newline="") as f:
        ecrivain = csv.writer(f, delimiter=";")
        ecrivain.writerow(colonnes)
        for d in dossiers:
            payes = {p["facture"]: p for p in d["paiements"]}
            c, deb = d["creancier"], d["debiteur"]
            for fa in d["factures"]:
                p = payes.get(fa["numero"], {})
                ecrivain.writerow(
                    [
                        d["reference"], c["nom"], c["siren"], c["adresse"]["lignes"][0],
                        c["adresse"]["code_postal"], c["adresse"]["ville"], deb["nom"],
                        deb["type"], deb["adresse"]["lignes"][0], deb["adresse"]["code_postal"],
                        deb["adresse"]["ville"], fa["numero"], fa["date_emission"],
                        fa["date_echeance"], fa["montant_ttc"], p.get("montant", ""),
                        p.get("date", ""),
                    ]
                )  # fmt: skip


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the workers)."""
    moi = resource.getrusage(resource.RUSAGE_SELF)
    enfants = resource.getrusage(resource.RUSAGE_CHILDREN)
    return moi.ru_utime + moi.ru_stime + enfants.ru_utime + enfants.ru_stime


CPU: dict[str, float] = {}  # the CPU time of each figure (the machine may be shared)


def chrono(fonction: Callable[[], Any], nom: str = "") -> tuple[float, Any]:
    debut, cpu = time.perf_counter(), _cpu()
    resultat = fonction()
    CPU[nom] = _cpu() - cpu
    return time.perf_counter() - debut, resultat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=25_000)
    parser.add_argument(
        "--date",
        type=date.fromisoformat,
        default=LE,
        help="date du décompte (après le 30 juin 2026 : décomptes « à parfaire »)",
    )
    arguments = parser.parse_args()
    n, jour = arguments.dossiers, arguments.date
    factures = n * FACTURES_PAR_DOSSIER
    brut = generer(n)
    jurisprudence()  # loaded once, as the command does before computing
    gc.disable()  # as `escalade decompte` does, for every figure of this run (baseline included)

    def valider() -> list[Dossier]:
        return [Dossier.model_validate(d) for d in brut]

    def un_processus() -> list[Any]:
        return list(calculer_lot(valider(), jour, forme="json", processus=1))

    def tous_les_coeurs() -> list[Any]:
        return list(calculer_lot(valider(), jour, forme="json"))

    t_base, _ = chrono(valider, "base")
    t_un, resultats = chrono(un_processus, "un")
    t_lot, resultats_lot = chrono(tous_les_coeurs, "lot")
    assert resultats == resultats_lot
    total = sum(Decimal(json.loads(r)["total"]) for r in resultats_lot)

    with tempfile.TemporaryDirectory() as dossier:
        chemin = Path(dossier) / "portefeuille.csv"
        ecrire_csv(brut, chemin)
        escalade = Path(sys.executable).parent / "escalade"
        commande = [str(escalade), "decompte", str(chemin), "--date", jour.isoformat(), "--json"]
        avant = resource.getrusage(resource.RUSAGE_CHILDREN)
        t_cli, fini = chrono(lambda: subprocess.run(commande, capture_output=True, check=True))
        apres = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_cli = apres.ru_utime + apres.ru_stime - avant.ru_utime - avant.ru_stime
        taille = len(fini.stdout)

    a_parfaire = sum(1 for r in resultats_lot if json.loads(r)["arrete_au"])
    print(f"Portefeuille : {n} dossiers, {factures} factures, décompte au {jour.isoformat()}")
    print(f"  décomptes à parfaire                 : {a_parfaire}")
    print(f"  cœurs utilisables : {coeurs()} ; charge de la machine : {os.getloadavg()[0]:.1f}")
    print(f"  référence, validation seule          : {t_base:6.2f} s  (CPU {CPU['base']:.2f} s)")
    print(f"  validation + décompte, un processus  : {t_un:6.2f} s  (CPU {CPU['un']:.2f} s)")
    print(
        f"  validation + décompte, calculer_lot  : {t_lot:6.2f} s  (CPU {CPU['lot']:.2f} s ; "
        f"objectif < {t_un:.2f} s)"
    )
    print(
        f"  commande complète CSV -> JSON        : {t_cli:6.2f} s  ({taille / 1e6:.0f} Mo de JSON, "
        f"CPU {cpu_cli:.2f} s ; objectif < 8 s)"
    )
    print(f"  total dû sur le portefeuille         : {total} EUR")
    print(f"  par facture (calculer_lot)           : {t_lot / factures * 1e6:6.1f} µs")


if __name__ == "__main__":
    main()
