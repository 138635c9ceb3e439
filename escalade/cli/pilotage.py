"""Steering commands: operators, recorded costs, a dossier's timeline, the management report.

`operateur ajouter|lister`, `frais ajouter|lister`, `historique DOSSIER` and `rapport`. The
pure cores are `escalade.recouvrement.operateurs`, `escalade.pilotage.historique`,
`escalade.pilotage.indicateurs` and
`escalade.recouvrement.ab_test`; the store is read by `escalade.stockage.pilotage`; charts and the
HTML / PDF/A report are drawn by `escalade.pilotage.rapport` (matplotlib and WeasyPrint imported
only there, scipy only for the A/B significance test).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from escalade.cli import commande
from escalade.cli.depot import OPTION_DB, OPTION_JSON, OPTION_POLITIQUE, GroupeFr
from escalade.cli.parametres import DATE, MONTANT, imprimer_json, maintenant

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from escalade.recouvrement.plan import Action
    from escalade.recouvrement.politique import Politique

# --- assignment (used by `escalade plan`) -------------------------------------------------


def responsables_du_plan(
    conn: Connection, actions: Sequence[Action], politique: Politique, operateur: str | None
) -> dict[str, str | None]:
    """Each planned dossier's operator under the policy's rules (reference -> name or None).

    `operateur` (plan --operateur) must be a registered operator. Rules naming someone the
    store does not know are reported on stderr, never silently followed.
    """
    from escalade.recouvrement.operateurs import operateurs_cites, responsable
    from escalade.stockage.pilotage import (
        creanciers_des_dossiers,
        exiger_operateur,
        lister_operateurs,
    )

    if operateur:
        exiger_operateur(conn, operateur)
    connus = {o.nom for o in lister_operateurs(conn)}
    inconnus = [n for n in operateurs_cites(politique) if n not in connus]
    if inconnus:
        click.echo(
            "Attention : la politique affecte des actions à des opérateurs non enregistrés : "
            + ", ".join(inconnus),
            err=True,
        )
    creanciers = creanciers_des_dossiers(conn, [a.dossier for a in actions])
    return {
        a.dossier: responsable(a.dossier, a.etape, creanciers[a.dossier], politique)
        for a in actions
    }


def variantes_du_plan(actions: Sequence[Action], politique: Politique) -> dict[str, str | None]:
    """The template (relance_1 or relance_1@B) of actions under an A/B test, else None."""
    from escalade.recouvrement.ab_test import experience_active, nom_modele, variante

    resultat: dict[str, str | None] = {}
    for a in actions:
        e = experience_active(politique, a.document, a.date)
        resultat[a.dossier] = (
            None if e is None else nom_modele(e.modele, variante(a.dossier, e.nom))
        )
    return resultat


def verifier_operateur_contact(db: str | None, nom: str) -> None:
    """`contact --operateur`: once operators are registered, the name must be one of them."""
    from escalade.stockage.moteur import moteur, transaction_lecture
    from escalade.stockage.pilotage import exiger_operateur, lister_operateurs

    with transaction_lecture(moteur(db, creer=False)) as conn:
        if lister_operateurs(conn):
            exiger_operateur(conn, nom)


# --- operateur ----------------------------------------------------------------------------


@click.group(name="operateur", cls=GroupeFr)
def operateur() -> None:
    """Les opérateurs de l'équipe : nom, adresse électronique, rôle."""


@operateur.command(name="ajouter")
@click.argument("nom")
@click.option("--email", metavar="ADRESSE", help="Adresse électronique professionnelle.")
@click.option(
    "--role",
    metavar="RÔLE",
    default="gestionnaire",
    help="gestionnaire (par défaut), responsable, juriste ou agent.",
)
@OPTION_DB
@OPTION_JSON
def operateur_ajouter(
    nom: str, email: str | None, role: str, db: str | None, en_json: bool
) -> None:
    """Enregistre un opérateur (ou met à jour son adresse et son rôle)."""
    from escalade.recouvrement.operateurs import valider_operateur
    from escalade.stockage.moteur import moteur, transaction_ecriture
    from escalade.stockage.pilotage import ajouter_operateur

    op = valider_operateur(nom, email, role)
    with transaction_ecriture(moteur(db)) as conn:
        nouveau = ajouter_operateur(conn, op, maintenant())
    if en_json:
        imprimer_json({"nom": op.nom, "email": op.email, "role": op.role, "nouveau": nouveau})
        return
    click.echo(f"Opérateur {op.nom} {'enregistré' if nouveau else 'mis à jour'} ({op.role}).")


