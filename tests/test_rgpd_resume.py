"""The purge decides from a summary built by SQL (escalade.stockage.rgpd.resumes), not from
whole dossiers: on generated dossiers (hypothesis), both give the same summary, the same
legal holds and the same list of ActionPurge, on SQLite and PostgreSQL.

The generated dates come from a small pool so that ties between events are frequent (the
end of the relationship then names the first event in the order of
`conservation._evenements`), and contact times sit around midnight and the daylight-saving
changes of Paris (a contact's day is its Paris day, the store keeps UTC).
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any

import stockage_commun
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stockage_commun import MAINTENANT, donnees

from escalade.droit.jurisprudence import jurisprudence
from escalade.droit.modele import Dossier
from escalade.droit.valeurs import PARIS
from escalade.rgpd.conservation import a_purger, a_purger_resume, resumer, retenues, retenues_resume
from escalade.rgpd.regles_conservation import CATEGORIES, politique_par_defaut
from escalade.stockage import depot, schema
from escalade.stockage.moteur import moteur, transaction_ecriture, transaction_lecture
from escalade.stockage.resume_conservation import resumes

url_depot = stockage_commun.url_depot

# Around the DST changes of 2026 (29 March, 25 October) and a new year.
JOURS = [date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30), date(2026, 10, 24),
         date(2026, 10, 25), date(2026, 10, 26), date(2026, 12, 31), date(2027, 1, 1)]  # fmt: skip
HEURES = [time(0, 10), time(1, 30), time(2, 30), time(12, 0), time(23, 50)]
jours = st.sampled_from(JOURS)
jours_iso = jours.map(date.isoformat)
instants = st.builds(
    lambda j, h, utc: (
        datetime.combine(j, h, PARIS).astimezone(UTC if utc else PARIS).isoformat()
    ),
    jours, st.sampled_from(HEURES), st.booleans(),
)  # fmt: skip
CANAUX = ["email", "sms", "telephone", "courrier"]
ETAPES = ["relance_1", "mise_en_demeure", "injonction_de_payer", "petites_creances",
          "assignation", "solde", "prescrit", "irrecouvrable"]  # fmt: skip
_compteur = itertools.count()


def _facultatif(strategie: Any) -> Any:
    return st.one_of(st.none(), strategie)


@st.composite
def dossiers(draw: st.DrawFn) -> tuple[Dossier, list[tuple[str, str]]]:
    """A dossier, and history rows of events (recorded by `escalade evenement`, not read
    as the dossier's history) to add in the store."""
    n = next(_compteur)
    nb_factures = draw(st.integers(1, 3))
    numeros = [f"F{k}" for k in range(nb_factures)]
    factures = [{"numero": x, "date_emission": "2026-01-02", "date_echeance": draw(jours_iso),
                 "montant_ttc": "100.00"} for x in numeros]  # fmt: skip
    facture = st.sampled_from(numeros)
    debiteur: dict[str, Any] = {
        "nom": f"Débiteur {n}",
        "type": draw(st.sampled_from(["professionnel", "consommateur", "personne_publique"])),
        "siren": None,
        "adresse": {"lignes": ["1 rue Haute"], "code_postal": "69006", "ville": "Lyon"},
    }
    if draw(st.integers(0, 5)) == 0:
        debiteur["procedure_collective"] = {"type": "sauvegarde", "jugement_le": draw(jours_iso)}
    contacts = draw(st.lists(st.fixed_dictionaries({
        "le": instants, "canal": st.sampled_from(CANAUX), "objet": st.sampled_from(["a", "b"]),
    }), max_size=4, unique_by=lambda c: (c["le"], c["canal"], c["objet"])))  # fmt: skip
    echeanciers = draw(st.lists(st.fixed_dictionaries({
        "convenu_le": jours_iso,
        "echeances": st.lists(st.fixed_dictionaries({"date": jours_iso, "montant": st.just("10")}),
                              min_size=1, max_size=3),
        "rompu_le": _facultatif(jours_iso),
    }), max_size=2, unique_by=lambda e: e["convenu_le"]))  # fmt: skip
    brut = donnees(
        reference=f"H-{n:05d}",
        debiteur=debiteur,
        factures=factures,
        etape=draw(_facultatif(st.sampled_from(ETAPES))),
        contacts=contacts,
        paiements=draw(st.lists(st.fixed_dictionaries(
            {"date": jours_iso, "montant": st.just("5"), "facture": facture}), max_size=2,
            unique_by=lambda p: (p["date"], p["facture"]))),
        avoirs=draw(st.lists(st.fixed_dictionaries(
            {"date": jours_iso, "montant": st.just("5"), "facture": facture}), max_size=1)),
        litiges=draw(st.lists(st.fixed_dictionaries({
            "facture": facture, "ouvert_le": jours_iso, "motif": st.just("contesté"),
            "clos_le": _facultatif(jours_iso)}).filter(  # a dispute closes after it opens
                lambda li: li["clos_le"] is None or li["clos_le"] >= li["ouvert_le"]),
            max_size=2,
            unique_by=lambda li: (li["facture"], li["ouvert_le"]))),
        echeanciers=echeanciers,
        historique=draw(st.lists(st.fixed_dictionaries({
            "etape": st.sampled_from(ETAPES), "le": jours_iso,
            "motif": _facultatif(st.just("motif"))}), max_size=3,
            unique_by=lambda h: (h["etape"], h["le"], h["motif"]))),
        interruptions=draw(st.lists(st.fixed_dictionaries(
            {"date": jours_iso, "type": st.just("reconnaissance")}), max_size=1)),
        mise_en_demeure=draw(_facultatif(st.fixed_dictionaries({"envoyee_le": jours_iso}))),
        jugement=draw(_facultatif(st.fixed_dictionaries(
            {"rendu_le": jours_iso, "executoire_le": _facultatif(jours_iso)}))),
        # Kept by the store since migration 0004: every field that dates an event or ends
        # a hold (enforceable order, rejection, agreement, refusal) is drawn.
        injonction=draw(_facultatif(st.fixed_dictionaries({}, optional={
            "requete_deposee_le": jours_iso, "ordonnance_le": jours_iso,
            "rejetee": st.booleans(), "signifiee_le": jours_iso, "opposition_le": jours_iso,
            "executoire_le": jours_iso}))),
        petites_creances=draw(_facultatif(st.fixed_dictionaries({}, optional={
            "demande_le": jours_iso, "invitation_envoyee_le": jours_iso,
            "accord_le": jours_iso, "refus_le": jours_iso,
            "echeances": st.lists(st.fixed_dictionaries(
                {"date": jours_iso, "montant": st.just("10")}), max_size=2)}))),
    )  # fmt: skip
    evenements = draw(st.lists(st.tuples(st.sampled_from(ETAPES), jours_iso), max_size=1))
    return Dossier.model_validate(brut), evenements


def _importer(url: str, lot: list[tuple[Dossier, list[tuple[str, str]]]]) -> list[int]:
    with transaction_ecriture(moteur(url)) as c:
        depot.importer(c, [d for d, _ in lot], MAINTENANT)
        ids = []
        for d, evenements in lot:
            dossier_id, _ = depot.identifiants(c, d.reference)
            ids.append(dossier_id)
            for k, (etape, le) in enumerate(evenements):
                c.execute(schema.historique.insert().values(
                    dossier_id=dossier_id, cle=f"evt|test|{k}", etape=etape,
                    le=date.fromisoformat(le), evenement="paiement_recu",
                    enregistre_le=MAINTENANT,
                ))  # fmt: skip
    return ids


# Before, on and after the usual boundaries of dossiers ending in 2026-2027.
DATES = [date(2026, 6, 30), date(2029, 3, 29), date(2029, 10, 26), date(2030, 1, 1),
         date(2031, 3, 30), date(2032, 1, 1), date(2036, 10, 26), date(2037, 10, 27)]  # fmt: skip


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    lot=st.lists(dossiers(), min_size=1, max_size=6),  # natural keys unique: see the generator
    faites=st.sets(st.sampled_from(CATEGORIES)),
    notes_en_archive=st.booleans(),
)
def test_resume_sql_memes_decisions_que_le_dossier(
    url_depot: str, lot: Any, faites: set[str], notes_en_archive: bool
) -> None:
    ids = _importer(url_depot, lot)
    with transaction_lecture(moteur(url_depot)) as c:
        par_sql = {i: (ref, r) for i, ref, r in resumes(c, ids)}
        charges = depot.charger_lot(c, ids)
    assert sorted(par_sql) == ids
    generes = {d.reference: d for d, _ in lot}
    for stocke in charges:
        d = stocke.dossier
        reference, resume = par_sql[stocke.id]
        assert reference == d.reference
        # The court records come back from the store as the file gave them.
        assert d.injonction == generes[reference].injonction
        assert d.petites_creances == generes[reference].petites_creances
        assert resume == resumer(d)
        for le in DATES:
            pol = politique_par_defaut(jurisprudence(), le)
            if notes_en_archive:
                pol = replace(pol, notes_en_archive=True)
            assert retenues_resume(resume, le, pol) == retenues(d, le, pol)
            assert a_purger_resume(resume, le, pol, faites) == a_purger(d, le, pol, faites)


