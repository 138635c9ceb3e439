"""Benchmark of `escalade envoyer`: emails per second through a local SMTP server.

Prints, from the same run:
- the baseline: composing the same messages only (letter rendered to PDF/A, text and HTML
  bodies, MIME), with nothing written and no server;
- the full sending (`escalade.stockage.envoi.envoyer_lot`): the outbox row, MAIL/RCPT, the
  gate and the contact in their locked transaction, DATA to an aiosmtpd server on the
  loopback, the confirmation;
- the overhead of exactly-once sending per message (the difference), and the load average.

Usage: .venv/bin/python benchmarks/bench_envoi.py [--dossiers 100]
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

ICI = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ICI))
sys.path.insert(0, str(ICI / "benchmarks"))

from _depot_bench import dossiers  # noqa: E402
from aiosmtpd.controller import Controller  # noqa: E402

from escalade.droit.jurisprudence import jurisprudence  # noqa: E402
from escalade.droit.valeurs import PARIS  # noqa: E402
from escalade.recouvrement.politique import politique_par_defaut  # noqa: E402
from escalade.stockage import depot  # noqa: E402
from escalade.stockage.envoi import composer_prevu, envoyer_lot, prevus  # noqa: E402
from escalade.stockage.moteur import moteur, transaction_ecriture  # noqa: E402
from escalade.stockage.smtp import Connexion, Serveur  # noqa: E402

JOUR = date(2026, 6, 30)
MOMENT = datetime(2026, 6, 30, 10, 0, tzinfo=PARIS)
EXPEDITEUR = "relances@atelier-durand.fr"


class Compteur:
    recus = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        Compteur.recus += 1
        return "250 OK"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--dossiers", type=int, default=100)
    n = p.parse_args().dossiers
    jur = jurisprudence()
    pol = politique_par_defaut(jur, JOUR)
    with tempfile.TemporaryDirectory() as tmp:
        m = moteur(f"sqlite:///{Path(tmp) / 'b.sqlite'}")
        with transaction_ecriture(m) as c:
            depot.importer(c, dossiers(n), MOMENT)
        previsions, _, _ = prevus(m, JOUR, pol, jur, None)
        # the same debtor window is not shared: each synthetic dossier has its own debtor
        debut = time.perf_counter()
        for prevu in previsions:
            composer_prevu(prevu, JOUR, MOMENT, jur, EXPEDITEUR)
        reference = time.perf_counter() - debut
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        serveur = Controller(Compteur(), hostname="127.0.0.1", port=port)
        serveur.start()
        try:
            debut = time.perf_counter()
            bilan = envoyer_lot(
                m,
                previsions,
                JOUR,
                MOMENT,
                lambda: datetime.now(PARIS),
                pol,
                jur,
                Connexion(Serveur("smtp+clair", "127.0.0.1", port, None)),
                EXPEDITEUR,
            )
            envoi = time.perf_counter() - debut
        finally:
            serveur.stop()
    k = len(previsions)
    print(
        f"{n} dossiers, {k} courriels prévus, {len(bilan.envoyes)} envoyés, "
        f"{len(bilan.refuses)} refusés, {Compteur.recus} reçus par le serveur"
    )
    print(
        f"référence (composer seulement) : {k / reference:.1f} messages/s "
        f"({1000 * reference / k:.1f} ms/message)"
    )
    print(
        f"envoyer (boîte d'envoi, contrôle, SMTP, confirmation) : {k / envoi:.1f} messages/s "
        f"({1000 * envoi / k:.1f} ms/message)"
    )
    print(f"surcoût de l'envoi une seule fois : {1000 * (envoi - reference) / k:.1f} ms/message")
    print(f"charge moyenne : {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
