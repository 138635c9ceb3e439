"""`escalade envoyer`: the emails the plan calls for today, sent exactly once.

For each dossier whose plan calls for an email on the day (`planification.planifier_depot`,
channel « email », not blocked, document with a template), in this order:

1. the message is composed (`escalade.documents.courriel`: PDF/A letter attached);
2. the outbox row is written « en_cours » and committed (`boite_envoi.ouvrir`);
3. MAIL FROM / RCPT TO: an address the server refuses is recorded on the dossier
   (« destinataire_refuse »), nothing is sent;
4. `journal.enregistrer_contact` asks the gate at the sending moment and writes the
   contact in its locked transaction; inside it, DATA hands the message over and, once the
   server said 250, the outbox row becomes « envoye » with the contact's id. Refused by
   the gate: RSET, nothing sent, nothing recorded but the refusal in the outbox. The
   server refuses DATA: the contact is rolled back, the row says « echec », the plan
   offers the email again. The process dies or the connection drops after DATA was
   sent: the row stays « en_cours » and is listed for a decision by the next run.

A dossier with an « en_cours » row gets no other email until an operator decides
(`confirmer`: the contact is recorded at the original moment; `abandonner`).
"""

from __future__ import annotations

import smtplib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import make_msgid, parseaddr
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from escalade.droit.erreurs import EntreeInvalide, ErreurEscalade
from escalade.droit.modele import Contact, Dossier
from escalade.stockage import boite_envoi as boite
from escalade.stockage.depot import identifiants, iterer_ouverts
from escalade.stockage.journal import enregistrer_contact
from escalade.stockage.moteur import point_de_test, transaction_ecriture, transaction_lecture
from escalade.stockage.planification import planifier_depot

if TYPE_CHECKING:
    from escalade.documents.courriel import Courriel
    from escalade.documents.lot import Ecarte, Tache
    from escalade.droit.donnees_juridiques import Jurisprudence
    from escalade.recouvrement.politique_modele import Politique
    from escalade.stockage.smtp import Connexion

CANAL = "email"


@dataclass(frozen=True)
class Prevu:
    tache: Tache
    etape: str
    destinataire: str | None


@dataclass
class BilanEnvoi:
    envoyes: list[tuple[str, str, str]] = field(default_factory=list)  # dossier, modele, id
    refuses: list[tuple[str, str]] = field(default_factory=list)  # dossier, reason
    echecs: list[tuple[str, str]] = field(default_factory=list)
    ecartes: list[Ecarte] = field(default_factory=list)
    en_suspens: list[boite.Envoi] = field(default_factory=list)
    interrompu: str | None = None  # the connection was lost: the rest was not tried


def prevus(
    m: Engine, jour: date, politique: Politique, jur: Jurisprudence, modele: str | None
) -> tuple[list[Prevu], list[Ecarte], list[boite.Envoi]]:
    """Today's planned emails, the dossiers set aside, and the unconfirmed attempts."""
    from escalade.documents.courriel import destinataire
    from escalade.documents.lot import Ecarte, selectionner

    with transaction_lecture(m) as conn:
        plan = {
            a.dossier: a for a in planifier_depot(conn, jour, politique, jur) if a.canal == CANAL
        }
        stockes = [p for p in iterer_ouverts(conn) if p.dossier.reference in plan]
        suspens = boite.dossiers_en_suspens(conn, [p.id for p in stockes])
        non_confirmes = boite.non_confirmes(conn)
    bloques = [p.dossier.reference for p in stockes if p.id in suspens]
    libres = [p.dossier for p in stockes if p.id not in suspens]
    taches, ecartes = selectionner(libres, modele, jour, jur, politique, plan)
    ecartes += [
        Ecarte(r, "un courriel précédent attend votre décision (non confirmé)") for r in bloques
    ]
    return (
        [Prevu(t, plan[t.dossier.reference].etape, destinataire(t.dossier)) for t in taches],
        ecartes,
        non_confirmes,
    )


def expediteur_local() -> str:
    """The sender of last resort, as Unix mail tools do: the local user at this host."""
    import getpass
    import socket

    return f"{getpass.getuser()}@{socket.getfqdn()}"


