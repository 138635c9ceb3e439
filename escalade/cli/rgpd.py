"""GDPR commands: `rgpd purger|exporter|registre|notes` and the audit `journal`.

The pure core decides (escalade.rgpd.conservation, escalade.rgpd.registre,
escalade.rgpd.notes_sensibles); escalade.stockage.purge, escalade.stockage.donnees_personnelles
and escalade.stockage.audit read and write the store; these commands only parse, call, print.
The note check of `escalade contact` is in escalade.cli.contacts.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import click

from escalade.cli import commande
from escalade.cli.options import OPTION_DB, OPTION_JSON, OPTION_OPERATEUR, GroupeFr
from escalade.cli.parametres import DATE, aujourdhui, imprimer_json, maintenant
from escalade.droit.erreurs import EntreeInvalide


@click.group(name="rgpd", cls=GroupeFr)
def rgpd() -> None:
    """Données personnelles : purge, export des données d'une personne, registre, notes."""


def _politique(le: date) -> Any:
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.rgpd.regles_conservation import politique_par_defaut

    return politique_par_defaut(jurisprudence(), le)


def _action_en_dict(a: Any) -> dict[str, Any]:
    return {
        "categorie": a.categorie,
        "action": a.action,
        "champs": list(a.champs),
        "conserve_jusqu_au": a.conserve_jusqu_au.isoformat(),
        "motif": a.motif,
        "articles": list(a.references),
    }


# --- purger ------------------------------------------------------------------------------


@rgpd.command(name="purger")
@click.option("--date", "le", type=DATE, help="Date de la purge (par défaut : aujourd'hui).")
@click.option(
    "--appliquer",
    is_flag=True,
    help="Effacer ou pseudonymiser réellement (sans cette option : simulation, rien n'est écrit).",
)
@OPTION_OPERATEUR
@OPTION_DB
@OPTION_JSON
def purger(
    le: date | None, appliquer: bool, operateur: str | None, db: str | None, en_json: bool
) -> None:
    """Efface ou pseudonymise les données personnelles dont la durée de conservation est
    échue, catégorie par catégorie, en gardant montants, dates et statistiques.

    --appliquer ne vaut qu'à la date du jour : une autre date (--date) est une
    simulation. Sans --appliquer, liste ce qui serait effacé ou pseudonymisé et pourquoi, sans rien
    écrire. Un dossier sous gel (procédure en cours, titre exécutoire) reste entier.
    Avec --appliquer, chaque purge est inscrite au journal d'audit (sans les données
    purgées) ; avec SQLite, le fichier est ensuite compacté (secure_delete et VACUUM).
    """
    from escalade.stockage.moteur import moteur
    from escalade.stockage.purge import LOT
    from escalade.stockage.purge import purger as purger_depot

    jour = le or aujourdhui()
    if appliquer and jour != aujourdhui():
        quand = "future" if jour > aujourdhui() else "passée"
        raise EntreeInvalide(
            f"--appliquer ne purge qu'à la date du jour ({aujourdhui():%d/%m/%Y}) : une date "
            f"{quand} ({jour:%d/%m/%Y}) se consulte en simulation, sans --appliquer",
            champ="--date",
        )
    m = moteur(db, creer=False)
    lot = int(os.environ.get("ESCALADE_RGPD_LOT") or LOT)  # smaller batches: kill tests
    bilan = purger_depot(
        m, jour, _politique(jour), appliquer=appliquer, operateur=operateur,
        maintenant=maintenant(), lot=lot,
    )  # fmt: skip
    if en_json:
        imprimer_json(
            {
                "date": jour.isoformat(),
                "applique": appliquer,
                "dossiers_examines": bilan.dossiers_examines,
                "purges": [
                    {"dossier": p.reference, "actions": [_action_en_dict(a) for a in p.actions]}
                    for p in bilan.purges
                ],
                "geles": [
                    {
                        "dossier": p.reference,
                        "retenues": [
                            {"motif": r.motif, "jusqu_au": r.jusqu_au and r.jusqu_au.isoformat(),
                             "articles": list(r.references)}
                            for r in p.retenues
                        ],
                    }
                    for p in bilan.geles
                ],
                "par_categorie": bilan.compte_par_categorie(),
            }
        )  # fmt: skip
        return
    verbe = "purgé" if appliquer else "à purger (simulation : rien n'est écrit)"
    click.echo(
        f"Purge RGPD au {jour.isoformat()} : {bilan.dossiers_examines} dossier(s) examiné(s), "
        f"{len(bilan.purges)} {verbe}, {len(bilan.geles)} sous gel."
    )
    for p in bilan.purges:
        click.echo(f"- {p.reference}")
        for a in p.actions:
            click.echo(f"    {a.libelle} : {a.action} ({a.motif})")
            click.echo(f"      références : {', '.join(a.references)}")
    for p in bilan.geles:
        for r in p.retenues:
            click.echo(f"- {p.reference} : conservé entier, {r.motif} ({', '.join(r.references)})")
    if not appliquer and bilan.purges:
        click.echo("Relancez avec --appliquer pour effectuer la purge.")


