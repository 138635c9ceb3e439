"""The compliance gate: may this debtor be contacted on this channel at this moment?

`verifier` answers before every contact (SPEC section 5) with every reason for a refusal
(code, French message, articles, and whether the rule is the law or only the tool's or the
creditor's policy) and the next moment when the same contact would be allowed.

It refuses:
- a settled dossier or invoice (C. civ. art. 1342: payment extinguishes the debt), decided on
  the principal alone, without rates, so that an unpublished rate never blocks the gate;
  except a contact of objet `reclamation_accessoires` while the décompte (payments imputed on
  interest first, C. civ. art. 1343-1; a public buyer's on the principal first, CCP art.
  R2192-36) still finds penalties, interest or indemnities due:
  allowed with the amount as a note, refused when nothing is due or a rate is not known yet;
- an invoice not yet due (C. civ. art. 1305-2);
- an invoice in dispute (the tool's policy: a contested claim goes to a contradictory claim,
  CPC art. 1405 and C. civ. art. 1353); the debtor's other invoices stay collectable;
- a debtor under a collective proceeding (C. com. art. L622-21), pointing to the claim
  declaration deadline (L622-24, R622-24) instead;
- a respected payment plan (the agreed term, C. civ. art. 1103 and 1305-2);
- a time-barred invoice (C. com. L110-4, C. conso. L218-2, see `escalade.droit.prescription`);
- a channel the debtor refused (unwanted solicitation, C. conso. art. L121-7 3°);
- Sundays, the public holidays of the debtor's calendar and quiet hours per channel;
- too many contacts per channel and overall in rolling windows, and a new call too soon
  after a refusal: the defaults follow C. conso. art. D223-9, written for telephone
  canvassing and not for collection (a product floor, not the law of collection), and
  C. pén. art. 222-16 (repeated calls);
- personal data past its retention in the active base (RGPD art. 5.1.e; CNIL 2021-131).

Pure: the moment, the journal and the policy are parameters. `contacts` is the debtor's
journal across creditors (at least `fenetre_max(politique)` before `le`). The rules are
`escalade.recouvrement.regles_conformite` (the claim) and `escalade.recouvrement.creneaux` (the
moment: days, hours, frequency); this module assembles their findings into a `Decision`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from escalade.droit.calendrier import calendrier_pour_code_postal
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Contact, Dossier
from escalade.droit.valeurs import PARIS
from escalade.recouvrement.creneaux import (
    fuseau,
    motifs_frequence,
    motifs_horaires,
    prochain_horaire,
)
from escalade.recouvrement.etat_creance import EtatFacture, procedure_en_cours
from escalade.recouvrement.politique_modele import Politique, fenetre_max_jours
from escalade.recouvrement.regles_conformite import (
    REFERENCES_CANAL_REFUSE,
    Motif,
    motif_conservation,
    motif_echeancier,
    motif_procedure,
    motifs_creance,
)


@dataclass(frozen=True)
class Decision:
    autorise: bool
    motifs: tuple[Motif, ...]
    prochain_creneau: datetime | None
    avertissements: tuple[Motif, ...] = ()  # facts that do not block (disputed invoices...)


def fenetre_max(politique: Politique) -> timedelta:
    """How far before `le` the store must read the journal for `verifier`."""
    return timedelta(days=fenetre_max_jours(politique))


def decision_en_dict(d: Decision) -> dict[str, Any]:
    return {
        "autorise": d.autorise,
        "motifs": [_motif_en_dict(m) for m in d.motifs],
        "prochain_creneau": d.prochain_creneau.isoformat() if d.prochain_creneau else None,
        "avertissements": [_motif_en_dict(m) for m in d.avertissements],
    }


def _motif_en_dict(m: Motif) -> dict[str, Any]:
    return {"code": m.code, "message": m.message, "articles": list(m.articles)}


# --- the gate -------------------------------------------------------------------------


def verifier_creance(
    dossier: Dossier,
    le: date,
    politique: Politique,
    jur: Jurisprudence,
    contacts: Sequence[Contact] = (),
    facture: str | None = None,
    *,
    objet: str | None = None,
    etats: Sequence[EtatFacture] | None = None,
) -> Decision:
    """The claim-level part of the gate (no channel, no hour): may the claim be pursued on `le`?

    Used alone for court steps (injonction, petites créances). `prochain_creneau` is None when
    nothing but a new fact (payment plan broken, dispute closed...) can lift the refusal.
    `objet` is the contact's: a claim of the accessories passes a paid principal while the
    décompte finds them due (`regles_conformite.motifs_creance`); every other rule still applies.
    `etats`: `etats_factures(dossier, le, jur)` when the caller has it (the plan), else computed.
    """
    if procedure_en_cours(dossier, le):
        return Decision(False, (motif_procedure(dossier, jur, le),), None)
    motifs, des, avertissements = motifs_creance(dossier, le, jur, facture, objet, etats)
    definitifs = motifs if des is None else []
    temporaires = [] if des is None else motifs
    for motif in (motif_echeancier(dossier, le), motif_conservation(
        dossier, le, contacts, politique, jur
    )):  # fmt: skip
        if motif is not None:
            definitifs.append(motif)
    tous = tuple(definitifs + temporaires)
    creneau = None if definitifs or not tous else des
    return Decision(not tous, tous, creneau, tuple(avertissements))


def verifier(
    dossier: Dossier,
    canal: str,
    le: datetime,
    contacts: Sequence[Contact] | None,
    politique: Politique,
    jur: Jurisprudence,
    facture: str | None = None,
    *,
    objet: str | None = None,
    etats: Sequence[EtatFacture] | None = None,
) -> Decision:
    """May the debtor of `dossier` be contacted on `canal` at `le`? Every reason, and when.

    `objet` (the contact's, optional) matters on a paid principal only: see `verifier_creance`.
    `etats`: the invoices' states on the day of `le` in Paris time, when the caller has them.
    """
    t = (le if le.tzinfo is not None else le.replace(tzinfo=PARIS)).astimezone(PARIS)
    journal = dossier.contacts if contacts is None else contacts
    creance = verifier_creance(
        dossier, t.date(), politique, jur, journal, facture, objet=objet, etats=etats
    )
    if any(m.code == "procedure_collective" for m in creance.motifs):
        return creance
    definitif = bool(creance.motifs) and creance.prochain_creneau is None
    motifs = list(creance.motifs)
    attente = [creance.prochain_creneau] if creance.prochain_creneau is not None else []
    if canal in dossier.debiteur.canaux_refuses:
        definitif = True
        motifs.append(Motif(
            "canal_refuse",
            f"Le débiteur a refusé d'être contacté par ce canal ({canal}) : le solliciter ainsi "
            "serait une sollicitation non souhaitée.",
            REFERENCES_CANAL_REFUSE, True,
        ))  # fmt: skip

    regle = politique.canaux[canal]
    code_postal = dossier.debiteur.adresse.code_postal
    cal = calendrier_pour_code_postal(code_postal)
    tz = fuseau(code_postal)
    motifs += motifs_horaires(canal, t.astimezone(tz), regle, cal)
    frequence, des_frequence = motifs_frequence(canal, t, journal, politique)
    motifs += frequence
    if des_frequence is not None:
        attente.append(des_frequence)

    if not motifs:
        return Decision(True, (), None, creance.avertissements)
    if definitif:
        return Decision(False, tuple(motifs), None, creance.avertissements)
    creneau = prochain_horaire(max([t, *attente]), regle, cal, tz).astimezone(PARIS)
    return Decision(False, tuple(motifs), creneau, creance.avertissements)
