"""Commands on the store: import, plan, gate check, contact, and the dossier's transitions.

Every command takes `--db` (a URL or a SQLite file; default `ESCALADE_DB`, else
`escalade.sqlite` in `$ESCALADE_DATA` or the current directory). The pure core decides
(escalade.recouvrement.conformite, escalade.recouvrement.plan, escalade.procedures.etapes); these
commands read the store, call
it, and write the result in one transaction.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from escalade.cli import CommandeFr, ContexteFr, commande
from escalade.cli.parametres import DATE, HORODATAGE, MONTANT, imprimer_json, maintenant
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import CANAUX

if TYPE_CHECKING:
    from escalade.droit.jurisprudence import Jurisprudence
    from escalade.recouvrement.conformite import Decision
    from escalade.recouvrement.politique import Politique

CODE_REFUS = 3

OPTION_JSON = click.option("--json", "en_json", is_flag=True, help="Sortie JSON (clés stables).")
OPTION_DB = click.option(
    "--db",
    metavar="URL",
    help="Dépôt : URL SQLAlchemy ou fichier SQLite (par défaut ESCALADE_DB, sinon "
    "escalade.sqlite dans $ESCALADE_DATA ou le répertoire courant).",
)
OPTION_POLITIQUE = click.option(
    "--politique",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="ESCALADE_POLITIQUE",
    help="Politique de recouvrement du créancier (YAML ; par défaut ESCALADE_POLITIQUE, "
    "sinon la politique par défaut).",
)
OPTION_OPERATEUR = click.option(
    "--operateur",
    envvar="ESCALADE_OPERATEUR",
    help="Nom de l'opérateur (par défaut ESCALADE_OPERATEUR).",
)


class GroupeFr(click.Group):
    """A command family with subcommands (litige ouvrir|clore...), French help."""

    context_class = ContexteFr
    command_class = CommandeFr

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Affiche cette aide et quitte."
        return option


def _url_lisible(db: str | None) -> str:
    from sqlalchemy.engine import make_url

    from escalade.stockage import url_du_depot

    return make_url(url_du_depot(db)).render_as_string(hide_password=True)


def _politique(chemin: Path | None, jur: Jurisprudence, le: date | None = None) -> Politique:
    from escalade.recouvrement.politique import charger_politique, politique_par_defaut

    if chemin is None:
        return politique_par_defaut(jur, le)
    if not chemin.exists():
        raise EntreeInvalide("fichier de politique introuvable", fichier=str(chemin))
    return charger_politique(chemin, jur)


# --- importer --------------------------------------------------------------------------


@commande(name="importer")
@click.argument("fichiers", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--fec", is_flag=True, help="FICHIER est un FEC (art. A47 A-1 LPF).")
@click.option(
    "--clients",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="CSV",
    help="Avec --fec : CSV des clients (compte, nom, type, SIREN, adresse, email).",
)
@click.option(
    "--creancier",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FICHIER",
    help="Avec --fec : le créancier (YAML ou JSON : nom, SIREN, adresse, IBAN).",
)
@click.option("--facturx", is_flag=True, help="FICHIERS : factures Factur-X, CII ou UBL.")
@OPTION_DB
@OPTION_JSON
def importer(fichiers: tuple[Path, ...], db: str | None, en_json: bool, fec: bool = False,
             clients: Path | None = None, creancier: Path | None = None,
             facturx: bool = False) -> None:  # fmt: skip
    """Charge des dossiers (YAML, JSON, portefeuille CSV) dans le dépôt.

    Réimporter un dossier le met à jour sans rien dupliquer : un dossier est reconnu à sa
    référence, une facture à son numéro, un paiement à sa date, son montant, sa facture et
    sa référence, un contact à son horodatage, son canal et son objet. Tous les fichiers
    sont lus et validés avant la moindre écriture : une erreur n'écrit rien.
    Avec --fec ou --facturx : import comptable (escalade.cli.comptabilite).
    """
    if fec or facturx:
        from escalade.cli.comptabilite import importer_comptable

        return importer_comptable(fichiers, fec, facturx, clients, creancier, db, en_json)
    from escalade.entrees.chargement import charger_fichier, iterer_fichiers
    from escalade.stockage import depot
    from escalade.stockage.moteur import moteur, transaction_ecriture

    dossiers = []
    origine: dict[str, str] = {}
    for chemin in iterer_fichiers(list(fichiers)):
        for d in charger_fichier(chemin):
            if d.reference in origine:
                raise EntreeInvalide(
                    f"référence de dossier « {d.reference} » déjà présente dans "
                    f"{origine[d.reference]}",
                    fichier=str(chemin),
                )
            origine[d.reference] = str(chemin)
            dossiers.append(d)
    if not dossiers:
        raise EntreeInvalide("aucun fichier de dossier (.yaml, .yml, .json, .csv) à importer")
    m = moteur(db)
    with transaction_ecriture(m) as conn:
        bilan = depot.importer(conn, dossiers, maintenant())
    if en_json:
        imprimer_json(
            {
                "dossiers": len(dossiers),
                "crees": bilan.dossiers_crees,
                "mis_a_jour": bilan.dossiers_mis_a_jour,
                "lignes_ajoutees": dict(sorted(bilan.lignes_ajoutees.items())),
                "depot": _url_lisible(db),
            }
        )
        return
    n = len(dossiers)
    click.echo(
        f"{n} dossier{'s' if n > 1 else ''} importé{'s' if n > 1 else ''} "
        f"({bilan.dossiers_crees} nouveau{'x' if bilan.dossiers_crees > 1 else ''}, "
        f"{bilan.dossiers_mis_a_jour} mis à jour) dans {_url_lisible(db)}"
    )


# --- verifier ----------------------------------------------------------------------------


def _moment_fr(moment: datetime) -> str:
    from escalade.droit.format_fr import date_longue, jour_semaine
    from escalade.droit.modele import PARIS

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
    click.echo(f"Contact par {CANAUX_FR[canal]} le {_moment_fr(le)} : {verdict}")
    for mo in decision.motifs:
        nature = "" if mo.legal else " [limite de politique]"
        click.echo(f"  - [{mo.code}] {mo.message}{nature}")
        if mo.articles:
            click.echo(f"    références : {', '.join(mo.articles)}")
    if decision.prochain_creneau is not None:
        click.echo(f"  prochain créneau autorisé : {_moment_fr(decision.prochain_creneau)}")
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
    pol = _politique(politique, jur, moment.date())
    chemin = Path(dossier)
    if chemin.exists() or chemin.suffix.lower() in {".yaml", ".yml", ".json"}:
        from escalade.entrees.chargement import charger_fichier
        from escalade.recouvrement.conformite import verifier as gate

        fichiers = charger_fichier(chemin)
        if len(fichiers) != 1:
            raise EntreeInvalide("un seul dossier attendu", fichier=dossier)
        d = fichiers[0]
        decision = gate(d, canal, moment, d.contacts, pol, jur, facture=facture, objet=objet)  # type: ignore[arg-type]
    else:
        decision = _verifier_en_depot(dossier, canal, moment, facture, pol, jur, db, objet)
    if en_json:
        imprimer_json(decision_en_dict(decision))
    else:
        _afficher_decision(decision, canal, moment)
    if not decision.autorise:
        sys.exit(CODE_REFUS)


def _verifier_en_depot(
    reference: str,
    canal: str,
    moment: datetime,
    facture: str | None,
    pol: Politique,
    jur: Jurisprudence,
    db: str | None,
    objet: str | None = None,
) -> Decision:
    """The gate on a stored dossier; a SQLite store is read with plain sqlite3 (fast start)."""
    from escalade.recouvrement.conformite import fenetre_max
    from escalade.recouvrement.conformite import verifier as gate
    from escalade.stockage import fichier_sqlite, url_du_depot

    fichier = fichier_sqlite(url_du_depot(db))
    if fichier is not None and fichier.exists():
        from escalade.stockage.lecture_rapide import lire

        lu = lire(fichier, reference, moment, fenetre_max(pol))
        if lu is not None:
            d, contacts = lu
            return gate(d, canal, moment, contacts, pol, jur, facture=facture, objet=objet)
    from escalade.stockage.journal import verifier_en_depot
    from escalade.stockage.moteur import moteur, transaction_lecture

    with transaction_lecture(moteur(db, creer=False)) as conn:
        return verifier_en_depot(conn, reference, canal, moment, pol, jur, facture, objet=objet)


# --- contact -----------------------------------------------------------------------------


@commande(name="contact")
@click.argument("dossier")
@click.option("--canal", type=click.Choice(CANAUX), required=True, help="Canal du contact.")
@click.option("--objet", required=True, help="Objet (relance_1, appel, mise_en_demeure...).")
@click.option("--resultat", help="Résultat (promesse de paiement, refus, messagerie...).")
@click.option("--note", help="Note libre (pas de donnée sensible ni excessive).")
@click.option("--interlocuteur", help="Personne jointe.")
@click.option("--document", help="Document produit (lettre, fiche d'appel...).")
@click.option("--facture", help="Facture visée.")
@click.option("--le", type=HORODATAGE, help="Moment du contact (par défaut : maintenant).")
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
    dossier: str,
    canal: str,
    objet: str,
    resultat: str | None,
    note: str | None,
    interlocuteur: str | None,
    document: str | None,
    facture: str | None,
    le: datetime | None,
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

    Principal payé : seul passe un contact d'objet reclamation_accessoires (envoi du
    décompte de créance), tant que le décompte du jour trouve encore des pénalités,
    intérêts ou indemnités dus ; l'étape « accessoires_restants » du plan disparaît
    ensuite. Un abandon n'est pas un contact : escalade abandon-accessoires.
    """
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.droit.modele import Contact
    from escalade.recouvrement.conformite import decision_en_dict
    from escalade.stockage.journal import enregistrer_contact
    from escalade.stockage.moteur import moteur

    if forcer != (motif_forcage is not None):
        raise click.UsageError("--forcer et --motif vont ensemble")
    from escalade.cli.rgpd import confirmer_note

    confirmer_note(note, resultat, oui=oui)  # CNIL bloc-notes: warn, ask before recording
    if operateur:
        from escalade.cli.pilotage import verifier_operateur_contact

        verifier_operateur_contact(db, operateur)
    moment = le or maintenant()
    jur = jurisprudence()
    pol = _politique(politique, jur, moment.date())
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
        }
    )
    r = enregistrer_contact(
        moteur(db, creer=False),
        dossier,
        c,
        pol,
        jur,
        maintenant(),
        facture=facture,
        motif_forcage=motif_forcage if forcer else None,
    )
    if en_json:
        imprimer_json(
            {
                "enregistre": r.enregistre,
                "deja_enregistre": r.deja_enregistre,
                "force": r.force,
                "decision": None if r.decision is None else decision_en_dict(r.decision),
            }
        )
    else:
        if r.decision is not None and (not r.decision.autorise or r.force):
            _afficher_decision(r.decision, canal, moment)
        if r.deja_enregistre:
            click.echo(f"Contact déjà enregistré pour {dossier} (aucun doublon créé).")
        elif r.force:
            click.echo(
                f"Contact enregistré pour {dossier} malgré la politique ; dérogation "
                "inscrite au journal d'audit."
            )
        elif r.enregistre:
            click.echo(f"Contact enregistré pour {dossier}.")
            if r.decision is not None:
                _afficher_notes(r.decision)
        else:
            legal = r.decision is not None and any(m.legal for m in r.decision.motifs)
            click.echo(
                "Contact refusé, rien n'a été enregistré"
                + (" (refus légal : aucune dérogation possible)." if legal else "."),
                err=True,
            )
    if not (r.enregistre or r.deja_enregistre):
        sys.exit(CODE_REFUS)


