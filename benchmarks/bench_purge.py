"""Speed of the GDPR purge over a store of N settled dossiers (SQLite file), all due.

Each dossier: one consumer debtor with email, phone and address, one invoice with its
evidence, one payment, one contact with a free-text note and a document, one closing
transition. Settled on 2026-04-10, the purge runs on 2036-04-11: every category of every
dossier is due (identity pseudonymised, notes, documents, evidence and audit reasons erased),
then the file is compacted (secure_delete, VACUUM, WAL truncate).

Prints the time of the purge with --appliquer, and, as baselines measured in the same run
on the same store: the dry run (same reading and decisions, no writing), the decisions taken
the former way (every dossier loaded and validated whole, then `a_purger`), and a plain read
of every row of the tables the purge touches. The machine is shared: the load average is
printed before and after.

    .venv/bin/python benchmarks/bench_purge.py [N]     # default 100000; target < 60 s
"""

from __future__ import annotations

import copy
import os
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from escalade.droit.jurisprudence import jurisprudence
from escalade.droit.modele import Dossier
from escalade.droit.valeurs import PARIS
from escalade.rgpd.conservation import a_purger
from escalade.rgpd.regles_conservation import PolitiqueConservation, politique_par_defaut
from escalade.stockage import depot, schema
from escalade.stockage.moteur import moteur, transaction_ecriture, transaction_lecture
from escalade.stockage.purge import purger

MAINTENANT = datetime(2036, 4, 11, 9, 0, tzinfo=PARIS)
BASE: dict[str, Any] = {
    "creancier": {
        "nom": "Atelier Durand SARL",
        "siren": "732829320",
        "adresse": {"lignes": ["12 rue de la Paix"], "code_postal": "75002", "ville": "Paris"},
        "iban": "FR7630006000011234567890189",
    },
    "etape": "solde",
    "historique": [{"etape": "solde", "le": "2026-04-10", "motif": "payé par virement"}],
}


def _dossier(i: int) -> Dossier:
    d = copy.deepcopy(BASE)
    d["reference"] = f"P-{i:06d}"
    d["debiteur"] = {
        "nom": f"Personne {i:06d}",
        "type": "consommateur",
        "email": f"personne{i}@exemple.org",
        "telephone": "06 00 00 00 00",
        "adresse": {"lignes": [f"{i} rue Longue"], "code_postal": "69006", "ville": "Lyon"},
    }
    d["factures"] = [{"numero": f"FA-{i:06d}", "date_emission": "2026-03-01",
                      "date_echeance": "2026-03-31", "montant_ttc": f"{100 + i % 5000}.00",
                      "pieces": [f"factures/FA-{i:06d}.pdf"]}]  # fmt: skip
    d["paiements"] = [{"date": "2026-04-10", "montant": f"{100 + i % 5000}.00",
                       "facture": f"FA-{i:06d}", "reference": f"VIR-{i}"}]  # fmt: skip
    d["contacts"] = [{"le": "2026-04-02T10:30:00+02:00", "canal": "telephone",
                      "objet": "relance_1", "note": f"promet de payer ({i})",
                      "document": f"relance-{i}.pdf"}]  # fmt: skip
    return Dossier.model_validate(d)


def _remplir(url: str, n: int) -> None:
    m = moteur(url)
    for debut in range(0, n, 5000):
        lot = [_dossier(i) for i in range(debut, min(n, debut + 5000))]
        with transaction_ecriture(m) as c:
            depot.importer(c, lot, MAINTENANT)


def _lecture_brute(url: str) -> None:
    tables = ("dossiers", "debiteurs", "contacts", "historique", "factures", "paiements")
    with transaction_lecture(moteur(url)) as c:
        for t in tables:
            for _ in c.execute(schema.metadata.tables[t].select()):
                pass


def _decisions_par_dossier_complet(url: str, au: date, pol: PolitiqueConservation) -> int:
    """The former way: load and validate each whole dossier, then decide."""
    n = 0
    with transaction_lecture(moteur(url)) as c:
        ids = list(c.execute(select(schema.dossiers.c.id).order_by("id")).scalars())
        for debut in range(0, len(ids), 500):
            for stocke in depot.charger_lot(c, ids[debut : debut + 500]):
                n += bool(a_purger(stocke.dossier, au, pol))
    return n


def _charge() -> str:
    return "charge moyenne (1, 5, 15 min) : " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _chrono(fonction: Any) -> tuple[float, Any]:
    debut = time.perf_counter()
    resultat = fonction()
    return time.perf_counter() - debut, resultat


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    au = date(2036, 4, 11)
    politique = politique_par_defaut(jurisprudence(), au)
    with tempfile.TemporaryDirectory() as dossier:
        url = f"sqlite:///{Path(dossier) / 'bench.sqlite'}"
        t_remplir, _ = _chrono(lambda: _remplir(url, n))
        m = moteur(url)
        charge_avant = _charge()
        t_brut, _ = _chrono(lambda: _lecture_brute(url))
        t_complet, n_complet = _chrono(lambda: _decisions_par_dossier_complet(url, au, politique))
        options = {"operateur": "bench", "maintenant": MAINTENANT}
        t_simul, simul = _chrono(lambda: purger(m, au, politique, appliquer=False, **options))
        t_purge, bilan = _chrono(lambda: purger(m, au, politique, appliquer=True, **options))
        assert len(simul.purges) == len(bilan.purges) == n_complet == n
        print(charge_avant, "(avant les mesures)")
        print(f"dépôt de {n} dossiers rempli en {t_remplir:.1f} s (non mesuré)")
        print(f"purge RGPD appliquée ({n} dossiers, 5 catégories, VACUUM compris) : {t_purge:.1f} s"
              " (objectif < 60 s)")  # fmt: skip
        print(
            f"référence, simulation (mêmes lectures et décisions, sans écriture) : {t_simul:.1f} s"
        )
        print(f"référence, décisions sur dossiers chargés entiers (méthode précédente) : "
              f"{t_complet:.1f} s")  # fmt: skip
        print(f"référence, lecture brute des 6 tables touchées : {t_brut:.1f} s")
        print(_charge(), "(après les mesures)")


if __name__ == "__main__":
    main()
