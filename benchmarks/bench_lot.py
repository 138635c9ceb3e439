"""Benchmark of `escalade lot`: letters per second, against a plain WeasyPrint loop, and memory.

Prints, from the same run:
- the baseline: a plain loop in one process that renders the same one-page letters (same
  templates, same PDF/A-3b options and attachment) with `HTML(...).write_pdf()` per letter;
- the batch (`escalade.documents.lot.produire_lot`: workers, files, manifest, merged PDF);
- the ratio, and the peak memory of the batch (main process plus workers, sampled);
- the CPU time of the batch per letter (main process plus workers), which other work on
  the machine does not change, and the load average before and after (a figure taken
  while something else runs is lower: read it with the load).

Usage: .venv/bin/python benchmarks/bench_lot.py [--lettres 1000] [--reference 200]
       [--memoire 5000]  (a batch of 5 000 letters, peak memory only)
Targets (issue 4): >= 50 letters/s, >= 1.6 x the baseline, < 500 MB for 5 000 letters.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ICI = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ICI))

from escalade.documents.lot import Tache, produire_lot  # noqa: E402
from escalade.droit.jurisprudence import jurisprudence  # noqa: E402
from escalade.entrees.chargement import charger_fichier  # noqa: E402

LE = date(2026, 6, 30)
MODELE = "relance_1"


def dossiers(n: int) -> list:  # type: ignore[type-arg]
    base = charger_fichier(ICI / "examples" / "01_b2b_paiements_partiels.yaml")[0]
    resultat = []
    for i in range(n):
        debiteur = base.debiteur.model_copy(update={"nom": f"Boulangerie Martin n° {i} SAS"})
        resultat.append(base.model_copy(update={"reference": f"B-{i:05d}", "debiteur": debiteur}))
    return resultat


def reference(ds: list) -> float:  # type: ignore[type-arg]
    """Letters per second of the plain loop: one write_pdf per letter, nothing reused."""
    from weasyprint import HTML, Attachment

    from escalade.documents.contextes import construire
    from escalade.documents.emplacement_modeles import dossier_modeles
    from escalade.documents.rendu import json_decompte, rendre_html

    jur = jurisprudence()
    css = str(dossier_modeles() / "lettre.css")
    base_url = str(dossier_modeles()) + "/"
    with tempfile.TemporaryDirectory() as tmp:
        debut = time.perf_counter()
        for d in ds:
            contexte = construire(MODELE, d, LE, jur)
            piece = Attachment(string=json_decompte(contexte), name="decompte.json")
            HTML(string=rendre_html(contexte), base_url=base_url).write_pdf(
                Path(tmp) / f"{d.reference}.pdf",
                stylesheets=[css],
                pdf_variant="pdf/a-3b",
                attachments=[piece],
            )
        return len(ds) / (time.perf_counter() - debut)


def _pss(pid: int) -> int:
    """Proportional set size (bytes): pages shared after fork are counted once overall."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for ligne in f:
                if ligne.startswith("Pss:"):
                    return int(ligne.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _rss_arbre(racine: int) -> int:
    """Memory (PSS, bytes) of a process and its descendants, read from /proc."""
    enfants: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entree in os.listdir("/proc"):
        if not entree.isdigit():
            continue
        try:
            with open(f"/proc/{entree}/stat") as f:
                champs = f.read().rsplit(")", 1)[1].split()
            pid = int(entree)
            enfants.setdefault(int(champs[1]), []).append(pid)
            rss[pid] = 0
        except (OSError, IndexError, ValueError):
            continue
    total, pile = 0, [racine]
    while pile:
        pid = pile.pop()
        total += _pss(pid) if pid in rss or pid == racine else 0
        pile += enfants.get(pid, [])
    return total


def lot(ds: list) -> tuple[float, int]:  # type: ignore[type-arg]
    """Letters per second of the batch, and its peak memory (bytes)."""
    pic = [0]
    fini = threading.Event()

    def echantillonner() -> None:
        while not fini.is_set():
            pic[0] = max(pic[0], _rss_arbre(os.getpid()))
            fini.wait(0.2)

    sonde = threading.Thread(target=echantillonner, daemon=True)
    with tempfile.TemporaryDirectory() as tmp:
        taches = [Tache(d, MODELE) for d in ds]
        sonde.start()
        cpu = _cpu()
        debut = time.perf_counter()
        bilan = produire_lot(taches, Path(tmp), LE)
        duree = time.perf_counter() - debut
        LOT_CPU[0] = (_cpu() - cpu) / len(ds)
        fini.set()
        sonde.join()
        assert not bilan.echecs, bilan.echecs[:3]
        assert len(bilan.produites) == len(ds)
    return len(ds) / duree, pic[0]


LOT_CPU = [0.0]


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the batch's workers)."""
    soi, enfants = (resource.getrusage(r) for r in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return soi.ru_utime + soi.ru_stime + enfants.ru_utime + enfants.ru_stime


def _charge() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--lettres", type=int, default=1000)
    p.add_argument("--reference", type=int, default=200, help="letters for the plain loop")
    p.add_argument("--memoire", type=int, default=0, help="only a batch of N letters: memory")
    args = p.parse_args()
    print(f"machine : {os.cpu_count()} cœurs ; charge avant : {_charge()}")
    if args.memoire:
        debit, pic = lot(dossiers(args.memoire))
        print(
            f"lot de {args.memoire} lettres : {debit:.1f} lettres/s, "
            f"pic mémoire {pic / 2**20:.0f} Mo ; charge après : {_charge()}"
        )
        return
    base = reference(dossiers(args.reference))
    print(
        f"référence (boucle write_pdf, 1 processus, {args.reference} lettres) : "
        f"{base:.1f} lettres/s"
    )
    debit, pic = lot(dossiers(args.lettres))
    print(
        f"escalade lot ({args.lettres} lettres, fusion et manifeste compris) : "
        f"{debit:.1f} lettres/s"
    )
    print(f"rapport : {debit / base:.2f} x la référence ; pic mémoire {pic / 2**20:.0f} Mo")
    print(f"CPU du lot : {LOT_CPU[0] * 1000:.1f} ms par lettre ; charge après : {_charge()}")


if __name__ == "__main__":
    main()
