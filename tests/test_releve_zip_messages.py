"""A damaged zip of statements is refused in French, never with zipfile's English words."""

from __future__ import annotations

import io
import zipfile

import pytest

from escalade.droit.erreurs import EntreeInvalide
from escalade.entrees.releve_zip import lire_zip


def _zip_abime() -> bytes:
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_STORED) as z:
        z.writestr("releve.xml", "<Document>" + "x" * 200 + "</Document>")
    octets = bytearray(tampon.getvalue())
    debut = octets.index(b"xxxx")
    octets[debut : debut + 4] = b"yyyy"  # the stored data no longer matches its CRC-32
    return bytes(octets)


def test_membre_endommage() -> None:
    with pytest.raises(EntreeInvalide) as e:
        lire_zip(_zip_abime(), "releves.zip")
    assert str(e.value) == "releves.zip : membre « releve.xml » illisible : données endommagées"


def test_archive_tronquee() -> None:
    with pytest.raises(EntreeInvalide) as e:
        lire_zip(b"PK\x03\x04tronque", "releves.zip")
    message = str(e.value)
    assert message.startswith("releves.zip : archive zip illisible (fichier tronqué")
    assert "File is not" not in message
