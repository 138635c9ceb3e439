"""Worker of the concurrency tests (tests/test_plafonds.py): a separate process (spawn) that
records one contact per round on the round's dossier, all workers released together by a
barrier, each with its own clock (the round's moment + its number in minutes)."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from multiprocessing.synchronize import Barrier
from typing import Any

from escalade.droit.jurisprudence import jurisprudence
from escalade.droit.modele import Contact
from escalade.recouvrement.politique import politique_par_defaut
from escalade.stockage.journal import enregistrer_contact
from escalade.stockage.moteur import moteur


def operateur(
    url: str, numero: int, tours: list[tuple[str, str, str]], barriere: Barrier, sortie: Any
) -> None:
    """`tours`: (reference, canal, moment ISO) per round; puts (round, recorded?) in `sortie`."""
    os.environ["ESCALADE_TEST_PAUSE"] = "contact"  # widen the gap between check and insert
    os.environ["ESCALADE_TEST_PAUSE_SECONDES"] = "0.01"
    jur = jurisprudence()
    m = moteur(url)
    for tour, (reference, canal, iso) in enumerate(tours):
        instant = datetime.fromisoformat(iso) + timedelta(minutes=numero)
        pol = politique_par_defaut(jur, instant.date())
        contact = Contact(le=instant, canal=canal, objet=f"relance_op{numero}")
        barriere.wait(timeout=120)
        horloge = lambda i=instant: i  # noqa: E731 (read under the lock)
        r = enregistrer_contact(m, reference, contact, pol, jur, horloge, au_present=True)
        sortie.put((tour, r.enregistre))
