"""Commands for the legal steps of a stored dossier: the mise en demeure (sent, received,
unclaimed), a collective proceeding of the debtor, the waiver of the late-payment accessories.

Recorded through the same machinery as the other dated events (`escalade.cli.transitions`);
the waiver is a creditor's decision written to the history and the audit journal, never a
contact.
"""

from __future__ import annotations

from datetime import date

import click

from escalade.cli import commande
from escalade.cli.options import GroupeFr
from escalade.cli.parametres import DATE, aujourdhui, imprimer_json, maintenant
from escalade.cli.transitions import options_transition, transition
from escalade.stockage.saisies import valider_evenement

PROCEDURES = ("sauvegarde", "redressement_judiciaire", "liquidation_judiciaire")


@click.group(name="mise-en-demeure", cls=GroupeFr)
def mise_en_demeure() -> None:
    """Mise en demeure (LRAR) : envoyée, reçue, ou non réclamée (première présentation)."""


@mise_en_demeure.command(name="envoyee")
@click.argument("dossier")
@click.option("--date", "date_", type=DATE, required=True, help="Date d'envoi.")
@click.option("--delai-jours", type=click.IntRange(1, 60), help="Délai laissé (jours).")
@click.option("--numero-lrar", help="Numéro de la lettre recommandée.")
@options_transition
def med_envoyee(dossier: str, date_: date, delai_jours: int | None, numero_lrar: str | None,
                le_jour: date | None, operateur: str | None, db: str | None,
                en_json: bool) -> None:  # fmt: skip
    """Enregistre l'envoi de la mise en demeure."""
    transition(dossier, "mise_en_demeure_envoyee",
                {"envoyee_le": date_, "delai_jours": delai_jours, "numero_lrar": numero_lrar},
                le_jour, operateur, db, en_json, "Mise en demeure")  # fmt: skip


@mise_en_demeure.command(name="recue")
@click.argument("dossier", required=False)
@click.option("--date", "date_", type=DATE, required=True, help="Date de réception (AR).")
@click.option("--lrar", help="Numéro du recommandé (au lieu du DOSSIER) : le dossier est retrouvé.")
@options_transition
def med_recue(dossier: str | None, date_: date, lrar: str | None, le_jour: date | None,
              operateur: str | None, db: str | None, en_json: bool) -> None:  # fmt: skip
    """Enregistre la réception de la mise en demeure (avis de réception) : le délai court.

    DOSSIER, ou --lrar NUMERO : le dossier dont la lettre postée porte ce numéro
    (enregistrée par « contact --manifeste »)."""
    if (dossier is None) == (lrar is None):
        raise click.UsageError("donnez DOSSIER ou --lrar NUMERO (l'un des deux)")
    if lrar is not None:
        from escalade.stockage.manifeste import dossier_par_lrar
        from escalade.stockage.moteur import moteur, transaction_lecture

        with transaction_lecture(moteur(db, creer=False)) as conn:
            dossier = dossier_par_lrar(conn, lrar)
    assert dossier is not None
    transition(dossier, "mise_en_demeure_recue", {"recue_le": date_},
                le_jour, operateur, db, en_json, "Réception de la mise en demeure")  # fmt: skip


@mise_en_demeure.command(name="non-reclamee")
@click.argument("dossier")
@click.option("--premiere-presentation", type=DATE, required=True,
              help="Date de première présentation de la lettre.")  # fmt: skip
@options_transition
def med_non_reclamee(dossier: str, premiere_presentation: date, le_jour: date | None,
                     operateur: str | None, db: str | None, en_json: bool) -> None:  # fmt: skip
    """Lettre non réclamée : la mise en demeure vaut, le délai court de la première présentation."""
    transition(dossier, "mise_en_demeure_non_reclamee",
                {"premiere_presentation_le": premiere_presentation},
                le_jour, operateur, db, en_json, "Mise en demeure non réclamée")  # fmt: skip


@commande(name="procedure-collective")
@click.argument("dossier")
@click.option("--type", "type_", required=True,
              type=click.Choice(PROCEDURES),
              help="Nature de la procédure.")  # fmt: skip
