"""The court competent for an injonction de payer (CPC 1406).

Subject matter: the président of the tribunal de commerce when the debtor is a trader or a
commercial company (C. com. L721-3; companies commercial by their form: L210-1), the
président of the tribunal judiciaire otherwise. Three departures:

- Bas-Rhin, Haut-Rhin and Moselle have no tribunal de commerce: commercial matters go to the
  chambre commerciale of the tribunal judiciaire (C. com. L731-1 and following).
- In the twelve places where tribunaux de commerce became, for a trial period,
  « tribunaux des activités économiques » (loi n° 2023-1059, art. 26; arrêté du 5 juillet
  2024), the président of that court acts instead. The list is data
  (`jurisprudence/tribunaux_activites_economiques.yaml`); the ressort of each is the one of
  the tribunal judiciaire of its seat, which the tool does not map commune by commune: a
  debtor in the seat's commune is certain, one elsewhere in the department is flagged.
- A public person bound by a public procurement contract is sued before the administrative
  courts (référé-provision, CJA R541-1), where the injonction de payer does not exist.

Territory: always the judge of the place where the debtor (or one of the debtors) lives or
has its seat; mandatory, a contrary clause is deemed unwritten (CPC 1406 al. 2). The file
names the court category and that rule with the debtor's commune; the exact name and address
of the court are the user's to set (dossier `injonction.juridiction_nom` / `_adresse`, or a
CLI option).

References: CPC art. 1406; C. com. art. L210-1, L721-3.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from escalade.erreurs import DonneeJuridiqueManquante
from escalade.jurisprudence import Jurisprudence
from escalade.modele import Debiteur, Dossier

Categorie = Literal[
    "tribunal_judiciaire",
    "tribunal_commerce",
    "tribunal_activites_economiques",
    "tribunal_administratif",
]

# C. com. L210-1: commercial by their form whatever their object.
FORMES_COMMERCIALES: frozenset[str] = frozenset(
    {"SAS", "SASU", "SARL", "EURL", "SA", "SNC", "SCA", "SCS"}
)
DEPARTEMENTS_ALSACE_MOSELLE = ("57", "67", "68")
SERIE_TAE = "tribunaux_activites_economiques"
SERIES_CERFA: dict[str, str] = {
    "tribunal_judiciaire": "cerfa_injonction_tribunal_judiciaire",
    "tribunal_commerce": "cerfa_injonction_tribunal_commerce",
    "tribunal_activites_economiques": "cerfa_injonction_tribunal_commerce",
}
LIBELLES: dict[str, str] = {
    "tribunal_judiciaire": "tribunal judiciaire",
    "tribunal_commerce": "tribunal de commerce",
    "tribunal_activites_economiques": "tribunal des activités économiques",
    "tribunal_administratif": "tribunal administratif",
}
REFERENCES = ("CPC art. 1406",)
REFERENCES_COMMERCIAL = ("C. com. art. L721-3", "C. com. art. L210-1")
REFERENCES_TAE = (
    "Loi n° 2023-1059 du 20 novembre 2023, art. 26",
    "Arrêté du 5 juillet 2024, art. 2",
)
REFERENCES_TA = ("CJA art. R541-1", "CJA art. R312-11")


@dataclass(frozen=True)
class Juridiction:
    categorie: Categorie
    libelle: str  # "tribunal de commerce"
    juge: str  # "président du tribunal de commerce"
    commune: str  # the debtor's commune (seat or home)
    code_postal: str
    regle_territoriale: str
    commercial: bool
    motif: str  # why this category, in French
    nom: str | None  # the exact court, set by the user
    adresse: tuple[str, ...]
    a_verifier: tuple[str, ...]  # points the user must check before filing
    references: tuple[str, ...]

    @property
    def designation(self) -> str:
        """The exact name when set, else the category with the commune."""
        return self.nom or f"{self.libelle} compétent pour {self.commune} ({self.code_postal})"


def _sans_accents(texte: str) -> str:
    decompose = unicodedata.normalize("NFKD", texte)
    simple = "".join(c for c in decompose if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^a-z0-9]+", " ", simple).strip()


def forme_juridique(d: Debiteur) -> tuple[str | None, bool]:
    """The debtor's legal form (upper case) and whether it was read from its name."""
    if d.forme_juridique:
        return d.forme_juridique.strip().upper(), False
    mots = re.findall(r"[A-Za-z]+", d.nom)
    for mot in reversed(mots):
        if mot.isupper() and mot in FORMES_COMMERCIALES:
            return mot, True
    return None, False


def est_commercial(d: Debiteur) -> tuple[bool, str, tuple[str, ...]]:
    """Whether CPC 1406 sends the claim to the commercial judge: (answer, why, to check)."""
    forme, deduite = forme_juridique(d)
    a_verifier: list[str] = []
    if forme in FORMES_COMMERCIALES:
        motif = f"société commerciale par la forme ({forme})"
        if deduite:
            motif += ", forme lue dans la dénomination"
            a_verifier.append(
                f"forme juridique « {forme} » déduite de la dénomination : confirmez-la "
                "(champ debiteur.forme_juridique)"
            )
        if d.commercant is False:
            a_verifier.append(
                f"le dossier indique un débiteur non commerçant, mais une {forme} est "
                "commerciale par sa forme (C. com. art. L210-1) : la forme l'emporte"
            )
        return True, motif, tuple(a_verifier)
    if d.commercant:
        return True, "débiteur commerçant", ()
    if d.type != "professionnel":
        return False, "débiteur non commerçant", ()
    if d.commercant is None:
        a_verifier.append(
            "qualité de commerçant du débiteur inconnue : renseignez debiteur.commercant ou "
            "debiteur.forme_juridique ; à défaut, le tribunal judiciaire est retenu"
        )
        if forme and forme.startswith("SEL"):
            a_verifier.append(
                f"société d'exercice libéral ({forme}) : compétence commerciale à vérifier"
            )
    return False, "débiteur professionnel non commerçant", tuple(a_verifier)