def expediteur_de(dossier: Dossier, impose: str | None, secours: str | None = None) -> str:
    """ESCALADE_SMTP_EXPEDITEUR, else the creditor's email, else `secours` (the SMTP
    account when it is an address), else the local user at this host."""
    adresse = impose or dossier.creancier.email or secours or expediteur_local()
    if not adresse or "@" not in parseaddr(adresse)[1]:
        raise EntreeInvalide(
            "aucune adresse d'expéditeur : définissez ESCALADE_SMTP_EXPEDITEUR ou l'adresse "
            "électronique du créancier",
            champ="creancier.email",
            fichier=dossier.reference,
        )
    return adresse


def composer_prevu(
    p: Prevu,
    jour: date,
    moment: datetime,
    jur: Jurisprudence,
    impose: str | None,
    secours: str | None = None,
) -> Courriel:
    from escalade.documents.courriel import composer

    expediteur = expediteur_de(p.tache.dossier, impose, secours)
    domaine = parseaddr(expediteur)[1].rpartition("@")[2]
    return composer(
        p.tache.dossier, p.tache.modele, jour, moment, jur, expediteur, make_msgid(domain=domaine)
    )


def ecrire_eml(
    previsions: Iterable[Prevu],
    dossier: Path,
    jour: date,
    moment: datetime,
    jur: Jurisprudence,
    impose: str | None,
) -> list[Path]:
    """--eml: the messages as .eml files; nothing sent, nothing recorded."""
    from email.policy import SMTP

    from escalade.documents.sortie import ecrire_atomique, preparer_dossier

    preparer_dossier(dossier)
    ecrits = []
    for p in previsions:
        c = composer_prevu(p, jour, moment, jur, impose)
        chemin = dossier / (c.nom_pdf.removesuffix(".pdf") + ".eml")
        ecrire_atomique(chemin, c.message.as_bytes(policy=SMTP))
        ecrits.append(chemin)
    return ecrits


class _DonneesRefusees(Exception):
    """DATA refused by the server (inside the contact's transaction: rolls it back)."""

    def __init__(self, erreur: smtplib.SMTPResponseException) -> None:
        super().__init__(str(erreur))
        self.erreur = erreur


def _texte(e: smtplib.SMTPResponseException) -> str:
    reponse = e.smtp_error
    texte = reponse.decode("utf-8", "replace") if isinstance(reponse, bytes) else str(reponse)
    return f"{e.smtp_code} {texte}".strip()


def envoyer_un(
    m: Engine,
    c: Courriel,
    etape: str,
    moment: datetime,
    maintenant: Callable[[], datetime],
    politique: Politique,
    jur: Jurisprudence,
    connexion: Connexion,
    bilan: BilanEnvoi,
) -> None:
    """One email through the outbox, the server and the gate (see the module's docstring)."""
    with transaction_ecriture(m) as conn:
        dossier_id, _ = identifiants(conn, c.dossier)
        envoi_id = boite.ouvrir(
            conn, dossier_id, c.modele, c.destinataire, c.message_id, moment, maintenant()
        )

    def clore(etat: str, erreur: str | None = None) -> None:
        with transaction_ecriture(m) as conn:
            boite.clore(conn, envoi_id, etat, maintenant(), erreur=erreur)

    try:
        connexion.annoncer(parseaddr(str(c.message["From"]))[1], c.destinataire)
    except smtplib.SMTPRecipientsRefused as e:
        code, reponse = e.recipients[c.destinataire]
        texte = f"{code} {reponse.decode('utf-8', 'replace')}"
        clore(boite.DESTINATAIRE_REFUSE, texte)
        bilan.echecs.append(
            (c.dossier, f"adresse {c.destinataire} refusée par le serveur ({texte})")
        )
        return
    except smtplib.SMTPResponseException as e:
        clore(boite.ECHEC, _texte(e))
        bilan.echecs.append((c.dossier, f"refusé par le serveur ({_texte(e)})"))
        return
    except (smtplib.SMTPException, OSError) as e:
        clore(boite.ECHEC, str(e) or type(e).__name__)
        raise

    def transmettre(conn_: Connection, contact_id: int) -> None:
        try:
            connexion.transmettre(c.message)
        except smtplib.SMTPResponseException as e:
            raise _DonneesRefusees(e) from None
        point_de_test("courriel_accepte")  # killed here: the row stays « en_cours »
        boite.clore(conn_, envoi_id, boite.ENVOYE, maintenant(), contact_id=contact_id)

    contact = Contact.model_validate(
        {
            "le": moment,
            "canal": CANAL,
            "objet": etape,
            "interlocuteur": c.destinataire,
            "document": c.nom_pdf,
            "resultat": "envoyé",
            "note": f"Message-ID {c.message_id}",
        }
    )
    try:
        r = enregistrer_contact(
            m, c.dossier, contact, politique, jur, maintenant(), pendant=transmettre
        )
    except _DonneesRefusees as e:
        clore(boite.ECHEC, _texte(e.erreur))
        bilan.echecs.append((c.dossier, f"message refusé par le serveur ({_texte(e.erreur)})"))
        return
    if r.enregistre:
        bilan.envoyes.append((c.dossier, c.modele, c.message_id))
        return
    connexion.abandonner()
    if r.deja_enregistre:
        raison = "un contact identique (même moment, canal et objet) est déjà enregistré"
    else:
        assert r.decision is not None
        raison = " ; ".join(f"[{mo.code}] {mo.message}" for mo in r.decision.motifs)
    clore(boite.REFUSE, raison)
    bilan.refuses.append((c.dossier, raison))


