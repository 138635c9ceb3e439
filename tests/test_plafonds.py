"""The caps hold whatever the order of recording (issue 14 §1) and past contacts are facts
(issue 16 §4): every window containing a new contact is counted, the contacts after it
included; the moment "now" is read under the debtor's lock; 8 real processes recording on
one debtor never pass a cap, on SQLite and on PostgreSQL; a contact that already happened is
recorded (marked, audited if it broke a rule) and counts for later ones; a future one is
refused; an annulment takes a contact out of every count without deleting it."""

from __future__ import annotations

import json
import multiprocessing
from collections import Counter
from datetime import datetime

import pytest
from concurrence_contacts import operateur
from conftest import EXEMPLES
from sqlalchemy import select, text
from stockage_commun import compter, donnees, dossier, horloge, lancer

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.jurisprudence import jurisprudence
from escalade.droit.modele import Contact
from escalade.droit.valeurs import PARIS
from escalade.entrees.chargement import charger_fichier
from escalade.recouvrement.conformite import verifier
from escalade.recouvrement.politique import politique_par_defaut
from escalade.stockage import depot, schema
from escalade.stockage.annulations import annuler_contact
from escalade.stockage.journal import enregistrer_contact, verifier_en_depot
from escalade.stockage.moteur import moteur, transaction_ecriture, transaction_lecture

JUR = jurisprudence()
POL = politique_par_defaut(JUR, datetime(2026, 7, 6).date())
LYON = charger_fichier(EXEMPLES / "01_b2b_paiements_partiels.yaml")[0]


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


def appel(le: datetime, objet: str = "appel") -> Contact:
    return Contact(le=le, canal="telephone", objet=objet)


def codes(d: object) -> list[str]:
    return [m.code for m in d.motifs]  # type: ignore[attr-defined]


# --- the gate counts the contacts after the new one -----------------------------------


def test_un_appel_avant_un_appel_deja_fait_le_meme_jour() -> None:
    """Monday 6 July 2026: a call at 15:00 is in the journal; 11:00 and 10:30 the same day
    are in a 24-hour window holding it: refused, next slot Tuesday 15:00 (15:00 + 24 h)."""
    journal = [appel(paris(2026, 7, 6, 15, 0))]
    for heure, minute in ((11, 0), (10, 30)):
        d = verifier(LYON, "telephone", paris(2026, 7, 6, heure, minute), journal, POL, JUR)
        assert codes(d) == ["frequence_canal"]
        assert d.prochain_creneau == paris(2026, 7, 7, 15, 0)


def test_sept_appels_en_onze_jours_refuses_au_dela_de_quatre() -> None:
    """4 calls per 30 days: with calls on 13, 14, 15 and 16 July, a call on 6 July (before
    them all) fills a 30-day window (6 July .. 5 August) with 5: refused. The next slot is
    when the window of the new call holds at most 3 others: 13 July 10:00 + 30 days."""
    journal = [appel(paris(2026, 7, j, 10, 0)) for j in (13, 14, 15, 16)]
    d = verifier(LYON, "telephone", paris(2026, 7, 6, 11, 0), journal, POL, JUR)
    assert codes(d) == ["frequence_canal"]
    assert d.prochain_creneau == paris(2026, 8, 12, 10, 0)
    assert verifier(LYON, "telephone", d.prochain_creneau, journal, POL, JUR).autorise
    # Three calls after it leave a place: 4 in the fullest window, allowed.
    d = verifier(LYON, "telephone", paris(2026, 7, 6, 11, 0), journal[1:], POL, JUR)
    assert d.autorise, codes(d)


def test_fenetre_voisine_pleine_par_la_droite() -> None:
    """The window (10 July 11:00 .. 9 August 11:00] holds the calls of 13, 14 and 20 July and
    of 8 August: a call on 10 July at 11:00 would make it 5, though its trailing window
    (10 June .. 10 July) is empty."""
    journal = [appel(paris(2026, 7, j, 10, 0)) for j in (13, 14, 20)]
    journal.append(appel(paris(2026, 8, 7, 10, 0)))
    d = verifier(LYON, "telephone", paris(2026, 7, 10, 11, 0), journal, POL, JUR)
    assert codes(d) == ["frequence_canal"]
    # 8 July 11:00: its windows reach 7 August 11:00 at most, the 7 August call is at 10:00,
    # inside: still 5. 6 July 11:00: the window ending 5 August 11:00 holds 13, 14, 20 only.
    assert not verifier(LYON, "telephone", paris(2026, 7, 8, 11, 0), journal, POL, JUR).autorise
    assert verifier(LYON, "telephone", paris(2026, 7, 7, 10, 30), journal, POL, JUR).autorise


# --- the store: order of recording, facts, future, annulment -----------------------------