# --- plan --------------------------------------------------------------------------------


@commande(name="plan")
@click.option("--date", "le", type=DATE, help="Date du plan (par défaut : aujourd'hui).")
@OPTION_OPERATEUR
@OPTION_POLITIQUE
@OPTION_DB
@OPTION_JSON
def plan(
    le: date | None, operateur: str | None, politique: Path | None, db: str | None, en_json: bool
) -> None:
    """La prochaine action de chaque dossier ouvert : date, canal, document et pourquoi.

    Une action que le contrôle de conformité refuserait est marquée bloquée, avec ses
    motifs et le prochain créneau autorisé. Lecture seule : le plan n'écrit rien.
    """
    from escalade.cli.parametres import aujourdhui
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.recouvrement.plan import action_en_dict
    from escalade.stockage.moteur import moteur, transaction_lecture
    from escalade.stockage.planification import planifier_depot

    jour = le or aujourdhui()
    jur = jurisprudence()
    pol = _politique(politique, jur, jour)
    from escalade.cli.pilotage import responsables_du_plan, variantes_du_plan

    with transaction_lecture(moteur(db, creer=False)) as conn:
        actions = list(planifier_depot(conn, jour, pol, jur))
        responsables = responsables_du_plan(conn, actions, pol, operateur)
    if operateur:  # one person's day: the actions the policy's rules give to them
        actions = [a for a in actions if responsables[a.dossier] == operateur]
    variantes = variantes_du_plan(
        actions, pol
    )  # A/B tests of wording (escalade.recouvrement.ab_test)
    if en_json:
        sortie: dict[str, Any] = {
            "date": jour.isoformat(),
            "actions": [
                {
                    **action_en_dict(a),
                    "operateur": responsables[a.dossier],
                    "variante": variantes[a.dossier],
                }
                for a in actions
            ],
        }
        if operateur:
            sortie["operateur"] = operateur
        imprimer_json(sortie)
        return
    from escalade.droit.format_fr import date_longue

    titre = f"Plan du {date_longue(jour)}" + (f" pour {operateur}" if operateur else "")
    click.echo(f"{titre} : {len(actions)} action{'s' if len(actions) > 1 else ''}")
    for a in actions:
        canal = f" par {a.canal}" if a.canal else ""
        doc = f", document {variantes[a.dossier] or a.document}" if a.document else ""
        jur_ = f", {a.juridiction}" if a.juridiction else ""
        etat = " [BLOQUÉE]" if a.bloquee else ""
        qui = f" → {responsables[a.dossier]}" if responsables[a.dossier] and not operateur else ""
        click.echo(
            f"- {a.dossier} : {a.etape}{canal} le {a.date.isoformat()}{doc}{jur_}{etat}{qui}"
        )
        click.echo(f"    {a.motif}")
        for mo in a.motifs_blocage:
            click.echo(f"    bloquée : [{mo.code}] {mo.message} ({', '.join(mo.articles)})")
        if a.bloquee and a.prochain_creneau is not None:
            click.echo(f"    prochain créneau : {_moment_fr(a.prochain_creneau)}")


