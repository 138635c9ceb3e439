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
journal across creditors (at least `fenetre_max(politique)` before `le`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Final
from zoneinfo import ZoneInfo

from escalade.droit.calendrier import Calendrier, calendrier_pour_code_postal
from escalade.droit.delais import ajouter_mois
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.format_fr import JOURS
from escalade.droit.imputation import CleDette, ordre_legal
from escalade.droit.jurisprudence import Jurisprudence
from escalade.droit.modele import PARIS, Contact, Dossier, EcheanceConvenue, Echeancier, Litige
from escalade.droit.prescription import Prescription, prescriptions
from escalade.droit.procedure_collective import declaration_creance
from escalade.recouvrement.politique import (
    CNIL_2021_131,
    DIMANCHE,
    JOURS_SEMAINE,
    RGPD_5,
    Limite,
    Politique,
    RegleCanal,
    ecrire_plage,
    fenetre_max_jours,
)

ZERO: Final = Decimal(0)
REFUS: Final = "refus"

REFERENCES_SOLDE: Final = ("C. civ. art. 1342",)
REFERENCES_NON_ECHUE: Final = ("C. civ. art. 1305-2",)
REFERENCES_LITIGE: Final = ("C. civ. art. 1353", "CPC art. 1405")
REFERENCES_ECHEANCIER: Final = ("C. civ. art. 1103", "C. civ. art. 1305-2")
REFERENCES_CANAL_REFUSE: Final = ("C. conso. art. L121-7 3°",)
REFERENCES_PROCEDURE: Final = ("C. com. art. L622-21",)
REFERENCES_CONSERVATION: Final = (RGPD_5, CNIL_2021_131)
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


@dataclass(frozen=True)
class Motif:
    """One reason for a refusal; `legal` False means a policy limit (may be forced)."""

    code: str
    message: str
    articles: tuple[str, ...]
    legal: bool


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


def _jj(d: date) -> str:
    return f"{d:%d/%m/%Y}"


# --- the state of the claim, without rates ------------------------------------------


def principal_restant(dossier: Dossier, le: date) -> dict[str, Decimal]:
    """Each invoice's unpaid principal at the end of `le`, credit notes and payments deducted.

    Payments go to their invoice, the rest by C. civ. 1342-10 al. 2 (due debts first, the
    oldest first). Unlike the décompte, nothing goes to penalties or interest first (1343-1):
    "settled" is decided on the principal, without rates, so an unknown rate never blocks.
    """
    restant = {f.numero: f.montant_ttc for f in dossier.factures}
    for a in dossier.avoirs:
        if a.date <= le:
            restant[a.facture] = max(restant[a.facture] - a.montant, ZERO)
    cles = [CleDette(f.numero, f.date_emission, f.date_echeance) for f in dossier.factures]
    for p in sorted((p for p in dossier.paiements if p.date <= le), key=lambda p: p.date):
        reste = p.montant
        ordre = [c.numero for c in ordre_legal(cles, p.date)]
        if p.facture is not None:
            ordre = [p.facture, *(n for n in ordre if n != p.facture)]
        for numero in ordre:
            if reste <= 0:
                break
            pris = min(reste, restant[numero])
            restant[numero] -= pris
            reste -= pris
    return restant


def litige_ouvert(dossier: Dossier, facture: str, le: date) -> Litige | None:
    for lit in dossier.litiges:
        if (
            lit.facture == facture
            and lit.ouvert_le <= le
            and (lit.clos_le is None or lit.clos_le > le)
        ):
            return lit
    return None


def echeancier_en_cours(dossier: Dossier, le: date) -> Echeancier | None:
    """The latest payment plan agreed by `le` and not declared broken by then."""
    en_cours = [
        e for e in dossier.echeanciers
        if e.convenu_le <= le and (e.rompu_le is None or e.rompu_le > le)
    ]  # fmt: skip
    return max(en_cours, key=lambda e: e.convenu_le, default=None)


def echeance_manquee(dossier: Dossier, ech: Echeancier, le: date) -> EcheanceConvenue | None:
    """The first instalment due before `le` that payments made on time do not cover."""
    paiements = sorted(
        (p for p in dossier.paiements if ech.convenu_le <= p.date <= le), key=lambda p: p.date
    )
    du = ZERO
    for echeance in sorted(ech.echeances, key=lambda e: e.date):
        if echeance.date >= le:
            break
        du += echeance.montant
        paye = sum((p.montant for p in paiements if p.date <= echeance.date), ZERO)
        if paye < du:
            return echeance
    return None


def echeancier_respecte(dossier: Dossier, le: date) -> Echeancier | None:
    ech = echeancier_en_cours(dossier, le)
    if ech is None or echeance_manquee(dossier, ech, le) is not None:
        return None
    return ech


@dataclass(frozen=True)
class EtatFacture:
    numero: str
    restant: Decimal
    echeance: date
    litige: Litige | None
    prescription: Prescription

    @property
    def payee(self) -> bool:
        return self.restant <= 0

    def exigible(self, le: date) -> bool:
        return (
            not self.payee
            and self.echeance < le
            and self.litige is None
            and not self.prescription.acquise
        )


def etats_factures(dossier: Dossier, le: date, jur: Jurisprudence) -> list[EtatFacture]:
    restant = principal_restant(dossier, le)
    par_facture = {p.facture: p for p in prescriptions(dossier, le, jur)}
    return [
        EtatFacture(
            f.numero,
            restant[f.numero],
            f.date_echeance,
            litige_ouvert(dossier, f.numero, le),
            par_facture[f.numero],
        )
        for f in dossier.factures
    ]


def procedure_en_cours(dossier: Dossier, le: date) -> bool:
    pc = dossier.debiteur.procedure_collective
    return pc is not None and pc.jugement_le <= le


# --- motifs about the claim -------------------------------------------------------


def _motif_procedure(dossier: Dossier, jur: Jurisprudence) -> Motif:
    pc = dossier.debiteur.procedure_collective
    assert pc is not None
    declaration = declaration_creance(dossier, jur)
    assert declaration is not None
    nature = pc.type.replace("_", " ")
    if declaration.limite is not None:
        suite = (
            f"Déclarez la créance au mandataire judiciaire au plus tard le "
            f"{_jj(declaration.limite)} ({declaration.motif})."
        )
    else:
        suite = f"Déclarez la créance au mandataire judiciaire : {declaration.motif}"
    return Motif(
        "procedure_collective",
        f"Débiteur en {nature} depuis le jugement d'ouverture du {_jj(pc.jugement_le)} : "
        f"aucune relance ni action en paiement n'est permise. {suite}",
        tuple(dict.fromkeys(REFERENCES_PROCEDURE + declaration.references)),
        True,
    )


def _motif_facture(e: EtatFacture, le: date) -> tuple[Motif | None, datetime | None]:
    """Why this unpaid invoice cannot be claimed now, and from when it could be (if known)."""
    if e.payee:
        return Motif(
            "facture_soldee",
            f"Facture {e.numero} réglée (principal payé) : rien à réclamer.",
            REFERENCES_SOLDE, True,
        ), None  # fmt: skip
    if e.prescription.acquise:
        p = e.prescription
        return Motif(
            "dette_prescrite",
            f"Facture {e.numero} prescrite depuis le {_jj(p.acquise_le)} (délai de "
            f"{p.duree_ans} ans à compter du {_jj(p.depart)}, {p.motif_depart}) : "
            "l'action en paiement est éteinte.",
            p.references, True,
        ), None  # fmt: skip
    if e.litige is not None:
        return Motif(
            "facture_en_litige",
            f"Facture {e.numero} contestée depuis le {_jj(e.litige.ouvert_le)} "
            f"(« {e.litige.motif} ») : pas de relance tant que le litige est ouvert ; une "
            "créance contestée se poursuit par une action contradictoire, pas par relance.",
            REFERENCES_LITIGE, False,
        ), None  # fmt: skip
    if e.echeance >= le:
        lendemain = e.echeance + timedelta(days=1)
        return Motif(
            "facture_non_echue",
            f"Facture {e.numero} non échue (échéance le {_jj(e.echeance)}) : elle ne peut pas "
            "être réclamée avant son terme.",
            REFERENCES_NON_ECHUE, True,
        ), datetime.combine(lendemain, time(0), PARIS)  # fmt: skip
    return None, None


def _reclamation_ou_abandon(objet: str | None) -> tuple[bool, bool]:
    """Is `objet` a claim of the accessories, a waiver of them? (The objets are
    escalade.recouvrement.plan's
    constants, imported only for a contact on a paid principal: the plain gate starts fast.)"""
    if objet is None:
        return False, False
    from escalade.recouvrement.plan import ABANDON_ACCESSOIRES, RECLAMATION_ACCESSOIRES

    return objet == RECLAMATION_ACCESSOIRES, objet == ABANDON_ACCESSOIRES


def _accessoires_a_reclamer(
    dossier: Dossier, jour: date, jur: Jurisprudence, facture: str | None
) -> tuple[list[Motif], datetime | None, list[Motif]]:
    """A claim of the late-payment accessories once the principal is paid (of the dossier, or
    of `facture`): allowed with a note of the amount while the décompte of `jour` finds
    something due (it imputes payments on interest first, C. civ. 1343-1, or a public buyer's
    on the principal first, CCP R2192-36); refused when
    nothing is, or when a rate it needs is not in the legal data yet (never guessed)."""
    from escalade.droit import decompte
    from escalade.droit.erreurs import DonneeJuridiqueManquante
    from escalade.droit.format_fr import montant_fr
    from escalade.recouvrement.plan import detail_reste_du, reste_du

    quoi = f"de la facture {facture}" if facture else "des factures"
    try:
        dc = decompte.calculer(dossier, jour, jur)
    except DonneeJuridiqueManquante as e:
        try:
            references = decompte.regime(jur, dossier).references
        except DonneeJuridiqueManquante:
            references = ()
        return [Motif(
            "accessoires_non_calculables",
            f"Principal {quoi} payé : les accessoires de retard restant dus ne peuvent pas "
            f"encore être calculés au {_jj(jour)}, faute de donnée juridique "
            f"({e.message.rstrip('.')}). "
            "Aucun montant n'est avancé : réclamation possible une fois la valeur ajoutée.",
            references, True,
        )], None, []  # fmt: skip
    du = reste_du(dc, facture)
    if du <= 0:
        return [Motif(
            "facture_soldee" if facture else "dossier_solde",
            f"Rien à réclamer : le principal {quoi} est payé et le décompte au {_jj(jour)} ne "
            "trouve ni pénalité, ni intérêt, ni indemnité restant dus.",
            REFERENCES_SOLDE, True,
        )], None, []  # fmt: skip
    detail = detail_reste_du(dc, dossier.debiteur.type, facture)
    return [], None, [Motif(
        "accessoires_restants",
        f"Principal {quoi} payé ; le décompte au {_jj(jour)} trouve encore {montant_fr(du)} "
        f"dus : {detail}. Leur réclamation est permise (décompte de créance).",
        dc.references, True,
    )]  # fmt: skip


def _motifs_creance(
    dossier: Dossier,
    jour: date,
    jur: Jurisprudence,
    facture: str | None,
    objet: str | None = None,
) -> tuple[list[Motif], datetime | None, list[Motif]]:
    """Refusals about the claim itself, the earliest moment they lift, and non-blocking notes.

    A paid principal refuses every contact, except a claim of the accessories still due
    (objet `escalade.recouvrement.plan.RECLAMATION_ACCESSOIRES`, see `_accessoires_a_reclamer`).
    """
    etats = etats_factures(dossier, jour, jur)
    if facture is not None:
        etat = next((e for e in etats if e.numero == facture), None)
        if etat is None:
            raise EntreeInvalide(
                f"facture « {facture} » absente du dossier {dossier.reference}", champ="facture"
            )
        if etat.payee and _reclamation_ou_abandon(objet)[0]:
            return _accessoires_a_reclamer(dossier, jour, jur, facture)
        motif, des = _motif_facture(etat, jour)
        return ([motif] if motif else []), des, []
    if all(e.payee for e in etats):
        reclamation, abandon = _reclamation_ou_abandon(objet)
        if reclamation:
            return _accessoires_a_reclamer(dossier, jour, jur, None)
        suite = (
            " L'abandon des accessoires est une décision du créancier, pas un contact : "
            f"escalade abandon-accessoires {dossier.reference}."
            if abandon
            else ""
        )
        return [Motif(
            "dossier_solde",
            f"Dossier {dossier.reference} soldé : le principal de toutes les factures est "
            f"payé.{suite}",
            REFERENCES_SOLDE, True,
        )], None, []  # fmt: skip
    impayees = [e for e in etats if not e.payee]
    notes = [m for e in impayees for m in [_motif_facture(e, jour)[0]] if m is not None]
    if any(e.exigible(jour) for e in impayees):
        return [], None, [m for m in notes if m.code != "facture_non_echue"]
    dates = [d for e in impayees for d in [_motif_facture(e, jour)[1]] if d is not None]
    return notes, min(dates, default=None), []


def _motif_echeancier(dossier: Dossier, jour: date) -> Motif | None:
    ech = echeancier_respecte(dossier, jour)
    if ech is None:
        return None
    a_venir = [e.date for e in ech.echeances if e.date >= jour]
    suite = f" ; prochaine échéance le {_jj(min(a_venir))}" if a_venir else ""
    return Motif(
        "echeancier_respecte",
        f"Échéancier convenu le {_jj(ech.convenu_le)} respecté{suite} : les sommes ne sont "
        "exigibles qu'aux dates convenues.",
        REFERENCES_ECHEANCIER,
        True,
    )


def derniere_activite(dossier: Dossier, contacts: Sequence[Contact]) -> date:
    """The end of the relationship (escalade.rgpd.conservation), or a later contact of the
    journal."""
    from escalade.rgpd.conservation import fin_de_relation

    dates = [fin_de_relation(dossier).le]
    dates += [c.le.astimezone(PARIS).date() for c in contacts]
    return max(dates)


def _motif_conservation(
    dossier: Dossier,
    jour: date,
    contacts: Sequence[Contact],
    politique: Politique,
    jur: Jurisprudence,
) -> Motif | None:
    """Past the active base (one rule with the purge: escalade.rgpd.conservation), unless held."""
    from escalade.rgpd.conservation import politique_par_defaut, retenues

    conservation = politique_par_defaut(jur, jour)
    if retenues(dossier, jour, conservation):
        return None  # legal hold while a procedure runs
    derniere = derniere_activite(dossier, contacts)
    fin = ajouter_mois(derniere, 12 * politique.conservation_base_active_ans)
    if jour <= fin:
        return None
    return Motif(
        "conservation_depassee",
        f"Données personnelles au-delà de leur durée de conservation en base active "
        f"({politique.conservation_base_active_ans} ans après la dernière activité du "
        f"{_jj(derniere)}, échue le {_jj(fin)}) : elles ne servent plus à relancer.",
        REFERENCES_CONSERVATION,
        True,
    )


# --- motifs about the moment ---------------------------------------------------------


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


def _motifs_horaires(canal: str, t: datetime, regle: RegleCanal, cal: Calendrier) -> list[Motif]:
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


def _compter(
    horodatages: list[tuple[float, datetime]], limite: Limite, t: datetime, maintenant: float
) -> datetime | None:
    """None if one more contact at `t` keeps the limit, else when the window frees a place."""
    debut = (t - timedelta(days=limite.jours)).timestamp()
    dans = sorted(h for h in horodatages if debut < h[0] <= maintenant)
    if len(dans) < limite.nombre:
        return None
    sortant = dans[len(dans) - limite.nombre][1]
    return sortant.astimezone(PARIS) + timedelta(days=limite.jours)


def _fenetre(jours: int) -> str:
    return "par jour" if jours == 1 else f"sur {jours} jours glissants"


def _motifs_frequence(
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
        libre = _compter(meme_canal, limite, t, maintenant)
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
        libre = _compter(tous, limite, t, maintenant)
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
) -> Decision:
    """The claim-level part of the gate (no channel, no hour): may the claim be pursued on `le`?

    Used alone for court steps (injonction, petites créances). `prochain_creneau` is None when
    nothing but a new fact (payment plan broken, dispute closed...) can lift the refusal.
    `objet` is the contact's: a claim of the accessories passes a paid principal while the
    décompte finds them due (`_accessoires_a_reclamer`); every other rule still applies.
    """
    if procedure_en_cours(dossier, le):
        return Decision(False, (_motif_procedure(dossier, jur),), None)
    motifs, des, avertissements = _motifs_creance(dossier, le, jur, facture, objet)
    definitifs = motifs if des is None else []
    temporaires = [] if des is None else motifs
    for motif in (_motif_echeancier(dossier, le), _motif_conservation(
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
) -> Decision:
    """May the debtor of `dossier` be contacted on `canal` at `le`? Every reason, and when.

    `objet` (the contact's, optional) matters on a paid principal only: see `verifier_creance`.
    """
    t = (le if le.tzinfo is not None else le.replace(tzinfo=PARIS)).astimezone(PARIS)
    journal = dossier.contacts if contacts is None else contacts
    creance = verifier_creance(dossier, t.date(), politique, jur, journal, facture, objet=objet)
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
    motifs += _motifs_horaires(canal, t.astimezone(tz), regle, cal)
    frequence, des_frequence = _motifs_frequence(canal, t, journal, politique)
    motifs += frequence
    if des_frequence is not None:
        attente.append(des_frequence)

    if not motifs:
        return Decision(True, (), None, creance.avertissements)
    if definitif:
        return Decision(False, tuple(motifs), None, creance.avertissements)
    creneau = prochain_horaire(max([t, *attente]), regle, cal, tz).astimezone(PARIS)
    return Decision(False, tuple(motifs), creneau, creance.avertissements)