def _importer(url: str, *refs: str) -> None:
    ds = []
    for ref in refs:
        deb = {**donnees()["debiteur"], "nom": f"Débiteur {ref}"}
        deb.pop("siren")
        ds.append(dossier(reference=ref, debiteur=deb))
    with transaction_ecriture(moteur(url)) as c:
        depot.importer(c, ds, paris(2026, 6, 30, 9, 0))


def _natures(url: str) -> list[tuple[str, str]]:
    with transaction_lecture(moteur(url)) as c:
        lignes = c.execute(
            select(schema.contacts.c.objet, schema.contacts.c.nature).order_by(schema.contacts.c.id)
        )
        return [(o, n) for o, n in lignes]


def test_ordre_d_enregistrement_sans_effet(url_depot: str) -> None:
    """Issue 14: calls at 15:00, then 11:00 and 10:30 the same day were all accepted."""
    _importer(url_depot, "P-1")
    m = moteur(url_depot)
    resultats = [
        enregistrer_contact(m, "P-1", appel(paris(2026, 7, 6, h, mi), f"appel_{h}"), POL, JUR,
                            paris(2026, 7, 6, h, mi)).enregistre
        for h, mi in ((15, 0), (11, 0), (10, 30))
    ]  # fmt: skip
    assert resultats == [True, False, False]
    assert compter(url_depot, "contacts") == 1


def test_contact_passe_enregistre_comme_fait_et_compte(url_depot: str) -> None:
    _importer(url_depot, "P-2")
    m = moteur(url_depot)
    # Recorded at 15:30 for a call made at 15:00 (30 minutes late, past the 15-minute
    # tolerance): a fact. Then a call at 11:00 recorded at 16:00 (a fact past the daily cap:
    # recorded and audited).
    r1 = enregistrer_contact(m, "P-2", appel(paris(2026, 7, 6, 15, 0), "a"), POL, JUR,
                             paris(2026, 7, 6, 15, 30))  # fmt: skip
    r2 = enregistrer_contact(m, "P-2", appel(paris(2026, 7, 6, 11, 0), "b"), POL, JUR,
                             paris(2026, 7, 6, 16, 0))  # fmt: skip
    assert (r1.enregistre, r1.nature, r2.enregistre, r2.nature) == (True, "passe", True, "passe")
    assert r2.decision is not None and codes(r2.decision) == ["frequence_canal"]
    with transaction_lecture(m) as c:
        audit = c.execute(select(schema.audit.c.action, schema.audit.c.regles)).all()
    assert [(a, [r["code"] for r in regles]) for a, regles in audit] == [
        ("contact_passe_hors_regles", ["frequence_canal"])
    ]
    # A call made now (16:10) is refused: the two facts count (1 call, 2 contacts a day).
    r3 = enregistrer_contact(m, "P-2", appel(paris(2026, 7, 6, 16, 10), "c"), POL, JUR,
                             paris(2026, 7, 6, 16, 10))  # fmt: skip
    assert not r3.enregistre
    assert codes(r3.decision) == ["frequence_canal", "frequence_globale"]
    # Within the tolerance (10 minutes late) a contact is still checked, not a fact.
    r4 = enregistrer_contact(m, "P-2", appel(paris(2026, 7, 6, 16, 10), "d"), POL, JUR,
                             paris(2026, 7, 6, 16, 20))  # fmt: skip
    assert (r4.enregistre, r4.nature) == (False, "controle")
    assert _natures(url_depot) == [("a", "passe"), ("b", "passe")]


def test_contact_entrant_jamais_refuse(url_depot: str) -> None:
    """The debtor calls on Sunday 5 July at 21:00: recorded, marked entrant."""
    _importer(url_depot, "P-3")
    m = moteur(url_depot)
    moment = paris(2026, 7, 5, 21, 0)
    r = enregistrer_contact(m, "P-3", appel(moment, "rappel_debiteur"), POL, JUR, moment,
                            entrant=True)  # fmt: skip
    assert (r.enregistre, r.nature) == (True, "entrant")
    assert sorted(codes(r.decision)) == ["dimanche", "heure_non_autorisee"]
    # It counts: a call the next morning is within 24 hours of it.
    lundi = paris(2026, 7, 6, 10, 0)
    r = enregistrer_contact(m, "P-3", appel(lundi, "appel"), POL, JUR, lundi)
    assert not r.enregistre and codes(r.decision) == ["frequence_canal"]


def test_moment_futur_refuse(url_depot: str) -> None:
    _importer(url_depot, "P-4")
    maintenant = paris(2026, 7, 6, 10, 0)
    with pytest.raises(EntreeInvalide) as e:
        enregistrer_contact(moteur(url_depot), "P-4", appel(paris(2027, 7, 6, 10, 0)), POL, JUR,
                            maintenant)  # fmt: skip
    assert e.value.champ == "--le" and "futur" in e.value.message
    assert compter(url_depot, "contacts") == 0
    # Two minutes of clock skew are tolerated.
    r = enregistrer_contact(moteur(url_depot), "P-4", appel(paris(2026, 7, 6, 10, 2)), POL, JUR,
                            maintenant)  # fmt: skip
    assert (r.enregistre, r.nature) == (True, "controle")


