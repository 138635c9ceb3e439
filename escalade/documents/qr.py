"""The EPC/SEPA credit-transfer QR code (EPC069-12, version 002) a banking app can scan.

The payload is built by `escalade.documents.contextes` (BCD, 002, UTF-8, SCT, BIC,
beneficiary, IBAN, amount, remittance text); this module only draws it, error
correction level M as the standard requires.

The data mask is fixed (pattern 0) instead of being chosen by scoring the eight patterns:
any of the eight makes a valid code every reader decodes (ISO/IEC 18004 leaves the choice
to the encoder, EPC069-12 does not restrict it), and scoring them cost ~5 ms a letter,
a tenth of a whole letter's rendering in a batch.

The letter's PNG (`data_uri`) is 8-bit grayscale, written by Pillow from segno's module
matrix: WeasyPrint embeds a grayscale PNG as it is, whereas segno's 1-bit PNG was first
converted to RGB and re-encoded (~0.5 ms a letter). Same modules, same pixels (black on
white, one pixel per module, 2-module quiet zone); the DOCX keeps segno's own PNG (`png`).
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache
from typing import Final

MASQUE: Final = 0
MARGE: Final = 2  # quiet zone, in modules
_GRIS: Final = bytes([255, 0]) + bytes(254)  # segno's module values (0 light, 1 dark) → gray


def _code(payload: str):  # type: ignore[no-untyped-def]
    import segno

    return segno.make(
        payload, error="m", boost_error=False, encoding="utf-8", micro=False, mask=MASQUE
    )


def pixels(payload: str) -> tuple[int, bytes]:
    """The code's side in pixels and its 8-bit gray pixels (one per module, quiet zone
    included), row by row."""
    matrice = _code(payload).matrix
    cote = len(matrice) + 2 * MARGE
    blanc = b"\xff" * MARGE
    lignes = b"".join(blanc + bytes(rang).translate(_GRIS) + blanc for rang in matrice)
    bord = b"\xff" * (cote * MARGE)
    return cote, bord + lignes + bord


@lru_cache(maxsize=256)
def data_uri(payload: str) -> str:
    """The QR code as a grayscale PNG data URI (scaled without smoothing by the stylesheet)."""
    from PIL import Image

    cote, gris = pixels(payload)
    sortie = io.BytesIO()
    Image.frombytes("L", (cote, cote), gris).save(sortie, format="PNG")
    return "data:image/png;base64," + base64.b64encode(sortie.getvalue()).decode("ascii")


def png(payload: str) -> bytes:
    """The QR code as a PNG, for the DOCX letter."""
    sortie = io.BytesIO()
    _code(payload).save(sortie, kind="png", scale=8, border=MARGE)
    return sortie.getvalue()
