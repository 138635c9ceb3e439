"""`escalade rapport` over 100 000 invoices and 500 000 contacts (target: under 30 s, whole
process, JSON output, with one A/B experiment).

The store (SQLite) is generated straight through SQLAlchemy Core: 25 000 dossiers of 4
invoices, 20 contacts per dossier (the five escalation steps among them), payments on
about two invoices in three, mise en demeure and injonction history rows, 1 000 costs.
Baselines from the same run: plain SQL counts over the same tables (the floor of any
report that reads them), and the same command on a 1 000-invoice store (start-up and
fixed costs).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from escalade.droit.valeurs import PARIS
from escalade.stockage import schema as s
from escalade.stockage.moteur import moteur, oublier, transaction_ecriture

CIBLE = 30.0
DEBUT = date(2025, 1, 1)
JOUR = date(2026, 6, 30)
SEGMENTS = ("ponctuel", "occasionnel", "chronique", "nouveau", "risque")
OBJETS = (
    "relance_1",
    "relance_2",
    "relance_telephonique",
    "derniere_relance",
    "mise_en_demeure",
    "appel",
    "courriel",
    "note",
)
CREANCIER = {
    "nom": "Atelier Durand SARL",
    "siren": "732829320",
    "adresse": {"lignes": ["12 rue de la Paix"], "code_postal": "75002", "ville": "Paris"},
}


def _lignes(n_dossiers: int) -> dict[str, list[dict]]:
    maintenant = datetime(2026, 6, 30, 9, tzinfo=PARIS)
    t: dict[str, list[dict]] = {
        k: []
        for k in (
            "debiteurs",
            "dossiers",
            "factures",
            "paiements",
            "contacts",
            "historique",
            "frais",
        )
    }
    for i in range(n_dossiers):
        ident = i + 1
        t["debiteurs"].append({"id": ident, "cle": f"nom:d{i}|69006", "nom": f"Débiteur {i}"})
        t["dossiers"].append(
            {
                "id": ident,
                "reference": f"B-{i:06d}",
                "creancier_cle": "siren:732829320",
                "creancier": CREANCIER,
                "debiteur_id": ident,
                "debiteur": {
                    "nom": f"Débiteur {i}",
                    "type": "professionnel",
                    "segment": SEGMENTS[i % 5],
                    "adresse": {
                        "lignes": ["4 avenue Foch"],
                        "code_postal": "69006",
                        "ville": "Lyon",
                    },
                },
                "etape": "relance_1",
                "ouvert": True,
                "mise_en_demeure": None,
                "jugement": None,
                "importe_le": maintenant,
                "modifie_le": maintenant,
            }
        )
        base = DEBUT + timedelta(days=i % 500)
        for k in range(4):
            echeance = base + timedelta(days=10 * k)
            montant = Decimal(100 + (i * 7 + k) % 4900)
            t["factures"].append(
                {
                    "dossier_id": ident,
                    "numero": f"FA-{i}-{k}",
                    "date_emission": echeance - timedelta(days=30),
                    "date_echeance": echeance,
                    "montant_ttc": montant,
                    "pieces": [],
                }
            )
            if (i + k) % 3:
                paye_le = echeance + timedelta(days=(i + 13 * k) % 120 - 10)
                t["paiements"].append(
                    {
                        "dossier_id": ident,
                        "cle": f"{i}-{k}",
                        "date": paye_le,
                        "montant": montant,
                        "facture": None if k % 2 else f"FA-{i}-{k}",
                    }
                )
        for c in range(20):
            le = datetime.combine(
                base + timedelta(days=2 + 4 * c), datetime.min.time(), PARIS
            ) + timedelta(hours=10)
            objet = OBJETS[c % len(OBJETS)]
            document = ("relance_1@B" if i % 2 else "relance_1") if objet == "relance_1" else None
            t["contacts"].append(
                {
                    "debiteur_id": ident,
                    "dossier_id": ident,
                    "cle": f"{c}",
                    "le": le,
                    "canal": "email",
                    "objet": objet,
                    "document": document,
                    "force": False,
                    "enregistre_le": maintenant,
                }
            )
        if i % 10 == 0:
            t["historique"].append(
                {
                    "dossier_id": ident,
                    "cle": "inj",
                    "etape": "injonction_de_payer",
                    "le": base + timedelta(days=90),
                    "enregistre_le": maintenant,
                }
            )
    for j in range(1000):
        t["frais"].append(
            {
                "creancier_cle": "siren:732829320",
                "date": DEBUT + timedelta(days=j % 540),
                "montant": Decimal("12.50"),
                "nature": ("lrar", "agence")[j % 2],
                "enregistre_le": maintenant,
            }
        )
    return t


def _store(tmp: Path, n_dossiers: int) -> tuple[str, float]:
    url = f"sqlite:///{tmp / f'rapport_{n_dossiers}.sqlite'}"
    debut = time.perf_counter()
    lignes = _lignes(n_dossiers)
    with transaction_ecriture(moteur(url)) as c:
        for table in (
            "debiteurs",
            "dossiers",
            "factures",
            "paiements",
            "contacts",
            "historique",
            "frais",
        ):
            donnees = lignes[table]
            for i in range(0, len(donnees), 20_000):
                c.execute(s.metadata.tables[table].insert(), donnees[i : i + 20_000])
    oublier()
    return url, time.perf_counter() - debut


def _rapport(url: str, politique: Path) -> tuple[float, str]:
    debut = time.perf_counter()
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            "from escalade.cli import main; main()",
            "rapport",
            "--du",
            "2025-07-01",
            "--au",
            "2026-06-30",
            "--date",
            JOUR.isoformat(),
            "--politique",
            str(politique),
            "--json",
            "--db",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    return time.perf_counter() - debut, r.stdout


def _comptages(url: str) -> tuple[float, dict[str, int]]:
    fichier = url.removeprefix("sqlite:///")
    debut = time.perf_counter()
    with sqlite3.connect(fichier) as c:
        n = {
            t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("factures", "paiements", "contacts", "historique")
        }
    return time.perf_counter() - debut, n


def main() -> None:
    import json

    with tempfile.TemporaryDirectory() as tmp:
        politique = Path(tmp) / "politique.yaml"
        politique.write_text("experiences:\n  - {nom: ton, modele: relance_1, jours: 14}\n")
        petit, _ = _store(Path(tmp), 250)
        grand, mise_en_place = _store(Path(tmp), 25_000)
        comptage_s, n = _comptages(grand)
        base, _ = _rapport(petit, politique)
        duree, sortie = _rapport(grand, politique)
    j = json.loads(sortie)
    print(
        f"mise en place : {n['factures']} factures, {n['contacts']} contacts, "
        f"{n['paiements']} paiements en {mise_en_place:.1f} s"
    )
    print(
        f"référence : SELECT count(*) sur factures, paiements, contacts, historique : "
        f"{comptage_s:.3f} s"
    )
    print(f"référence : escalade rapport sur 1 000 factures : {base:.2f} s")
    print(
        f"escalade rapport sur {n['factures']} factures et {n['contacts']} contacts : "
        f"{duree:.2f} s (DSO {j['dso']['jours']} j, {j['factures']} factures), "
        f"cible < {CIBLE:.0f} s"
    )
    print(f"charge de la machine pendant la mesure : {os.getloadavg()[0]:.1f}")
    print("OK" if duree < CIBLE else "AU-DESSUS DE LA CIBLE")


if __name__ == "__main__":
    main()
