"""Free-text notes that look like sensitive or excessive data (CNIL, bloc-notes, 28 Feb 2019).

Comment fields are allowed for the follow-up of a case, but their content must be
objective, relevant, never excessive or insulting, and must hold no special category of
data (RGPD art. 9: health, religious beliefs, union membership, political opinions, sexual
orientation, racial or ethnic origin) nor data on offences and convictions (RGPD art. 10).
The debtor's right of access covers these notes (art. 15).

Detection is a small French lexicon matched on whole words, accent- and case-insensitive:
a hint for a human, never a decision. It errs on the side of asking: a false alarm costs a
confirmation, a missed note costs a CNIL warning. Deliberate exclusions, each tested:
- « santé financière », « santé économique », « santé de l'entreprise / de la société »:
  the health of a business is not health data;
- « syndicat de(s) copropriétaires » and « syndic »: a debtor, not a union membership;
- « condamné à payer »: a civil judgment ordering payment is the collector's daily work;
  only criminal words (« prison », « casier judiciaire », « condamnation pénale »...) count;
- « politique de relance / de paiement »: only « opinion(s) politique(s) », « parti
  politique », « militant »... count.

References: RGPD art. 9, 10, 5.1.c; CNIL, zones bloc-notes et commentaires (28 févr. 2019).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

LIBELLES: Final[Mapping[str, str]] = {
    "sante": "santé",
    "religion": "convictions religieuses",
    "syndicat": "appartenance syndicale",
    "opinions_politiques": "opinions politiques",
    "orientation_sexuelle": "vie ou orientation sexuelle",
    "origine": "origine raciale ou ethnique",
    "infractions": "infractions et condamnations",
    "propos_excessifs": "propos excessifs ou injurieux",
}
REFERENCES: Final[Mapping[str, tuple[str, ...]]] = {
    "infractions": ("RGPD art. 10",),
    "propos_excessifs": ("RGPD art. 5.1.c",),
}
CNIL_BLOC_NOTES: Final = "CNIL, zones bloc-notes et commentaires (28 févr. 2019)"

# Patterns over normalised text (lower case, no accents, apostrophes and punctuation as
# spaces, single spaces). `s?` / `(e|es)?` take plurals and feminines.
_LEXIQUE: Final[Mapping[str, tuple[str, ...]]] = {
    "sante": (
        r"sante(?! (financiere|economique|de l entreprise|de la societe|commerciale)s?\b)",
        r"malades?",
        r"maladies?",
        r"arret (maladie|de travail)",
        r"hospitalise(e|s|es)?",
        r"hospitalisation",
        r"hopital",
        r"clinique",
        r"cancers?",
        r"chimio(therapie)?",
        r"depression",
        r"depressi(f|ve)s?",
        r"burn ?out",
        r"enceinte",
        r"grossesse",
        r"handicap(e|es|s)?",
        r"invalidite",
        r"medecins?",
        r"medicaments?",
        r"psychiatr(e|ie|ique)s?",
        r"alcooli(que|ques|sme)",
        r"toxicomane",
        r"suicide",
        r"diabete",
    ),
    "religion": (
        r"religion",
        r"religieu(x|se|ses)",
        r"musulman(e|s|es)?",
        r"jui(f|ve|fs|ves)",
        r"chretien(ne|s|nes)?",
        r"catholiques?",
        r"protestante?s?",
        r"islam",
        r"ramadan",
        r"mosquee",
        r"synagogue",
        r"pratiquant(e|s|es)?",
    ),
    "syndicat": (
        r"syndicat(?! (de|des) copropri)",
        r"syndicaux",
        r"syndicale?s?",
        r"syndicaliste",
        r"syndique(e|s|es)?",
        r"cgt",
        r"cfdt",
        r"force ouvriere",
    ),
    "opinions_politiques": (
        r"opinions? politiques?",
        r"parti politique",
        r"militant(e|s|es)?",
        r"extreme (droite|gauche)",
        r"gilets? jaunes?",
        r"communiste",
    ),
    "orientation_sexuelle": (
        r"orientation sexuelle",
        r"vie sexuelle",
        r"homosexuel(le|s|les)?",
        r"gay",
        r"lesbienne",
        r"bisexuel(le)?",
        r"transgenre",
    ),
    "origine": (
        r"origine (ethnique|raciale)",
        r"race",
        r"gitan(e|s|es)?",
        r"roms?",
        r"maghrebin(e|s|es)?",
        r"africain(e|s|es)?",
    ),
    "infractions": (
        r"casier judiciaire",
        r"condamnation penale",
        r"condamne(e|s|es)? (pour|au penal|a de la prison)",
        r"prison",
        r"incarcere(e|s|es)?",
        r"garde a vue",
        r"plainte (penale|contre)",
        r"porte plainte",
        r"delinquant(e|s|es)?",
        r"escroquerie",
        r"fraudeur",
        r"trafi(c|quant)",
    ),
    "propos_excessifs": (
        r"escrocs?",
        r"voleu(r|se)s?",
        r"menteu(r|se)s?",
        r"arnaqueu(r|se)s?",
        r"mytho(mane)?",
        r"con(ne|s|nes)?",
        r"connard",
        r"abruti(e|s|es)?",
        r"debile",
        r"idiot(e|s|es)?",
        r"cretin(e|s|es)?",
        r"salaud",
        r"salope",
        r"ordure",
        r"radin(e|s|es)?",
        r"parasite",
        r"profiteu(r|se)",
        r"fou",
        r"folle",
        r"cingle(e)?",
        r"mauvais payeur",
        r"pourri(e|s|es)?",
    ),
}

_MOTIFS: Final[Mapping[str, re.Pattern[str]]] = {
    cat: re.compile(r"\b(?:" + "|".join(f"(?:{m})" for m in motifs) + r")\b")
    for cat, motifs in _LEXIQUE.items()
}


def normaliser(texte: str) -> str:
    """Lower case, no accents, punctuation as single spaces.

    >>> normaliser("Hospitalisé l'été ; SANTÉ fragile !")
    'hospitalise l ete sante fragile'
    """
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", sans_accents.lower()).strip()


@dataclass(frozen=True)
class Detection:
    categorie: str
    termes: tuple[str, ...]  # the normalised words that matched

    @property
    def libelle(self) -> str:
        return LIBELLES[self.categorie]

    @property
    def references(self) -> tuple[str, ...]:
        return (*REFERENCES.get(self.categorie, ("RGPD art. 9",)), CNIL_BLOC_NOTES)


def analyser(texte: str | None) -> tuple[Detection, ...]:
    """Every category of sensitive or excessive content the note seems to hold."""
    if not texte:
        return ()
    propre = normaliser(texte)
    resultat = []
    for categorie, motif in _MOTIFS.items():
        termes = tuple(dict.fromkeys(m.group(0) for m in motif.finditer(propre)))
        if termes:
            resultat.append(Detection(categorie, termes))
    return tuple(resultat)


def categories(texte: str | None) -> tuple[str, ...]:
    """The categories found (in LIBELLES order).

    >>> categories("Client hospitalisé, rappeler en juin")
    ('sante',)
    >>> categories("Santé financière fragile, propose un échéancier")
    ()
    """
    return tuple(d.categorie for d in analyser(texte))


def avertissement(detections: tuple[Detection, ...]) -> str:
    """The French warning shown before a sensitive note is recorded."""
    parties = ", ".join(f"{d.libelle} (« {' », « '.join(d.termes)} »)" for d in detections)
    return (
        f"Cette note semble contenir des données sensibles ou excessives : {parties}. "
        "La CNIL demande des commentaires objectifs et pertinents, jamais injurieux, sans "
        "donnée de santé, d'opinion, de religion, d'appartenance syndicale ni d'infraction "
        "(RGPD art. 9 et 10) ; le débiteur peut en obtenir copie (art. 15)."
    )
