"""CPU per letter of `escalade lot` against WeasyPrint alone, and its temporary files (issue 19).

Prints, from the same run (CPU time; the load average is printed before and after). This
VM's speed drifts by 10-30 % within minutes, so the run is made of rounds: the references
(b), (b') and (c) are measured, then a batch, then the references again; each batch is
compared with the mean of the references just before and just after it, and the figures
are the means over the rounds (with the spread of a/b between rounds):

(a) the batch: `escalade.documents.lot.produire_lot` over N letters (relance_1, PDF/A-3b with
    the décompte JSON attached), run in a child process started as a user's run is, with the
    default number of workers; its CPU is getrusage(SELF) + getrusage(CHILDREN) of that child
    around `produire_lot` alone: importing WeasyPrint, loading legal data, fonts and
    stylesheet, pool start, context, Jinja, QR code, mention checks, rendering, files,
    SHA-256, manifest, merged PDF, sync. Building the dossiers (the input) is not counted.
(b) WeasyPrint alone on the SAME letters: each letter's HTML and its décompte JSON are made
    beforehand (context, Jinja, the QR code's PNG data URI: not counted), then one warm process
    (FontConfiguration and lettre.css loaded once, 10 letters of warm-up not counted) runs, per
    letter, `HTML(string=..., base_url=templates).render(font_config, stylesheets, cache)` then
    `write_pdf(pdf_variant="pdf/a-3b", attachments=[decompte.json, same description, dates
    and "Data" relationship], pdf_identifier=True)`, with pydyf's zlib at the batch's level
    (`escalade.documents.rendu.NIVEAU_ZLIB`), and keeps the bytes (no file written). So it
    includes laying out the page, decoding the QR code's PNG, subsetting the fonts, the PDF/A
    metadata and the attachment: all WeasyPrint's own work.
(b') the same as (b), with WeasyPrint fed as the batch's renderer feeds it: the cache of its
    HTML parser repaired (escalade.documents.analyse_html) and the <meta> given as metadata
    rather than elements (escalade.documents.metadonnees_pdf). a/b shows what the batch costs
    against WeasyPrint used plainly; a/b' escalade's own machinery against WeasyPrint doing
    the same work.
(b'') (b') in as many forked children at once as the batch has workers (one per core),
    their mean: on a shared host, two processes busy together cost more CPU per letter
    than one alone (caches and memory shared with the neighbours: up to 5-7 % measured on
    this VM when it was busy, nothing when it was quiet); a/b'' leaves that out.
(c) a minimal one-page letter: plain HTML (sender, recipient, three paragraphs, one table of
    three rows), no stylesheet, `HTML(string=...).write_pdf()` with WeasyPrint's defaults.
    (b), (b') and (c) each run in a forked child of the same warm process.
(a2) escalade's path for one letter in a worker (`produire_une`: context, Jinja, QR code,
    checks, WeasyPrint, file, SHA-256) and (b') on the same letter, one after the other,
    letter by letter in one warm process (forked child): the machine's drift touches both
    alike, so a2/b' is escalade's own share of a worker's letter however the machine runs
    (the pool, the merged PDF and the manifest of the main process are not in it).
(a1) the same batch run in one process (`processus=1`: no workers, no merge in parallel),
    on twice as many letters as (b), against (b) measured right after it.
Then the ratios a/b (target <= 1.1) and a/c (target <= 1.4), the batch's peak memory (PSS of
the child and its workers, sampled), and the temporary files: the child's TMPDIR is a fresh
folder; after the finished batches, and after batches stopped by SIGINT, by SIGTERM and by
SIGKILL of one worker once a few letters are written, it lists what is left in TMPDIR and the
hidden files of the output folder, and whether the stopped batch ended.

Usage: .venv/bin/python benchmarks/bench_lot_cpu.py [--lettres 1000] [--reference 100]
       [--tours 3] [--sans-arrets]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ICI = Path(__file__).resolve().parent
sys.path.insert(0, str(ICI.parent))
sys.path.insert(0, str(ICI))

from bench_lot import LE, MODELE, _rss_arbre, dossiers  # noqa: E402

ECHAUFFEMENT = 10
MINIMALE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Relance</title>
</head><body>
<p>SARL Exemple<br>1 rue de la Paix<br>75002 Paris</p>
<p style="margin-left: 50%">Boulangerie Martin n° {i}<br>2 place du Marché<br>69001 Lyon</p>
<p>Paris, le 30 juin 2026</p>
<p>Madame, Monsieur,</p>
<p>Sauf erreur de notre part, les factures ci-dessous restent impayées à ce jour. Nous vous
remercions de bien vouloir procéder à leur règlement dans les meilleurs délais.</p>
<table><tr><th>Facture</th><th>Échéance</th><th>Montant</th></tr>
<tr><td>FA-{i}-1</td><td>15/04/2026</td><td>1 200,00 €</td></tr>
<tr><td>FA-{i}-2</td><td>15/05/2026</td><td>850,50 €</td></tr></table>
<p>Veuillez agréer, Madame, Monsieur, nos salutations distinguées.</p>
</body></html>"""


