"""The compliance gate's rules about the moment: days, hours, time zone, frequency limits.

Sundays, the public holidays of the debtor's calendar and the quiet hours of each channel,
counted in the debtor's time zone (D223-9: "dans le fuseau horaire du consommateur"); the
contacts per channel and overall in every rolling window containing the new one (the
contacts after it count too: a late or backdated record cannot slip under a cap), and a new
call too soon after a refusal
(defaults: C. conso. art. D223-9, written for canvassing, a product floor; C. pén. art.
222-16). Each rule returns its findings and, when it can, the next allowed moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from escalade.droit.calendrier import Calendrier
from escalade.droit.format_fr import JOURS
from escalade.droit.modele import Contact
from escalade.droit.valeurs import PARIS
from escalade.recouvrement.politique_modele import (
    DIMANCHE,
    JOURS_SEMAINE,
    Limite,
    Politique,
    RegleCanal,
    ecrire_plage,
)
from escalade.recouvrement.regles_conformite import Motif

REFUS: Final = "refus"
PRODUIT: Final = (
    "plancher retenu par l'outil : ce texte vise le démarchage, pas le recouvrement ; "
    "dérogation possible avec un motif, journalisée"
)
_FUSEAUX: Final = {
    code: ZoneInfo(nom)
    for code, nom in {
        "971": "America/Guadeloupe",
        "972": "America/Martinique",
        "973": "America/Cayenne",
        "974": "Indian/Reunion",
        "975": "America/Miquelon",
        "976": "Indian/Mayotte",
        "97133": "America/St_Barthelemy",
        "97150": "America/Marigot",
        "986": "Pacific/Wallis",
        "987": "Pacific/Tahiti",
        "988": "Pacific/Noumea",
    }.items()
}
_LIBELLES_CANAL: Final = {
    "email": "Courriel",
    "sms": "SMS",
    "telephone": "Appel",
    "courrier": "Courrier",
    "lrar": "Lettre recommandée",
    "visite": "Visite",
}


def _jj(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"  # f"{d:%d/%m/%Y}" without strftime


def _dans_plage(regle: RegleCanal, minutes: float) -> bool:
    return any(debut <= minutes < fin for debut, fin in regle.plages)


def _jour_permis(regle: RegleCanal, cal: Calendrier, d: date) -> bool:
    return d.weekday() in regle.jours and d.weekday() != DIMANCHE and not cal.est_ferie(d)


def fuseau(code_postal: str) -> ZoneInfo:
    """The debtor's time zone: D223-9 counts hours "dans le fuseau horaire du consommateur"."""
    return _FUSEAUX.get(code_postal) or _FUSEAUX.get(code_postal[:3]) or PARIS


