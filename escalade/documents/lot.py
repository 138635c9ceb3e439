"""Batches of letters: per-dossier PDF/A files, one merged PDF to print, a manifest CSV.

- Selection: when the escalation plan exists (`escalade.recouvrement.plan.planifier`, which applies
the
  compliance gate), a dossier gets the document its plan calls for today, if the gate
  allows it; `--modele` then keeps only that document. Without the plan, `--modele` is
  required and applies to every dossier given.
- Workers (escalade.documents.travailleurs_lot): one long-lived process per core, each
  loading fonts, stylesheet and legal data once; each letter is written as soon as it is
  rendered (atomic write: temporary file, then os.replace), nothing is held in memory. A
  batch stopped (Ctrl-C, SIGTERM, a worker killed) leaves no temporary file.
- Resumable: the manifest is appended line by line; a letter whose file exists with the
  SHA-256 the manifest records is not produced again. Registered-letter numbers already
  filled in the manifest are kept.
- A batch never records a letter as sent: sending is recorded by `contact`, or by
  importing the registered-letter numbers back from the manifest.
- The merged PDF to print is written as letters come (escalade.documents.fusion_pdf).
  Internal documents (the call sheet: objections and answers for the operator) never go
  into it: they are merged into a separate file, `lot_<date>_documents_internes.pdf`.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final

from escalade.documents import csv_sur
from escalade.documents.catalogue import (
    INTERNES,
    MODELES,
    canonique,
    decouper,
    nom_fichier,
    verifier_modele,
)
from escalade.documents.fusion_pdf import Fusion
from escalade.documents.sortie import ecrire_atomique, sha256_fichier
from escalade.documents.travailleurs_lot import Echec, Ligne, Tache, executer
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Dossier
from escalade.recouvrement.politique_modele import Politique, TonRelances

if TYPE_CHECKING:
    from escalade.recouvrement.action import Action

COLONNES: Final = ("dossier", "document", "fichier", "pages", "sha256", "numero_lrar")
MANIFESTE: Final = "manifeste.csv"
ACCESSOIRES_RESTANTS: Final = "accessoires restants : pas de relance automatique, voir le plan"


@dataclass(frozen=True)
class Ecarte:
    dossier: str
    motif: str


@dataclass
class Bilan:
    produites: list[Ligne]
    reprises: list[Ligne]
    echecs: list[Echec]
    fusion: Path | None
    manifeste: Path
    internes: Path | None = None  # the call sheets: never in the pile to print and post


# --- selection ---------------------------------------------------------------------


def plan_disponible() -> bool:
    return importlib.util.find_spec("escalade.recouvrement.plan") is not None


def selectionner(
    dossiers: Iterable[Dossier],
    modele: str | None,
    le: date,
    jur: Jurisprudence,
    politique: Politique | None = None,
    actions: Mapping[str, Action] | None = None,
) -> tuple[list[Tache], list[Ecarte]]:
    """The documents due today: from the plan and gate when they exist, else `modele`.

    `actions`: the store's plan by dossier reference (escalade.stockage.planification, which
    feeds the gate the debtor's journal across creditors and knows recorded waivers); a
    dossier absent from it has nothing planned. Without it, each dossier is planned alone.

    Under an A/B test of the policy (escalade.recouvrement.ab_test), a dossier gets its variant's
    template (relance_1@B); `--modele relance_1` keeps both variants, `relance_1@B` one."""
    dossiers = list(dossiers)
    _references_uniques(dossiers)
    if modele is not None:
        verifier_modele(modele)
        modele = canonique(modele)
    if not plan_disponible():
        if modele is None:
            raise EntreeInvalide(
                "précisez le document à produire avec --modele (le plan d'escalade n'est pas "
                "disponible dans cette version)",
                champ="modele",
            )
        return [Tache(d, modele) for d in dossiers], []
    from escalade.recouvrement.plan import planifier
    from escalade.recouvrement.politique import politique_par_defaut

    politique = politique or politique_par_defaut(jur, le)
    taches: list[Tache] = []
    ecartes: list[Ecarte] = []
    for d in dossiers:
        action = planifier(d, le, politique, jur) if actions is None else actions.get(d.reference)
        if action is None:
            ecartes.append(Ecarte(d.reference, "plus aucune action prévue"))
        elif action.etape == "accessoires_restants":  # principal paid: never chased by a batch
            ecartes.append(Ecarte(d.reference, ACCESSOIRES_RESTANTS))
        elif action.bloquee:
            motifs = " ; ".join(m.message for m in action.motifs_blocage)
            ecartes.append(Ecarte(d.reference, f"refusé par le contrôle de conformité : {motifs}"))
        elif action.date > le:
            ecartes.append(Ecarte(d.reference, f"{action.etape} prévue le {action.date:%d/%m/%Y}"))
        elif action.document not in MODELES:
            ecartes.append(Ecarte(d.reference, f"étape {action.etape} : pas de lettre à produire"))
        else:
            document = _variante(politique, d.reference, action.document, action.date)
            try:
                verifier_modele(document)
            except EntreeInvalide as e:  # an A/B test whose variant has no template
                ecartes.append(Ecarte(d.reference, f"le plan prévoit {document} : {e.message}"))
                continue
            if modele is not None and modele not in (document, action.document):
                ecartes.append(Ecarte(d.reference, f"le plan prévoit {document}, pas {modele}"))
            else:
                taches.append(Tache(d, document))
    return taches, ecartes


def _references_uniques(dossiers: Sequence[Dossier]) -> None:
    """The same reference twice in one batch would give two letters one file: refused."""
    vus: set[str] = set()
    for d in dossiers:
        if d.reference in vus:
            raise EntreeInvalide(
                f"la référence de dossier « {d.reference} » figure deux fois dans le lot : "
                "chaque dossier doit avoir sa propre référence (corrigez l'un des deux)",
                champ="reference",
            )
        vus.add(d.reference)


def _variante(politique: Politique, reference: str, document: str, le: date) -> str:
    """The template of `document` this dossier gets under an active A/B test, if any."""
    from escalade.recouvrement.ab_test import experience_active, nom_modele, variante

    e = experience_active(politique, document, le)
    return document if e is None else nom_modele(document, variante(reference, e.nom))


# --- manifest ------------------------------------------------------------------------


def lire_manifeste(chemin: Path) -> dict[tuple[str, str], Ligne]:
    """Rows of an earlier run whose file is still there, complete (same SHA-256)."""
    if not chemin.exists():
        return {}
    lignes: dict[tuple[str, str], Ligne] = {}
    with chemin.open(encoding="utf-8", newline="") as f:
        for brut in csv.DictReader(f):
            row = {k: csv_sur.lire(v) if isinstance(v, str) else v for k, v in brut.items()}
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


# --- the batch ----------------------------------------------------------------------------


def produire_lot(
    taches: list[Tache],
    sortie: Path,
    le: date,
    processus: int | None = None,
    progression: Callable[[int], None] | None = None,
    ton: TonRelances | None = None,
    modeles: Path | None = None,
) -> Bilan:
    """Produce every letter not already complete, the manifest and the merged PDF.

    `ton`: the policy's thresholds for wording the delay (`Politique.ton_relances`);
    `modeles`: a firm's templates folder (`escalade.documents.modeles_utilisateur`)."""
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
    ordre: list[Ligne] = []
    n = processus or os.cpu_count() or 1
    cible = sortie / f"lot_{le.isoformat()}_a_imprimer.pdf"
    cible_internes = sortie / f"lot_{le.isoformat()}_documents_internes.pdf"
    fusion = internes = None
    with (
        manifeste.open("a", encoding="utf-8", newline="") as journal,
        Fusion(cible) as pdf,
        Fusion(cible_internes) as pdf_internes,
    ):
        resultats = executer(a_faire, sortie, le, n, ton, modeles)
        try:
            for cle in attendues:  # the results come in the order of the tasks not yet done
                if cle in anciennes:
                    ligne = anciennes[cle]
                else:
                    resultat = next(resultats)
                    if progression:
                        progression(1)
                    if isinstance(resultat, Echec):
                        echecs.append(resultat)
                        continue
                    ligne = resultat
                    produites.append(ligne)
                    journal.write(_csv([ligne], entete=False).decode("utf-8"))
                    journal.flush()
                ordre.append(ligne)
                if not echecs:  # a failed letter: no merged PDF, but the others are produced
                    interne = decouper(ligne.document)[0] in INTERNES
                    (pdf_internes if interne else pdf).ajouter(sortie / ligne.fichier)
        finally:
            resultats.close()  # the pool ends here: its workers are waited for
        if not echecs:
            if pdf.lettres:
                pdf.valider()
                fusion = cible
            if pdf_internes.lettres:
                pdf_internes.valider()
                internes = cible_internes
    if produites and hasattr(os, "sync"):
        os.sync()  # the batch's letters on disk before the manifest that lists them
    ecrire_atomique(manifeste, _csv(ordre, entete=True))
    return Bilan(produites, reprises, echecs, fusion, manifeste, internes)


def previsions(taches: list[Tache], sortie: Path, le: date) -> list[tuple[Tache, str, bool]]:
    """For --simuler: each letter, its file name, and whether it is already complete."""
    anciennes = lire_manifeste(sortie / MANIFESTE) if sortie.is_dir() else {}
    return [
        (t, nom_fichier(t.dossier.reference, t.modele, le, "pdf"), t.cle in anciennes)
        for t in taches
    ]