@click.option("--jugement-le", type=DATE, required=True, help="Date du jugement d'ouverture.")
@click.option("--publication-bodacc-le", type=DATE, help="Date de publication au BODACC.")
@options_transition
def procedure_collective(dossier: str, type_: str, jugement_le: date,
                         publication_bodacc_le: date | None, le_jour: date | None,
                         operateur: str | None, db: str | None, en_json: bool) -> None:  # fmt: skip
    """Procédure collective du débiteur : plus aucune relance (C. com. L622-21), sur tous ses
    dossiers ; seule reste la déclaration de créance."""
    transition(dossier, "procedure_collective_ouverte",
                {"procedure": type_, "jugement_le": jugement_le,
                 "publication_bodacc_le": publication_bodacc_le},
                le_jour, operateur, db, en_json, "Procédure collective")  # fmt: skip


@commande(name="abandon-accessoires")
@click.argument("dossier")
@click.option("--date", "date_", type=DATE, required=True, help="Date de la décision d'abandon.")
@click.option("--motif", required=True,
              help="Raison écrite de l'abandon (inscrite au journal d'audit).")  # fmt: skip
@options_transition
def abandon_accessoires(dossier: str, date_: date, motif: str, le_jour: date | None,
                        operateur: str | None, db: str | None, en_json: bool) -> None:  # fmt: skip
    """Abandonne les accessoires de retard restant dus (pénalités ou intérêts, indemnité
    forfaitaire) sur un dossier dont le principal est payé : l'étape « accessoires_restants »
    du plan disparaît.

    Décision du créancier, pas un contact avec le débiteur : ni contrôle de conformité
    (horaires, canaux, limites), ni ligne au journal des contacts. Elle est inscrite à
    l'historique du dossier et au journal d'audit (qui, quand, montant selon le décompte de
    ce jour, motif). Refusée (code 2) tant que le principal n'est pas entièrement payé, ou
    si le décompte ne trouve rien à abandonner ; un montant qu'un taux non publié empêche de
    calculer peut être abandonné, sans être deviné. Pour réclamer plutôt : escalade lettre
    DOSSIER --modele decompte, puis escalade contact DOSSIER --canal courrier --objet
    reclamation_accessoires.
    """
    from escalade.droit.format_fr import montant_fr
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.procedures.evenements import AccessoiresAbandonnes
    from escalade.stockage.moteur import moteur
    from escalade.stockage.transitions import enregistrer_abandon_accessoires

    evenement = valider_evenement(AccessoiresAbandonnes, {"le": date_})
    r = enregistrer_abandon_accessoires(
        moteur(db, creer=False), dossier, evenement, le_jour or aujourdhui(), jurisprudence(),
        maintenant(), motif, operateur,
    )  # fmt: skip
    t = r.transition
    if en_json:
        imprimer_json(
            {
                "evenement": evenement.model_dump(mode="json"),
                "deja_enregistre": t.deja_enregistre,
                "montant": None if r.montant is None else f"{r.montant:.2f}",
                "non_calculable": r.non_calculable,
                "dossiers": [
                    {"dossier": ref, "etape_avant": avant, "etape": apres}
                    for ref, avant, apres in zip(
                        t.references, t.etapes_avant, t.etapes, strict=True
                    )
                ],
            }
        )
        return
    if t.deja_enregistre:
        click.echo(f"Abandon des accessoires déjà enregistré pour {dossier} (aucun doublon créé).")
        return
    combien = (
        f"{montant_fr(r.montant)} selon le décompte au {date_:%d/%m/%Y}"
        if r.montant is not None
        else "montant non calculable à ce jour, faute de donnée juridique"
    )
    click.echo(
        f"Abandon des accessoires enregistré pour {dossier} ({combien}) : étape "
        f"{t.etapes_avant[0] or 'aucune'} → {t.etapes[0] or 'aucune'} ; inscrit au journal "
        "d'audit."
    )
    if r.non_calculable:
        click.echo(f"  donnée manquante : {r.non_calculable}")