@operateur.command(name="lister")
@OPTION_DB
@OPTION_JSON
def operateur_lister(db: str | None, en_json: bool) -> None:
    """Liste les opérateurs enregistrés."""
    from escalade.recouvrement.operateurs import ROLES_FR
    from escalade.stockage.moteur import moteur, transaction_lecture
    from escalade.stockage.pilotage import lister_operateurs

    with transaction_lecture(moteur(db, creer=False)) as conn:
        ops = lister_operateurs(conn)
    if en_json:
        imprimer_json(
            {"operateurs": [{"nom": o.nom, "email": o.email, "role": o.role} for o in ops]}
        )
        return
    if not ops:
        click.echo("Aucun opérateur enregistré.")
    for o in ops:
        click.echo(f"- {o.nom} : {ROLES_FR[o.role]}" + (f" <{o.email}>" if o.email else ""))


# --- frais --------------------------------------------------------------------------------


@click.group(name="frais", cls=GroupeFr)
def frais() -> None:
    """Frais de recouvrement supportés par le créancier (coût par euro recouvré)."""


@frais.command(name="ajouter")
@click.option("--date", "date_", type=DATE, required=True, help="Date de la dépense.")
@click.option("--montant", type=MONTANT, required=True, help="Montant (euros).")
@click.option(
    "--nature",
    metavar="NATURE",
    required=True,
    help="Nature : affranchissement, lrar, agence, commissaire_de_justice, "
    "greffe, avocat, temps_interne...",
)
@click.option(
    "--dossier", metavar="RÉFÉRENCE", help="Dossier concerné (sinon : frais généraux du créancier)."
)
@click.option(
    "--creancier",
    metavar="SIREN|NOM",
    help="Créancier (SIREN ou nom) quand aucun dossier n'est visé.",
)
@click.option("--libelle", metavar="TEXTE", help="Libellé libre.")
@OPTION_DB
@OPTION_JSON
def frais_ajouter(
    date_: date,
    montant: Decimal,
    nature: str,
    dossier: str | None,
    creancier: str | None,
    libelle: str | None,
    db: str | None,
    en_json: bool,
) -> None:
    """Enregistre un frais de recouvrement (date, montant, nature)."""
    from escalade.stockage.moteur import moteur, transaction_ecriture
    from escalade.stockage.pilotage import ajouter_frais

    nature = nature.strip()
    if not nature:
        from escalade.droit.erreurs import EntreeInvalide

        raise EntreeInvalide("la nature du frais est vide", champ="--nature")
    with transaction_ecriture(moteur(db, creer=False)) as conn:
        cle = ajouter_frais(
            conn,
            date_=date_,
            montant=montant,
            nature=nature,
            libelle=libelle,
            maintenant=maintenant(),
            dossier=dossier,
            creancier=creancier,
        )
    if en_json:
        imprimer_json(
            {
                "date": date_.isoformat(),
                "montant": format(montant, "f"),
                "nature": nature,
                "dossier": dossier,
                "creancier": cle,
            }
        )
        return
    from escalade.droit.format_fr import montant_fr

    click.echo(f"Frais de {montant_fr(montant)} ({nature}) enregistré pour {dossier or cle}.")


# --- historique ---------------------------------------------------------------------------


@commande(name="historique")
@click.argument("dossier")
@OPTION_DB
@OPTION_JSON
def historique(dossier: str, db: str | None, en_json: bool) -> None:
    """L'historique consolidé d'un dossier, dans l'ordre : factures, paiements, avoirs,
    contacts (canal, résultat, opérateur), documents produits, étapes, promesses, litiges.

    DOSSIER : référence d'un dossier du dépôt (historique complet, transitions comprises)
    ou fichier de dossier.
    """
    from escalade.pilotage.historique import chronologie, evenement_en_dict

    dossier_, transitions = _dossier_et_transitions(dossier, db)
    evenements = chronologie(dossier_, transitions)
    if en_json:
        imprimer_json(
            {
                "dossier": dossier_.reference,
                "evenements": [evenement_en_dict(e) for e in evenements],
            }
        )
        return
    _afficher_historique(dossier_.reference, evenements)


def _dossier_et_transitions(source: str, db: str | None) -> tuple[Any, list[Any]]:
    chemin = Path(source)
    if chemin.exists() or chemin.suffix.lower() in {".yaml", ".yml", ".json"}:
        from escalade.droit.erreurs import EntreeInvalide
        from escalade.entrees.chargement import charger_fichier

        dossiers = charger_fichier(chemin)
        if len(dossiers) != 1:
            raise EntreeInvalide("un seul dossier attendu", fichier=source)
        return dossiers[0], []
    from escalade.stockage.depot import charger
    from escalade.stockage.moteur import moteur, transaction_lecture
    from escalade.stockage.pilotage import transitions_du_dossier

    with transaction_lecture(moteur(db, creer=False)) as conn:
        stocke = charger(conn, source)
        return stocke.dossier, transitions_du_dossier(conn, stocke.id)