# --- exporter ----------------------------------------------------------------------------


@rgpd.command(name="exporter")
@click.argument("personne")
@click.option(
    "--sortie",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Répertoire où écrire l'export (JSON et PDF, ou HTML sans moteur PDF).",
)
@OPTION_OPERATEUR
@OPTION_DB
@OPTION_JSON
def exporter(
    personne: str, sortie: Path, operateur: str | None, db: str | None, en_json: bool
) -> None:
    """Toutes les données du dépôt sur une personne (articles 15 et 20 du RGPD).

    PERSONNE : nom (civilité, accents, casse et ordre des mots ignorés), courriel,
    téléphone, SIREN ou SIRET. La personne peut être un débiteur (ses dossiers entiers) ou
    l'interlocuteur d'un débiteur (les seules lignes qui la nomment). Les personnes proches
    (même nom de famille, faute de frappe) ne sont pas exportées : elles sont listées pour
    que vous confirmiez en relançant avec le nom exact, le courriel ou le SIREN. Sans
    correspondance exacte, aucun export n'est écrit. La recherche est inscrite au journal
    d'audit.
    """
    from escalade.documents.export_rgpd import ecrire_export
    from escalade.stockage.audit import journaliser
    from escalade.stockage.donnees_personnelles import exporter as exporter_depot
    from escalade.stockage.moteur import moteur, transaction_ecriture

    with transaction_ecriture(moteur(db, creer=False)) as conn:
        donnees = exporter_depot(conn, personne)
        candidats = donnees["candidats"]
        trouves = len(donnees["comme_debiteur"]) + len(donnees["comme_interlocuteur"])
        fichiers: list[Path] = []
        if trouves or not candidats:
            if not sortie.exists():
                sortie.mkdir(parents=True)
            fichiers = ecrire_export(donnees, sortie, maintenant())
        journaliser(
            conn, "export", f"export RGPD (art. 15 et 20) : {trouves} dossier(s)"
            + (f", {len(candidats)} personne(s) proche(s) à confirmer, non exportée(s)"
               if candidats else ""),
            maintenant(), operateur,
        )  # fmt: skip
    if en_json:
        imprimer_json(
            {"dossiers": trouves, "fichiers": [str(f) for f in fichiers], "candidats": candidats}
        )
        return
    if trouves == 0 and not candidats:
        click.echo("Aucune donnée sur cette personne dans le dépôt (export vide écrit).")
    for f in fichiers:
        click.echo(f"Écrit : {f}")
    if candidats:
        titre = (
            "Personnes proches, non exportées"
            if trouves
            else "Aucune correspondance exacte, aucun export écrit ; personnes proches"
        )
        click.echo(f"{titre} (confirmez en relançant avec le nom exact, le courriel ou le SIREN) :")
        for c in candidats:
            role = "débiteur" if c["role"] == "debiteur" else "interlocuteur"
            detail = "" if c["champ"] == "nom" else f" ({c['champ']} : {c['valeur']})"
            click.echo(f"- {c['dossier']} : {role} « {c['nom']} »{detail}")


# --- registre ----------------------------------------------------------------------------


def _configuration(chemin: Path | None) -> Any:
    from escalade.droit.yaml_juridique import lire_yaml
    from escalade.rgpd.registre import ConfigurationRegistre

    if chemin is None:
        return ConfigurationRegistre()
    if not chemin.exists():
        raise EntreeInvalide("fichier de configuration introuvable", fichier=str(chemin))
    donnees = lire_yaml(chemin.read_text(encoding="utf-8"), str(chemin)) or {}
    connus = set(ConfigurationRegistre.__dataclass_fields__)
    if not isinstance(donnees, dict) or set(donnees) - connus:
        inconnus = ", ".join(sorted(set(donnees) - connus)) if isinstance(donnees, dict) else ""
        raise EntreeInvalide(
            f"configuration invalide (champs admis : {', '.join(sorted(connus))})"
            + (f" ; inconnus : {inconnus}" if inconnus else ""),
            fichier=str(chemin),
        )
    for cle in ("destinataires", "mesures"):
        if cle in donnees:
            donnees[cle] = tuple(str(x) for x in donnees[cle] or ())
    return ConfigurationRegistre(**donnees)