def tribunaux_activites_economiques(jur: Jurisprudence, le: date) -> dict[str, str] | None:
    """{normalised seat: department} of the TAE in force on `le`; None when unknown."""
    try:
        texte = jur.texte(SERIE_TAE, le)
    except DonneeJuridiqueManquante:
        return None
    if texte == "aucun":
        return {}
    return {
        _sans_accents(siege): dep
        for siege, dep in re.findall(r"\s*([^;(]+?)\s*\((\d{2,3})\)", texte)
    }


def _departement(code_postal: str) -> str:
    if code_postal.startswith(("97", "98")):
        return code_postal[:3]
    return code_postal[:2]


def _commercial(
    d: Debiteur, le: date, jur: Jurisprudence
) -> tuple[Categorie, str, tuple[str, ...], tuple[str, ...]]:
    """Category, an added reason, points to check and references for a commercial claim."""
    cp, commune = d.adresse.code_postal, d.adresse.ville
    dep = _departement(cp)
    if dep in DEPARTEMENTS_ALSACE_MOSELLE:
        return (
            "tribunal_judiciaire",
            "en Alsace-Moselle, la matière commerciale relève de la chambre commerciale du "
            "tribunal judiciaire",
            (),
            ("C. com. art. L731-1",),
        )
    tae = tribunaux_activites_economiques(jur, le)
    if tae is None:
        return (
            "tribunal_commerce",
            "",
            (
                "expérimentation des tribunaux des activités économiques : situation inconnue "
                f"au {le:%d/%m/%Y} (données arrêtées au 31/12/2028) ; vérifiez si le tribunal "
                "de commerce du débiteur est devenu tribunal des activités économiques",
            ),
            REFERENCES_TAE,
        )
    nom = _sans_accents(commune)
    for siege in tae:
        if nom == siege or (siege == "paris" and cp.startswith("75")):
            return (
                "tribunal_activites_economiques",
                f"le tribunal de commerce de {commune} est, à titre expérimental, tribunal des "
                "activités économiques",
                (),
                REFERENCES_TAE,
            )
    sieges = [s.title() for s, dep_siege in tae.items() if dep_siege == dep]
    if sieges:
        return (
            "tribunal_commerce",
            "",
            (
                f"le département {dep} compte un tribunal des activités économiques "
                f"({', '.join(sieges)}) : si {commune} est dans le ressort du tribunal "
                "judiciaire de ce siège, c'est le président de ce tribunal des activités "
                "économiques qui est compétent",
            ),
            REFERENCES_TAE,
        )
    return "tribunal_commerce", "", (), ()


def juridiction(
    dossier: Dossier,
    le: date,
    jur: Jurisprudence,
    nom: str | None = None,
    adresse: tuple[str, ...] | None = None,
) -> Juridiction:
    """The court of an injonction de payer (or, for a public debtor, of its contentious
    equivalent) for `dossier` on `le`; `nom`/`adresse` override the dossier's fields."""
    d = dossier.debiteur
    inj = dossier.injonction
    nom = nom or (inj.juridiction_nom if inj else None)
    adresse = adresse or tuple(inj.juridiction_adresse if inj else ())
    cp, commune = d.adresse.code_postal, d.adresse.ville
    siege = "siège" if d.type != "consommateur" else "domicile"
    lieu = f"{commune} ({cp})"
    if d.type == "personne_publique":
        return Juridiction(
            "tribunal_administratif",
            LIBELLES["tribunal_administratif"],
            "juge des référés du tribunal administratif",
            commune,
            cp,
            "tribunal administratif dans le ressort duquel le contrat est exécuté "
            f"(CJA art. R312-11) ; {siege} du débiteur : {lieu}",
            False,
            "personne publique liée par un contrat de la commande publique : juridiction "
            "administrative (référé-provision), l'injonction de payer n'y existe pas",
            nom,
            adresse,
            ("lieu d'exécution du contrat à confirmer (CJA art. R312-11)",),
            REFERENCES_TA,
        )
    commercial, motif, a_verifier = est_commercial(d)
    references: tuple[str, ...] = REFERENCES
    categorie: Categorie = "tribunal_judiciaire"
    if commercial:
        references += REFERENCES_COMMERCIAL
        categorie, complement, points, refs = _commercial(d, le, jur)
        if complement:
            motif += f" ; {complement}"
        a_verifier += points
        references += refs
    libelle = LIBELLES[categorie]
    return Juridiction(
        categorie,
        libelle,
        f"président du {libelle}",
        commune,
        cp,
        "juge du lieu où demeure le débiteur, ou l'un des débiteurs (CPC art. 1406), "
        f"règle d'ordre public : {siege} du débiteur à {lieu}",
        commercial,
        motif,
        nom,
        adresse,
        a_verifier,
        references,
    )


def cerfa(j: Juridiction, le: date, jur: Jurisprudence) -> str | None:
    """The Cerfa form number (with version) of the requête before this court, if any."""
    serie = SERIES_CERFA.get(j.categorie)
    return jur.texte(serie, le) if serie else None