def _afficher_historique(reference: str, evenements: Sequence[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Historique du dossier {reference}", title_justify="left")
    for titre, justifier in (
        ("Date", "left"),
        ("Heure", "left"),
        ("Événement", "left"),
        ("Montant", "right"),
        ("Opérateur", "left"),
    ):
        table.add_column(titre, justify=justifier)  # type: ignore[arg-type]
    from escalade.droit.format_fr import date_courte, montant_fr

    for e in evenements:
        table.add_row(
            date_courte(e.jour),
            e.heure.strftime("%H:%M") if e.heure else "",
            e.libelle,
            montant_fr(e.montant) if e.montant is not None else "",
            e.operateur or "",
        )
    Console(soft_wrap=False).print(table)


# --- rapport ------------------------------------------------------------------------------


def _periode(du: date | None, au: date | None, le: date) -> tuple[date, date]:
    """Default: the twelve calendar months ending with the month of `au` (or of the date)."""
    from escalade.droit.erreurs import EntreeInvalide

    fin = au or le
    debut = du or date(fin.year - 1 + (fin.month // 12), fin.month % 12 + 1, 1)
    if debut > fin:
        raise EntreeInvalide("--du doit précéder --au", champ="--du")
    return debut, fin


@commande(name="rapport")
@click.option(
    "--du",
    type=DATE,
    help="Début de la période (par défaut : 12 mois civils finissant avec celui de --au).",
)
@click.option("--au", type=DATE, help="Fin de la période (par défaut : la date du rapport).")
@click.option("--date", "le", type=DATE, help="Date d'observation (par défaut : aujourd'hui).")
@click.option("--creancier", metavar="SIREN|NOM", help="Un seul créancier (SIREN ou nom).")
@click.option(
    "--sortie",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FICHIER",
    help="Rapport avec graphiques : FICHIER.pdf (PDF/A) ou FICHIER.html.",
)
@OPTION_POLITIQUE
@OPTION_DB
@OPTION_JSON
def rapport(
    du: date | None,
    au: date | None,
    le: date | None,
    creancier: str | None,
    sortie: Path | None,
    politique: Path | None,
    db: str | None,
    en_json: bool,
) -> None:
    """Indicateurs du recouvrement : balance âgée, DSO, taux de recouvrement à 30, 60 et
    90 jours, part soldée après chaque étape, délai de paiement par segment, montants par
    voie, coût par euro recouvré, et les tests A/B de la politique ; chaque chiffre avec
    sa définition. Tableaux sur le terminal, JSON, ou rapport PDF/A ou HTML (--sortie).
    """
    from escalade.cli.depot import _politique
    from escalade.cli.parametres import aujourdhui
    from escalade.droit.erreurs import EntreeInvalide
    from escalade.droit.jurisprudence import jurisprudence

    jour = le or aujourdhui()
    debut, fin = _periode(du, au, jour)
    if sortie is not None and sortie.suffix.lower() not in (".pdf", ".html", ".htm"):
        raise EntreeInvalide("--sortie : un fichier .pdf ou .html est attendu", fichier=str(sortie))
    pol = _politique(politique, jurisprudence(), jour)
    indicateurs, experiences, cle = _calculer(db, creancier, pol, debut, fin, jour)
    if sortie is not None:
        _ecrire_rapport(sortie, indicateurs, experiences, cle, jour)
    if en_json:
        from escalade.pilotage.indicateurs import indicateurs_en_dict
        from escalade.recouvrement.ab_test import resultat_en_dict

        imprimer_json(
            {
                "creancier": cle,
                **indicateurs_en_dict(indicateurs),
                "experiences": [resultat_en_dict(x) for x in experiences],
                "sortie": None if sortie is None else str(sortie),
            }
        )
    elif sortie is None:
        _afficher_rapport(indicateurs, experiences, cle)
    else:
        click.echo(f"Rapport écrit : {sortie}")


def _calculer(
    db: str | None, creancier: str | None, pol: Politique, du: date, au: date, le: date
) -> tuple[Any, list[Any], str | None]:
    from escalade.pilotage.indicateurs import calculer, imputer
    from escalade.recouvrement.ab_test import comparer, observer
    from escalade.stockage.moteur import moteur, transaction_lecture
    from escalade.stockage.pilotage import cle_du_creancier, portefeuille, premieres_relances

    with transaction_lecture(moteur(db, creer=False)) as conn:
        cle = None if creancier is None else cle_du_creancier(conn, creancier)
        p = portefeuille(conn, cle)
        relances = {e.nom: premieres_relances(conn, e.modele, cle) for e in pol.experiences}
    suivis = imputer(p)
    indicateurs = calculer(p, du, au, le, suivis)
    par_dossier: dict[str, list[Any]] = {}
    for s in suivis:
        par_dossier.setdefault(s.facture.dossier, []).append(s)
    experiences = [
        comparer(e, observer(e, relances[e.nom], par_dossier, le)) for e in pol.experiences
    ]
    return indicateurs, experiences, cle


def _ecrire_rapport(
    sortie: Path, indicateurs: Any, experiences: list[Any], cle: str | None, le: date
) -> None:
    from escalade.documents.sortie import ecrire_atomique, preparer_dossier
    from escalade.pilotage.rapport import contexte, rendre_html, rendre_pdf

    preparer_dossier(sortie.parent if str(sortie.parent) else Path("."))
    source = rendre_html(contexte(indicateurs, cle, experiences, le))
    if sortie.suffix.lower() == ".pdf":
        ecrire_atomique(sortie, rendre_pdf(source))
    else:
        ecrire_atomique(sortie, source.encode("utf-8"))


def _afficher_rapport(r: Any, experiences: list[Any], cle: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    from escalade.droit.format_fr import date_courte, montant_fr, pourcent_fr
    from escalade.pilotage.indicateurs import DEFINITIONS, VOIES_FR

    def taux(v: Decimal | None) -> str:
        return "n.c." if v is None else pourcent_fr(v)

    def jours(v: Decimal | None) -> str:
        return "n.c." if v is None else f"{v} j".replace(".", ",")

    console = Console(soft_wrap=False)
    qui = f" — créancier {cle}" if cle else ""
    console.print(
        f"[bold]Rapport de recouvrement du {date_courte(r.du)} au {date_courte(r.au)}[/bold]"
        f" (observé le {date_courte(r.observe_le)}{qui}, {r.factures} factures)"
    )

    def tableau(
        titre: str, colonnes: Sequence[str], lignes: Sequence[Sequence[str]], definition: str
    ) -> None:
        t = Table(title=titre, title_justify="left", caption=definition, caption_justify="left")
        for i, c in enumerate(colonnes):
            t.add_column(c, justify="left" if i == 0 else "right")
        for ligne in lignes:
            t.add_row(*ligne)
        console.print(t)

    tableau(
        "Balance âgée",
        ["Tranche", "Factures", "Restant dû"],
        [[x.libelle, str(x.nombre), montant_fr(x.montant)] for x in r.balance_agee],
        DEFINITIONS["balance_agee"],
    )
    tableau(
        "DSO",
        ["Période", "Créances", "CA TTC", "DSO"],
        [
            [
                f"{date_courte(m.du)} – {date_courte(m.au)}",
                montant_fr(m.encours),
                montant_fr(m.chiffre_affaires),
                jours(m.jours),
            ]
            for m in (r.dso, *r.dso_mensuel)
        ],
        DEFINITIONS["dso"],
    )
    tableau(
        "Taux de recouvrement",
        ["Horizon", "Observées", "Non closes", "Dû", "Payé", "Taux"],
        [
            [
                f"{t.jours} j",
                str(t.observees),
                str(t.non_observees),
                montant_fr(t.principal_du),
                montant_fr(t.recouvre),
                taux(t.taux),
            ]
            for t in r.taux_recouvrement
        ],
        DEFINITIONS["taux_recouvrement"],
    )
    tableau(
        "Factures soldées après chaque étape",
        ["Étape", "Factures", "Part", "Part (€)"],
        [
            [e.libelle, str(e.nombre), taux(e.part_nombre), taux(e.part_montant)]
            for e in r.part_par_etape
        ],
        DEFINITIONS["part_par_etape"],
    )
    tableau(
        "Délai moyen de paiement par segment",
        ["Segment", "Factures", "Depuis émission", "Après échéance"],
        [
            [
                d.segment,
                str(d.factures),
                jours(d.jours_depuis_emission),
                jours(d.jours_apres_echeance),
            ]
            for d in r.delai_par_segment
        ],
        DEFINITIONS["delai_par_segment"],
    )
    c = r.cout_par_euro
    cout = "n.c." if c.cout is None else f"{c.cout} €".replace(".", ",")
    tableau(
        "Recouvré par voie et coût par euro",
        ["Voie", "Montant"],
        [
            *([VOIES_FR[v], montant_fr(m)] for v, m in r.recouvre_par_voie.items()),
            ["Frais de recouvrement", montant_fr(c.frais)],
            ["Coût par euro recouvré", cout],
        ],
        DEFINITIONS["recouvre_par_voie"] + " " + DEFINITIONS["cout_par_euro"],
    )
    for x in experiences:
        tableau(
            f"Test A/B « {x.experience.nom} » ({x.experience.modele}, {x.experience.jours} jours)",
            ["Variante", "Dossiers", "Payés", "Taux", "En attente"],
            [
                [g.modele, str(g.dossiers), str(g.payes), taux(g.taux), str(g.en_attente)]
                for g in x.groupes
            ],
            x.conclusion,
        )