def _cpu() -> float:
    soi, enfants = (resource.getrusage(r) for r in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return soi.ru_utime + soi.ru_stime + enfants.ru_utime + enfants.ru_stime


def _charge() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# --- (a) the batch, in a child process ------------------------------------------------------


def enfant(sortie: str, n: int, processus: int | None = None) -> None:
    """The batch as a user's run makes it; prints its CPU as JSON."""
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a background job ignores it
    from escalade.documents.lot import Tache, produire_lot

    taches = [Tache(d, MODELE) for d in dossiers(n)]
    print("pret", flush=True)
    avant = time.process_time()
    cpu = _cpu()
    bilan = produire_lot(taches, Path(sortie), LE, processus)
    principal = time.process_time() - avant
    total = _cpu() - cpu
    assert not bilan.echecs, bilan.echecs[:3]
    print(json.dumps({"cpu": total, "principal": principal, "produites": len(bilan.produites)}))


def _lancer(sortie: Path, tmp: Path, n: int, processus: int = 0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, __file__, "--enfant", str(sortie), str(n), str(processus)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(tmp)},
    )  # fmt: skip


def _restes(tmp: Path, sortie: Path) -> str:
    restes = [f"TMPDIR/{p.name}" for p in tmp.iterdir()]
    restes += [f"sortie/{p.name}" for p in sortie.iterdir() if p.name.startswith(".")]
    return ", ".join(sorted(restes)) or "rien"


def lot(
    n: int, racine: Path, nom: str, processus_du_lot: int = 0
) -> tuple[dict[str, float], int, str]:
    """The batch's CPU (from the child), its peak memory, what it left behind."""
    tmp, sortie = racine / f"tmp_{nom}", racine / nom
    tmp.mkdir(), sortie.mkdir()
    pic = [0]
    fini = threading.Event()
    processus = _lancer(sortie, tmp, n, processus_du_lot)

    def echantillonner() -> None:
        while not fini.is_set():
            pic[0] = max(pic[0], _rss_arbre(processus.pid))
            fini.wait(0.2)

    sonde = threading.Thread(target=echantillonner, daemon=True)
    sonde.start()
    sortie_std, erreurs = processus.communicate()
    fini.set()
    sonde.join()
    if processus.returncode != 0:
        sys.exit(f"le lot a échoué :\n{erreurs}")
    return json.loads(sortie_std.splitlines()[-1]), pic[0], _restes(tmp, sortie)


def arret(mode: str, racine: Path) -> str:
    """A batch of 60 letters stopped once 5 are written: did it end, what did it leave?"""
    tmp, sortie = racine / f"tmp_{mode}", racine / f"lot_{mode}"
    tmp.mkdir(), sortie.mkdir()
    processus = _lancer(sortie, tmp, 60)
    assert processus.stdout is not None
    processus.stdout.readline()  # "pret"
    limite = time.monotonic() + 120
    while len(list(sortie.glob("B-*.pdf"))) < 5 and processus.poll() is None:
        if time.monotonic() > limite:
            break
        time.sleep(0.05)
    if mode == "SIGKILL d'un travailleur":
        travailleurs = _enfants(processus.pid)
        if travailleurs:
            os.kill(travailleurs[0], signal.SIGKILL)
    else:
        processus.send_signal(signal.SIGINT if mode == "SIGINT" else signal.SIGTERM)
    try:
        processus.wait(60)
        fin = f"fin (code {processus.returncode})"
    except subprocess.TimeoutExpired:
        for pid in [*_enfants(processus.pid), processus.pid]:
            os.kill(pid, signal.SIGKILL)
        processus.wait()
        fin = "BLOQUÉ (arrêté par le banc après 60 s)"
    time.sleep(0.5)  # the workers of a killed batch end on their own
    return f"{fin} ; restes : {_restes(tmp, sortie)}"


