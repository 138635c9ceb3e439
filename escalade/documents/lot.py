"""Batches of letters: per-dossier PDF/A files, one merged PDF to print, a manifest CSV.

- Selection: when the escalation plan exists (`escalade.plan.planifier`, which applies the
  compliance gate), a dossier gets the document its plan calls for today, if the gate
  allows it; `--modele` then keeps only that document. Without the plan, `--modele` is
  required and applies to every dossier given.
- Workers: one long-lived process per core, each loading fonts, stylesheet and legal data
  once (WeasyPrint's advice for batches); each letter is written as soon as it is rendered
  (atomic write: temporary file, then os.replace), nothing is held in memory.
- Resumable: the manifest is appended line by line; a letter whose file exists with the
  SHA-256 the manifest records is not produced again. Registered-letter numbers already
  filled in the manifest are kept.
- A batch never records a letter as sent: sending is recorded by `contact`, or by
  importing the registered-letter numbers back from the manifest.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

from escalade.documents.contextes import MODELES, nom_fichier, verifier_modele
from escalade.documents.sortie import ecrire_atomique, sha256_fichier
from escalade.erreurs import EntreeInvalide, ErreurEscalade
from escalade.jurisprudence import Jurisprudence
from escalade.modele import Dossier

COLONNES: Final = ("dossier", "document", "fichier", "pages", "sha256", "numero_lrar")
MANIFESTE: Final = "manifeste.csv"
TAILLE_PAQUET_FUSION: Final = 200


@dataclass(frozen=True)
class Tache:
    dossier: Dossier
    modele: str

    @property
    def cle(self) -> tuple[str, str]:
        return self.dossier.reference, self.modele


@dataclass(frozen=True)
class Ecarte:
    dossier: str
    motif: str


@dataclass(frozen=True)
class Ligne:
    dossier: str
    document: str
    fichier: str
    pages: int
    sha256: str
    numero_lrar: str = ""

    def en_csv(self) -> list[str]:
        return [self.dossier, self.document, self.fichier, str(self.pages), self.sha256,
                self.numero_lrar]  # fmt: skip


@dataclass(frozen=True)
class Echec:
    dossier: str
    document: str
    message: str


@dataclass
class Bilan:
    produites: list[Ligne]
    reprises: list[Ligne]
    echecs: list[Echec]
    fusion: Path | None
    manifeste: Path


# --- selection ---------------------------------------------------------------------


def plan_disponible() -> bool:
    return importlib.util.find_spec("escalade.plan") is not None


def selectionner(
    dossiers: Iterable[Dossier], modele: str | None, le: date, jur: Jurisprudence
) -> tuple[list[Tache], list[Ecarte]]:
    """The documents due today: from the plan and gate when they exist, else `modele`."""
    if modele is not None:
        verifier_modele(modele)
    if not plan_disponible():
        if modele is None:
            raise EntreeInvalide(
                "précisez le document à produire avec --modele (le plan d'escalade n'est pas "
                "disponible dans cette version)",
                champ="modele",
            )
        return [Tache(d, modele) for d in dossiers], []
    from escalade.plan import planifier
    from escalade.politique import politique_par_defaut

    politique = politique_par_defaut(jur, le)
    taches: list[Tache] = []
    ecartes: list[Ecarte] = []
    for d in dossiers:
        action = planifier(d, le, politique, jur)
        if action is None:
            ecartes.append(Ecarte(d.reference, "plus aucune action prévue"))
        elif action.bloquee:
            motifs = " ; ".join(m.message for m in action.motifs_blocage)
            ecartes.append(Ecarte(d.reference, f"refusé par le contrôle de conformité : {motifs}"))
        elif action.date > le:
            ecartes.append(Ecarte(d.reference, f"{action.etape} prévue le {action.date:%d/%m/%Y}"))
        elif action.document not in MODELES:
            ecartes.append(Ecarte(d.reference, f"étape {action.etape} : pas de lettre à produire"))
        elif modele is not None and action.document != modele:
            ecartes.append(Ecarte(d.reference, f"le plan prévoit {action.document}, pas {modele}"))
        else:
            taches.append(Tache(d, str(action.document)))
    return taches, ecartes


# --- manifest ------------------------------------------------------------------------


def lire_manifeste(chemin: Path) -> dict[tuple[str, str], Ligne]:
    """Rows of an earlier run whose file is still there, complete (same SHA-256)."""
    if not chemin.exists():
        return {}
    lignes: dict[tuple[str, str], Ligne] = {}
    with chemin.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            try:
                ligne = Ligne(
                    row["dossier"], row["document"], row["fichier"], int(row["pages"]),
                    row["sha256"], row.get("numero_lrar") or "",
                )  # fmt: skip
            except (KeyError, TypeError, ValueError):
                continue  # a line cut by an interruption: the letter is produced again
            fichier = chemin.parent / ligne.fichier
            if fichier.is_file() and sha256_fichier(fichier) == ligne.sha256:
                lignes[(ligne.dossier, ligne.document)] = ligne
    return lignes


def _csv(lignes: Iterable[Ligne], entete: bool) -> bytes:
    tampon = io.StringIO()
    w = csv.writer(tampon, lineterminator="\n")
    if entete:
        w.writerow(COLONNES)
    for ligne in lignes:
        w.writerow(ligne.en_csv())
    return tampon.getvalue().encode("utf-8")


# --- workers ---------------------------------------------------------------------------

_ETAT: dict[str, Any] = {}


def initialiser(sortie: str, le: date) -> None:
    """Worker start: legal data, fonts and stylesheet loaded once for the whole batch."""
    from escalade.documents.rendu import moteur_pdf
    from escalade.jurisprudence import jurisprudence

    _ETAT.update(sortie=Path(sortie), le=le, jur=jurisprudence(), moteur=moteur_pdf())


def produire_une(tache: Tache) -> Ligne | Echec:
    """Render one letter and write it at once (in a worker, or in the main process)."""
    from escalade.documents.contextes import construire
    from escalade.documents.sortie import sha256

    try:
        contexte = construire(tache.modele, tache.dossier, _ETAT["le"], _ETAT["jur"])
        pdf = _ETAT["moteur"].rendre(contexte)
        nom = f"{contexte.nom_fichier}.pdf"
        ecrire_atomique(_ETAT["sortie"] / nom, pdf.contenu)
        return Ligne(tache.dossier.reference, tache.modele, nom, pdf.pages, sha256(pdf.contenu))
    except ErreurEscalade as e:
        return Echec(tache.dossier.reference, tache.modele, str(e))


def _executer(
    taches: list[Tache], sortie: Path, le: date, processus: int
) -> Iterator[Ligne | Echec]:
    if processus <= 1 or len(taches) < 2 * processus:
        initialiser(str(sortie), le)
        yield from map(produire_une, taches)
        return
    import multiprocessing

    contexte = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with contexte.Pool(processus, initialiser, (str(sortie), le)) as pool:
        yield from pool.imap(produire_une, taches, chunksize=4)


# --- merge ---------------------------------------------------------------------------


def fusionner(fichiers: list[Path], cible: Path) -> None:
    """One PDF to print, built by packets (qpdf reads the sources lazily: low memory)."""
    import pikepdf

    temporaire = cible.with_name(f".{cible.name}.partiel")
    paquets: list[Path] = []
    try:
        for debut in range(0, len(fichiers), TAILLE_PAQUET_FUSION):
            paquet = cible.with_name(f".{cible.name}.{len(paquets)}")
            _fusionner_paquet(pikepdf, fichiers[debut : debut + TAILLE_PAQUET_FUSION], paquet)
            paquets.append(paquet)
        _fusionner_paquet(pikepdf, paquets, temporaire)
        os.replace(temporaire, cible)
    finally:
        for p in [*paquets, temporaire]:
            p.unlink(missing_ok=True)


def _fusionner_paquet(pikepdf: Any, sources: list[Path], cible: Path) -> None:
    with pikepdf.Pdf.new() as sortie:
        ouverts = []
        try:
            for s in sources:
                pdf = pikepdf.Pdf.open(s)
                ouverts.append(pdf)
                sortie.pages.extend(pdf.pages)
            sortie.save(cible, deterministic_id=True)
        finally:
            for pdf in ouverts:
                pdf.close()


# --- the batch ----------------------------------------------------------------------------


def produire_lot(
    taches: list[Tache],
    sortie: Path,
    le: date,
    processus: int | None = None,
    progression: Callable[[int], None] | None = None,
) -> Bilan:
    """Produce every letter not already complete, the manifest and the merged PDF."""
    manifeste = sortie / MANIFESTE
    anciennes = lire_manifeste(manifeste)
    attendues = [t.cle for t in taches]
    reprises = [anciennes[c] for c in attendues if c in anciennes]
    a_faire = [t for t in taches if t.cle not in anciennes]
    # Rewrite the manifest with the rows still valid, then append as letters come.
    ecrire_atomique(manifeste, _csv(reprises, entete=True))
    if progression and reprises:
        progression(len(reprises))
    produites: list[Ligne] = []
    echecs: list[Echec] = []
    n = processus or os.cpu_count() or 1
    with manifeste.open("a", encoding="utf-8", newline="") as journal:
        for resultat in _executer(a_faire, sortie, le, n):
            if isinstance(resultat, Echec):
                echecs.append(resultat)
            else:
                produites.append(resultat)
                journal.write(_csv([resultat], entete=False).decode("utf-8"))
                journal.flush()
            if progression:
                progression(1)
    par_cle = {(x.dossier, x.document): x for x in [*reprises, *produites]}
    ordre = [par_cle[c] for c in attendues if c in par_cle]
    ecrire_atomique(manifeste, _csv(ordre, entete=True))
    fusion = None
    if ordre and not echecs:
        fusion = sortie / f"lot_{le.isoformat()}_a_imprimer.pdf"
        fusionner([sortie / x.fichier for x in ordre], fusion)
    return Bilan(produites, reprises, echecs, fusion, manifeste)


def previsions(taches: list[Tache], sortie: Path, le: date) -> list[tuple[Tache, str, bool]]:
    """For --simuler: each letter, its file name, and whether it is already complete."""
    anciennes = lire_manifeste(sortie / MANIFESTE) if sortie.is_dir() else {}
    return [
        (t, nom_fichier(t.dossier.reference, t.modele, le, "pdf"), t.cle in anciennes)
        for t in taches
    ]