def test_annulation_retire_le_contact_sans_l_effacer(url_depot: str) -> None:
    _importer(url_depot, "P-5")
    m = moteur(url_depot)
    dix = paris(2026, 7, 6, 10, 0)
    r = enregistrer_contact(m, "P-5", appel(dix), POL, JUR, dix)
    assert r.enregistre and r.contact_id is not None
    onze = paris(2026, 7, 6, 11, 0)
    with transaction_lecture(m) as c:
        assert not verifier_en_depot(c, "P-5", "telephone", onze, POL, JUR).autorise
    a = annuler_contact(m, r.contact_id, "saisi sur le mauvais dossier", "alice", onze)
    assert (a.reference, a.le, a.canal) == ("P-5", dix, "telephone")
    with transaction_lecture(m) as c:
        assert verifier_en_depot(c, "P-5", "telephone", onze, POL, JUR).autorise
        assert depot.charger_lot(c, [1])[0].dossier.contacts == []
    assert (compter(url_depot, "contacts"), compter(url_depot, "annulations_contacts")) == (1, 1)
    with pytest.raises(EntreeInvalide, match="déjà annulé"):
        annuler_contact(m, r.contact_id, "encore", None, onze)
    with pytest.raises(EntreeInvalide, match="aucun contact n° 99"):
        annuler_contact(m, 99, "x", None, onze)
    with pytest.raises(EntreeInvalide, match="motif"):
        annuler_contact(m, r.contact_id, "  ", None, onze)
    # The annulment is append-only too.
    with pytest.raises(Exception, match="ajout seul"), transaction_ecriture(m) as c:
        c.execute(text("DELETE FROM annulations_contacts"))
    assert compter(url_depot, "annulations_contacts") == 1


def test_cli_entrant_passe_futur_annuler(capsys, depot, tmp_path, monkeypatch) -> None:
    import yaml

    f = tmp_path / "s.yaml"
    f.write_text(yaml.safe_dump(donnees(contacts=[])), encoding="utf-8")
    assert lancer(capsys, "importer", str(f))[0] == 0
    horloge(monkeypatch, "2026-07-05T21:00")  # Sunday evening
    code, out, _ = lancer(capsys, "contact", "S-001", "--canal", "telephone", "--objet",
                          "reponse_debiteur", "--entrant", "--json")  # fmt: skip
    r = json.loads(out)
    assert (code, r["enregistre"], r["nature"], r["id"]) == (0, True, "entrant", 1)
    assert r["le"] == "2026-07-05T21:00:00+02:00"
    code, out, _ = lancer(capsys, "contact", "S-001", "--canal", "courrier", "--objet",
                          "relance_1", "--le", "2026-07-05T09:00")  # fmt: skip
    assert code == 0 and out == (
        "Ce contact aurait été refusé à ce moment-là (fait passé enregistré après coup) :\n"
        "  - [dimanche] Courrier refusé le dimanche 05/07/2026.\n"
        "Contact n° 2 enregistré pour S-001, fait passé enregistré après coup.\n"
    )
    code, _, err = lancer(capsys, "contact", "S-001", "--canal", "courrier", "--objet",
                          "relance_2", "--le", "2026-07-06T09:00")  # fmt: skip
    assert code == 2 and "champ « --le » : moment du contact dans le futur" in err
    code, out, _ = lancer(capsys, "contact", "annuler", "2", "--motif", "mauvaise date")
    assert code == 0 and out.startswith("Contact n° 2 annulé (S-001, relance_1 par courrier")
    code, _, err = lancer(capsys, "contact", "annuler", "2", "--motif", "mauvaise date")
    assert code == 2 and "déjà annulé" in err
    assert (compter(str(depot), "contacts"), compter(str(depot), "annulations_contacts")) == (
        2, 1,
    )  # fmt: skip


# --- 8 processes, many rounds, caps exact -----------------------------------------------

TOURS = 6


