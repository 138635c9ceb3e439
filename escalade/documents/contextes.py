"""One context builder per document: a dossier, a date and the law become a flat mapping.

Each document's context builder is in its family's module (`contexte_relances`,
`contexte_mise_en_demeure`, `contexte_decompte`), on top of the shared context
(`contexte_commun`); this module picks the builder, adds the mandatory mentions
(`mentions`) and refuses a reminder with nothing left to claim.

A reminder or a mise en demeure with nothing left to claim but disputed or time-barred
invoices is refused. Whether a payment demand may be sent at all (collective proceeding,
settled dossier, respected payment plan...) is the gate's answer, asked by `escalade
lettre` before building (`catalogue.DEMANDES_DE_PAIEMENT`) and by the plan for a batch.

The HTML and the DOCX template of a document share its context. Values stay typed
(`Decimal`, `date`) and the templates format them with the French filters. Each context
also lists the mentions the rendered letter must carry (checked after rendering: a
template that lacks one is refused) and, for a consumer, the mentions it must not carry
(no L441-10 penalties, no 40 EUR indemnity: C. com. L441-10 II applies between
professionals only).

Pure: no I/O, no clock; the date and the legal data are parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Final

from escalade.documents.catalogue import (
    ENVOYES,
    RAPPELS,
    TITRES,
    Contexte,
    canonique,
    decouper,
    verifier_modele,
)
from escalade.documents.contexte_commun import Donnees, commun
from escalade.documents.contexte_decompte import decompte_creance, echeancier
from escalade.documents.contexte_mise_en_demeure import mise_en_demeure
from escalade.documents.contexte_relances import (
    confirmation_appel,
    derniere_relance,
    fiche_appel,
    relance_1,
    relance_2,
)
from escalade.documents.environnement import date_courte
from escalade.documents.mentions import Mention, interdites, mentions_r124_4, mentions_rappel
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import ContactRefuse
from escalade.droit.modele import Dossier
from escalade.recouvrement.politique_modele import TonRelances
from escalade.recouvrement.regles_conformite import REFERENCES_LITIGE

Constructeur = Callable[[Dossier, date, Jurisprudence, Donnees], list[Mention]]
CONSTRUCTEURS: Final[dict[str, Constructeur]] = {
    "relance_1": relance_1,
    "relance_2": relance_2,
    "fiche_appel": fiche_appel,
    "confirmation_appel": confirmation_appel,
    "derniere_relance": derniere_relance,
    "mise_en_demeure": mise_en_demeure,
    "decompte": decompte_creance,
    "echeancier": echeancier,
}


def _refuser_si_rien_a_reclamer(modele: str, dossier: Dossier, c: Donnees) -> None:
    """A letter asking for payment needs something to claim: not only disputed or
    time-barred invoices.

    The gate refuses contacts about a disputed invoice (`conformite`, code
    « facture_en_litige ») or a prescribed one (« dette_prescrite »), and the routes send
    the first to a contradictory claim and drop the second (`routes.choisir`); a reminder or
    mise en demeure for them alone is refused likewise (`escalade lettre` asks the gate
    first; this guards the other callers)."""
    if any(f["total"] > 0 for f in c["factures"]) or not (c["litiges"] or c["prescrites"]):
        return
    raisons: list[str] = []
    suites: list[str] = []
    articles: list[str] = []
    if c["litiges"]:
        detail = " ; ".join(
            f"{f['numero']} (litige ouvert le {date_courte(f['litige']['ouvert_le'])}, "
            f"« {f['litige']['motif']} »)"
            for f in c["litiges"]
        )
        raisons.append(f"en litige : {detail}")
        suites.append(
            "Une facture contestée ne se relance pas et ne fait pas l'objet d'une mise en "
            "demeure tant que le litige est ouvert : elle se poursuit par une action "
            "contradictoire (référé-provision ou assignation au fond), ou se réclame de "
            "nouveau une fois le litige clos."
        )
        articles += REFERENCES_LITIGE
    if c["prescrites"]:
        detail = " ; ".join(
            f"{f['numero']} (prescription acquise le "
            f"{date_courte(f['prescription']['acquise_le'])})"
            for f in c["prescrites"]
        )
        raisons.append(f"prescrites : {detail}")
        suites.append(
            "Une facture prescrite ne se réclame plus : l'action en paiement est éteinte."
        )
        articles += [a for f in c["prescrites"] for a in f["prescription"]["references"]]
    raise ContactRefuse(
        f"{TITRES[modele]} refusée : rien à réclamer, toutes les factures impayées du "
        f"dossier sont {' ou '.join(raisons)}. {' '.join(suites)}",
        fichier=dossier.reference,
        articles=tuple(dict.fromkeys(articles)),
    )


def retard(c: Donnees, le: date, ton: TonRelances) -> dict[str, object]:
    """The delay of the oldest invoice claimed, and the tone it calls for (policy data)."""
    echeances = [f["date_echeance"] for f in c["factures"] if f["total"] > 0]
    if not echeances:
        return {"depuis": None, "jours": 0, "ton": "courtois"}
    depuis = min(echeances)
    jours = max((le - depuis).days, 0)
    return {"depuis": depuis, "jours": jours, "ton": ton.ton(jours)}


def construire(
    modele: str,
    dossier: Dossier,
    le: date,
    jur: Jurisprudence,
    *,
    litiges_reclames: bool = False,
    ton: TonRelances | None = None,
) -> Contexte:
    """The context of document `modele` (or of one of its variants, 'relance_1@B') for
    `dossier` on day `le`.

    `litiges_reclames`: the operator overrode the policy refusal of a letter about
    disputed invoices (`escalade lettre --forcer --motif`): they are claimed like the
    others. Time-barred invoices are never claimed (the law, not a policy). `ton`: the
    policy's thresholds for wording the delay (`Politique.ton_relances`; its defaults when
    None)."""
    verifier_modele(modele)
    modele = canonique(modele)
    base, _ = decouper(modele)
    c = commun(modele, dossier, le, jur, litiges_reclames)
    c["retard"] = retard(c, le, ton or TonRelances())
    if base in RAPPELS:
        _refuser_si_rien_a_reclamer(base, dossier, c)
    mentions = CONSTRUCTEURS[base](dossier, le, jur, c)
    if base in RAPPELS:
        mentions = mentions_rappel(c) + mentions
    if base in ENVOYES:
        mentions += mentions_r124_4(c)
    decompte = c.pop("_decompte")
    return Contexte(modele, c, decompte, tuple(mentions), tuple(interdites(c)))
