"""The letter's QR code (escalade.documents.qr): read back with zxing-cpp's reader, it gives
the EPC payload's UTF-8 bytes exactly, at error correction level M and with no ECI header;
the PDF embeds it as an 8-bit grayscale image, the DOCX as a 1-bit PNG."""

from __future__ import annotations

import base64
import io
import subprocess
from datetime import date
from pathlib import Path

import zxingcpp
from PIL import Image

from escalade.documents.contextes import construire
from escalade.documents.qr import MARGE, data_uri, pixels, png
from escalade.documents.rendu import rendre_pdf
from escalade.droit.jurisprudence import jurisprudence
from escalade.entrees.chargement import charger_fichier

RACINE = Path(__file__).resolve().parent.parent
PAYLOAD = (
    "BCD\n002\n1\nSCT\nAGRIFRPPXXX\nAtelier Durand SARL\nFR7630006000011234567890189\n"
    "EUR2072.25\n\n\nB-00002 FA-2025-0187 FA-2025-0231"
)
# A beneficiary and a remittance text outside ASCII: their UTF-8 bytes, as EPC069-12 says.
ACCENTS = (
    "BCD\n002\n1\nSCT\n\nÉlise Müller & Fils\nFR7630006000011234567890189\nEUR12.50\n\n\n"
    "Réf. D-2026-001 échéance du 15 août"
)


def _image_du_uri(uri: str) -> Image.Image:
    entete, donnees = uri.split(",", 1)
    assert entete == "data:image/png;base64"
    return Image.open(io.BytesIO(base64.b64decode(donnees)))


def _relu(image: Image.Image) -> zxingcpp.Barcode:
    (code,) = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert code.ec_level == "M"
    assert code.symbology_identifier == "]Q1"  # QR Code, no ECI header
    return code


def test_le_code_se_relit_octet_pour_octet() -> None:
    for payload in (PAYLOAD, ACCENTS):
        image = _image_du_uri(data_uri(payload))
        assert image.mode == "L" and set(image.tobytes()) == {0, 255}
        assert _relu(image).bytes == payload.encode("utf-8")


def test_marge_blanche_et_coin_du_motif_de_reperage_noir() -> None:
    cote, gris = pixels(PAYLOAD)
    assert (cote - 2 * MARGE - 21) % 4 == 0  # 21 + 4 (version - 1) modules
    assert gris[: MARGE * cote] == b"\xff" * (MARGE * cote)  # the quiet zone's top rows
    assert gris[MARGE * cote : MARGE * cote + MARGE] == b"\xff" * MARGE  # and its left side
    assert gris[MARGE * cote + MARGE] == 0  # the top-left finder pattern's corner


def test_le_docx_porte_les_memes_modules() -> None:
    image = Image.open(io.BytesIO(png(PAYLOAD)))
    cote, _ = pixels(PAYLOAD)
    assert image.size == (cote * 8, cote * 8) and image.mode == "1"
    assert _relu(image).bytes == PAYLOAD.encode("utf-8")
    reduite = image.convert("L").resize((cote, cote), Image.Resampling.NEAREST)
    assert reduite.tobytes() == _image_du_uri(data_uri(PAYLOAD)).tobytes()


def test_la_lettre_pdf_porte_le_code_en_gris(tmp_path: Path) -> None:
    dossier = charger_fichier(RACINE / "examples" / "01_b2b_paiements_partiels.yaml")[0]
    contexte = construire("relance_1", dossier, date(2026, 6, 30), jurisprudence())
    chemin = tmp_path / "lettre.pdf"
    chemin.write_bytes(rendre_pdf(contexte).contenu)
    liste = subprocess.run(["pdfimages", "-list", str(chemin)], check=True,
                           capture_output=True, text=True).stdout.splitlines()[2:]  # fmt: skip
    cote, _ = pixels(contexte.donnees["qr"])
    assert [ligne.split()[3:6] for ligne in liste] == [[str(cote), str(cote), "gray"]]
    subprocess.run(["pdfimages", "-png", str(chemin), str(tmp_path / "qr")], check=True)
    extraite = Image.open(tmp_path / "qr-000.png").convert("L")
    assert extraite.tobytes() == _image_du_uri(data_uri(contexte.donnees["qr"])).tobytes()
    assert _relu(extraite).bytes == contexte.donnees["qr"].encode("utf-8")
    assert contexte.donnees["qr"].startswith("BCD\n002\n1\nSCT\n")
