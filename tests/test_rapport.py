"""`escalade rapport` over a store (SQLite and PostgreSQL): JSON figures computed by hand,
the terminal tables, the PDF/A read back with its figures and charts, the HTML's SVG."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from stockage_commun import donnees, lancer, url_depot  # noqa: F401  (fixture)

# S-001: FA-1 issued 1 March, due 31 March, 1200, paid 20 April; relance_1 (variant B
# recorded) on 5 April. S-002: FA-2 issued 15 March, due 14 April, 800, unpaid; relance_1
# on 20 April. A 30 EUR LRAR cost on 10 April. Period March-April 2026, observed 30 June.
S001 = donnees(
    reference="S-001",
    paiements=[{"date": "2026-04-20", "montant": "1200.00", "facture": "FA-1"}],
    contacts=[
        {
            "le": "2026-04-05T10:00:00+02:00",
            "canal": "email",
            "objet": "relance_1",
            "document": "relance_1@B",
        }
    ],
)
S002 = donnees(
    reference="S-002",
    factures=[
        {
            "numero": "FA-2",
            "date_emission": "2026-03-15",
            "date_echeance": "2026-04-14",
            "montant_ttc": "800.00",
        }
    ],
    contacts=[{"le": "2026-04-20T10:00:00+02:00", "canal": "email", "objet": "relance_1"}],
)
PERIODE = ("--du", "2026-03-01", "--au", "2026-04-30", "--date", "2026-06-30")


@pytest.fixture
def politique(tmp_path: Path) -> Path:
    chemin = tmp_path / "politique.yaml"
    chemin.write_text(
        "experiences:\n"
        "  - {nom: ton_relance_1, modele: relance_1, depuis: 2026-01-01, jours: 14}\n",
        "utf-8",
    )
    return chemin


def _remplir(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for d in (S001, S002):
        f = tmp_path / f"{d['reference']}.yaml"
        f.write_text(yaml.safe_dump(d, allow_unicode=True), "utf-8")
        assert lancer(capsys, "importer", str(f), "--db", url)[0] == 0
    code, _, err = lancer(
        capsys,
        "frais",
        "ajouter",
        "--date",
        "2026-04-10",
        "--montant",
        "30",
        "--nature",
        "lrar",
        "--dossier",
        "S-001",
        "--db",
        url,
    )
    assert code == 0, err


def test_rapport_json(
    url_depot: str,  # noqa: F811
    tmp_path: Path,
    politique: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _remplir(url_depot, tmp_path, capsys)
    code, out, err = lancer(
        capsys, "rapport", *PERIODE, "--politique", str(politique), "--json", "--db", url_depot
    )
    assert code == 0, err
    j = json.loads(out)
    # Ageing at 30 April: FA-1 paid; FA-2 800, 16 days late.
    assert [(t["cle"], t["montant"]) for t in j["balance_agee"]["tranches"]] == [
        ("non_echu", "0.00"),
        ("0_30", "800.00"),
        ("31_60", "0.00"),
        ("61_90", "0.00"),
        ("plus_90", "0.00"),
    ]
    # DSO: 800 / (1200 + 800) x 61 days (1 March - 30 April) = 24.4
    assert (j["dso"]["encours"], j["dso"]["chiffre_affaires"], j["dso"]["jours"]) == (
        "800.00",
        "2000.00",
        "24.4",
    )
    # 30 and 60 days: 1200 / 2000 = 60 %; 90 days: FA-2's window ends 13 July (not closed).
    assert [
        (h["jours"], h["observees"], h["taux"]) for h in j["taux_recouvrement"]["horizons"]
    ] == [(30, 2, "60.00"), (60, 2, "60.00"), (90, 1, "100.00")]
    etapes = {e["cle"]: e["nombre"] for e in j["part_par_etape"]["etapes"]}
    assert etapes["relance_1"] == 1 and sum(etapes.values()) == 1
    # Recovered 1200 (amicable, after the due date); 30 / 1200 = 0.025 EUR per EUR.
    assert j["recouvre_par_voie"]["voies"][0] == {
        "cle": "amiable",
        "libelle": "Amiable (relances, appel)",
        "montant": "1200.00",
    }
    assert (j["cout_par_euro"]["frais"], j["cout_par_euro"]["cout"]) == ("30.00", "0.0250")
    # A/B: S-001 got variant B on 5 April and paid on 20 April, one day after its 14 days.
    (x,) = j["experiences"]
    b = next(v for v in x["variantes"] if v["variante"] == "B")
    assert (b["dossiers"], b["payes"]) >= (1, 0) and x["concluant"] is False
    assert x["conclusion"].startswith("Échantillons trop petits pour conclure")
    # Only one creditor in the store: the filter by SIREN gives the same figures.
    code, out2, _ = lancer(
        capsys, "rapport", *PERIODE, "--creancier", "732829320", "--json", "--db", url_depot
    )
    assert json.loads(out2)["creancier"] == "siren:732829320"
    assert json.loads(out2)["dso"] == j["dso"]
    code, _, err = lancer(
        capsys, "rapport", *PERIODE, "--creancier", "Inconnu SA", "--db", url_depot
    )
    assert code == 2 and "aucun créancier « Inconnu SA »" in err


def test_rapport_terminal_pdf_et_html(
    tmp_path: Path, politique: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from stockage_commun import oublier_moteurs

    oublier_moteurs()
    url = f"sqlite:///{tmp_path / 'd.sqlite'}"
    _remplir(url, tmp_path, capsys)
    code, out, _ = lancer(capsys, "rapport", *PERIODE, "--db", url)
    assert code == 0 and "24,4 j" in out and "Balance âgée" in out
    pdf = tmp_path / "sortie" / "rapport.pdf"
    code, out, err = lancer(
        capsys,
        "rapport",
        *PERIODE,
        "--politique",
        str(politique),
        "--sortie",
        str(pdf),
        "--db",
        url,
    )
    assert code == 0, err
    lecteur = PdfReader(pdf)
    texte = " ".join(p.extract_text() for p in lecteur.pages)
    texte = re.sub(r"\s+", " ", texte.replace("\u202f", " ").replace("\u00a0", " "))
    for attendu in (
        "Rapport de recouvrement",
        "Balance âgée au 30 avril 2026",
        "Échu de 1 à 30 jours 1 800,00 €",
        "2 000,00 € 61 24,4 j",
        "30 jours 2 2 0 2 000,00 € 1 200,00 € 60,00 %",
        "Coût par euro recouvré 0,0250 € pour 1 €",
        "Échantillons trop petits",
        "méthode directe",
    ):
        assert attendu in texte, attendu
    xmp = lecteur.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp  # PDF/A-3b
    # The charts are vector drawings in the page: the ageing bars' fill colours are there.
    page1 = lecteur.pages[0].get_contents().get_data()
    for couleur in (b"0.415686 0.623529 0.796078 rg", b"0.878431 0.627451 0.188235 rg"):
        assert couleur in page1
    polices = {
        str(f.get_object()["/BaseFont"]).split("+")[-1]
        for p in lecteur.pages
        for f in p["/Resources"]["/Font"].values()
    }
    assert "Escalade-Serif" in polices  # embedded subset of the shipped DejaVu Serif
    html = tmp_path / "rapport.html"
    assert lancer(capsys, "rapport", *PERIODE, "--sortie", str(html), "--db", url)[0] == 0
    source = html.read_text("utf-8")
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', source)
    assert len(images) == 3
    assert all(
        base64.b64decode(i).decode().lstrip().startswith("<?xml")
        and "<svg" in base64.b64decode(i).decode()
        for i in images
    )
    code, _, err = lancer(capsys, "rapport", "--sortie", str(tmp_path / "r.txt"), "--db", url)
    assert code == 2 and ".pdf ou .html" in err


def test_rapport_signale_les_ecarts_avec_le_decompte(
    url_depot: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Issue 17 item 20. FA-1 (1200.00, due 31 March) paid 1200.00 on 20 April: the report
    # (payments on the principal) counts it settled that day; the décompte imputes the
    # payment on the penalties first (C. civ. 1343-1): BCE 2.15 % + 10 points = 12.15 % over
    # 20 days (1 to 20 April) = 1200 x 12.15 % x 20 / 365 = 7.99, so 7.99 of principal is
    # still claimed on 30 June. FA-2 is unpaid in both: no gap.
    _remplir(url_depot, tmp_path, capsys)
    code, out, err = lancer(capsys, "rapport", *PERIODE, "--json", "--db", url_depot)
    assert code == 0, err
    e = json.loads(out)["ecarts_decompte"]
    assert e["factures"] == [
        {"dossier": "S-001", "facture": "FA-1", "soldee_le": "2026-04-20",
         "principal_decompte": "7.99"}
    ]  # fmt: skip
    assert e["dossiers_non_verifies"] == [] and "C. civ. art. 1343-1" in e["definition"]
    code, out, _ = lancer(capsys, "rapport", *PERIODE, "--db", url_depot)
    assert code == 0
    assert (
        "- S-001, facture FA-1 : soldée ici le 20/04/2026, le décompte réclame encore 7,99 € de "
        "principal" in out
    )
    sortie = tmp_path / "rapport.html"
    code, _, err = lancer(capsys, "rapport", *PERIODE, "--db", url_depot, "--sortie", str(sortie))
    assert code == 0, err
    html = sortie.read_text("utf-8")
    assert "Écarts avec le décompte" in html and "<td>FA-1</td>" in html
