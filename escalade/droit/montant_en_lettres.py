"""Nombres et montants en euros écrits en toutes lettres, en français.

Pourquoi : une lettre formelle (mise en demeure, requête en injonction de payer)
porte chaque somme en chiffres et en lettres. Pour l'acte sous signature privée
par lequel une partie s'engage à payer une somme d'argent, le Code civil,
article 1376, exige la mention de la somme en lettres et en chiffres ; **en cas
de différence, l'acte vaut pour la somme écrite en toutes lettres**. L'écriture
en lettres est donc la forme qui fait foi : elle doit être exacte.

Références (voir /work/shared/LEGAL.md, section 14, « Writing amounts in words ») :

- Code civil, article 1376 (la somme en lettres prévaut) ;
- orthographe traditionnelle : trait d'union seulement entre les éléments
  inférieurs à cent, jamais autour de « et » (*vingt et un*, *quatre-vingt-un*,
  *deux cent trente-quatre*) ;
- rectifications orthographiques de 1990 (Conseil supérieur de la langue
  française, JO du 6 décembre 1990) : trait d'union entre tous les numéraux
  (*vingt-et-un*, *deux-cents*, *mille-deux-cent-trente-quatre*) ;
- accords, dans les deux orthographes : *vingt* et *cent* multipliés prennent
  un *s* quand ils terminent le nombre (*quatre-vingts*, *deux cents*), pas
  quand un autre numéral les suit (*quatre-vingt-un*, *deux cent mille*) ;
  *mille* est invariable ; *million*, *milliard* et *billion* sont des noms :
  ils s'accordent, ne prennent jamais de trait d'union et laissent le *s* de
  *vingt*/*cent* (*deux cents millions*, *quatre-vingts milliards*).

Style monétaire : « X euros et Y centimes ». Un montant rond n'a pas de partie
« centimes » (jamais « zéro centime ») ; après un nombre rond de millions ou de
milliards on écrit « d'euros » (*un million d'euros*).

num2words fournit les mots de chaque tranche de un à neuf cent
quatre-vingt-dix-neuf ; ce module assemble les tranches (mille, noms million,
milliard, billion, accords), produit l'orthographe de 1990 et le style
monétaire. Le mode « currency » de num2words n'est pas utilisé : il écrit
« zéro centimes », « zéro euros », « un million euros », arrondit en silence
1,234 et lit un entier comme un nombre de centimes.

>>> nombre_en_lettres(71)
'soixante et onze'
>>> nombre_en_lettres(3221, "1990")
'trois-mille-deux-cent-vingt-et-un'
>>> nombre_en_lettres(200_000_000, "1990")
'deux-cents millions'
>>> montant_en_lettres(Decimal("1234.50"))
'mille deux cent trente-quatre euros et cinquante centimes'
>>> montant_en_lettres(Decimal("80.00"))
'quatre-vingts euros'
>>> montant_en_lettres(Decimal("1000000.50"))
"un million d'euros et cinquante centimes"
>>> montant_en_lettres(Decimal("0.01"))
'un centime'
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation, localcontext
from typing import Final, Literal, get_args

from num2words import num2words

from escalade.droit.erreurs import EntreeInvalide

Orthographe = Literal["traditionnelle", "1990"]

ARTICLES: Final[tuple[str, ...]] = ("Code civil, art. 1376",)
"""Base légale : en cas de différence, la somme écrite en lettres prévaut."""

NOMBRE_MAXIMUM: Final[int] = 10**15 - 1
"""Le plus grand nombre écrit : neuf cent quatre-vingt-dix-neuf billions (10^12) etc."""

MONTANT_MAXIMUM: Final[Decimal] = Decimal("999999999999999.99")

# Les noms numéraux, du plus grand au plus petit. Échelle longue (décret
# n° 61-501 du 3 mai 1961) : un billion = 10^12, un milliard = 10^9.
_NOMS: Final[tuple[tuple[int, str], ...]] = (
    (10**12, "billion"),
    (10**9, "milliard"),
    (10**6, "million"),
)
_FORMES_DES_NOMS: Final[frozenset[str]] = frozenset(
    forme for _, nom in _NOMS for forme in (nom, nom + "s")
)
_UN_CENTIME: Final[Decimal] = Decimal("0.01")


def _verifier_orthographe(orthographe: str) -> None:
    if orthographe not in get_args(Orthographe):
        raise EntreeInvalide(
            f"orthographe inconnue : {orthographe!r} (attendu : « traditionnelle » ou « 1990 »)"
        )


def _tranche(n: int) -> str:
    """Les mots de 1 <= n <= 999 en fin de nombre (num2words, orthographe traditionnelle).

    En fin de nombre, et devant million, milliard ou billion, *vingt* et *cent*
    multipliés prennent un s : *quatre-vingts*, *deux cents*.
    """
    return str(num2words(n, lang="fr"))


def _devant_mille(mots: str) -> str:
    """Une tranche suivie de *mille* : *vingt* et *cent* perdent le s (*quatre-vingt mille*)."""
    if mots.endswith(("vingts", "cents")):
        return mots[:-1]
    return mots


def _traditionnelle(n: int) -> str:
    if n == 0:
        return "zéro"
    parties: list[str] = []
    reste = n
    for valeur, nom in _NOMS:
        quotient, reste = divmod(reste, valeur)
        if quotient:
            pluriel = "s" if quotient > 1 else ""
            parties.append(f"{_tranche(quotient)} {nom}{pluriel}")
    milliers, unites = divmod(reste, 1000)
    if milliers == 1:
        parties.append("mille")  # jamais « un mille »
    elif milliers:
        parties.append(f"{_devant_mille(_tranche(milliers))} mille")  # mille est invariable
    if unites:
        parties.append(_tranche(unites))
    return " ".join(parties)


def _rectifiee(traditionnelle: str) -> str:
    """Orthographe de 1990 : trait d'union entre tous les numéraux, sauf autour des noms."""
    groupes: list[str] = []
    numeraux: list[str] = []
    for mot in traditionnelle.split(" "):
        if mot in _FORMES_DES_NOMS:
            if numeraux:
                groupes.append("-".join(numeraux))
                numeraux = []
            groupes.append(mot)
        else:
            numeraux.append(mot)
    if numeraux:
        groupes.append("-".join(numeraux))
    return " ".join(groupes)


