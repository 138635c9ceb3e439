"""Retention of personal data (RGPD art. 5.1.e): the categories, their periods, the policy.

What the store may keep, and for how long, per category of data:

- **identité et coordonnées** (the debtor's name, address, email, phone, identifiers,
  representative and contact persons): in the active base for 3 years after the end of the
  relationship (CNIL, référentiel « gestion des activités commerciales », délibération
  n° 2021-131), then in an intermediate archive for the limitation period of the claim,
  counted from the same date: 5 years between professionals (C. com. L110-4), 2 years against
  a consumer (C. conso. L218-2, shorter than the active base: no archive), 4 years from the
  1st of January after it for a public person (loi n° 68-1250, art. 1er). Then pseudonymised:
  the dossier keeps a pseudonym, never the person.
- **journal des contacts et notes** (free text: notes, results, dispute reasons, reasons of
  transitions): serves the follow-up of the case (CNIL, zones bloc-notes, 28 Feb 2019), so it
  is erased at the end of the active base. The evidence value of the journal (date, channel,
  subject of each contact, documents sent) goes to the archive with the other categories.
  Whether free-text notes may stay in the archive is UNCONFIRMED: a policy may keep them there
  (`notes_en_archive`).
- **documents produits** (references of the letters sent, LRAR numbers): evidence of the
  claim (mise en demeure, reminders), kept until the end of the archive, then erased.
- **montants et factures**: accounting documents and supporting evidence, 10 years
  (C. com. L123-22), counted here from the end of the relationship (later than the closing of
  the financial year the text refers to: a cautious choice). Then the attached evidence and
  payment references are erased; amounts, dates and invoice numbers stay as statistics, no
  longer linked to a person once the identity is pseudonymised.
- **journal d'audit** (free-text reasons of overrides): no text sets its retention (UNCONFIRMED);
  the tool aligns it on the dossier's archive, then erases the free text; who did what and
  when stays (RGPD art. 5.2, accountability).

Dates: a category is kept up to and including its `conserve_jusqu_au` day (same date number,
CPC 641 calendar arithmetic) and is due for purge from the next day. The evaluation of one
dossier (end of the relationship, legal hold, schedule, purge) is `escalade.rgpd.conservation`.

References: RGPD art. 5.1.e, 17; CNIL délibération n° 2021-131; C. com. L110-4, L123-22;
C. conso. L218-2; loi n° 68-1250 art. 1er.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Final, Literal

from escalade.droit.delais import ajouter_mois
from escalade.droit.donnees_juridiques import Jurisprudence

Categorie = Literal[
    "identite_coordonnees",
    "journal_contacts_notes",
    "documents_produits",
    "montants_factures",
    "journal_audit",
]
CATEGORIES: Final[tuple[Categorie, ...]] = (
    "identite_coordonnees",
    "journal_contacts_notes",
    "documents_produits",
    "montants_factures",
    "journal_audit",
)
LIBELLES: Final[Mapping[str, str]] = {
    "identite_coordonnees": "identité et coordonnées",
    "journal_contacts_notes": "journal des contacts et notes",
    "documents_produits": "documents produits",
    "montants_factures": "montants et factures",
    "journal_audit": "journal d'audit",
}
Action = Literal["effacer", "pseudonymiser"]

# What each category covers in the dossier and the store (`table.colonne`, or the
# `dossiers.debiteur` JSON path). The store's purge applies exactly these.
CHAMPS: Final[Mapping[str, tuple[str, ...]]] = {
    "identite_coordonnees": (
        "debiteur.nom",
        "debiteur.adresse.lignes",
        "debiteur.email",
        "debiteur.telephone",
        "debiteur.representant",
        "debiteur.siren",
        "debiteur.siret",
        "debiteur.tva",
        "debiteur.interlocuteurs",
        "contacts.interlocuteur",
    ),
    "journal_contacts_notes": (
        "contacts.note",
        "contacts.resultat",
        "litiges.motif",
        "historique.motif",
    ),
    "documents_produits": ("contacts.document", "mise_en_demeure.numero_lrar"),
    "montants_factures": ("factures.pieces", "paiements.reference"),
    "journal_audit": ("audit.motif",),
}
ACTIONS: Final[Mapping[str, Action]] = {
    "identite_coordonnees": "pseudonymiser",
    "journal_contacts_notes": "effacer",
    "documents_produits": "effacer",
    "montants_factures": "effacer",
    "journal_audit": "effacer",
}

# Short citations.
RGPD_5_1_E: Final = "RGPD art. 5.1.e"
RGPD_17: Final = "RGPD art. 17"
CNIL_2021_131: Final = "CNIL, délibération n° 2021-131"
CNIL_BLOC_NOTES: Final = "CNIL, zones bloc-notes et commentaires (28 févr. 2019)"
L123_22: Final = "C. com. art. L123-22"
L622_21: Final = "C. com. art. L622-21"
L111_4: Final = "CPCE art. L111-4"
PRESCRIPTION: Final[Mapping[str, str]] = {
    "professionnel": "C. com. art. L110-4",
    "consommateur": "C. conso. art. L218-2",
    "personne_publique": "Loi n° 68-1250 du 31 décembre 1968, art. 1er",
}
SERIES_PRESCRIPTION: Final[Mapping[str, str]] = {
    "professionnel": "prescription_professionnels",
    "consommateur": "prescription_consommateurs",
    "personne_publique": "prescription_personnes_publiques",
}


@dataclass(frozen=True)
class PolitiqueConservation:
    """Retention periods in years; defaults from `jurisprudence/`, a creditor may shorten them."""

    base_active_ans: int
    prescription_ans: Mapping[str, int]  # debtor type -> limitation of the claim
    pieces_comptables_ans: int
    execution_titre_ans: int
    notes_en_archive: bool = False
    sources: Mapping[str, str] = field(default_factory=dict)


def politique_par_defaut(jur: Jurisprudence, le: date) -> PolitiqueConservation:
    """The default retention policy in force on `le`, with the source of each value."""
    series = {
        "base_active_ans": "conservation_base_active",
        "pieces_comptables_ans": "conservation_pieces_comptables",
        "execution_titre_ans": "execution_titre_executoire_duree",
        **{f"prescription_ans.{t}": s for t, s in SERIES_PRESCRIPTION.items()},
    }
    sources = {champ: jur.serie(s).en_vigueur(le).source for champ, s in series.items()}
    return PolitiqueConservation(
        base_active_ans=jur.entier("conservation_base_active", le),
        prescription_ans={t: jur.entier(s, le) for t, s in SERIES_PRESCRIPTION.items()},
        pieces_comptables_ans=jur.entier("conservation_pieces_comptables", le),
        execution_titre_ans=jur.entier("execution_titre_executoire_duree", le),
        sources=sources,
    )


# --- the periods ---------------------------------------------------------------------


@dataclass(frozen=True)
class FinRelation:
    le: date
    motif: str  # the event that ends it, in French


@dataclass(frozen=True)
class Echeance:
    """How long one category of a dossier is kept, and what happens after."""

    categorie: Categorie
    conserve_jusqu_au: date  # last day kept; purge due from the next day
    action: Action
    champs: tuple[str, ...]
    motif: str
    references: tuple[str, ...]


@lru_cache(maxsize=65536)
def plus_ans(d: date, ans: int) -> date:
    return ajouter_mois(d, 12 * ans)


def fin_base_active(fin: FinRelation, politique: PolitiqueConservation) -> date:
    return plus_ans(fin.le, politique.base_active_ans)


def fin_archive(type_debiteur: str, fin: FinRelation, politique: PolitiqueConservation) -> date:
    """End of the intermediate archive: the claim's limitation, never before the active base."""
    ans = politique.prescription_ans[type_debiteur]
    if type_debiteur == "personne_publique":  # loi 68-1250 art. 1er: from 1 January next year
        prescription = date(fin.le.year + ans, 12, 31)
    else:
        prescription = plus_ans(fin.le, ans)
    return max(fin_base_active(fin, politique), prescription)
