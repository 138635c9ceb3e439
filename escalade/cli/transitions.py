"""Commands that record a dated event of a stored dossier: payment, credit note, dispute,
payment schedule, missed instalment.

Each event is validated (French messages), applied through the pure core
(`escalade.procedures.etapes`) and stored with the new state in one transaction
(`escalade.stockage.transitions`); the same event recorded twice changes nothing. The
machinery here (`transition`, `options_transition`) is shared with the legal steps of
`escalade.cli.etapes_juridiques`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import click

from escalade.cli import commande
from escalade.cli.options import OPTION_DB, OPTION_JSON, OPTION_OPERATEUR, GroupeFr
from escalade.cli.parametres import DATE, MONTANT, aujourdhui, imprimer_json, maintenant
from escalade.droit.erreurs import EntreeInvalide

OPTION_LE_JOUR = click.option(
    "--le", "le_jour", type=DATE, help="Date d'enregistrement (par défaut : aujourd'hui)."
)


# The events whose label is feminine (« Mise en demeure enregistrée », « Paiement enregistré »).
FEMININS: Final = frozenset(
    {
        "mise_en_demeure_envoyee",
        "mise_en_demeure_recue",
        "mise_en_demeure_non_reclamee",
        "procedure_collective_ouverte",
        "litige_clos",
        "echeance_manquee",
    }
)


def transition(
    dossier: str,
    evenement_type: str,
    champs: dict[str, Any],
    le_jour: date | None,
    operateur: str | None,
    db: str | None,
    en_json: bool,
    libelle: str,
) -> None:
    """Validate the event (French messages), apply it through the core, store the result
    (`escalade.stockage.saisies`, shared with the server)."""
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.stockage.moteur import moteur
    from escalade.stockage.saisies import enregistrer_evenement, transition_en_dict

    evenement, r = enregistrer_evenement(
        moteur(db, creer=False),
        dossier,
        evenement_type,
        champs,
        le_jour or aujourdhui(),
        jurisprudence(),
        maintenant(),
        operateur,
    )
    if en_json:
        imprimer_json(transition_en_dict(evenement, r))
        return
    enregistre = "enregistrée" if evenement_type in FEMININS else "enregistré"
    for ref, avant, apres in zip(r.references, r.etapes_avant, r.etapes, strict=True):
        if r.deja_enregistre:
            click.echo(f"{libelle} déjà {enregistre} pour {ref} (aucun doublon créé).")
        elif avant != apres:
            click.echo(f"{libelle} {enregistre} pour {ref} : étape {avant or 'aucune'} → {apres}.")
        else:
            click.echo(f"{libelle} {enregistre} pour {ref} (étape : {apres or 'aucune'}).")


def options_transition(f: Any) -> Any:
    for option in reversed((OPTION_LE_JOUR, OPTION_OPERATEUR, OPTION_DB, OPTION_JSON)):
        f = option(f)
    return f


@commande(name="paiement")
@click.argument("dossier")
@click.option("--montant", type=MONTANT, required=True, help="Montant reçu (euros).")
@click.option("--date", "date_", type=DATE, required=True, help="Date du paiement.")
@click.option("--facture", help="Facture désignée par le débiteur (sinon : C. civ. 1342-10).")
@click.option("--reference", help="Référence du paiement (virement, chèque...).")
@options_transition
def paiement(dossier: str, montant: Any, date_: date, facture: str | None,
             reference: str | None, le_jour: date | None, operateur: str | None,
             db: str | None, en_json: bool) -> None:  # fmt: skip
    """Enregistre un paiement reçu ; le dossier passe à « solde » une fois le principal payé."""
    transition(dossier, "paiement",
                {"montant": montant, "date": date_, "facture": facture, "reference": reference},
                le_jour, operateur, db, en_json, "Paiement")  # fmt: skip


@commande(name="avoir")
@click.argument("dossier")
@click.option("--montant", type=MONTANT, required=True, help="Montant de l'avoir (euros).")
@click.option("--date", "date_", type=DATE, required=True, help="Date de l'avoir.")
@click.option("--facture", required=True, help="Facture que l'avoir réduit.")
@click.option("--numero", help="Numéro de l'avoir.")
@options_transition
def avoir(dossier: str, montant: Any, date_: date, facture: str, numero: str | None,
          le_jour: date | None, operateur: str | None, db: str | None,
          en_json: bool) -> None:  # fmt: skip
    """Enregistre un avoir (note de crédit) sur une facture."""
    transition(dossier, "avoir",
                {"montant": montant, "date": date_, "facture": facture, "numero": numero},
                le_jour, operateur, db, en_json, "Avoir")  # fmt: skip


@click.group(name="litige", cls=GroupeFr)
def litige() -> None:
    """Litige sur une facture : ouvrir ou clore (les autres factures restent recouvrables)."""


@litige.command(name="ouvrir")
@click.argument("dossier")
@click.option("--facture", required=True, help="Facture contestée.")
@click.option("--motif", required=True, help="Motif de la contestation.")
@click.option("--date", "date_", type=DATE, required=True, help="Date d'ouverture du litige.")
@options_transition
def litige_ouvrir(dossier: str, facture: str, motif: str, date_: date, le_jour: date | None,
                  operateur: str | None, db: str | None, en_json: bool) -> None:  # fmt: skip
    """Ouvre un litige : la facture n'est plus relancée tant qu'il dure."""
    transition(dossier, "litige_ouvert", {"facture": facture, "motif": motif, "ouvert_le": date_},
                le_jour, operateur, db, en_json, "Litige")  # fmt: skip


@litige.command(name="clore")
@click.argument("dossier")
@click.option("--facture", required=True, help="Facture dont le litige est clos.")
@click.option("--date", "date_", type=DATE, required=True, help="Date de clôture.")
@options_transition
def litige_clore(dossier: str, facture: str, date_: date, le_jour: date | None,
                 operateur: str | None, db: str | None, en_json: bool) -> None:  # fmt: skip
    """Clôt le litige d'une facture."""
    transition(dossier, "litige_clos", {"facture": facture, "clos_le": date_},
                le_jour, operateur, db, en_json, "Clôture de litige")  # fmt: skip