# --- transitions ---------------------------------------------------------------------------

PROCEDURES = ("sauvegarde", "redressement_judiciaire", "liquidation_judiciaire")
OPTION_LE_JOUR = click.option(
    "--le", "le_jour", type=DATE, help="Date d'enregistrement (par défaut : aujourd'hui)."
)


def _valider(classe: Any, champs: dict[str, Any]) -> Any:
    """The event from the command's options, or an input error in French naming the field."""
    from pydantic import ValidationError

    from escalade.entrees.chargement import _chemin, _message

    try:
        return classe.model_validate({k: v for k, v in champs.items() if v is not None})
    except ValidationError as e:
        premiere = e.errors()[0]
        raise EntreeInvalide(_message(premiere), champ=_chemin(tuple(premiere["loc"]))) from None


def _transition(
    dossier: str,
    evenement_type: str,
    champs: dict[str, Any],
    le_jour: date | None,
    operateur: str | None,
    db: str | None,
    en_json: bool,
    libelle: str,
) -> None:
    """Validate the event (French messages), apply it through the core, store the result."""
    from escalade.cli.parametres import aujourdhui
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.procedures import etapes
    from escalade.stockage.journal import enregistrer_transition
    from escalade.stockage.moteur import moteur

    classe = {
        c.model_fields["type"].default: c
        for c in (
            etapes.Paiement, etapes.Avoir, etapes.LitigeOuvert, etapes.LitigeClos,
            etapes.EcheancierConvenu, etapes.EcheanceManquee, etapes.MiseEnDemeureEnvoyee,
            etapes.MiseEnDemeureRecue, etapes.MiseEnDemeureNonReclamee,
            etapes.ProcedureCollectiveOuverte,
        )
    }[evenement_type]  # fmt: skip
    evenement = _valider(classe, champs)
    r = enregistrer_transition(
        moteur(db, creer=False),
        dossier,
        evenement,
        le_jour or aujourdhui(),
        jurisprudence(),
        maintenant(),
        operateur,
    )
    if en_json:
        imprimer_json(
            {
                "evenement": evenement.model_dump(mode="json"),
                "deja_enregistre": r.deja_enregistre,
                "dossiers": [
                    {"dossier": ref, "etape_avant": avant, "etape": apres}
                    for ref, avant, apres in zip(
                        r.references, r.etapes_avant, r.etapes, strict=True
                    )
                ],
            }
        )
        return
    for ref, avant, apres in zip(r.references, r.etapes_avant, r.etapes, strict=True):
        if r.deja_enregistre:
            click.echo(f"{libelle} déjà enregistré(e) pour {ref} (aucun doublon créé).")
        elif avant != apres:
            click.echo(f"{libelle} enregistré(e) pour {ref} : étape {avant or 'aucune'} → {apres}.")
        else:
            click.echo(f"{libelle} enregistré(e) pour {ref} (étape : {apres or 'aucune'}).")