def nombre_en_lettres(n: int, orthographe: Orthographe = "traditionnelle") -> str:
    """Écrit un entier positif ou nul en toutes lettres (nombre cardinal).

    >>> nombre_en_lettres(80)
    'quatre-vingts'
    >>> nombre_en_lettres(81)
    'quatre-vingt-un'
    >>> nombre_en_lettres(80_000)
    'quatre-vingt mille'
    >>> nombre_en_lettres(2_000_080, "1990")
    'deux millions quatre-vingts'
    >>> nombre_en_lettres(-1)
    Traceback (most recent call last):
    ...
    escalade.droit.erreurs.EntreeInvalide: nombre négatif : -1
    """
    _verifier_orthographe(orthographe)
    if isinstance(n, bool) or not isinstance(n, int):
        raise EntreeInvalide(f"un nombre entier est attendu : {n!r}")
    if n < 0:
        raise EntreeInvalide(f"nombre négatif : {n}")
    if n > NOMBRE_MAXIMUM:
        raise EntreeInvalide(f"nombre trop grand pour être écrit en lettres : {n}")
    texte = _traditionnelle(n)
    return texte if orthographe == "traditionnelle" else _rectifiee(texte)


def _en_centimes(montant: Decimal) -> int:
    """Le montant en centimes, après validation (Decimal ou int, >= 0, au plus deux décimales)."""
    if isinstance(montant, bool) or not isinstance(montant, Decimal | int):
        raise EntreeInvalide(f"un montant est un Decimal (jamais un float) : {montant!r}")
    valeur = Decimal(montant)
    if not valeur.is_finite():
        raise EntreeInvalide(f"montant non fini : {montant}")
    if valeur < 0:
        raise EntreeInvalide(f"montant négatif : {montant}")
    if valeur > MONTANT_MAXIMUM:
        raise EntreeInvalide(f"montant trop grand pour être écrit en lettres : {montant}")
    with localcontext() as contexte:
        contexte.prec = 40  # assez pour 10^15 au centime : aucun arrondi ci-dessous
        try:
            au_centime = valeur.quantize(_UN_CENTIME)
        except InvalidOperation as erreur:  # pragma: no cover - exclu par la borne ci-dessus
            raise EntreeInvalide(f"montant illisible : {montant}") from erreur
        # Comparaison exacte : 1.230 est accepté, 1.234 est refusé (jamais d'arrondi silencieux).
        if au_centime != valeur:
            raise EntreeInvalide(f"un montant a au plus deux décimales : {montant}")
        return int(au_centime.scaleb(2))


def montant_en_lettres(montant: Decimal, orthographe: Orthographe = "traditionnelle") -> str:
    """Écrit un montant en euros en toutes lettres : « X euros et Y centimes ».

    Le montant est un ``Decimal`` positif ou nul, d'au plus deux décimales
    (``1.230`` vaut 1,23 € et est accepté ; ``1.234`` est refusé, jamais arrondi).
    Sinon :class:`~escalade.droit.erreurs.EntreeInvalide`.

    >>> montant_en_lettres(Decimal("0"))
    'zéro euro'
    >>> montant_en_lettres(Decimal("2.01"))
    'deux euros et un centime'
    >>> montant_en_lettres(Decimal("2000000000"))
    "deux milliards d'euros"
    >>> montant_en_lettres(Decimal("3221"), "1990")
    'trois-mille-deux-cent-vingt-et-un euros'
    >>> montant_en_lettres(Decimal("1.234"))
    Traceback (most recent call last):
    ...
    escalade.droit.erreurs.EntreeInvalide: un montant a au plus deux décimales : 1.234
    """
    _verifier_orthographe(orthographe)
    euros, centimes = divmod(_en_centimes(montant), 100)
    partie_centimes = ""
    if centimes:
        unite = "centime" if centimes == 1 else "centimes"
        partie_centimes = f"{nombre_en_lettres(centimes, orthographe)} {unite}"
    if euros == 0 and partie_centimes:
        return partie_centimes
    if euros <= 1:
        unite = "euro"  # « zéro euro », « un euro »
    elif euros % 10**6 == 0:
        unite = "d'euros"  # le nombre finit par un nom : « un million d'euros »
    else:
        unite = "euros"
    partie_euros = f"{nombre_en_lettres(euros, orthographe)} {unite}"
    if partie_centimes:
        return f"{partie_euros} et {partie_centimes}"
    return partie_euros