def _enfants(pid: int) -> list[int]:
    trouves = []
    for entree in os.listdir("/proc"):
        if entree.isdigit():
            try:
                with open(f"/proc/{entree}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        trouves.append(int(entree))
            except (OSError, ValueError, IndexError):
                continue
    return sorted(trouves)


# --- (b) and (c): WeasyPrint alone, one warm process ---------------------------------------------


def lettres_html(n: int, ds: list | None = None) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    """Each letter's HTML and décompte JSON, made as the batch makes them (not timed), for
    `n` generated dossiers or the given ones."""
    from escalade.documents.contextes import construire
    from escalade.documents.rendu import json_decompte, rendre_html
    from escalade.droit.jurisprudence import jurisprudence

    jur = jurisprudence()
    resultat = []
    for d in ds if ds is not None else dossiers(n):
        contexte = construire(MODELE, d, LE, jur)
        resultat.append((rendre_html(contexte), json_decompte(contexte)))
    return resultat


class WeasyPrintSeul:
    def __init__(self) -> None:
        import pydyf
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        from escalade.documents.emplacement_modeles import chemin_modele
        from escalade.documents.rendu import _Zlib

        pydyf.zlib = _Zlib()  # type: ignore[assignment]  # the batch's compression level
        self.polices = FontConfiguration()
        feuille = chemin_modele("lettre.css")
        self.base_url = str(feuille.parent) + "/"
        self.feuilles = [CSS(filename=str(feuille), font_config=self.polices)]
        self.cache: dict[str, object] = {}

    def lettre(self, source: str, decompte: str, comme_le_lot: bool = False) -> bytes:
        from weasyprint import HTML, Attachment

        from escalade.documents.metadonnees_pdf import appliquer, separer
        from escalade.documents.rendu import NOM_PIECE_JOINTE, _horodatage

        metadonnees: list[tuple[str, str]] = []
        if comme_le_lot:  # the <meta> given to WeasyPrint directly, as the batch does
            source, metadonnees = separer(source)

        piece = Attachment(
            string=decompte, name=NOM_PIECE_JOINTE, description="Décompte de créance (JSON)",
            created=_horodatage(LE), modified=_horodatage(LE), relationship="Data",
        )  # fmt: skip
        if len(self.cache) > 256:
            self.cache.clear()
        document = HTML(string=source, base_url=self.base_url).render(
            font_config=self.polices, stylesheets=self.feuilles, cache=self.cache
        )
        appliquer(document.metadata, metadonnees)
        contenu = document.write_pdf(pdf_variant="pdf/a-3b", attachments=[piece],
                                     pdf_identifier=True)  # fmt: skip
        assert contenu is not None
        return contenu


def memes_lettres(
    moteur: WeasyPrintSeul, lettres: list[tuple[str, str]], comme_le_lot: bool = False
) -> float:
    for source, decompte in lettres[:ECHAUFFEMENT]:
        moteur.lettre(source, decompte, comme_le_lot)
    debut = time.process_time()
    for source, decompte in lettres:
        moteur.lettre(source, decompte, comme_le_lot)
    return (time.process_time() - debut) / len(lettres)


def minimale(n: int) -> float:
    import zlib

    import pydyf
    from weasyprint import HTML

    pydyf.zlib = zlib  # WeasyPrint's defaults (WeasyPrintSeul set the batch's level)

    for i in range(ECHAUFFEMENT):
        HTML(string=MINIMALE.format(i=i)).write_pdf()
    debut = time.process_time()
    for i in range(n):
        HTML(string=MINIMALE.format(i=i)).write_pdf()
    return (time.process_time() - debut) / n


def dans_un_fils(mesure: Callable[[], tuple[float, ...]]) -> tuple[float, ...]:
    """`mesure()` run in a forked child of this warm process (which it leaves as it was:
    (b') repairs the HTML parser's cache for good)."""
    return dans_des_fils(mesure, 1)[0]


def dans_des_fils(mesure: Callable[[], tuple[float, ...]], n: int) -> list[tuple[float, ...]]:
    """`mesure()` run in `n` forked children at once; their results."""
    enfants = []
    for _ in range(n):
        lecture, ecriture = os.pipe()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                os.close(lecture)
                os.write(ecriture, json.dumps(mesure()).encode())
            except BaseException:  # a failed measure: its traceback, then the child ends
                traceback.print_exc()
                code = 1
            os._exit(code)
        os.close(ecriture)
        enfants.append((pid, lecture))
    resultats = []
    for pid, lecture in enfants:
        with os.fdopen(lecture) as f:
            texte = f.read()
        _, statut = os.waitpid(pid, 0)
        if statut != 0:
            sys.exit("une mesure dans un processus fils a échoué (voir ci-dessus)")
        resultats.append(tuple(json.loads(texte)))
    return resultats


def entrelace(moteur: WeasyPrintSeul, racine: Path, n: int) -> tuple[float, float]:
    """(a2), in a forked child: escalade's worker path (`produire_une`: context, Jinja, QR
    code, checks, WeasyPrint, file, SHA-256) and WeasyPrint alone fed as the batch feeds it
    (b') on the same letter, one after the other, letter by letter: the machine's drift
    touches both alike. Returns their CPU per letter."""
    import tempfile as module_tempfile

    from escalade.documents import travailleurs_lot
    from escalade.documents.lot import Tache

    module_tempfile.tempdir = str(racine)  # WeasyPrint's font folder: removed with racine
    travailleurs_lot.initialiser(str(racine / "entrelace"), LE)
    (racine / "entrelace").mkdir()
    ds = dossiers(n + ECHAUFFEMENT)
    lettres = lettres_html(len(ds), ds)
    taches = [Tache(d, MODELE) for d in ds]
    escalade = seul = 0.0
    for i, (tache, (source, decompte)) in enumerate(zip(taches, lettres, strict=True)):
        debut = time.process_time()
        travailleurs_lot.produire_une(tache)
        milieu = time.process_time()
        moteur.lettre(source, decompte, comme_le_lot=True)
        if i >= ECHAUFFEMENT:
            escalade += milieu - debut
            seul += time.process_time() - milieu
    return escalade / n, seul / n


def references(moteur: WeasyPrintSeul, lettres: list[tuple[str, str]]) -> tuple[float, ...]:
    """(b), (b'), (b'') and (c) once each, in forked children of the same warm process."""

    def comme_le_lot() -> float:
        from escalade.documents.analyse_html import reparer

        reparer()
        return memes_lettres(moteur, lettres, comme_le_lot=True)

    ensemble = dans_des_fils(lambda: (comme_le_lot(),), os.cpu_count() or 1)
    return (
        *dans_un_fils(lambda: (memes_lettres(moteur, lettres),)),
        *dans_un_fils(lambda: (comme_le_lot(),)),
        *dans_un_fils(lambda: (minimale(len(lettres)),)),
        statistics.mean(r[0] for r in ensemble),
    )


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--enfant":
        enfant(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) or None)
        return
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--lettres", type=int, default=1000)
    p.add_argument("--reference", type=int, default=100, help="letters for (b), (b') and (c)")
    p.add_argument("--tours", type=int, default=3, help="rounds: references, then a batch")
    p.add_argument("--sans-arrets", action="store_true", help="skip the stopped batches")
    args = p.parse_args()
    print(f"machine : {os.cpu_count()} cœurs ; charge avant : {_charge()}")
    with tempfile.TemporaryDirectory(prefix="bench_lot_cpu-") as dossier:
        racine = Path(dossier)
        lettres = lettres_html(args.reference)
        moteur = WeasyPrintSeul()
        refs = [references(moteur, lettres)]
        lots, pics, restes, encadrants = [], [], [], []
        for tour in range(args.tours):
            mesure, pic, reste = lot(args.lettres, racine, f"lot{tour}")
            lots.append(mesure["cpu"] / mesure["produites"])
            pics.append(pic)
            restes.append(reste)
            refs.append(references(moteur, lettres))
            principal = mesure["principal"] / mesure["produites"]
            encadrants.append([(x + y) / 2 for x, y in zip(refs[-2], refs[-1], strict=True)])
            b, b_, c, bb = encadrants[-1]
            a = lots[-1]
            print(f"tour {tour + 1} : (a) {a * 1000:.1f} ms par lettre (processus principal "
                  f"{principal * 1000:.1f} ms) ; encadrant le lot, (b) {b * 1000:.1f} ms, (b') "
                  f"{b_ * 1000:.1f} ms, (b'') {bb * 1000:.1f} ms, (c) {c * 1000:.1f} ms : "
                  f"a/b {a / b:.3f}, a/b' {a / b_:.3f}, a/b'' {a / bb:.3f}, "
                  f"a/c {a / c:.3f}")  # fmt: skip
        a2, b2 = dans_un_fils(lambda: entrelace(moteur, racine, args.reference * 2))
        seul, _, _ = lot(args.reference * 2, racine, "lot_seul", 1)
        a1 = seul["cpu"] / seul["produites"]
        ref_a1 = references(moteur, lettres)
        a = sum(lots) / len(lots)
        b, b_, c, bb = (sum(e[k] for e in encadrants) / len(encadrants) for k in range(4))
        print(f"(a) escalade lot, {args.lettres} lettres, {args.tours} tours : {a * 1000:.1f} ms "
              f"CPU par lettre ; pic mémoire {max(pics) / 2**20:.0f} Mo")  # fmt: skip
        print(f"(b) WeasyPrint seul, mêmes lettres ({args.reference}, avant et après chaque "
              f"lot) : {b * 1000:.1f} ms ; (b') nourri comme le lot (cache de l'analyseur HTML "
              f"réparé, <meta> données directement) : {b_ * 1000:.1f} ms ; (b'') le même dans "
              f"{os.cpu_count()} processus à la fois : {bb * 1000:.1f} ms")  # fmt: skip
        print(f"(c) lettre minimale d'une page, WeasyPrint seul ({args.reference}) : "
              f"{c * 1000:.1f} ms")  # fmt: skip
        print(f"(a1) le même lot dans un seul processus ({args.reference * 2} lettres) : "
              f"{a1 * 1000:.1f} ms ; a1/b {a1 / ref_a1[0]:.3f} (b mesuré juste après : "
              f"{ref_a1[0] * 1000:.1f} ms)")  # fmt: skip
        print(f"(a2) le chemin d'une lettre dans un processus de travail (produire_une), chaque "
              f"lettre suivie de la même par WeasyPrint seul nourri comme le lot, lettre par "
              f"lettre ({args.reference * 2}) : {a2 * 1000:.1f} ms contre {b2 * 1000:.1f} ms, "
              f"a2/b' {a2 / b2:.3f} (hors pool, fusion, manifeste : sans la dérive de la "
              f"machine)")  # fmt: skip
        rapports = sorted(x / e[0] for x, e in zip(lots, encadrants, strict=True))
        mediane = statistics.median(rapports)
        print(f"a/b = {a / b:.3f} (cible ≤ 1,1 ; médiane des tours {mediane:.3f}, de "
              f"{rapports[0]:.3f} à {rapports[-1]:.3f}) ; part d'escalade {(a - b) / a:.1%} "
              f"(cible < 10 %) ; a/b' = {a / b_:.3f} ; a/b'' = {a / bb:.3f} (hors coût de deux "
              f"processus occupés ensemble : b''/b' {bb / b_:.3f})")  # fmt: skip
        print(f"a/c = {a / c:.3f} (cible ≤ 1,4)")
        print(f"lots terminés : restes {', '.join(sorted(set(restes)))}")
        if not args.sans_arrets:
            for mode in ("SIGINT", "SIGTERM", "SIGKILL d'un travailleur"):
                print(f"lot arrêté par {mode} : {arret(mode, racine)}")
    print(f"charge après : {_charge()}")


if __name__ == "__main__":
    main()
