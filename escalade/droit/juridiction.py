"""The court competent for an injonction de payer (CPC 1406).

Subject matter: the président of the tribunal de commerce when the debtor is a trader or a
commercial company (C. com. L721-3; companies commercial by their form: L210-1), the
président of the tribunal judiciaire otherwise. Departures:

- Bas-Rhin, Haut-Rhin and Moselle have no tribunal de commerce: commercial matters go to the
  chambre commerciale of the tribunal judiciaire (C. com. L731-1 and following).
- The overseas departments and regions have no tribunal de commerce either: commercial
  matters go to the tribunal mixte de commerce, presided by the président of the tribunal
  judiciaire (C. com. L732-1, L732-3). Seats and departments are data
  (`jurisprudence/tribunaux_mixtes_commerce.yaml`, from D732-1 and its annexe 7-3); the
  ressort of each is the one of the tribunal judiciaire of its seat (Saint-Barthélemy and
  Saint-Martin: Basse-Terre). Where a department has two, the user is asked to pick; an
  overseas postal code with no known commercial court is flagged, not guessed.
- In Saint-Pierre-et-Miquelon the tribunal de première instance is both tribunal judiciaire
  and tribunal de commerce (COJ R511-1, C. com. L910-2; data:
  `jurisprudence/tribunaux_premiere_instance.yaml`), for every debtor.
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

References: CPC art. 1406; C. com. art. L210-1, L721-3, L731-1, L732-1, L732-3, D732-1,
L910-2; COJ art. R511-1.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import DonneeJuridiqueManquante
from escalade.droit.modele import Dossier
from escalade.droit.parties import Debiteur

Categorie = Literal[
    "tribunal_judiciaire",
    "tribunal_commerce",
    "tribunal_activites_economiques",
    "tribunal_mixte_commerce",
    "tribunal_premiere_instance",
    "tribunal_administratif",
]

# C. com. L210-1: commercial by their form whatever their object.
FORMES_COMMERCIALES: frozenset[str] = frozenset(
    {"SAS", "SASU", "SARL", "EURL", "SA", "SNC", "SCA", "SCS"}
)
DEPARTEMENTS_ALSACE_MOSELLE = ("57", "67", "68")
SERIE_TAE = "tribunaux_activites_economiques"
SERIE_TMC = "tribunaux_mixtes_commerce"
SERIE_TPI = "tribunaux_premiere_instance"
SERIES_CERFA: dict[str, str] = {
    "tribunal_judiciaire": "cerfa_injonction_tribunal_judiciaire",
    "tribunal_commerce": "cerfa_injonction_tribunal_commerce",
    "tribunal_activites_economiques": "cerfa_injonction_tribunal_commerce",
    "tribunal_mixte_commerce": "cerfa_injonction_tribunal_mixte_commerce",
}
LIBELLES: dict[str, str] = {
    "tribunal_judiciaire": "tribunal judiciaire",
    "tribunal_commerce": "tribunal de commerce",
    "tribunal_activites_economiques": "tribunal des activités économiques",
    "tribunal_mixte_commerce": "tribunal mixte de commerce",
    "tribunal_premiere_instance": "tribunal de première instance",
    "tribunal_administratif": "tribunal administratif",
}
REFERENCES = ("CPC art. 1406",)
REFERENCES_COMMERCIAL = ("C. com. art. L721-3", "C. com. art. L210-1")
REFERENCES_TAE = (
    "Loi n° 2023-1059 du 20 novembre 2023, art. 26",
    "Arrêté du 5 juillet 2024, art. 2",
)
REFERENCES_TMC = ("C. com. art. L732-1", "C. com. art. L732-3", "C. com. art. D732-1")
REFERENCES_TPI = ("COJ art. R511-1",)
REFERENCES_TPI_COMMERCIAL = ("C. com. art. L910-2",)
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


def lire_sieges(jur: Jurisprudence, serie: str, le: date) -> list[tuple[str, str]] | None:
    """[(seat, department)] of a « Siège (dép.) ; ... » series on `le` ("aucun": none);
    None when the series does not cover `le`."""
    try:
        texte = jur.texte(serie, le)
    except DonneeJuridiqueManquante:
        return None
    return re.findall(r"\s*([^;(]+?)\s*\((\d{2,3})\)", texte)


def tribunaux_activites_economiques(jur: Jurisprudence, le: date) -> dict[str, str] | None:
    """{normalised seat: department} of the TAE in force on `le`; None when unknown."""
    tae = lire_sieges(jur, SERIE_TAE, le)
    return None if tae is None else {_sans_accents(siege): dep for siege, dep in tae}


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
    tmc = [siege for siege, dep_siege in lire_sieges(jur, SERIE_TMC, le) or () if dep_siege == dep]
    if tmc:
        return "tribunal_mixte_commerce", *_mixte(tmc, commune, dep), REFERENCES_TMC
    if cp.startswith(("97", "98")):
        return (
            "tribunal_commerce",
            "",
            (
                f"code postal {cp} hors métropole : l'outil ne connaît pas de juridiction "
                f"commerciale pour {commune} au {le:%d/%m/%Y} ; vérifiez laquelle connaît de "
                "la matière commerciale (tribunal mixte de commerce ou autre)",
            ),
            (),
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


def _mixte(tmc: list[str], commune: str, dep: str) -> tuple[str, tuple[str, ...]]:
    """The reason and the points to check for a tribunal mixte de commerce (C. com. L732-1)."""
    points = [
        "formulaire : celui de la requête au président du tribunal de commerce, retenu par "
        "présomption ; ni son usage devant un tribunal mixte de commerce ni le dépôt en ligne "
        "ne sont confirmés : vérifiez auprès du greffe"
    ]
    if len(tmc) > 1:
        points.append(
            f"le département {dep} compte plusieurs tribunaux mixtes de commerce "
            f"({', '.join(tmc)}) : le compétent est celui dont le ressort, celui du tribunal "
            f"judiciaire de même siège, comprend {commune}"
        )
    motif = (
        "outre-mer, la matière commerciale relève du tribunal mixte de commerce "
        f"({' ou '.join(tmc)}), présidé par le président du tribunal judiciaire"
    )
    return motif, tuple(points)


def _categorie(
    d: Debiteur, commercial: bool, le: date, jur: Jurisprudence
) -> tuple[Categorie, str, tuple[str, ...], tuple[str, ...]]:
    """Category, an added reason, points to check and references, public persons aside."""
    dep = _departement(d.adresse.code_postal)
    tpi = [siege for siege, dep_siege in lire_sieges(jur, SERIE_TPI, le) or () if dep_siege == dep]
    if tpi:
        return (
            "tribunal_premiere_instance",
            f"le tribunal de première instance de {tpi[0]} tient lieu de tribunal judiciaire "
            "et de tribunal de commerce"
            + (" (il statue en matière commerciale)" if commercial else ""),
            ("aucun formulaire Cerfa confirmé pour ce tribunal : demandez-le au greffe",),
            REFERENCES_TPI + (REFERENCES_TPI_COMMERCIAL if commercial else ()),
        )
    if commercial:
        return _commercial(d, le, jur)
    return "tribunal_judiciaire", "", (), ()


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
    categorie, complement, points, refs = _categorie(d, commercial, le, jur)
    if complement:
        motif += f" ; {complement}"
    a_verifier += points
    references = REFERENCES + (REFERENCES_COMMERCIAL if commercial else ()) + refs
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