@pytest.mark.parametrize(
    ("canal", "plafond"),
    [("telephone", 1), ("courrier", 2)],  # 1 call a day; 2 contacts a day, all channels
)
def test_huit_operateurs_ne_depassent_jamais_le_plafond(
    url_depot: str, canal: str, plafond: int
) -> None:
    """8 separate processes record, round after round, one contact each on the round's
    debtor, released together; each reads its own clock (the round's moment + its number in
    minutes) under the lock. Exactly `plafond` contacts per debtor are recorded."""
    refs = [f"T-{t}" for t in range(TOURS)]
    _importer(url_depot, *refs)
    tours = [(ref, canal, paris(2026, 7, 6 + t % 4, 10, 0).isoformat()) for t, ref in
             enumerate(refs)]  # fmt: skip
    ctx = multiprocessing.get_context("spawn")
    barriere = ctx.Barrier(8)
    sortie = ctx.Queue()
    processus = [
        ctx.Process(target=operateur, args=(url_depot, i, tours, barriere, sortie))
        for i in range(8)
    ]
    for p in processus:
        p.start()
    resultats = [sortie.get(timeout=300) for _ in range(8 * TOURS)]
    for p in processus:
        p.join(timeout=60)
        assert p.exitcode == 0
    acceptes = Counter(t for t, ok in resultats if ok)
    assert [acceptes[t] for t in range(TOURS)] == [plafond] * TOURS
    with transaction_lecture(moteur(url_depot)) as c:
        par_dossier = Counter(
            r for (r,) in c.execute(
                select(schema.dossiers.c.reference).join(
                    schema.contacts, schema.contacts.c.dossier_id == schema.dossiers.c.id
                )
            )
        )  # fmt: skip
    assert par_dossier == {ref: plafond for ref in refs}


# --- append-only cannot be crossed ------------------------------------------------------


def _un_contact(url: str) -> None:
    _importer(url, "B-1")
    dix = paris(2026, 7, 6, 10, 0)
    assert enregistrer_contact(moteur(url), "B-1", appel(dix), POL, JUR, dix).enregistre


def test_replace_into_refuse_sqlite(url_depot: str) -> None:
    if not url_depot.startswith("sqlite"):
        pytest.skip("REPLACE INTO est propre à SQLite (PostgreSQL : ON CONFLICT passe par UPDATE)")
    _un_contact(url_depot)
    m = moteur(url_depot)
    with transaction_ecriture(m) as c:  # appending stays allowed
        c.execute(text(
            "INSERT INTO historique (dossier_id, cle, etape, le, enregistre_le) "
            "VALUES (1, 'relance_1|2026-07-06|', 'relance_1', '2026-07-06', '2026-07-06 08:00')"
        ))  # fmt: skip
    for requete in (
        "REPLACE INTO contacts (id, debiteur_id, dossier_id, cle, le, canal, objet, force, "
        "enregistre_le, nature) SELECT id, debiteur_id, dossier_id, cle, le, 'email', 'x', 0, "
        "enregistre_le, 'controle' FROM contacts",
        "REPLACE INTO historique (id, dossier_id, cle, etape, le, enregistre_le) "
        "SELECT id, dossier_id, cle, 'x', le, enregistre_le FROM historique",
        "INSERT OR REPLACE INTO contacts (debiteur_id, dossier_id, cle, le, canal, objet, "
        "force, enregistre_le, nature) SELECT debiteur_id, dossier_id, cle, le, 'sms', 'y', "
        "0, enregistre_le, 'controle' FROM contacts",
    ):
        with pytest.raises(Exception, match="ajout seul"), transaction_ecriture(m) as c:
            c.execute(text(requete))
    with transaction_lecture(m) as c:
        lignes = c.execute(text("SELECT canal, objet FROM contacts")).all()
        assert lignes == [("telephone", "appel")]
        assert c.execute(text("SELECT etape FROM historique")).all() == [("relance_1",)]


def test_ligne_purge_en_cours_n_ouvre_plus_rien(url_depot: str) -> None:
    _un_contact(url_depot)
    m = moteur(url_depot)
    with transaction_ecriture(m) as c:
        c.execute(text("INSERT INTO purge_en_cours (id) VALUES (1)"))
    for requete in ("UPDATE contacts SET note = 'réécrit'", "DELETE FROM contacts"):
        with pytest.raises(Exception, match="ajout seul"), transaction_ecriture(m) as c:
            c.execute(text(requete))
    assert compter(url_depot, "contacts") == 1
    with transaction_lecture(m) as c:
        assert c.execute(text("SELECT note FROM contacts")).scalar() is None


def test_rapports_ignorent_un_contact_annule(url_depot: str) -> None:
    from escalade.stockage.pilotage import premieres_relances

    _importer(url_depot, "P-6")
    m = moteur(url_depot)
    dix = paris(2026, 7, 6, 10, 0)
    contact = Contact(le=dix, canal="email", objet="relance_1", document="r1.pdf")
    r = enregistrer_contact(m, "P-6", contact, POL, JUR, dix)
    assert r.enregistre and r.contact_id is not None
    with transaction_lecture(m) as c:
        assert [x.dossier for x in premieres_relances(c, "relance_1", None)] == ["P-6"]
    annuler_contact(m, r.contact_id, "envoyée au mauvais débiteur", None, dix)
    with transaction_lecture(m) as c:
        assert premieres_relances(c, "relance_1", None) == []
