"""The mise en demeure's context: its deadline (from reception, CPC 641-642), what follows
if it goes unanswered and before which court, the words and articles it must carry."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from escalade.documents.contexte_commun import Donnees
from escalade.documents.environnement import date_courte, date_longue, en_lettres, montant
from escalade.documents.mentions import Mention, mentions_accessoires
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Dossier, MiseEnDemeure
from escalade.droit.montant_en_lettres import nombre_en_lettres
from escalade.recouvrement import mise_en_demeure as med
from escalade.recouvrement import routes

REFERENCES_MISE_EN_DEMEURE: Final = ("C. civ. art. 1344", "C. civ. art. 1344-1")


def _delai(dossier: Dossier, le: date, jur: Jurisprudence) -> dict[str, Any]:
    """The deadline of the mise en demeure: from reception (CPC 641-642), never guessed."""
    if dossier.mise_en_demeure is None:
        jours = med.delai_usuel(jur, le)
        return {
            "jours": jours,
            "jours_lettres": nombre_en_lettres(jours),
            "echeance": None,
            "motif": "lettre non encore reçue : le délai court à compter de sa réception",
            "references": list(med.REFERENCES),
        }
    resultat = med.delai(dossier, jur)
    jours = resultat.delai_jours or med.delai_usuel(jur, le)
    return {
        "jours": jours,
        "jours_lettres": nombre_en_lettres(jours),
        "echeance": resultat.echeance.echeance if resultat.echeance else None,
        "motif": resultat.motif,
        "references": list(resultat.references),
    }


def _suite(dossier: Dossier, le: date, jur: Jurisprudence) -> dict[str, Any]:
    """What follows an unanswered mise en demeure, and before which court.

    The one implementation decides, so the letter and the court file agree: the route
    (`escalade.recouvrement.routes.choisir`: petites créances first under the threshold, a
    contradictory
    claim for disputed invoices, the administrative judge for a public person) and the
    court (`escalade.droit.juridiction`, CPC 1406: tribunal de commerce or, where the experiment
    runs, des activités économiques; the tribunal judiciaire's commercial chamber in
    Alsace-Moselle). They are asked about the first day a route would open if this letter
    were received on its date (a letter already sent: its own reception or presentation).
    When no route would open (a collective proceeding, a settled or time-barred debt...),
    the letter names the injonction de payer before that same court."""
    recue = _recue(dossier, le, jur)
    ouverture = routes.choisir(recue, le, jur).possible_le or le
    choix = routes.choisir(recue, max(ouverture, le), jur)
    j = choix.juridiction
    assert j is not None
    if "petites_creances" in choix.routes:
        voie = "petites_creances"
    elif choix.routes == ("assignation",):
        voie = "refere_administratif" if j.categorie == "tribunal_administratif" else "assignation"
    else:
        voie = "injonction_de_payer"
    # Alsace-Moselle: commercial matters go to the tribunal judiciaire's commercial chamber.
    chambre = (
        " (chambre commerciale)" if j.commercial and j.categorie == "tribunal_judiciaire" else ""
    )
    return {
        "voie": voie,
        "petites_creances": voie == "petites_creances",
        "tribunal": j.libelle + chambre,
        "juge": j.juge,
        "plafond": choix.plafond_petites_creances,
        "references": list(dict.fromkeys(SUITES[voie][1:] + j.references)),
    }


def _recue(dossier: Dossier, le: date, jur: Jurisprudence) -> Dossier:
    """The dossier as if its mise en demeure had reached the debtor (this letter, received
    on its date, when none was sent yet)."""
    m = dossier.mise_en_demeure
    if m is None:
        m = MiseEnDemeure(envoyee_le=le, recue_le=le, delai_jours=med.delai_usuel(jur, le))
    elif m.recue_le is None:
        m = m.model_copy(update={"recue_le": m.premiere_presentation_le or m.envoyee_le})
    return dossier.model_copy(update={"mise_en_demeure": m})


# Per route: the words the letter must carry, and the article they rest on.
SUITES: Final[dict[str, tuple[str, ...]]] = {
    "petites_creances": ("injonction de payer", "CPC art. 1405", "CPCE art. L125-1"),
    "injonction_de_payer": ("injonction de payer", "CPC art. 1405"),
    "assignation": ("référé-provision", "CPC art. 835", "CPC art. 873"),
    "refere_administratif": ("référé", "CJA art. R541-1"),
}


def mise_en_demeure(dossier: Dossier, le: date, jur: Jurisprudence, c: Donnees) -> list[Mention]:
    c["delai"] = _delai(dossier, le, jur)
    c["suite"] = _suite(dossier, le, jur)
    c["numero_lrar"] = (
        (dossier.mise_en_demeure.numero_lrar or "") if dossier.mise_en_demeure else ""
    )
    total = c["totaux"]["total"]
    mentions = [
        Mention("les mots « mise en demeure »", "mise en demeure", "C. civ. art. 1344"),
        Mention("fondement", "1344", "C. civ. art. 1344"),
        Mention("total en chiffres", montant(total)),
        Mention("total en lettres", en_lettres(total), "C. civ. art. 1376"),
        Mention("principal en lettres", en_lettres(c["totaux"]["principal"])),
        Mention("point de départ du délai", "à compter de la réception"),
        Mention("suite", SUITES[c["suite"]["voie"]][0], SUITES[c["suite"]["voie"]][1]),
        Mention("juridiction", c["suite"]["tribunal"], "CPC art. 1406"),
        *mentions_accessoires(c),
        *(Mention("relance antérieure", date_courte(h["date"])) for h in c["historique"]),
    ]
    if c["delai"]["echeance"] is not None:
        mentions.append(Mention("date limite", date_longue(c["delai"]["echeance"]), "CPC art. 642"))
    return mentions
