"""Which court route follows an unanswered mise en demeure (SPEC section 4).

Once the mise en demeure's deadline has expired (counted from its reception, CPC 641-642):

- no route while a collective proceeding runs: the claim is declared to the mandataire
  judiciaire instead (C. com. L622-21, L622-24);
- none on a time-barred debt (prescribed invoices are left out; all prescribed: refused);
- none while an agreed payment plan runs, nor while a small-claims procedure is open;
- a disputed invoice leads to advice for a contradictory claim (référé-provision or
  assignation au fond), never to an injonction de payer, which the judge grants on the
  creditor's word alone (CPC 1405, 1409);
- a public person bound by a public contract is sued before the administrative judge
  (référé-provision, CJA R541-1);
- an undisputed claim within the small-claims threshold (principal and interest,
  CPCE R125-1, at the date) is offered the procédure simplifiée de recouvrement des petites
  créances first (CPCE L125-1); its failure dispenses the creditor from the prior amicable
  attempt of CPC 750-1 before the tribunal judiciaire;
- otherwise, the injonction de payer (CPC 1405) before the court of CPC 1406.

The 40 EUR indemnities are neither principal nor interest: they do not count towards the
R125-1 threshold (they are still claimed).

References: CPC art. 1405, 1406; CPCE art. L125-1, R125-1; CPC art. 750-1.

The answer, `ChoixRoute`, and its builders are `escalade.recouvrement.choix_route`.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from escalade.droit import procedure_collective
from escalade.droit.decompte import Decompte, calculer
from escalade.droit.decompte_facture import LigneFacture
from escalade.droit.delais import ajouter_mois
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import DonneeJuridiqueManquante
from escalade.droit.format_fr import montant_fr
from escalade.droit.juridiction import juridiction
from escalade.droit.modele import Dossier
from escalade.droit.prescription import prescription
from escalade.recouvrement import mise_en_demeure
from escalade.recouvrement.choix_route import ChoixRoute, Motif, avec, avec_note, refuser

ZERO = Decimal(0)

REFERENCES_INJONCTION = ("CPC art. 1405", "CPC art. 1406")
REFERENCES_PETITES_CREANCES = ("CPCE art. L125-1", "CPCE art. R125-1")
REFERENCES_750_1 = ("CPC art. 750-1",)
REFERENCES_REFERE = ("CPC art. 835", "CPC art. 873")
REFERENCES_DELAI = ("CPC art. 641", "CPC art. 642")


def _du(ligne: LigneFacture) -> Decimal:
    return (
        ligne.principal
        + ligne.interets_dus
        + ligne.capitalise
        + ligne.indemnite_due
        - (ligne.indemnite_payee)
    )


def _en_litige(dossier: Dossier, numero: str, le: date) -> bool:
    return any(
        lit.facture == numero and lit.ouvert_le <= le and (lit.clos_le is None or lit.clos_le > le)
        for lit in dossier.litiges
    )


def _echeancier_en_cours(dossier: Dossier, le: date) -> bool:
    return any(
        e.rompu_le is None and e.convenu_le <= le and any(x.date >= le for x in e.echeances)
        for e in dossier.echeanciers
    )


def lignes_reclamees(
    dossier: Dossier, d: Decompte, le: date, jur: Jurisprudence
) -> tuple[list[LigneFacture], list[str], tuple[str, ...]]:
    """Lines still owed and not time-barred; the prescribed invoices; their references."""
    gardees: list[LigneFacture] = []
    prescrites: list[str] = []
    references: tuple[str, ...] = ()
    for ligne in d.lignes:
        if _du(ligne) <= 0:
            continue
        p = prescription(dossier, ligne.facture, le, jur)
        if p.acquise:
            prescrites.append(ligne.facture.numero)
            references += p.references
        else:
            gardees.append(ligne)
    return gardees, prescrites, references


def _note_750_1(montant: Decimal, le: date, jur: Jurisprudence) -> Motif | None:
    try:
        seuil = jur.decimal("tentative_amiable_prealable_plafond", le)
    except DonneeJuridiqueManquante:
        return None
    if montant > seuil:
        return None
    return Motif(
        "dispense_750_1",
        "Si la procédure des petites créances échoue (refus ou silence du débiteur), le "
        "créancier peut saisir le tribunal judiciaire sans la tentative préalable de "
        "conciliation, de médiation ou de procédure participative qu'exige l'article 750-1 "
        f"du code de procédure civile pour une demande n'excédant pas {montant_fr(seuil)} : "
        "conservez la preuve de l'échec remise par le commissaire de justice.",
        REFERENCES_750_1 + ("CPCE art. L125-1",),
    )


def _petites_creances_ouverte(dossier: Dossier, le: date, jur: Jurisprudence) -> Motif | None:
    """A small-claims procedure under way or settled blocks a new route."""
    pc = dossier.petites_creances
    if pc is None:
        return None
    if pc.accord_le is not None and pc.accord_le <= le:
        return Motif(
            "accord_petites_creances",
            f"accord constaté par le commissaire de justice le {pc.accord_le:%d/%m/%Y} : il "
            "délivre un titre exécutoire ; aucune autre procédure n'est nécessaire",
            ("CPCE art. L125-1",),
        )
    if pc.refus_le is not None and pc.refus_le <= le:
        return None
    if pc.invitation_envoyee_le is not None:
        mois = jur.entier("petites_creances_duree", pc.invitation_envoyee_le)
        fin = ajouter_mois(pc.invitation_envoyee_le, mois)
        if le <= fin:
            return Motif(
                "petites_creances_en_cours",
                "procédure des petites créances en cours : le débiteur a jusqu'au "
                f"{fin:%d/%m/%Y} pour répondre à l'invitation du commissaire de justice",
                ("CPCE art. L125-1",),
            )
        return None
    if pc.demande_le is not None and pc.demande_le <= le:
        return Motif(
            "petites_creances_demandee",
            f"procédure des petites créances demandée le {pc.demande_le:%d/%m/%Y} : "
            "renseignez la date d'envoi de l'invitation par le commissaire de justice, "
            "puis l'accord ou le refus",
            ("CPCE art. L125-1",),
        )
    return None


def _petites_creances_echouee(dossier: Dossier, le: date, jur: Jurisprudence) -> bool:
    pc = dossier.petites_creances
    if pc is None or pc.accord_le is not None:
        return False
    if pc.refus_le is not None and pc.refus_le <= le:
        return True
    if pc.invitation_envoyee_le is None:
        return False
    mois = jur.entier("petites_creances_duree", pc.invitation_envoyee_le)
    return le > ajouter_mois(pc.invitation_envoyee_le, mois)


def _delais(quand: str) -> str:
    return (" " if quand.startswith("au plus tard") else " : ") + quand.rstrip(".")


def choisir(
    dossier: Dossier,
    le: date,
    jur: Jurisprudence,
    decompte: Decompte | None = None,
    juridiction_nom: str | None = None,
    juridiction_adresse: tuple[str, ...] | None = None,
) -> ChoixRoute:
    """The route(s) open on day `le` for `dossier`, or every reason why none is."""
    note_taux: Motif | None = None
    if decompte is not None:
        d = decompte
    else:
        try:
            d = calculer(dossier, le, jur)
        except DonneeJuridiqueManquante as e:  # an unpublished rate: principal alone, said so
            d = calculer(dossier, le, jur, accessoires=False)
            note_taux = Motif(
                "interets_non_calcules",
                f"pénalités ou intérêts non calculés ({e.message}) : montants et seuil des "
                "petites créances comparés au principal seul",
                (),
            )
    gardees, prescrites, refs_prescription = lignes_reclamees(dossier, d, le, jur)
    j = juridiction(dossier, le, jur, juridiction_nom, juridiction_adresse)
    litiges = tuple(
        li.facture.numero for li in gardees if _en_litige(dossier, li.facture.numero, le)
    )
    # A disputed invoice goes to a contradictory claim; the undisputed ones stay claimable.
    non_contestees = [li for li in gardees if li.facture.numero not in litiges]
    exclues = litiges if non_contestees else ()
    if exclues:
        gardees = non_contestees
    principal = sum((li.principal for li in gardees), ZERO)
    interets = sum((li.accessoires for li in gardees), ZERO)
    indemnites = sum((li.indemnite_restante for li in gardees), ZERO)
    base = ChoixRoute(
        dossier.reference, le, (), None, j, principal, interets, indemnites, None,
        tuple(li.facture.numero for li in gardees), tuple(prescrites), litiges, "",
        references=refs_prescription,
    )  # fmt: skip
    if note_taux is not None:
        base = avec_note(base, note_taux)
    if exclues:
        base = avec(base, factures_en_litige=())
        base = avec_note(
            base,
            Motif(
                "factures_contestees_exclues",
                f"factures contestées exclues de la demande ({', '.join(exclues)}) : pour "
                "elles, pas d'injonction de payer mais une action contradictoire "
                "(référé-provision ou assignation au fond)",
                REFERENCES_REFERE,
            ),
        )
    if prescrites:
        base = avec_note(
            base,
            Motif(
                "factures_prescrites",
                f"factures prescrites, écartées de la demande : {', '.join(prescrites)}",
                refs_prescription,
            ),
        )

    if dossier.debiteur.procedure_collective is not None:
        decl = procedure_collective.declaration_creance(dossier, jur)
        assert decl is not None
        return refuser(
            base,
            "procedure_collective",
            "procédure collective ouverte : aucune action en paiement n'est possible "
            "(C. com. L622-21) ; déclarez la créance au mandataire judiciaire"
            f"{_delais(procedure_collective.delais_a_la_date(decl, le))}",
            decl.references,
        )
    if not d.lignes or all(_du(li) <= 0 for li in d.lignes):
        return refuser(base, "solde", "dossier soldé : plus rien n'est dû", ())
    if not gardees:
        return refuser(
            base,
            "prescription",
            "toutes les factures impayées sont prescrites : aucune action en paiement",
            refs_prescription,
        )
    ouverte = _petites_creances_ouverte(dossier, le, jur)
    if ouverte is not None:
        return refuser(base, ouverte.code, ouverte.message, ouverte.articles)
    if _echeancier_en_cours(dossier, le):
        return refuser(
            base,
            "echeancier_en_cours",
            "un échéancier convenu est en cours et n'a pas été rompu : pas de procédure",
            ("C. civ. art. 1103",),
        )

    delai = mise_en_demeure.delai(dossier, jur)
    if delai.envoyee_le is None:
        return refuser(
            base,
            "sans_mise_en_demeure",
            "aucune mise en demeure envoyée : la voie judiciaire s'ouvre à l'expiration de "
            "son délai",
            delai.references,
        )
    if delai.echeance is None:
        return refuser(base, "delai_inconnu", delai.motif, delai.references)
    possible = delai.echeance.echeance + timedelta(days=1)
    base = avec(base, possible_le=possible)
    if not delai.expire_le(le):
        return refuser(
            base,
            "delai_en_cours",
            f"le délai de la mise en demeure court jusqu'au {delai.echeance.echeance:%d/%m/%Y} "
            f"inclus ({delai.motif}) : voie judiciaire possible à partir du {possible:%d/%m/%Y}",
            delai.references,
        )

    if base.factures_en_litige:  # every invoice still claimed is disputed
        return _contradictoire(base, dossier, base.factures_en_litige)
    if dossier.debiteur.type == "personne_publique":
        return avec(
            base,
            routes=("assignation",),
            motif="personne publique : référé-provision devant le tribunal administratif "
            "(l'injonction de payer n'existe pas devant le juge administratif)",
            references=tuple(dict.fromkeys(base.references + j.references)),
        )
    plafond = jur.decimal("petites_creances_plafond", le)
    base = avec(base, plafond_petites_creances=plafond)
    refs = base.references + REFERENCES_INJONCTION + j.references
    echec = _petites_creances_echouee(dossier, le, jur)
    if base.montant_r125_1 <= plafond and not echec:
        if d.arrete_au is not None and any(a.facture in base.factures for a in d.a_parfaire):
            base = avec_note(base, _note_a_parfaire(d.arrete_au, base.montant_r125_1, plafond))
        note = _note_750_1(base.montant_r125_1, le, jur)
        if note is not None and j.categorie == "tribunal_judiciaire":
            base = avec_note(base, note)
        return avec(
            base,
            routes=("petites_creances", "injonction_de_payer"),
            motif=f"créance non contestée de {montant_fr(base.montant_r125_1)} en principal et "
            f"intérêts, sous le plafond de {montant_fr(plafond)} (CPCE R125-1) : procédure des "
            "petites créances d'abord, puis injonction de payer à défaut d'accord",
            references=tuple(dict.fromkeys(refs + REFERENCES_PETITES_CREANCES)),
        )
    if echec:
        motif = (
            "procédure des petites créances sans accord (refus ou silence) : injonction de "
            f"payer devant le {j.juge}"
        )
    else:
        motif = (
            f"créance non contestée de {montant_fr(base.montant_r125_1)} en principal et intérêts, "
            f"au-dessus du plafond des petites créances ({montant_fr(plafond)}) : injonction de "
            f"payer devant le {j.juge}"
        )
    return avec(
        base,
        routes=("injonction_de_payer",),
        motif=motif,
        references=tuple(dict.fromkeys(refs)),
    )


def _note_a_parfaire(arrete_au: date, calcule: Decimal, plafond: Decimal) -> Motif:
    """The cap is compared with the computed part: what runs on after `arrete_au` may
    carry the claim over it (the route is then the injonction de payer)."""
    return Motif(
        "plafond_a_parfaire",
        f"plafond des petites créances comparé à la part calculée ({montant_fr(calcule)} en "
        f"principal et intérêts, accessoires arrêtés au {arrete_au:%d/%m/%Y}, le taux suivant "
        f"n'étant pas encore publié) : les accessoires à parfaire s'y ajoutent ; s'ils "
        f"dépassent {montant_fr(plafond - calcule)}, la demande excède le plafond "
        f"({montant_fr(plafond)}) et la voie est l'injonction de payer",
        ("CPCE art. R125-1",),
    )


def _contradictoire(base: ChoixRoute, dossier: Dossier, litiges: tuple[str, ...]) -> ChoixRoute:
    j = base.juridiction
    assert j is not None
    non_contestees = [n for n in base.factures if n not in litiges]
    message = (
        f"factures contestées ({', '.join(litiges)}) : pas d'injonction de payer, mais une "
        "action contradictoire, référé-provision si l'obligation n'est pas sérieusement "
        f"contestable, sinon assignation au fond devant le {j.libelle}"
    )
    if non_contestees:
        message += (
            f" ; les factures non contestées ({', '.join(non_contestees)}) peuvent faire "
            "l'objet d'une procédure distincte"
        )
    refs = REFERENCES_REFERE if dossier.debiteur.type != "personne_publique" else j.references
    return avec(
        base,
        routes=("assignation",),
        motif=message,
        references=tuple(dict.fromkeys(base.references + refs + ("CPC art. 1405",))),
    )
