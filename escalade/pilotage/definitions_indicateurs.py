"""The vocabulary of the collection KPIs: the ageing buckets, the escalation stages and
routes, the recovery horizons, and the French conventions and definitions printed with
every figure (escalade.pilotage.indicateurs)."""

from __future__ import annotations

from typing import Final

TRANCHES: Final = (
    ("non_echu", "Non échu"),
    ("0_30", "Échu de 1 à 30 jours"),
    ("31_60", "Échu de 31 à 60 jours"),
    ("61_90", "Échu de 61 à 90 jours"),
    ("plus_90", "Échu depuis plus de 90 jours"),
)
# Escalation stages, in order; the court routes are one stage for "paid after" shares.
ETAPES: Final = (
    "relance_1",
    "relance_2",
    "relance_telephonique",
    "derniere_relance",
    "mise_en_demeure",
)
ROUTES_JUDICIAIRES: Final = ("injonction_de_payer", "petites_creances", "assignation")
ETAPES_FR: Final = {
    "aucune": "Avant toute relance",
    "relance_1": "Après la première relance",
    "relance_2": "Après la seconde relance",
    "relance_telephonique": "Après l'appel",
    "derniere_relance": "Après la dernière relance",
    "mise_en_demeure": "Après la mise en demeure",
    "judiciaire": "Après la saisie du juge (injonction, petites créances, assignation)",
}
VOIES: Final = ("amiable", "mise_en_demeure", "injonction", "petites_creances")
VOIES_FR: Final = {
    "amiable": "Amiable (relances, appel)",
    "mise_en_demeure": "Mise en demeure",
    "injonction": "Injonction de payer",
    "petites_creances": "Petites créances",
}
HORIZONS: Final = (30, 60, 90)

CONVENTIONS: Final = (
    "Principal d'une facture : montant TTC moins ses avoirs ; pénalités, intérêts et "
    "indemnité forfaitaire exclus. Les paiements sont imputés sur le principal : sur la "
    "facture désignée, sinon sur les factures échues avant les autres, la plus ancienne "
    "échéance d'abord (ordre de l'art. 1342-10 du Code civil ; l'imputation sur les intérêts "
    "d'abord, art. 1343-1, n'est pas appliquée à ces indicateurs de gestion). Une facture est "
    "soldée le jour où son principal est entièrement payé. « Recouvré » : principal encaissé "
    "après l'échéance."
)
DEFINITIONS: Final = {
    "balance_agee": (
        "Balance âgée à la date de fin : principal restant dû à cette date de chaque facture "
        "émise au plus tard ce jour-là (paiements et avoirs datés jusqu'à ce jour), réparti "
        "selon le nombre de jours écoulés depuis l'échéance : non échu (échéance le jour même "
        "ou plus tard), 1 à 30, 31 à 60, 61 à 90, plus de 90 jours."
    ),
    "dso": (
        "DSO (délai moyen de recouvrement des créances clients), méthode directe : créances "
        "clients à la fin de la période (principal restant dû) ÷ chiffre d'affaires TTC "
        "facturé sur la période × nombre de jours de la période. C'est la définition usuelle "
        "(« DSO = créances clients ÷ ventes à crédit de la période × nombre de jours » ; "
        "l'Observatoire des délais de paiement de la Banque de France calcule de même les "
        "délais clients en jours de chiffre d'affaires TTC, sur 360 jours pour un exercice). "
        "Ce n'est pas la méthode par épuisement du chiffre d'affaires (count-back). Non "
        "calculable sans chiffre d'affaires sur la période."
    ),
    "dso_mensuel": (
        "DSO de chaque mois civil de la période (tronqué aux bornes de la période), même "
        "définition : créances à la fin du mois ÷ chiffre d'affaires TTC du mois × jours."
    ),
    "taux_recouvrement": (
        "Taux de recouvrement à N jours, par cohorte : la cohorte est l'ensemble des factures "
        "dont l'échéance tombe dans la période ; seules comptent celles dont la fenêtre est "
        "close à la date d'observation (échéance + N jours au plus tard ce jour-là), les "
        "autres sont dénombrées à part. Taux = principal payé au plus tard N jours après "
        "l'échéance (paiements anticipés compris) ÷ principal dû (montant TTC moins les avoirs "
        "datés au plus tard N jours après l'échéance)."
    ),
    "courbe_recouvrement": (
        "Courbe de recouvrement : pour les factures de la cohorte observées au moins 90 jours "
        "après leur échéance, part cumulée du principal payée k jours après l'échéance, "
        "k de 0 à 90."
    ),
    "part_par_etape": (
        "Part des factures soldées pendant la période selon la dernière étape franchie dans "
        "leur dossier au jour du solde (première date de chaque étape au journal, à "
        "l'historique ou dans la mise en demeure enregistrée ; une étape du jour même compte). "
        "Parts en nombre de factures et en principal."
    ),
    "delai_par_segment": (
        "Délai moyen de paiement par segment de débiteur, pour les factures soldées pendant la "
        "période : moyenne simple (non pondérée) du nombre de jours entre l'émission et le "
        "solde, et entre l'échéance et le solde (négatif : payé en avance)."
    ),
    "recouvre_par_voie": (
        "Principal recouvré pendant la période (paiements datés dans la période, imputés sur "
        "des factures déjà échues), selon la voie engagée dans le dossier au jour du paiement : "
        "injonction de payer ou petites créances (la plus récente engagée), sinon mise en "
        "demeure envoyée, sinon amiable. Une assignation, que l'outil ne fait que conseiller, "
        "ne crée pas de voie distincte."
    ),
    "cout_par_euro": (
        "Coût par euro recouvré : frais de recouvrement enregistrés par le créancier et datés "
        "dans la période (escalade frais ajouter) ÷ principal recouvré pendant la période. "
        "Non calculable si rien n'a été recouvré."
    ),
}
