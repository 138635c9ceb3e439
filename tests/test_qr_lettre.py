"""The letter's QR code (escalade.documents.qr): the very modules segno encodes, drawn as an
8-bit grayscale PNG that the PDF embeds as it is."""

from __future__ import annotations

import base64
import io
import subprocess
from datetime import date
from pathlib import Path

import segno
from PIL import Image

from escalade.documents.contextes import construire
from escalade.documents.qr import data_uri, pixels, png
from escalade.documents.rendu import rendre_pdf
from escalade.droit.jurisprudence import jurisprudence
from escalade.entrees.chargement import charger_fichier

RACINE = Path(__file__).resolve().parent.parent
PAYLOAD = (
    "BCD\n002\n1\nSCT\nAGRIFRPPXXX\nAtelier Durand SARL\nFR7630006000011234567890189\n"
    "EUR2072.25\n\n\nB-00002 FA-2025-0187 FA-2025-0231"
)


def _image_du_uri(uri: str) -> Image.Image:
    entete, donnees = uri.split(",", 1)
    assert entete == "data:image/png;base64"
    return Image.open(io.BytesIO(base64.b64decode(donnees)))


def test_memes_modules_que_le_png_de_segno() -> None:
    image = _image_du_uri(data_uri(PAYLOAD))
    assert image.mode == "L" and image.size == (49, 49)  # version 7: 45 modules + 2 × 2
    reference = segno.make(PAYLOAD, error="m", boost_error=False, encoding="utf-8", micro=False,
                           mask=0)  # fmt: skip
    attendu = io.BytesIO()
    reference.save(attendu, kind="png", scale=1, border=2)
    assert image.tobytes() == Image.open(attendu).convert("L").tobytes()
    assert set(image.tobytes()) == {0, 255}
    # The quiet zone is white, the finder pattern's corner black.
    cote, gris = pixels(PAYLOAD)
    assert cote == 49 and gris[: 2 * 49] == b"\xff" * 98 and gris[2 * 49 + 2] == 0


def test_le_docx_garde_le_png_de_segno() -> None:
    image = Image.open(io.BytesIO(png(PAYLOAD)))
    assert image.size == (49 * 8, 49 * 8) and image.mode == "1"


def test_la_lettre_pdf_porte_le_code_en_gris(tmp_path: Path) -> None:
    dossier = charger_fichier(RACINE / "examples" / "01_b2b_paiements_partiels.yaml")[0]
    contexte = construire("relance_1", dossier, date(2026, 6, 30), jurisprudence())
    chemin = tmp_path / "lettre.pdf"
    chemin.write_bytes(rendre_pdf(contexte).contenu)
    liste = subprocess.run(["pdfimages", "-list", str(chemin)], check=True,
                           capture_output=True, text=True).stdout.splitlines()[2:]  # fmt: skip
    assert [ligne.split()[3:6] for ligne in liste] == [["53", "53", "gray"]]
    subprocess.run(["pdfimages", "-png", str(chemin), str(tmp_path / "qr")], check=True)
    extraite = Image.open(tmp_path / "qr-000.png").convert("L")
    assert extraite.tobytes() == _image_du_uri(data_uri(contexte.donnees["qr"])).tobytes()
