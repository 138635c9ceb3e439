"""Contact commands: `verifier` (may this contact be made?) and `contact` (record it).

The pure core decides (`escalade.recouvrement.conformite`); `contact` re-runs the gate in the
write transaction that records the contact (`escalade.stockage.journal`). A refused contact
exits with code 3. Before recording, a note that looks sensitive is confirmed (CNIL, zones
bloc-notes) and a named operator must be a registered one.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import click

from escalade.cli import commande
from escalade.cli.options import (
    OPTION_DB,
    OPTION_JSON,
    OPTION_OPERATEUR,
    OPTION_POLITIQUE,
    confirmer,
    politique_du_creancier,
)
from escalade.cli.parametres import DATE, HORODATAGE, MONTANT, imprimer_json, maintenant
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.valeurs import CANAUX

if TYPE_CHECKING:
    from escalade.recouvrement.conformite import Decision
    from escalade.stockage.journal import ResultatContact

CODE_REFUS = 3


# --- verifier ----------------------------------------------------------------------------


def moment_fr(moment: datetime) -> str:
    from escalade.droit.format_fr import date_longue, jour_semaine
    from escalade.droit.valeurs import PARIS

    m = moment.astimezone(PARIS)
    return f"{jour_semaine(m.date())} {date_longue(m.date())} à {m.hour} h {m.minute:02d}"


CANAUX_FR = {
    "email": "courriel",
    "sms": "SMS",
    "telephone": "téléphone",
    "courrier": "courrier",
    "lrar": "lettre recommandée avec accusé de réception",
    "visite": "visite",
}


def _afficher_decision(decision: Decision, canal: str, le: datetime) -> None:
    verdict = "autorisé" if decision.autorise else "refusé"
    click.echo(f"Contact par {CANAUX_FR[canal]} le {moment_fr(le)} : {verdict}")
    for mo in decision.motifs:
        nature = "" if mo.legal else " [limite de politique]"
        click.echo(f"  - [{mo.code}] {mo.message}{nature}")
        if mo.articles:
            click.echo(f"    références : {', '.join(mo.articles)}")
    if decision.prochain_creneau is not None:
        click.echo(f"  prochain créneau autorisé : {moment_fr(decision.prochain_creneau)}")
    _afficher_notes(decision)


def _afficher_notes(decision: Decision) -> None:
    """The facts that do not block (disputed invoices, accessories still due...)."""
    for mo in decision.avertissements:
        click.echo(f"  note : [{mo.code}] {mo.message}")


@commande(name="verifier")
@click.argument("dossier")
@click.option("--canal", type=click.Choice(CANAUX), required=True, help="Canal du contact.")
@click.option("--le", type=HORODATAGE, help="Moment du contact (par défaut : maintenant).")
@click.option("--facture", help="Facture visée (les autres factures restent recouvrables).")
@click.option(
    "--objet",
    help="Objet du contact envisagé (reclamation_accessoires : réclamer les "
    "accessoires de retard d'un dossier au principal payé).",
)
@OPTION_POLITIQUE
@OPTION_DB
@OPTION_JSON
def verifier(
    dossier: str,
    canal: str,
    le: datetime | None,
    facture: str | None,
    objet: str | None,
    politique: Path | None,
    db: str | None,
    en_json: bool,
) -> None:
    """Ce contact est-il permis ? Chaque motif de refus, ses articles, le prochain créneau.

    DOSSIER : référence d'un dossier du dépôt (le journal de tous les contacts du débiteur
    est alors pris en compte) ou fichier de dossier. Code de sortie 0 si le contact est
    autorisé, 3 s'il est refusé.

    Principal payé : tout contact est refusé (dossier soldé), sauf d'objet
    reclamation_accessoires tant que le décompte du jour trouve encore des pénalités,
    intérêts ou indemnités dus (leur montant est donné en note ; refusé si rien n'est dû
    ou si un taux n'est pas encore connu). Horaires, canaux et limites s'appliquent.
    """
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.recouvrement.conformite import decision_en_dict

    moment = le or maintenant()
    jur = jurisprudence()
    pol = politique_du_creancier(politique, jur, moment.date())
    chemin = Path(dossier)
    if chemin.exists() or chemin.suffix.lower() in {".yaml", ".yml", ".json"}:
        from escalade.entrees.chargement import charger_fichier
        from escalade.recouvrement.conformite import verifier as gate

        fichiers = charger_fichier(chemin)
        if len(fichiers) != 1:
            raise EntreeInvalide("un seul dossier attendu", fichier=dossier)
        from escalade.droit.dossier_au import dossier_au
        from escalade.droit.valeurs import PARIS

        d = dossier_au(fichiers[0], moment.astimezone(PARIS).date())
        decision = gate(d, canal, moment, d.contacts, pol, jur, facture=facture, objet=objet)  # type: ignore[arg-type]
    else:
        from escalade.stockage.controle import verifier_reference

        decision = verifier_reference(db, dossier, canal, moment, pol, jur, facture, objet)
    if en_json:
        imprimer_json(decision_en_dict(decision))
    else:
        _afficher_decision(decision, canal, moment)
    if not decision.autorise:
        sys.exit(CODE_REFUS)


# --- contact -----------------------------------------------------------------------------


def verifier_operateur_contact(db: str | None, nom: str) -> None:
    """`contact --operateur`: once operators are registered, the name must be one of them."""
    from escalade.stockage.moteur import moteur, transaction_lecture
    from escalade.stockage.pilotage import exiger_operateur, lister_operateurs

    with transaction_lecture(moteur(db, creer=False)) as conn:
        if lister_operateurs(conn):
            exiger_operateur(conn, nom)


def confirmer_note(*textes: str | None, oui: bool) -> None:
    """Warn when a free text looks sensitive or excessive; ask before recording it.

    Declined (or no terminal to ask and no --oui): an input error, nothing is written.
    """
    from escalade.rgpd.notes_sensibles import analyser, avertissement

    detections = analyser(" ; ".join(t for t in textes if t))
    if not detections:
        return
    click.echo(f"Attention : {avertissement(detections)}", err=True)
    if oui:
        return
    question = "Enregistrer ce contact avec cette note ?"
    sans_reponse = (
        "contact non enregistré ; relancez avec --oui pour l'enregistrer tel quel, ou "
        "reformulez la note"
    )
    if not confirmer(question, refus_sans_reponse=sans_reponse):
        raise EntreeInvalide(
            "contact non enregistré : reformulez la note (faits objectifs et pertinents)",
            champ="--note",
        )


@commande(name="contact")
@click.argument("dossier", required=False)
@click.option("--canal", type=click.Choice(CANAUX), help="Canal du contact (obligatoire).")
@click.option(
    "--objet",
    help="Objet, dans une liste fermée : relance_1, relance_2, relance_telephonique, appel, "
    "derniere_relance, mise_en_demeure, confirmation_appel, promesse_de_paiement... (obligatoire).",
)
@click.option("--promesse-le", type=DATE, help="Promesse de paiement pour ce jour : plan suspendu.")
@click.option("--promesse-montant", type=MONTANT, help="Montant promis (euros).")
@click.option(
    "--manifeste",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Enregistre d'un coup les lettres postées d'un lot (manifeste.csv de « lot »).",
)
@click.option("--resultat", help="Résultat (promesse de paiement, refus, messagerie...).")
@click.option("--note", help="Note libre (pas de donnée sensible ni excessive).")
@click.option("--interlocuteur", help="Personne jointe.")
@click.option("--document", help="Document produit (lettre, fiche d'appel...).")
@click.option("--facture", help="Facture visée.")
@click.option(
    "--le",
    type=HORODATAGE,
    help="Moment du contact (par défaut : maintenant). Passé de plus de 15 minutes : "
    "un fait enregistré sans contrôle des horaires ni des plafonds ; futur : refusé.",
)
@click.option(
    "--entrant",
    is_flag=True,
    help="Contact à l'initiative du débiteur (appel ou courrier reçu) : un fait, jamais "
    "refusé par les horaires ni les plafonds, compté pour les contacts suivants.",
)
@click.option(
    "--forcer", is_flag=True, help="Passer outre une limite de la politique (jamais la loi)."
)
@click.option("--motif", "motif_forcage", help="Justification écrite de --forcer (journalisée).")
@click.option("--oui", is_flag=True, help="Confirmer d'avance une note signalée sensible.")
@OPTION_OPERATEUR
@OPTION_POLITIQUE
@OPTION_DB
@OPTION_JSON
def contact(
    dossier: str | None,
    canal: str | None,
    objet: str | None,
    manifeste: Path | None,
    promesse_le: date | None,
    promesse_montant: Decimal | None,
    resultat: str | None,
    note: str | None,
    interlocuteur: str | None,
    document: str | None,
    facture: str | None,
    le: datetime | None,
    entrant: bool,
    forcer: bool,
    motif_forcage: str | None,
    oui: bool,
    operateur: str | None,
    politique: Path | None,
    db: str | None,
    en_json: bool,
) -> None:
    """Enregistre un contact, après un nouveau contrôle de conformité dans la même
    transaction (deux opérateurs ne peuvent pas dépasser ensemble une limite).

    Un contact refusé n'est pas enregistré (code de sortie 3). Une limite de la politique
    du créancier (pas de la loi) peut être dépassée avec --forcer --motif "…" : la
    dérogation est inscrite au journal d'audit. Le même contact (horodatage, canal, objet)
    enregistré deux fois ne crée pas de doublon.

    Un contact déjà fait (--entrant, ou --le passé de plus de 15 minutes) est un fait :
    enregistré même hors horaires ou au-delà des plafonds, marqué comme tel au journal (et
    au journal d'audit s'il enfreignait une règle), compté pour les contacts suivants. Un
    contact erroné se corrige par une annulation : escalade contact annuler ID --motif "…".

    Principal payé : seul passe un contact d'objet reclamation_accessoires (envoi du
    décompte de créance), tant que le décompte du jour trouve encore des pénalités,
    intérêts ou indemnités dus ; l'étape « accessoires_restants » du plan disparaît
    ensuite. Un abandon n'est pas un contact : escalade abandon-accessoires.

    --promesse-le DATE [--promesse-montant X] : le débiteur promet de payer ; le plan du
    dossier est suspendu jusqu'à cette date (plus le délai de grâce de la politique), puis
    dit si la promesse est tenue (paiements enregistrés) et reprend à l'étape suivante.

    --manifeste manifeste.csv (sans DOSSIER) : chaque lettre du lot est enregistrée comme
    postée (LRAR avec son numéro si numero_lrar est rempli, sinon courrier simple), avec
    son fichier et sa SHA-256, chacune passant le contrôle à son propre moment ; les
    refus sont listés (code 3) ; relancé, rien n'est enregistré deux fois.
    """
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.droit.modele import Contact
    from escalade.stockage.journal import enregistrer_contact
    from escalade.stockage.moteur import moteur
    from escalade.stockage.saisies import resultat_contact_en_dict

    if forcer != (motif_forcage is not None):
        raise click.UsageError("--forcer et --motif vont ensemble")
    if manifeste is not None:
        if dossier or canal or objet or forcer:
            raise click.UsageError(
                "--manifeste s'emploie sans DOSSIER, --canal, --objet ni --forcer"
            )
        from escalade.cli.manifeste import contacts_du_manifeste

        if operateur:
            verifier_operateur_contact(db, operateur)
        contacts_du_manifeste(manifeste, le, operateur, politique, db, en_json)
        return
    if not dossier or not canal or not objet:
        raise click.UsageError("DOSSIER, --canal et --objet sont obligatoires (ou --manifeste)")
    from escalade.recouvrement.objets_contact import verifier_objet

    objet = verifier_objet(objet)
    if promesse_montant is not None and promesse_le is None:
        raise click.UsageError("--promesse-montant va avec --promesse-le")
    if promesse_montant is not None and promesse_montant <= 0:
        raise EntreeInvalide("montant promis positif attendu", champ="--promesse-montant")
    if promesse_le is not None and resultat is None:
        resultat = "promesse_de_paiement"
    confirmer_note(note, resultat, oui=oui)  # CNIL bloc-notes: warn, ask before recording
    if operateur:
        verifier_operateur_contact(db, operateur)
    moment = le or maintenant()
    jur = jurisprudence()
    pol = politique_du_creancier(politique, jur, moment.date())
    c = Contact.model_validate(
        {
            "le": moment,
            "canal": canal,
            "objet": objet,
            "resultat": resultat,
            "note": note,
            "interlocuteur": interlocuteur,
            "document": document,
            "operateur": operateur,
            "promesse_le": promesse_le,
            "promesse_montant": promesse_montant,
        }
    )
    r = enregistrer_contact(
        moteur(db, creer=False),
        dossier,
        c,
        pol,
        jur,
        maintenant,  # read once the debtor's lock is held
        facture=facture,
        motif_forcage=motif_forcage if forcer else None,
        entrant=entrant,
        au_present=le is None,
    )
    moment = r.le or moment
    if en_json:
        imprimer_json(resultat_contact_en_dict(r, moment))
    else:
        _afficher_resultat(r, dossier, canal, moment)
    if not (r.enregistre or r.deja_enregistre):
        sys.exit(CODE_REFUS)


def _afficher_resultat(r: ResultatContact, dossier: str, canal: str, moment: datetime) -> None:
    from escalade.recouvrement.nature_contact import CONTROLE, LIBELLES

    if r.decision is not None and (not r.decision.autorise or r.force):
        if r.nature == CONTROLE:
            _afficher_decision(r.decision, canal, moment)
        else:
            click.echo(f"Ce contact aurait été refusé à ce moment-là ({LIBELLES[r.nature]}) :")
            for mo in r.decision.motifs:
                click.echo(f"  - [{mo.code}] {mo.message}")
    numero = f" n° {r.contact_id}" if r.contact_id is not None else ""
    if r.deja_enregistre:
        click.echo(f"Contact déjà enregistré pour {dossier} (aucun doublon créé).")
    elif r.force:
        click.echo(
            f"Contact enregistré pour {dossier} malgré la politique ; dérogation "
            "inscrite au journal d'audit."
        )
    elif r.enregistre:
        fait = "" if r.nature == CONTROLE else f", {LIBELLES[r.nature]}"
        click.echo(f"Contact{numero} enregistré pour {dossier}{fait}.")
        if r.decision is not None:
            _afficher_notes(r.decision)
    else:
        legal = r.decision is not None and any(m.legal for m in r.decision.motifs)
        click.echo(
            "Contact refusé, rien n'a été enregistré"
            + (" (refus légal : aucune dérogation possible)." if legal else "."),
            err=True,
        )
