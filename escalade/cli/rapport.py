"""`escalade rapport`: the recovery indicators, the policy's A/B tests, the report file.

The pure cores are `escalade.pilotage.indicateurs` and `escalade.recouvrement.ab_test`; the
store is read by `escalade.stockage.pilotage`; charts and the HTML / PDF/A report are drawn by
`escalade.pilotage.rapport` (matplotlib and WeasyPrint imported only there, scipy only for
the A/B significance test). The store side is `escalade.stockage.rapport_depot` (shared
with the server's report page).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from escalade.cli import commande
from escalade.cli.options import OPTION_DB, OPTION_JSON, OPTION_POLITIQUE, politique_du_creancier
from escalade.cli.parametres import DATE, aujourdhui, imprimer_json

if TYPE_CHECKING:
    pass


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
    from escalade.droit.erreurs import EntreeInvalide
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.stockage.rapport_depot import indicateurs_du_depot, periode

    jour = le or aujourdhui()
    debut, fin = periode(du, au, jour)
    if sortie is not None and sortie.suffix.lower() not in (".pdf", ".html", ".htm"):
        raise EntreeInvalide("--sortie : un fichier .pdf ou .html est attendu", fichier=str(sortie))
    pol = politique_du_creancier(politique, jurisprudence(), jour)
    indicateurs, experiences, cle, ecarts = indicateurs_du_depot(
        db, creancier, pol, debut, fin, jour
    )
    if sortie is not None:
        _ecrire_rapport(sortie, indicateurs, experiences, cle, jour, ecarts)
    if en_json:
        from escalade.pilotage.ecarts_decompte import ecarts_en_dict
        from escalade.pilotage.indicateurs import indicateurs_en_dict
        from escalade.pilotage.resultats_ab import resultat_en_dict

        imprimer_json(
            {
                "creancier": cle,
                **indicateurs_en_dict(indicateurs),
                "ecarts_decompte": ecarts_en_dict(*ecarts),
                "experiences": [resultat_en_dict(x) for x in experiences],
                "sortie": None if sortie is None else str(sortie),
            }
        )
    elif sortie is None:
        _afficher_rapport(indicateurs, experiences, cle)
        _afficher_ecarts(*ecarts)
    else:
        click.echo(f"Rapport écrit : {sortie}")


def _ecrire_rapport(
    sortie: Path,
    indicateurs: Any,
    experiences: list[Any],
    cle: str | None,
    le: date,
    ecarts: tuple[list[Any], list[str]],
) -> None:
    from escalade.documents.sortie import ecrire_atomique, preparer_dossier
    from escalade.pilotage.rapport import contexte, rendre_html, rendre_pdf

    preparer_dossier(sortie.parent if str(sortie.parent) else Path("."))
    source = rendre_html(contexte(indicateurs, cle, experiences, le, ecarts))
    if sortie.suffix.lower() == ".pdf":
        ecrire_atomique(sortie, rendre_pdf(source))
    else:
        ecrire_atomique(sortie, source.encode("utf-8"))


def _afficher_rapport(r: Any, experiences: list[Any], cle: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    from escalade.droit.format_fr import date_courte, montant_fr, pourcent_fr
    from escalade.pilotage.definitions_indicateurs import DEFINITIONS, VOIES_FR

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


def _afficher_ecarts(ecarts: list[Any], non_verifies: list[str]) -> None:
    from escalade.droit.format_fr import date_courte, montant_fr
    from escalade.pilotage.ecarts_decompte import DEFINITION

    if not ecarts and not non_verifies:
        click.echo("Écarts avec le décompte : aucun (les factures soldées ici le sont aussi au "
                   "décompte).")  # fmt: skip
        return
    click.echo("Écarts avec le décompte :")
    for e in ecarts:
        click.echo(
            f"- {e.dossier}, facture {e.facture} : soldée ici le {date_courte(e.solde_le)}, "
            f"le décompte réclame encore {montant_fr(e.principal_decompte)} de principal"
        )
    if non_verifies:
        click.echo(f"- non vérifiés (taux inconnu) : {', '.join(non_verifies)}")
    click.echo(DEFINITION)