def lire_echeances(valeurs: tuple[str, ...]) -> list[dict[str, str]]:
    resultat = []
    for v in valeurs:
        jour, sep, montant = v.partition(":")
        if not sep:
            raise EntreeInvalide(
                f"échéance « {v} » : attendu AAAA-MM-JJ:MONTANT (ex. 2026-08-05:300.00)",
                champ="--echeance",
            )
        resultat.append({"date": jour.strip(), "montant": montant.strip().replace(",", ".")})
    return resultat


@commande(name="echeancier")
@click.argument("dossier")
@click.option("--convenu-le", type=DATE, required=True, help="Date de l'accord.")
@click.option("--echeance", "echeances", multiple=True, required=True,
              help="Une échéance AAAA-MM-JJ:MONTANT (option répétée).")  # fmt: skip
@options_transition
def echeancier(dossier: str, convenu_le: date, echeances: tuple[str, ...],
               le_jour: date | None, operateur: str | None, db: str | None,
               en_json: bool) -> None:  # fmt: skip
    """Enregistre un échéancier convenu : pas de relance tant qu'il est respecté."""
    transition(dossier, "echeancier_convenu",
                {"convenu_le": convenu_le, "echeances": lire_echeances(echeances)},
                le_jour, operateur, db, en_json, "Échéancier")  # fmt: skip


@commande(name="echeance-manquee")
@click.argument("dossier")
@click.option("--echeance", type=DATE, required=True, help="Date de l'échéance impayée.")
@click.option("--constatee-le", type=DATE, required=True, help="Date du constat.")
@options_transition
def echeance_manquee(dossier: str, echeance: date, constatee_le: date, le_jour: date | None,
                     operateur: str | None, db: str | None, en_json: bool) -> None:  # fmt: skip
    """Constate une échéance manquée : l'échéancier est rompu, le recouvrement reprend."""
    transition(dossier, "echeance_manquee", {"echeance": echeance, "constatee_le": constatee_le},
                le_jour, operateur, db, en_json, "Échéance manquée")  # fmt: skip
