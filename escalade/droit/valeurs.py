"""The value types of the domain model: money, rates, dates, times, text, and the strict base.

Money is `Decimal` (a string "1200.00", an integer or a Decimal; never a float), EUR only;
dates are AAAA-MM-JJ without a time; a contact time without an offset is Europe/Paris time.
Each validator raises a French message the loader turns into an error naming the field
(`escalade.entrees.validation_dossier`). Also the closed vocabularies shared by the model.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
)

from escalade.droit.descriptions_champs import decrire

PARIS = ZoneInfo("Europe/Paris")

Canal = Literal["email", "sms", "telephone", "courrier", "lrar", "visite"]
CANAUX: tuple[str, ...] = ("email", "sms", "telephone", "courrier", "lrar", "visite")
TypeDebiteur = Literal["professionnel", "consommateur", "personne_publique"]
Segment = Literal["ponctuel", "occasionnel", "chronique", "nouveau", "risque"]
TypeProcedure = Literal["sauvegarde", "redressement_judiciaire", "liquidation_judiciaire"]
Etape = Literal[
    "relance_1",
    "relance_2",
    "relance_telephonique",
    "derniere_relance",
    "mise_en_demeure",
    "injonction_de_payer",
    "petites_creances",
    "assignation",
    "solde",
    "suspendu",
    "prescrit",
    "irrecouvrable",
]

_MONTANT = re.compile(r"^\d+([.,]\d{1,2})?$")
# Sanity bounds of the product (not legal numbers): what a debt, a date and a free text of a
# dossier can be. Beyond them the input is a typo or an attack, refused naming the field.
MONTANT_MAX = Decimal("1000000000000")  # 10^12 EUR
ANNEE_MIN, ANNEE_MAX = 1900, 2100
TEXTE_MAX = 10_000  # characters
# The store's column limits (escalade.stockage.schema uses these very constants): a longer
# value is refused at input, on both engines, instead of failing (or passing) at the write.
LONGUEUR_IDENTIFIANT = 100  # dossier reference, invoice and credit note numbers, operator
LONGUEUR_REFERENCE_PAIEMENT = 200
_TAUX = re.compile(r"^\d+([.,]\d{1,4})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _montant(v: Any) -> Decimal:
    """Money as Decimal: a string "1200.00", an integer or a Decimal; never a float."""
    if isinstance(v, (bool, float)):
        raise ValueError(f'montant « {v} » : écrivez-le entre guillemets, par exemple "1200.00"')
    if isinstance(v, int):
        v = Decimal(v)
    if isinstance(v, str):
        texte = v.strip()
        if len(texte) > 20:
            raise ValueError(
                f"montant trop long ({len(texte)} caractères) : au plus {MONTANT_MAX} €"
            )
        if texte.startswith("-"):
            raise ValueError(f"montant négatif « {v} » : un montant est positif")
        if not _MONTANT.match(texte):
            raise ValueError(
                f"montant « {v} » invalide : attendu un nombre en euros avec au plus deux "
                'décimales, sans devise (par exemple "1200.00")'
            )
        # The pattern leaves a finite, non-negative amount of at most two decimals: only
        # the upper bound is left to check (a portfolio has hundreds of thousands).
        montant = Decimal(texte.replace(",", "."))
        if montant > MONTANT_MAX:
            raise ValueError(f"montant « {montant} » hors limites (au plus {MONTANT_MAX} €)")
        return montant
    if not isinstance(v, Decimal):
        raise ValueError(f"montant « {v} » invalide")
    if not v.is_finite():
        raise ValueError(f"montant « {v} » invalide")
    if v < 0:
        raise ValueError(f"montant négatif « {v} » : un montant est positif")
    if v.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(f"montant « {v} » : au plus deux décimales (centimes)")
    if v > MONTANT_MAX:
        raise ValueError(f"montant « {v} » hors limites (au plus {MONTANT_MAX} €)")
    return v


def _strictement_positif(v: Decimal) -> Decimal:
    if v <= 0:
        raise ValueError("le montant doit être strictement positif")
    return v


def _taux(v: Any) -> Decimal:
    """A yearly rate in percent ("15.00")."""
    if isinstance(v, (bool, float)):
        raise ValueError(f'taux « {v} » : écrivez-le entre guillemets, par exemple "15.00"')
    if isinstance(v, int):
        v = Decimal(v)
    if isinstance(v, str):
        if not _TAUX.match(v.strip()):
            raise ValueError(f'taux « {v} » invalide : attendu un pourcentage annuel, ex. "15.00"')
        v = Decimal(v.strip().replace(",", "."))
    if not isinstance(v, Decimal) or not v.is_finite():
        raise ValueError(f"taux « {v} » invalide")
    if v < 0 or v > 100:
        raise ValueError(f"taux « {v} » hors limites (0 à 100 %)")
    return v


def _dans_les_annees(d: date) -> None:
    if not ANNEE_MIN <= d.year <= ANNEE_MAX:
        raise ValueError(
            f"date « {d.isoformat()} » hors limites (années {ANNEE_MIN} à {ANNEE_MAX})"
        )


def _date(v: Any) -> date:
    if type(v) is str:
        return _date_du_texte(v)
    d = _date_brute(v)
    _dans_les_annees(d)
    return d


@functools.lru_cache(maxsize=8192)
def _date_du_texte(v: str) -> date:
    """A date written AAAA-MM-JJ: a portfolio repeats the same few hundred days (an invalid
    one raises, and is not remembered)."""
    d = _date_brute(v)
    _dans_les_annees(d)
    return d


def _date_brute(v: Any) -> date:
    if isinstance(v, datetime):
        raise ValueError(f"date « {v} » : attendu une date sans heure (AAAA-MM-JJ)")
    if isinstance(v, date):
        return v
    if isinstance(v, str) and _DATE.match(v.strip()):
        try:
            return date.fromisoformat(v.strip())
        except ValueError:
            pass
    raise ValueError(f"date « {v} » invalide : attendu AAAA-MM-JJ (par exemple 2026-03-31)")


def _horodatage(v: Any) -> datetime:
    """A contact time; without an offset it is read as Europe/Paris time."""
    if isinstance(v, str):
        try:
            v = datetime.fromisoformat(v.strip())
        except ValueError:
            raise ValueError(
                f"horodatage « {v} » invalide : attendu AAAA-MM-JJTHH:MM[:SS][+HH:MM]"
            ) from None
    if not isinstance(v, datetime):
        raise ValueError(f"horodatage « {v} » invalide")
    _dans_les_annees(v.date())
    return v.replace(tzinfo=PARIS) if v.tzinfo is None else v


def _texte(v: Any) -> str:
    if not isinstance(v, str):
        raise ValueError(f"texte attendu, reçu « {str(v)[:50]} »")
    if len(v) > TEXTE_MAX:
        raise ValueError(f"texte trop long ({len(v)} caractères, au plus {TEXTE_MAX})")
    if "\x00" in v:
        raise ValueError("texte invalide : caractère nul")
    return v


def _non_vide(v: str) -> str:
    if not v.strip():
        raise ValueError("texte vide (une valeur est attendue)")
    return v


def _au_plus(maximum: int) -> AfterValidator:
    def verifier(v: str) -> str:
        if len(v) > maximum:
            raise ValueError(
                f"texte trop long ({len(v)} caractères, au plus {maximum} : limite du dépôt)"
            )
        return v

    return AfterValidator(verifier)


_decimal_en_texte = PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json")
Montant = Annotated[Decimal, BeforeValidator(_montant), _decimal_en_texte]
MontantPositif = Annotated[
    Decimal, BeforeValidator(_montant), AfterValidator(_strictement_positif), _decimal_en_texte
]
Taux = Annotated[Decimal, BeforeValidator(_taux), _decimal_en_texte]
DateJ = Annotated[date, BeforeValidator(_date)]
Horodatage = Annotated[datetime, BeforeValidator(_horodatage)]
Texte = Annotated[str, BeforeValidator(_texte)]
TexteNonVide = Annotated[str, BeforeValidator(_texte), AfterValidator(_non_vide)]
# A key of the store: not blank, within its column's length.
Identifiant = Annotated[
    str, BeforeValidator(_texte), AfterValidator(_non_vide), _au_plus(LONGUEUR_IDENTIFIANT)
]
IdentifiantFacultatif = Annotated[str, BeforeValidator(_texte), _au_plus(LONGUEUR_IDENTIFIANT)]
ReferencePaiement = Annotated[str, BeforeValidator(_texte), _au_plus(LONGUEUR_REFERENCE_PAIEMENT)]


def liste_vide() -> list[Any]:
    """The `default_factory` of the models' list fields. Not `list` itself: pydantic reads the
    factory's signature, and a builtin's is parsed with `tokenize` (its regular expressions
    compiled at each start: about 3 ms of every command's start-up, issue 19)."""
    return []


class Modele(BaseModel):
    # Each field's French description (escalade.droit.descriptions_champs) in the JSON Schema.
    # defer_build: a model's validator is built on first use (a nested model is validated
    # inside its parent's schema): start-up does not pay for models a command never uses.
    model_config = ConfigDict(
        extra="forbid", strict=True, json_schema_extra=decrire, defer_build=True
    )


def decimal_exact(texte: str) -> Decimal:
    """Parse a decimal string for the CLI (raises ValueError in French)."""
    try:
        return Decimal(texte)
    except InvalidOperation:
        raise ValueError(f"nombre invalide « {texte} »") from None