def _options_transition(f: Any) -> Any:
    for option in reversed((OPTION_LE_JOUR, OPTION_OPERATEUR, OPTION_DB, OPTION_JSON)):
        f = option(f)
    return f


@commande(name="paiement")
@click.argument("dossier")
@click.option("--montant", type=MONTANT, required=True, help="Montant reçu (euros).")
@click.option("--date", "date_", type=DATE, required=True, help="Date du paiement.")
@click.option("--facture", help="Facture désignée par le débiteur (sinon : C. civ. 1342-10).")
@click.option("--reference", help="Référence du paiement (virement, chèque...).")
@_options_transition
def paiement(dossier: str, montant: Any, date_: date, facture: str | None,
             reference: str | None, le_jour: date | None, operateur: str | None,
             db: str | None, en_json: bool) -> None:  # fmt: skip
    """Enregistre un paiement reçu ; le dossier passe à « solde » une fois le principal payé."""
    _transition(dossier, "paiement",
                {"montant": montant, "date": date_, "facture": facture, "reference": reference},
                le_jour, operateur, db, en_json, "Paiement")  # fmt: skip


@commande(name="avoir")
@click.argument("dossier")
@click.option("--montant", type=MONTANT, required=True, help="Montant de l'avoir (euros).")
@click.option("--date", "date_", type=DATE, required=True, help="Date de l'avoir.")
@click.option("--facture", required=True, help="Facture que l'avoir réduit.")
@click.option("--numero", help="Numéro de l'avoir.")
@_options_transition
def avoir(dossier: str, montant: Any, date_: date, facture: str, numero: str | None,
          le_jour: date | None, operateur: str | None, db: str | None,
          en_json: bool) -> None:  # fmt: skip
    """Enregistre un avoir (note de crédit) sur une facture."""
    _transition(dossier, "avoir",
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
@_options_transition
def litige_ouvrir(dossier: str, facture: str, motif: str, date_: date, le_jour: date | None,
                  operateur: str | None, db: str | None, en_json: bool) -> None:  # fmt: skip
    """Ouvre un litige : la facture n'est plus relancée tant qu'il dure."""
    _transition(dossier, "litige_ouvert", {"facture": facture, "motif": motif, "ouvert_le": date_},
                le_jour, operateur, db, en_json, "Litige")  # fmt: skip


@litige.command(name="clore")
@click.argument("dossier")
@click.option("--facture", required=True, help="Facture dont le litige est clos.")
@click.option("--date", "date_", type=DATE, required=True, help="Date de clôture.")
@_options_transition
def litige_clore(dossier: str, facture: str, date_: date, le_jour: date | None,
                 operateur: str | None, db: str | None, en_json: bool) -> None:  # fmt: skip
    """Clôt le litige d'une facture."""
    _transition(dossier, "litige_clos", {"facture": facture, "clos_le": date_},
                le_jour, operateur, db, en_json, "Clôture de litige")  # fmt: skip


def _echeances(valeurs: tuple[str, ...]) -> list[dict[str, str]]:
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
@_options_transition
def echeancier(dossier: str, convenu_le: date, echeances: tuple[str, ...],
               le_jour: date | None, operateur: str | None, db: str | None,
               en_json: bool) -> None:  # fmt: skip
    """Enregistre un échéancier convenu : pas de relance tant qu'il est respecté."""
    _transition(dossier, "echeancier_convenu",
                {"convenu_le": convenu_le, "echeances": _echeances(echeances)},
                le_jour, operateur, db, en_json, "Échéancier")  # fmt: skip


@commande(name="echeance-manquee")
@click.argument("dossier")
@click.option("--echeance", type=DATE, required=True, help="Date de l'échéance impayée.")
@click.option("--constatee-le", type=DATE, required=True, help="Date du constat.")
@_options_transition
def echeance_manquee(dossier: str, echeance: date, constatee_le: date, le_jour: date | None,
                     operateur: str | None, db: str | None, en_json: bool) -> None:  # fmt: skip
    """Constate une échéance manquée : l'échéancier est rompu, le recouvrement reprend."""
    _transition(dossier, "echeance_manquee", {"echeance": echeance, "constatee_le": constatee_le},
                le_jour, operateur, db, en_json, "Échéance manquée")  # fmt: skip


@click.group(name="mise-en-demeure", cls=GroupeFr)
def mise_en_demeure() -> None:
    """Mise en demeure (LRAR) : envoyée, reçue, ou non réclamée (première présentation)."""


@mise_en_demeure.command(name="envoyee")
@click.argument("dossier")
@click.option("--date", "date_", type=DATE, required=True, help="Date d'envoi.")
@click.option("--delai-jours", type=click.IntRange(1, 60), help="Délai laissé (jours).")
@click.option("--numero-lrar", help="Numéro de la lettre recommandée.")
@_options_transition
def med_envoyee(dossier: str, date_: date, delai_jours: int | None, numero_lrar: str | None,
                le_jour: date | None, operateur: str | None, db: str | None,
                en_json: bool) -> None:  # fmt: skip
    """Enregistre l'envoi de la mise en demeure."""
    _transition(dossier, "mise_en_demeure_envoyee",
                {"envoyee_le": date_, "delai_jours": delai_jours, "numero_lrar": numero_lrar},
                le_jour, operateur, db, en_json, "Mise en demeure")  # fmt: skip


@mise_en_demeure.command(name="recue")
@click.argument("dossier")
@click.option("--date", "date_", type=DATE, required=True, help="Date de réception (AR).")
@_options_transition
def med_recue(dossier: str, date_: date, le_jour: date | None, operateur: str | None,
              db: str | None, en_json: bool) -> None:  # fmt: skip
    """Enregistre la réception de la mise en demeure (avis de réception) : le délai court."""
    _transition(dossier, "mise_en_demeure_recue", {"recue_le": date_},
                le_jour, operateur, db, en_json, "Réception de la mise en demeure")  # fmt: skip


@mise_en_demeure.command(name="non-reclamee")
@click.argument("dossier")
@click.option("--premiere-presentation", type=DATE, required=True,
              help="Date de première présentation de la lettre.")  # fmt: skip
@_options_transition
def med_non_reclamee(dossier: str, premiere_presentation: date, le_jour: date | None,
                     operateur: str | None, db: str | None, en_json: bool) -> None:  # fmt: skip
    """Lettre non réclamée : la mise en demeure vaut, le délai court de la première présentation."""
    _transition(dossier, "mise_en_demeure_non_reclamee",
                {"premiere_presentation_le": premiere_presentation},
                le_jour, operateur, db, en_json, "Mise en demeure non réclamée")  # fmt: skip


@commande(name="procedure-collective")
@click.argument("dossier")
@click.option("--type", "type_", required=True,
              type=click.Choice(PROCEDURES),
              help="Nature de la procédure.")  # fmt: skip
@click.option("--jugement-le", type=DATE, required=True, help="Date du jugement d'ouverture.")
@click.option("--publication-bodacc-le", type=DATE, help="Date de publication au BODACC.")
@_options_transition
def procedure_collective(dossier: str, type_: str, jugement_le: date,
                         publication_bodacc_le: date | None, le_jour: date | None,
                         operateur: str | None, db: str | None, en_json: bool) -> None:  # fmt: skip
    """Procédure collective du débiteur : plus aucune relance (C. com. L622-21), sur tous ses
    dossiers ; seule reste la déclaration de créance."""
    _transition(dossier, "procedure_collective_ouverte",
                {"procedure": type_, "jugement_le": jugement_le,
                 "publication_bodacc_le": publication_bodacc_le},
                le_jour, operateur, db, en_json, "Procédure collective")  # fmt: skip


@commande(name="abandon-accessoires")
@click.argument("dossier")
@click.option("--date", "date_", type=DATE, required=True, help="Date de la décision d'abandon.")
@click.option("--motif", required=True,
              help="Raison écrite de l'abandon (inscrite au journal d'audit).")  # fmt: skip
@_options_transition
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
    from escalade.cli.parametres import aujourdhui
    from escalade.droit.format_fr import montant_fr
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.procedures.etapes import AccessoiresAbandonnes
    from escalade.stockage.journal import enregistrer_abandon_accessoires
    from escalade.stockage.moteur import moteur

    evenement = _valider(AccessoiresAbandonnes, {"le": date_})
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