def test_resume_sql_un_cas_calcule_a_la_main(url_depot: str) -> None:
    # Invoice due 2026-10-25; two contacts on 2026-10-25 Paris time: 00:30 Paris (CEST,
    # 2026-10-24T22:30Z) and 23:50 Paris (CET, 2026-10-25T22:50Z). The latest event is
    # 2026-10-25; the invoice comes first in the order of the events, so it names the end.
    brut = donnees(
        reference="H-MAIN",
        factures=[{"numero": "FA-9", "date_emission": "2026-09-01",
                   "date_echeance": "2026-10-25", "montant_ttc": "10.00"}],
        contacts=[{"le": "2026-10-25T23:50:00+01:00", "canal": "sms", "objet": "b"},
                  {"le": "2026-10-24T22:30:00+00:00", "canal": "email", "objet": "a"}],
    )  # fmt: skip
    ids = _importer(url_depot, [(Dossier.model_validate(brut), [])])
    with transaction_lecture(moteur(url_depot)) as c:
        [(_, _, resume)] = list(resumes(c, ids))
    assert (resume.fin.le, resume.fin.motif) == (
        date(2026, 10, 25), "échéance de la facture FA-9 du 2026-10-25"
    )  # fmt: skip
    # Without the invoice's tie (due 2026-10-01), the first contact of that Paris day.
    brut["factures"][0]["date_echeance"] = "2026-10-01"
    brut["reference"] = "H-MAIN-2"
    ids = _importer(url_depot, [(Dossier.model_validate(brut), [])])
    with transaction_lecture(moteur(url_depot)) as c:
        [(_, _, resume)] = list(resumes(c, ids))
    assert resume.fin.motif == "contact (email, a) du 2026-10-25"