def prochain_horaire(
    t: datetime, regle: RegleCanal, cal: Calendrier, tz: ZoneInfo = PARIS
) -> datetime:
    """The first moment at or after `t` allowed by days, holidays and hours in zone `tz`."""
    t = t.astimezone(tz)
    jour = t.date()
    minutes = t.hour * 60 + t.minute + (t.second + t.microsecond / 1e6) / 60
    for _ in range(400):
        if _jour_permis(regle, cal, jour):
            for debut, fin in regle.plages:
                if minutes < fin:
                    if minutes >= debut:
                        return t
                    return datetime.combine(jour, time(debut // 60, debut % 60), tz)
        jour += timedelta(days=1)
        minutes = -1.0
    raise ValueError("aucun créneau permis dans l'année : politique sans jour ni plage")


def motifs_horaires(canal: str, t: datetime, regle: RegleCanal, cal: Calendrier) -> list[Motif]:
    jour = t.date()
    libelle = _LIBELLES_CANAL[canal]
    refs = regle.references_horaires
    source = f" ({', '.join(refs)} ; {PRODUIT})" if refs else ""
    motifs = []
    if jour.weekday() == DIMANCHE:
        motifs.append(Motif(
            "dimanche", f"{libelle} refusé le dimanche {_jj(jour)}{source}.",
            (*refs, *cal.references), False,
        ))  # fmt: skip
    elif cal.est_ferie(jour):
        motifs.append(Motif(
            "jour_ferie",
            f"{libelle} refusé le {_jj(jour)}, jour férié ({cal.nom_ferie(jour)}) du calendrier "
            f"du débiteur ({cal.libelle}){source}.",
            (*refs, *cal.references), False,
        ))  # fmt: skip
    elif jour.weekday() not in regle.jours:
        permis = ", ".join(JOURS_SEMAINE[j] for j in regle.jours)
        motifs.append(Motif(
            "jour_non_autorise",
            f"{libelle} refusé un {JOURS[jour.weekday()]} : jours permis {permis}{source}.",
            refs, False,
        ))  # fmt: skip
    minutes = t.hour * 60 + t.minute + (t.second + t.microsecond / 1e6) / 60
    if not _dans_plage(regle, minutes):
        plages = ", ".join(ecrire_plage(p).replace("-", "–") for p in regle.plages)
        motifs.append(Motif(
            "heure_non_autorisee",
            f"{libelle} refusé à {t:%H:%M} : plages permises {plages}{source}.",
            refs, False,
        ))  # fmt: skip
    return motifs


def _dans_fenetre(horodatages: list[float], debut: float, fin: float) -> int:
    return sum(1 for h in horodatages if debut < h <= fin)


def _plein(horodatages: list[float], jours: int, nombre: int, t: float) -> bool:
    """Would one more contact at `t` put `nombre` + 1 contacts in a window of `jours` days?

    Every window (a, a + D] that contains `t` is checked, with the contacts before and
    after `t`: a contact recorded late (backdated, or by a slower operator) must not slip
    under a cap that later contacts already fill. The windows end in [t, t + D); the fullest
    one ends at `t` or at a contact, so those are the right edges tried.
    """
    duree = jours * 86400.0
    fins = [t, *(h for h in horodatages if t < h < t + duree)]
    return any(_dans_fenetre(horodatages, fin - duree, fin) >= nombre for fin in fins)


def _compter(
    horodatages: list[tuple[float, datetime]], limite: Limite, t: datetime
) -> datetime | None:
    """None if one more contact at `t` keeps the limit in every window that contains it,
    else the first moment after `t` at which it would (a contact leaving the windows)."""
    if len(horodatages) < limite.nombre:  # no window can hold `nombre` of them: `_plein` False
        return None
    valeurs = [h for h, _ in horodatages]
    instant = t.timestamp()
    if not _plein(valeurs, limite.jours, limite.nombre, instant):
        return None
    duree = timedelta(days=limite.jours)
    candidats = sorted(
        le.astimezone(PARIS) + duree for h, le in horodatages if h + duree.total_seconds() > instant
    )
    for moment in candidats:
        if not _plein(valeurs, limite.jours, limite.nombre, moment.timestamp()):
            return moment
    return candidats[-1] if candidats else None


def _fenetre(jours: int) -> str:
    return "par jour" if jours == 1 else f"sur {jours} jours glissants"


def motifs_frequence(
    canal: str, t: datetime, contacts: Sequence[Contact], politique: Politique
) -> tuple[list[Motif], datetime | None]:
    regle = politique.canaux[canal]
    maintenant = t.timestamp()
    tous = [(c.le.timestamp(), c.le) for c in contacts]
    meme_canal = [h for h, c in zip(tous, contacts, strict=True) if c.canal == canal]
    motifs: list[Motif] = []
    des: list[datetime] = []
    libelle = _LIBELLES_CANAL[canal]
    for limite in regle.limites:
        libre = _compter(meme_canal, limite, t)
        if libre is not None:
            des.append(libre)
            motifs.append(Motif(
                "frequence_canal",
                f"{libelle} refusé : déjà {limite.nombre} contact(s) par ce canal "
                f"{_fenetre(limite.jours)} (plafond par défaut ; {PRODUIT}). Possible à "
                f"partir du {libre:%d/%m/%Y à %H:%M}.",
                regle.references_frequence, False,
            ))  # fmt: skip
    for limite in politique.tous_canaux:
        libre = _compter(tous, limite, t)
        if libre is not None:
            des.append(libre)
            motifs.append(Motif(
                "frequence_globale",
                f"Contact refusé : déjà {limite.nombre} contact(s) tous canaux confondus "
                f"{_fenetre(limite.jours)} ; des sollicitations répétées peuvent constituer un "
                "harcèlement (plafond prudent de l'outil).",
                ("C. pén. art. 222-16", "C. conso. art. L121-6", "C. conso. art. L121-7"), False,
            ))  # fmt: skip
    if canal in politique.canaux_apres_refus:
        delai = timedelta(days=politique.delai_apres_refus_jours)
        refus = [
            c.le for c in contacts
            if c.resultat == REFUS and c.canal in politique.canaux_apres_refus
            and (t - delai).timestamp() < c.le.timestamp() <= maintenant
        ]  # fmt: skip
        if refus:
            libre = max(refus).astimezone(PARIS) + delai
            des.append(libre)
            motifs.append(Motif(
                "refus_recent",
                f"{libelle} refusé : le débiteur a refusé l'échange le "
                f"{max(refus).astimezone(PARIS):%d/%m/%Y} ; pas de nouvel appel avant "
                f"{politique.delai_apres_refus_jours} jours, soit le {libre:%d/%m/%Y à %H:%M} "
                f"(C. conso. D223-9 ; {PRODUIT}).",
                ("C. conso. art. D223-9",), False,
            ))  # fmt: skip
    return motifs, max(des, default=None)
