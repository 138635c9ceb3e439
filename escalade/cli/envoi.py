"""`escalade envoyer`: send today's planned emails through the SMTP server, exactly once.

The sending and the outbox are `escalade.stockage.envoi`; the message is
`escalade.documents.courriel`; the server is `escalade.stockage.smtp` (ESCALADE_SMTP).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from escalade.cli import commande
from escalade.cli.options import OPTION_DB, OPTION_JSON, OPTION_POLITIQUE, politique_du_creancier
from escalade.cli.parametres import DATE, HORODATAGE, aujourdhui, imprimer_json, maintenant

if TYPE_CHECKING:
    from escalade.stockage.boite_envoi import Envoi
    from escalade.stockage.envoi import BilanEnvoi


def _lister_suspens(suspens: list[Envoi]) -> None:
    if not suspens:
        return
    click.echo(
        f"{len(suspens)} courriel(s) non confirmé(s) : le processus s'est arrêté entre "
        "l'envoi et sa confirmation ; ils ne seront jamais renvoyés automatiquement.",
        err=True,
    )
    for e in suspens:
        click.echo(
            f"  {e.dossier}\t{e.modele}\t{e.destinataire}\t{e.message_id}\t"
            f"préparé le {e.le:%d/%m/%Y %H:%M}",
            err=True,
        )
    click.echo(
        "  Vérifiez dans la boîte d'envoi du serveur, puis : escalade envoyer --confirmer "
        "MESSAGE-ID (il est parti) ou --abandonner MESSAGE-ID (il n'est pas parti).",
        err=True,
    )


class _progression:
    """A rich progress bar on a terminal; nothing in a pipe."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.barre: Any = None

    def __enter__(self) -> Callable[[int], None]:
        if not sys.stderr.isatty() or self.total == 0:
            return lambda n: None
        from rich.progress import Progress

        self.barre = Progress(transient=True)
        self.barre.start()
        tache = self.barre.add_task("Courriels", total=self.total)
        return lambda n: self.barre.advance(tache, n)

    def __exit__(self, *args: object) -> None:
        if self.barre is not None:
            self.barre.stop()


def _bilan_en_dict(b: BilanEnvoi) -> dict[str, Any]:
    return {
        "envoyes": [{"dossier": d, "document": m, "message_id": i} for d, m, i in b.envoyes],
        "refuses": [{"dossier": d, "motif": r} for d, r in b.refuses],
        "echecs": [{"dossier": d, "motif": r} for d, r in b.echecs],
        "ecartes": [{"dossier": e.dossier, "motif": e.motif} for e in b.ecartes],
        "non_confirmes": [
            {
                "dossier": e.dossier,
                "document": e.modele,
                "message_id": e.message_id,
                "destinataire": e.destinataire,
                "le": e.le.isoformat(),
            }
            for e in b.en_suspens
        ],
        "interrompu": b.interrompu,
    }


