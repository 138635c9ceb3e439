"""Commands that produce documents: `lettre` (one document) and `lot` (a batch to print).

WeasyPrint and docxtpl are imported only inside these commands (start-up of the other
commands stays fast).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from escalade.cli import commande
from escalade.cli.options import OPTION_MODELES
from escalade.cli.parametres import DATE, aujourdhui, dossiers_depuis, imprimer_json

if TYPE_CHECKING:
    from escalade.droit.donnees_juridiques import Jurisprudence
    from escalade.droit.modele import Dossier
    from escalade.recouvrement.action import Action
    from escalade.recouvrement.conformite import Decision
    from escalade.recouvrement.politique_modele import Politique
    from escalade.recouvrement.regles_conformite import Motif

FORMATS = ("pdf", "docx")
CODE_REFUS = 3  # refused by the compliance gate


@commande(name="lettre")
@click.argument("dossier")
@click.option("--modele", "modele", required=True, help="Document à produire (ex. relance_1).")
@click.option(
    "--format", "format_", type=click.Choice(FORMATS), default="pdf", show_default=True,
    help="PDF/A-3b (décompte JSON joint) ou DOCX modifiable.",
)  # fmt: skip
@click.option(
    "--sortie", type=click.Path(path_type=Path), default=Path("."), show_default=True,
    help="Dossier où écrire le document.",
)  # fmt: skip
@click.option("--date", "le", type=DATE, help="Date de la lettre (par défaut : aujourd'hui).")
@click.option(
    "--forcer", is_flag=True, help="Passer outre une limite de la politique (jamais la loi)."
)
@click.option("--motif", "motif_forcage", help="Justification écrite de --forcer.")
@click.option(
    "--politique",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="ESCALADE_POLITIQUE",
    help="Politique de recouvrement du créancier (YAML ; par défaut ESCALADE_POLITIQUE, "
    "sinon la politique par défaut).",
)
@click.option("--json", "en_json", is_flag=True, help="Sortie JSON (clés stables).")
@OPTION_MODELES
def lettre(
    dossier: str,
    modele: str,
    format_: str,
    sortie: Path,
    le: date | None,
    forcer: bool,
    motif_forcage: str | None,
    politique: Path | None,
    en_json: bool,
    modeles: Path | None,
) -> None:
    """Produit un document du recouvrement pour un dossier (PDF/A-3b ou DOCX).

    Modèles : relance_1, relance_2, fiche_appel, confirmation_appel, derniere_relance,
    mise_en_demeure, decompte, echeancier ; une variante de test A/B s'écrit modèle@B
    (ex. relance_1@B). Rien n'est écrit si une erreur survient.

    Une lettre qui réclame paiement (relances, confirmation d'appel, mise en demeure, et
    la fiche d'appel, qui prépare un appel) passe d'abord le contrôle de conformité à sa
    date : refusée (code de sortie 3, chaque motif et ses articles) sous procédure
    collective, sur un dossier soldé, pendant un échéancier respecté, ou quand toutes les
    factures impayées sont en litige ou prescrites. Une limite de la politique (pas de la
    loi) peut être dépassée avec --forcer --motif "…". Le décompte et l'échéancier restent
    toujours produits.
    """
    from escalade.documents.catalogue import verifier_modele
    from escalade.documents.modeles_utilisateur import utiliser
    from escalade.documents.production import controler, derogeable, produire
    from escalade.documents.sortie import ecrire_atomique, preparer_dossier, sha256
    from escalade.droit.erreurs import EntreeInvalide
    from escalade.droit.jurisprudence import jurisprudence

    if forcer != (motif_forcage is not None):
        raise click.UsageError("--forcer et --motif vont ensemble")
    if motif_forcage is not None and not motif_forcage.strip():
        raise EntreeInvalide("--forcer demande un motif écrit (--motif)", champ="--motif")
    utiliser(modeles)
    verifier_modele(modele)
    jour = le or aujourdhui()
    jur = jurisprudence()
    dossiers = dossiers_depuis(dossier, jour)
    pol = _politique(politique, jur, jour)
    decisions = [(d, controler(modele, d, jour, pol, jur)) for d in dossiers]
    refus = [(d, dec) for d, dec in decisions if dec is not None and not dec.autorise]
    bloques = [(d, dec) for d, dec in refus if not (forcer and derogeable(dec))]
    if bloques:
        _refuser(bloques, modele, jour, en_json)
    forces = {d.reference: dec for d, dec in refus}
    produits = [
        produire(d, modele, jour, jur, format_, forces.get(d.reference), pol.ton_relances)  # type: ignore[arg-type]
        for d in dossiers
    ]
    preparer_dossier(sortie)
    resultats: list[dict[str, Any]] = []
    for p in produits:
        chemin = sortie / p.nom_fichier
        ecrire_atomique(chemin, p.contenu)
        r: dict[str, Any] = {
            "dossier": p.dossier,
            "document": p.document,
            "format": p.format,
            "fichier": str(chemin),
            "pages": p.pages,
            "sha256": sha256(p.contenu),
            "force": p.dossier in forces,
        }
        if p.dossier in forces:
            r["motif_forcage"] = motif_forcage
            r["motifs"] = [_motif_en_dict(m) for m in forces[p.dossier].motifs]
        resultats.append(r)
    if en_json:
        imprimer_json(resultats[0] if len(resultats) == 1 else {"documents": resultats})
        return
    for reference, decision in forces.items():
        _afficher_refus(reference, decision, modele, jour)
        click.echo(
            f"Lettre produite pour {reference} malgré la politique (motif : {motif_forcage}). "
            "Enregistrez son envoi avec « escalade contact … --forcer --motif » : la "
            "dérogation sera inscrite au journal d'audit.",
            err=True,
        )
    for r in resultats:
        click.echo(f"{r['fichier']}")


def _politique(chemin: Path | None, jur: Jurisprudence, jour: date) -> Politique:
    """The creditor's policy file, else the default policy in force on `jour`."""
    from escalade.droit.erreurs import EntreeInvalide
    from escalade.recouvrement.fichier_politique import charger_politique
    from escalade.recouvrement.politique import politique_par_defaut

    if chemin is None:
        return politique_par_defaut(jur, jour)
    if not chemin.is_file():
        raise EntreeInvalide("fichier de politique introuvable", fichier=str(chemin))
    return charger_politique(chemin, jur)


def _motif_en_dict(m: Motif) -> dict[str, Any]:
    return {"code": m.code, "message": m.message, "articles": list(m.articles), "legal": m.legal}


def _afficher_refus(reference: str, decision: Decision, modele: str, jour: date) -> None:
    """Every reason of the gate, with its articles, as `escalade verifier` prints them."""
    from escalade.droit.format_fr import date_longue

    click.echo(
        f"Lettre « {modele} » pour {reference} au {date_longue(jour)} : refusée par le "
        "contrôle de conformité",
        err=True,
    )
    for mo in decision.motifs:
        nature = "" if mo.legal else " [limite de politique]"
        click.echo(f"  - [{mo.code}] {mo.message}{nature}", err=True)
        if mo.articles:
            click.echo(f"    références : {', '.join(mo.articles)}", err=True)
    if decision.prochain_creneau is not None:
        quand = date_longue(decision.prochain_creneau.date())
        click.echo(f"  lettre possible à partir du {quand}", err=True)


def _refuser(
    refus: list[tuple[Dossier, Decision]], modele: str, jour: date, en_json: bool
) -> NoReturn:
    """Exit 3 with every reason; nothing has been written."""
    from escalade.documents.production import derogeable

    if en_json:
        documents = [
            {
                "dossier": d.reference,
                "document": modele,
                "date": jour.isoformat(),
                "autorise": False,
                "derogeable": derogeable(dec),
                "motifs": [_motif_en_dict(m) for m in dec.motifs],
                "prochain_creneau": (
                    dec.prochain_creneau.isoformat() if dec.prochain_creneau else None
                ),
            }
            for d, dec in refus
        ]
        imprimer_json(documents[0] if len(documents) == 1 else {"refus": documents})
    else:
        for d, dec in refus:
            _afficher_refus(d.reference, dec, modele, jour)
            if derogeable(dec):
                click.echo(
                    "  Limite de la politique du créancier, pas de la loi : --forcer "
                    '--motif "…" permet de produire la lettre.',
                    err=True,
                )
            else:
                click.echo("  Refus légal : aucune dérogation possible.", err=True)
        click.echo("Aucun document n'a été écrit.", err=True)
    sys.exit(CODE_REFUS)


@commande(name="lot")
@click.argument("dossiers", nargs=-1)
@click.option("--modele", "modele", help="Ne produire que ce document (ex. relance_1).")
@click.option(
    "--sortie", type=click.Path(path_type=Path), default=Path("lot"), show_default=True,
    help="Dossier du lot : lettres, PDF fusionné à imprimer, manifeste.csv.",
)  # fmt: skip
@click.option("--date", "le", type=DATE, help="Date des lettres (par défaut : aujourd'hui).")
@click.option("--simuler", is_flag=True, help="Affiche ce qui serait produit, sans rien écrire.")
@click.option(
    "--processus",
    type=click.IntRange(min=1),
    help="Nombre de processus (par défaut : un par cœur).",
)
@click.option("--db", help="Dépôt à lire quand aucun dossier n'est donné (URL ou fichier SQLite).")
@click.option(
    "--politique",
    type=click.Path(path_type=Path),
    help="Politique du créancier (YAML) : plans, limites, tests A/B (sinon celle par défaut).",
)
@OPTION_MODELES
def lot(
    dossiers: tuple[str, ...],
    modele: str | None,
    sortie: Path,
    le: date | None,
    simuler: bool,
    processus: int | None,
    db: str | None,
    politique: Path | None,
    modeles: Path | None,
) -> None:
    """Produit en lot les lettres du jour, prêtes à imprimer et à poster.

    Chaque dossier reçoit le document que son plan d'escalade prévoit à cette date, si le
    contrôle de conformité l'autorise (--modele restreint à un document ; sans plan, il est
    obligatoire). Écrit une lettre PDF/A par dossier, un PDF fusionné à imprimer et
    manifeste.csv (dossier, document, pages, SHA-256, numéro de recommandé à remplir).
    Les fiches d'appel (documents internes) vont dans un fichier à part, jamais dans le
    PDF à imprimer. Sans DOSSIERS, les dossiers ouverts du dépôt. Sous un test A/B de la
    politique, chaque dossier reçoit le modèle de sa variante (ex. relance_1@B). Un lot
    interrompu reprend là où il s'est arrêté. Le lot n'enregistre aucun envoi :
    l'envoi s'enregistre avec « contact --manifeste manifeste.csv » une fois les numéros
    de recommandé remplis (colonne numero_lrar).
    """
    from escalade.documents import lot as batch
    from escalade.documents.modeles_utilisateur import utiliser
    from escalade.documents.sortie import preparer_dossier
    from escalade.droit.erreurs import EntreeInvalide
    from escalade.droit.jurisprudence import jurisprudence

    utiliser(modeles)
    jour = le or aujourdhui()
    jur = jurisprudence()
    pol = None
    if politique is not None:
        from escalade.recouvrement.fichier_politique import charger_politique

        if not politique.is_file():
            raise EntreeInvalide("fichier de politique introuvable", fichier=str(politique))
        pol = charger_politique(politique, jur)
    tous = [d for source in dossiers for d in dossiers_depuis(source, jour)]
    plan = None
    if not tous:
        tous, plan = _ouverts_et_plan(db, jour, pol, jur)
    taches, ecartes = batch.selectionner(tous, modele, jour, jur, pol, plan)
    if simuler:
        for tache, nom, fait in batch.previsions(taches, sortie, jour):
            etat = "déjà produit" if fait else "à produire"
            click.echo(f"{tache.dossier.reference}\t{tache.modele}\t{sortie / nom}\t{etat}")
        for e in ecartes:
            click.echo(f"{e.dossier}\t—\t{e.motif}")
        click.echo(f"{len(taches)} lettre(s) prévue(s), {len(ecartes)} dossier(s) écarté(s).")
        return
    preparer_dossier(sortie)
    with _progression(len(taches), sys.stderr.isatty()) as avancer:
        ton = pol.ton_relances if pol is not None else None
        bilan = batch.produire_lot(taches, sortie, jour, processus, avancer, ton, modeles)
    for e in ecartes:
        click.echo(f"Écarté : {e.dossier} : {e.motif}", err=True)
    for x in bilan.echecs:
        click.echo(f"Échec : {x.dossier} ({x.document}) : {x.message}", err=True)
    click.echo(
        f"{len(bilan.produites)} lettre(s) produite(s), {len(bilan.reprises)} déjà présente(s), "
        f"{len(bilan.echecs)} échec(s). Manifeste : {bilan.manifeste}"
    )
    if bilan.fusion is not None:
        click.echo(f"À imprimer : {bilan.fusion}")
    if bilan.internes is not None:
        click.echo(f"Documents internes (fiches d'appel, à ne pas poster) : {bilan.internes}")
    if bilan.echecs:
        raise EntreeInvalide(
            "lot incomplet : corrigez les erreurs ci-dessus puis relancez la même commande "
            "(les lettres déjà produites ne seront pas refaites)"
        )


def _ouverts_et_plan(
    db: str | None, le: date, politique: Politique | None, jur: Jurisprudence
) -> tuple[list[Dossier], dict[str, Action]]:
    """The open dossiers of the store and their plan as `escalade plan` makes it: the gate
    counts the debtor's contacts across creditors, recorded waivers are known (read-only)."""
    from escalade.droit.dossier_au import dossier_au
    from escalade.recouvrement.politique import politique_par_defaut
    from escalade.stockage.depot import iterer_ouverts
    from escalade.stockage.moteur import moteur, transaction_lecture
    from escalade.stockage.planification import planifier_depot

    pol = politique or politique_par_defaut(jur, le)
    with transaction_lecture(moteur(db, creer=False)) as conn:
        dossiers = [dossier_au(s.dossier, le) for s in iterer_ouverts(conn)]
        plan = {a.dossier: a for a in planifier_depot(conn, le, pol, jur)}
    return dossiers, plan


class _progression:
    """A rich progress bar on a terminal; nothing in a pipe."""

    def __init__(self, total: int, terminal: bool) -> None:
        self.total, self.terminal = total, terminal
        self.barre: object | None = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if not self.terminal or self.total == 0:
            return lambda n: None
        from rich.progress import Progress

        barre = Progress(transient=True)
        barre.start()
        tache = barre.add_task("Lettres", total=self.total)
        self.barre = barre
        return lambda n: barre.advance(tache, n)

    def __exit__(self, *args: object) -> None:
        if self.barre is not None:
            self.barre.stop()  # type: ignore[attr-defined]