def envoyer_lot(
    m: Engine,
    previsions: list[Prevu],
    jour: date,
    le: datetime | None,
    maintenant: Callable[[], datetime],
    politique: Politique,
    jur: Jurisprudence,
    connexion: Connexion,
    impose: str | None = None,
    debit: float | None = None,
    avancer: Callable[[int], None] = lambda n: None,
    attendre: Callable[[float], None] = time.sleep,
) -> BilanEnvoi:
    """Send the planned emails one by one; at most `debit` messages per minute."""
    bilan = BilanEnvoi()
    compte = connexion.serveur.utilisateur
    secours = compte if compte and "@" in compte else None  # the SMTP account's address
    intervalle = 60.0 / debit if debit else 0.0
    dernier: float | None = None
    try:
        for p in previsions:
            if dernier is not None and intervalle:
                attendre(max(0.0, intervalle - (time.monotonic() - dernier)))
            moment = le or maintenant()
            try:
                c = composer_prevu(p, jour, moment, jur, impose, secours)
            except ErreurEscalade as e:
                bilan.echecs.append((p.tache.dossier.reference, str(e)))
                avancer(1)
                continue
            dernier = time.monotonic()
            try:
                envoyer_un(m, c, p.etape, moment, maintenant, politique, jur, connexion, bilan)
            except (smtplib.SMTPException, OSError) as e:
                bilan.interrompu = f"{type(e).__name__} : {e}"
                break
            avancer(1)
    finally:
        connexion.fermer()
    with transaction_lecture(m) as conn:
        bilan.en_suspens = boite.non_confirmes(conn)
    return bilan


def decider(
    m: Engine,
    message_id: str,
    parti: bool,
    maintenant: datetime,
    politique: Politique,
    jur: Jurisprudence,
) -> tuple[boite.Envoi, bool]:
    """An operator's decision on an unconfirmed email: it left (record the contact at its
    moment, through the gate) or it did not (« abandonne »: the plan offers it again).
    Returns the attempt and whether the contact was recorded."""
    with transaction_lecture(m) as conn:
        e = boite.par_message_id(conn, message_id)
    if e.etat != boite.EN_COURS:
        raise EntreeInvalide(
            f"ce courriel n'attend pas de décision (état : {boite.ETATS_FR.get(e.etat, e.etat)})",
            champ="MESSAGE_ID",
        )
    if not parti:
        with transaction_ecriture(m) as conn:
            boite.clore(conn, e.id, boite.ABANDONNE, maintenant, erreur="décision : non parti")
        return e, False
    from escalade.documents.catalogue import canonique, decouper

    contact = Contact.model_validate(
        {
            "le": e.le,
            "canal": CANAL,
            "objet": decouper(canonique(e.modele))[0],
            "interlocuteur": e.destinataire,
            "resultat": "envoyé (confirmé par un opérateur)",
            "note": f"Message-ID {e.message_id}",
        }
    )

    def confirmer(conn: Connection, contact_id: int) -> None:
        boite.clore(conn, e.id, boite.ENVOYE, maintenant, contact_id=contact_id)

    r = enregistrer_contact(m, e.dossier, contact, politique, jur, maintenant, pendant=confirmer)
    return e, r.enregistre