@commande(name="envoyer")
@click.option("--date", "jour", type=DATE, help="Jour du plan (par défaut : aujourd'hui).")
@click.option(
    "--le",
    type=HORODATAGE,
    help="Moment d'envoi à contrôler et à enregistrer (par défaut : l'instant de chaque envoi).",
)
@click.option("--modele", metavar="MODELE", help="Ne traiter que ce document (ex. relance_1).")
@click.option("--simuler", is_flag=True, help="Affiche les courriels prévus, sans rien envoyer.")
@click.option(
    "--eml",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DOSSIER",
    help="Écrit les messages en fichiers .eml dans ce dossier au lieu de les envoyer "
    "(rien n'est envoyé ni enregistré).",
)
@click.option(
    "--debit", type=click.FloatRange(min=0.1), metavar="N", help="Au plus N messages par minute."
)
@click.option("--confirmer", metavar="MESSAGE-ID", help="Un courriel non confirmé est parti.")
@click.option(
    "--abandonner", metavar="MESSAGE-ID", help="Un courriel non confirmé n'est pas parti."
)
@OPTION_POLITIQUE
@OPTION_DB
@OPTION_JSON
def envoyer(
    jour: date | None,
    le: datetime | None,
    modele: str | None,
    simuler: bool,
    eml: Path | None,
    debit: float | None,
    confirmer: str | None,
    abandonner: str | None,
    politique: Path | None,
    db: str | None,
    en_json: bool,
) -> None:
    """Envoie par courriel les relances que le plan prévoit aujourd'hui (lettre PDF/A jointe).

    Serveur : ESCALADE_SMTP=smtp://utilisateur@hote:587 (STARTTLS) ou smtps://…:465 ; mot
    de passe dans ESCALADE_SMTP_MOT_DE_PASSE ou le fichier ESCALADE_SMTP_MOT_DE_PASSE_FICHIER
    (jamais affiché) ; expéditeur : ESCALADE_SMTP_EXPEDITEUR, sinon l'adresse du créancier.

    Chaque courriel passe le contrôle de conformité au moment de son envoi (horaires,
    plafonds), dans la transaction qui enregistre le contact avec son Message-ID. Envoi
    une seule fois : un courriel interrompu entre l'envoi et sa confirmation n'est jamais
    renvoyé ; il est listé pour décision (--confirmer / --abandonner MESSAGE-ID). Code de
    sortie 3 si un courriel est refusé, 1 si un envoi échoue.
    """
    from escalade.droit.erreurs import EntreeInvalide
    from escalade.droit.jurisprudence import jurisprudence
    from escalade.recouvrement.nature_contact import TOLERANCE_FUTUR
    from escalade.stockage import envoi as e
    from escalade.stockage.moteur import moteur
    from escalade.stockage.smtp import VARIABLE_EXPEDITEUR

    if (
        sum(x is not None and x is not False for x in (confirmer, abandonner, eml, simuler or None))
        > 1
    ):
        raise click.UsageError("--confirmer, --abandonner, --eml et --simuler s'excluent")
    if le is not None and not (simuler or eml) and le - maintenant() > TOLERANCE_FUTUR:
        # A message leaves now: it is never dated (nor checked) at a moment still to come.
        raise EntreeInvalide(
            f"moment d'envoi dans le futur ({le.isoformat(timespec='minutes')}) : un courriel "
            "part maintenant ; pour préparer un envoi futur, utilisez --simuler ou --eml",
            champ="--le",
        )
    jour = jour or (le.date() if le else aujourdhui())
    jur = jurisprudence()
    pol = politique_du_creancier(politique, jur, jour)
    m = moteur(db, creer=False)
    if confirmer or abandonner:
        envoi, enregistre = e.decider(
            m, confirmer or abandonner or "", bool(confirmer), maintenant(), pol, jur
        )
        if abandonner:
            click.echo(
                f"Courriel {envoi.message_id} ({envoi.dossier}) noté non parti ; "
                "le plan le proposera de nouveau."
            )
        elif enregistre:
            click.echo(
                f"Courriel {envoi.message_id} ({envoi.dossier}) confirmé ; contact enregistré."
            )
        else:
            raise EntreeInvalide(
                "le contrôle de conformité refuse d'enregistrer ce contact à son moment : "
                "rien n'a changé",
                champ="--confirmer",
            )
        return
    impose = os.environ.get(VARIABLE_EXPEDITEUR) or None
    previsions, ecartes, suspens = e.prevus(m, jour, pol, jur, modele)
    if simuler:
        for p in previsions:
            click.echo(
                f"{p.tache.dossier.reference}\t{p.tache.modele}\t{p.destinataire or 'sans adresse'}"
            )
        for x in ecartes:
            click.echo(f"{x.dossier}\t—\t{x.motif}")
        click.echo(f"{len(previsions)} courriel(s) prévu(s), rien n'a été envoyé.")
        _lister_suspens(suspens)
        return
    if eml is not None:
        ecrits = e.ecrire_eml(previsions, eml, jour, le or maintenant(), jur, impose)
        for chemin in ecrits:
            click.echo(str(chemin))
        click.echo(f"{len(ecrits)} message(s) écrit(s) ; rien n'a été envoyé ni enregistré.")
        return
    from escalade.stockage.smtp import Connexion, serveur_configure

    serveur = serveur_configure()
    with _progression(len(previsions)) as avancer:
        bilan = e.envoyer_lot(
            m,
            previsions,
            jour,
            le,
            (lambda: le) if le else maintenant,  # --le is the sending moment: the gate's "now"
            pol,
            jur,
            Connexion(serveur),
            impose,
            debit,
            avancer,
        )
    bilan.ecartes = ecartes
    if en_json:
        imprimer_json(_bilan_en_dict(bilan))
    else:
        for d, modele_, mid in bilan.envoyes:
            click.echo(f"Envoyé : {d} ({modele_}) {mid}")
        for d, raison in bilan.refuses:
            click.echo(f"Refusé : {d} : {raison}", err=True)
        for d, raison in bilan.echecs:
            click.echo(f"Échec : {d} : {raison}", err=True)
        if bilan.interrompu:
            click.echo(
                f"Connexion au serveur {serveur} impossible ou perdue ({bilan.interrompu}) : les "
                "courriels suivants n'ont pas été tentés ; relancez la commande.",
                err=True,
            )
        _lister_suspens(bilan.en_suspens)
        click.echo(
            f"{len(bilan.envoyes)} courriel(s) envoyé(s), {len(bilan.refuses)} refusé(s), "
            f"{len(bilan.echecs)} échec(s), {len(ecartes)} dossier(s) écarté(s)."
        )
    if bilan.echecs or bilan.interrompu:
        sys.exit(1)
    if bilan.refuses:
        sys.exit(3)