@rgpd.command(name="registre")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="ESCALADE_REGISTRE",
    help="YAML : responsable, adresse, contact, dpo, destinataires, mesures, stockage, "
    "transferts_hors_ue (par défaut ESCALADE_REGISTRE).",
)
@click.option("--date", "le", type=DATE, help="Date des durées citées (par défaut : aujourd'hui).")
@OPTION_JSON
def registre(config: Path | None, le: date | None, en_json: bool) -> None:
    """Le registre des activités de traitement (article 30 du RGPD) du recouvrement."""
    from escalade.rgpd.registre import registre as construire

    r = construire(_configuration(config), _politique(le or aujourdhui()))
    if en_json:
        imprimer_json({**r.fiche, "references": list(r.references)})
        return
    f = r.fiche
    click.echo(f"Registre des traitements — {f['traitement']} ({', '.join(r.references)})")
    resp = f["responsable"]
    click.echo(f"Responsable : {resp['nom']}, {resp['adresse']} ({resp['contact']})")
    click.echo(f"Délégué à la protection des données : {resp['delegue_protection_donnees']}")
    _liste("Finalités", f["finalites"])
    _liste("Bases légales", [
        f"{b['article']} : {b['base']} — {b['finalites']}"
        + (f" ({b['reserve']})" if b.get("reserve") else "")
        for b in f["bases_legales"]
    ])  # fmt: skip
    _liste("Personnes concernées", f["categories_personnes"])
    _liste("Données", [f"{c['libelle']} : {c['donnees']}" for c in f["categories_donnees"]])
    click.echo(f"Données sensibles : {f['donnees_sensibles']}")
    _liste("Destinataires", f["destinataires"])
    click.echo(f"Transferts hors Union européenne : {f['transferts_hors_ue']}")
    _liste("Durées de conservation", [
        f"{d['libelle']} : {d['duree']}" for d in f["durees_conservation"]
    ])  # fmt: skip
    _liste("Mesures de sécurité", f["mesures_securite"])


def _liste(titre: str, elements: list[str]) -> None:
    click.echo(f"{titre} :")
    for e in elements:
        click.echo(f"  - {e}")


# --- notes -------------------------------------------------------------------------------


@rgpd.command(name="notes")
@OPTION_DB
@OPTION_JSON
def notes(db: str | None, en_json: bool) -> None:
    """Les notes libres du dépôt qui semblent contenir des données sensibles ou excessives."""
    from escalade.rgpd.notes_sensibles import LIBELLES
    from escalade.stockage.donnees_personnelles import notes_sensibles
    from escalade.stockage.moteur import moteur, transaction_lecture

    with transaction_lecture(moteur(db, creer=False)) as conn:
        trouvees = notes_sensibles(conn)
    if en_json:
        imprimer_json(
            {
                "notes": [
                    {"dossier": n.dossier, "source": n.source, "le": n.le, "texte": n.texte,
                     "categories": list(n.categories)}
                    for n in trouvees
                ]
            }
        )  # fmt: skip
        return
    click.echo(f"{len(trouvees)} note(s) à revoir (CNIL, zones bloc-notes, 28 févr. 2019).")
    for n in trouvees:
        libelles = ", ".join(LIBELLES[c] for c in n.categories)
        click.echo(f"- {n.dossier} [{n.source}, {n.le}] {libelles} : « {n.texte} »")


# --- journal -----------------------------------------------------------------------------


@commande(name="journal")
@click.argument("dossier", required=False)
@OPTION_DB
@OPTION_JSON
def journal(dossier: str | None, db: str | None, en_json: bool) -> None:
    """Le journal d'audit : qui a fait quoi et quand (import, contact, transition,
    document, dérogation, purge, export), pour tout le dépôt ou un DOSSIER."""
    from escalade.stockage.audit import journal as lire_journal
    from escalade.stockage.moteur import moteur, transaction_lecture

    with transaction_lecture(moteur(db, creer=False)) as conn:
        evenements = lire_journal(conn, dossier)
    if en_json:
        imprimer_json(
            {
                "evenements": [
                    {"le": e.le.isoformat(), "action": e.action, "operateur": e.operateur,
                     "dossier": e.dossier, "detail": e.detail}
                    for e in evenements
                ]
            }
        )  # fmt: skip
        return
    for e in evenements:
        qui = e.operateur or "non enregistré"
        quoi = f" {e.dossier}" if e.dossier else ""
        click.echo(
            f"{e.le.strftime('%Y-%m-%d %H:%M:%S')}  {e.action:<14} {qui:<12}{quoi}  {e.detail}"
        )
