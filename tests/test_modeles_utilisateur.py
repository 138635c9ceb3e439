"""A firm's own templates (issue 17, item 9): `escalade modeles copier`, then `--modeles` or
ESCALADE_MODELES on lettre, lot, injonction and petites-creances; its files override the
shipped ones, its logo is printed, and the mandatory mentions are checked all the same.
Letters read back with pdftotext."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from escalade.cli import main
from escalade.documents import modeles_utilisateur
from escalade.documents.emplacement_modeles import dossier_modeles

RACINE = Path(__file__).resolve().parent.parent
EXEMPLE = str(RACINE / "examples/01_b2b_paiements_partiels.yaml")
LETTRE = ["lettre", EXEMPLE, "--date", "2026-06-30"]


@click.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.pass_context
def main_sans_sortie(ctx: click.Context) -> None:
    main(ctx.args)


@pytest.fixture(autouse=True)
def modeles_fournis() -> Iterator[None]:
    """Each test starts and ends with the shipped templates only."""
    modeles_utilisateur.utiliser(None)
    yield
    modeles_utilisateur.utiliser(None)


def lancer(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """The CLI as a user runs it (`main`: errors are exit 2 with a French message)."""
    res = CliRunner().invoke(main_sans_sortie, list(args), env=env)
    return res.exit_code, res.output


def pdftotext(chemin: Path) -> str:
    return " ".join(
        subprocess.run(
            ["pdftotext", str(chemin), "-"], check=True, capture_output=True, text=True
        ).stdout.split()
    )


@pytest.fixture
def cabinet(tmp_path: Path) -> Path:
    dossier = tmp_path / "cabinet"
    code, out = lancer("modeles", "copier", str(dossier))
    assert code == 0, out
    return dossier


def test_copier_donne_tous_les_modeles_et_n_ecrase_rien(cabinet: Path) -> None:
    fournis = {p.name for p in dossier_modeles().iterdir() if p.suffix in (".html", ".docx")}
    assert fournis <= {p.name for p in cabinet.iterdir()}
    assert (cabinet / "lettre.css").is_file() and (cabinet / "polices/DejaVuSerif.ttf").is_file()
    (cabinet / "relance_1.html").write_text("modifié", encoding="utf-8")
    code, out = lancer("modeles", "copier", str(cabinet))
    assert code == 2 and "rien n'a été copié" in out and "_base.html" in out
    assert (cabinet / "relance_1.html").read_text(encoding="utf-8") == "modifié"


def test_un_modele_du_cabinet_remplace_le_modele_fourni(cabinet: Path, tmp_path: Path) -> None:
    source = (cabinet / "relance_1.html").read_text(encoding="utf-8")
    (cabinet / "relance_1.html").write_text(
        source.replace("notre service reste à votre disposition",
                       "le cabinet Moreau & associés reste à votre disposition"),
        encoding="utf-8",
    )  # fmt: skip
    code, out = lancer(*LETTRE, "--modele", "relance_1", "--sortie", str(tmp_path / "a"),
                       "--modeles", str(cabinet))  # fmt: skip
    assert code == 0, out
    t = pdftotext(tmp_path / "a/D-2026-001_relance_1_2026-06-30.pdf")
    assert "le cabinet Moreau & associés reste à votre disposition" in t
    # Without the option, the shipped wording.
    code, out = lancer(*LETTRE, "--modele", "relance_1", "--sortie", str(tmp_path / "b"))
    t = pdftotext(tmp_path / "b/D-2026-001_relance_1_2026-06-30.pdf")
    assert "notre service reste à votre disposition" in t and "Moreau" not in t


def test_le_logo_du_cabinet_est_imprime(cabinet: Path, tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (300, 90), (20, 60, 140)).save(cabinet / "logo.png")
    env = {"ESCALADE_MODELES": str(cabinet)}
    for format_ in ("pdf", "docx"):
        code, out = lancer(*LETTRE, "--modele", "relance_1", "--sortie", str(tmp_path),
                           "--format", format_, env=env)  # fmt: skip
        assert code == 0, out
    images = subprocess.run(
        ["pdfimages", "-list", str(tmp_path / "D-2026-001_relance_1_2026-06-30.pdf")],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    logo, qr = (x.split()[3:5] for x in images.splitlines()[2:])
    assert logo == ["300", "90"]
    assert qr[0] == qr[1] and (int(qr[0]) - 4 - 21) % 4 == 0  # the QR code, quiet zone included
    import zipfile

    with zipfile.ZipFile(tmp_path / "D-2026-001_relance_1_2026-06-30.docx") as z:
        medias = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(medias) == 2  # the logo and the QR code


def test_une_mise_en_demeure_du_cabinet_sans_les_mentions_est_refusee(
    cabinet: Path, tmp_path: Path
) -> None:
    source = (cabinet / "mise_en_demeure.html").read_text(encoding="utf-8")
    (cabinet / "mise_en_demeure.html").write_text(
        source.replace("<strong>mettons en demeure</strong>", "demandons").replace(
            "Mise en demeure de payer", "Demande de paiement"
        ),
        encoding="utf-8",
    )
    code, out = lancer(*LETTRE, "--modele", "mise_en_demeure", "--sortie", str(tmp_path / "s"),
                       "--modeles", str(cabinet))  # fmt: skip
    assert code == 2
    assert "ne contient pas la mention obligatoire les mots « mise en demeure »" in out
    assert not (tmp_path / "s").exists()  # nothing written


def test_une_mise_en_demeure_docx_du_cabinet_sans_le_delai_est_refusee(
    cabinet: Path, tmp_path: Path
) -> None:
    from docx import Document

    doc = Document(str(cabinet / "mise_en_demeure.docx"))
    for p in doc.paragraphs:
        if "à compter de la réception" in p.text:
            for run in p.runs:
                run.text = run.text.replace("à compter de la réception", "dès la réception")
    doc.save(str(cabinet / "mise_en_demeure.docx"))
    code, out = lancer(*LETTRE, "--modele", "mise_en_demeure", "--sortie", str(tmp_path / "s"),
                       "--format", "docx", "--modeles", str(cabinet))  # fmt: skip
    assert code == 2 and "point de départ du délai" in out, out
    assert not (tmp_path / "s").exists()


def test_un_dossier_de_modeles_absent_est_une_erreur(tmp_path: Path) -> None:
    code, out = lancer(*LETTRE, "--modele", "relance_1", "--sortie", str(tmp_path / "s"),
                       "--modeles", str(tmp_path / "absent"))  # fmt: skip
    assert code == 2 and "dossier de modèles introuvable" in out and "absent" in out


def test_la_feuille_de_style_du_cabinet(cabinet: Path, tmp_path: Path) -> None:
    # A stylesheet that hides the object line: the override is the one laid out.
    with (cabinet / "lettre.css").open("a", encoding="utf-8") as f:
        f.write("\n.objet { display: none; }\n")
    code, out = lancer(*LETTRE, "--modele", "relance_1", "--sortie", str(tmp_path),
                       "--modeles", str(cabinet))  # fmt: skip
    assert code == 0, out
    assert "Objet :" not in pdftotext(tmp_path / "D-2026-001_relance_1_2026-06-30.pdf")


@pytest.mark.parametrize("processus", ["1", "2"])
def test_le_lot_prend_les_modeles_du_cabinet(cabinet: Path, tmp_path: Path, processus: str) -> None:
    # On 30 June 2026 the plan of D-2026-004 calls for relance_1; in two processes the
    # workers render from the firm's folder too.
    source = (cabinet / "relance_1.html").read_text(encoding="utf-8")
    (cabinet / "relance_1.html").write_text(
        source.replace("notre service reste", "le cabinet Moreau reste"), encoding="utf-8"
    )
    noms = ("04_litige", "05_procedure_collective", "02_b2c_mise_en_demeure",
            "03_personne_publique")  # fmt: skip
    exemples = [str(RACINE / f"examples/{n}.yaml") for n in noms]
    code, out = lancer("lot", *exemples, "--date", "2026-06-30", "--sortie", str(tmp_path),
                       "--modele", "relance_1", "--processus", processus,
                       "--modeles", str(cabinet))  # fmt: skip
    assert code == 0, out
    t = pdftotext(tmp_path / "D-2026-004_relance_1_2026-06-30.pdf")
    assert "le cabinet Moreau reste à votre disposition" in t


def test_la_requete_en_injonction_du_cabinet(cabinet: Path, tmp_path: Path) -> None:
    source = (cabinet / "requete_injonction.html").read_text(encoding="utf-8")
    (cabinet / "requete_injonction.html").write_text(
        source.replace("Détail par facture :", "Détail par facture (cabinet Moreau) :"),
        encoding="utf-8",
    )
    code, out = lancer("injonction", str(RACINE / "examples/06_strasbourg_taux_contractuel.yaml"),
                       "--date", "2026-06-30", "--sortie", str(tmp_path),
                       "--modeles", str(cabinet))  # fmt: skip
    assert code == 0, out
    t = pdftotext(tmp_path / "D-2026-006_requete_injonction.pdf")
    assert "Détail par facture (cabinet Moreau) :" in t


def test_toutes_les_commandes_de_documents_prennent_l_option() -> None:
    for commande in ("lettre", "lot", "injonction", "petites-creances"):
        code, out = lancer(commande, "--help")
        assert code == 0 and "--modeles" in out and "ESCALADE_MODELES" in out
