"""The EPC/SEPA credit-transfer QR code (EPC069-12, version 002) a banking app can scan.

The payload is built by `escalade.documents.contextes` (BCD, 002, UTF-8, SCT, BIC,
beneficiary, IBAN, amount, remittance text); this module only draws it, with zxing-cpp (the
C++ port of the ZXing barcode library): error correction level M as the standard requires,
the payload's UTF-8 bytes with no ECI header (symbology identifier ]Q1: the charset is the
payload's own third line), in the segments (byte, alphanumeric, numeric) that make the
smallest symbol, mask chosen by the standard's penalty rules.

Why zxing-cpp and not segno: segno's pure-Python encoder took ~1.4 ms a code and ~44 ms to
import, a thirtieth of a letter in a batch where every letter's code is different (issue
19); zxing-cpp takes ~0.3 ms and ~3 ms. The tests read each code back with zxing-cpp's
reader, from the PNG and from the image extracted from the PDF.

The letter's PNG (`data_uri`) is 8-bit grayscale, written by Pillow from the module matrix:
WeasyPrint embeds a grayscale PNG as it is. Black on white, one pixel per module (the
stylesheet scales it without smoothing), a 2-module quiet zone; the DOCX gets the same
modules as a 1-bit PNG, 8 pixels a module (`png`).
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from PIL.Image import Image as ImagePil

MARGE: Final = 2  # quiet zone, in modules
ECHELLE_DOCX: Final = 8  # pixels a module in the DOCX's PNG


def _modules(payload: str) -> tuple[int, bytes]:
    """The symbol's side in modules and its modules row by row (0 dark, 255 light)."""
    import zxingcpp

    code = zxingcpp.create_barcode(
        payload.encode("utf-8"), zxingcpp.BarcodeFormat.QRCode, ec_level="M"
    )
    image = code.to_image(scale=1, add_quiet_zones=False)
    # zxing-cpp's Image has the buffer protocol (uint8, rows of modules); its stubs omit it
    return image.shape[0], bytes(memoryview(image))  # type: ignore[arg-type]


def pixels(payload: str) -> tuple[int, bytes]:
    """The code's side in pixels and its 8-bit gray pixels (one per module, quiet zone
    included), row by row."""
    cote, modules = _modules(payload)
    blanc = b"\xff" * MARGE
    lignes = b"".join(blanc + modules[i : i + cote] + blanc for i in range(0, cote * cote, cote))
    bord = b"\xff" * ((cote + 2 * MARGE) * MARGE)
    return cote + 2 * MARGE, bord + lignes + bord


def _image(payload: str) -> ImagePil:
    from PIL import Image

    cote, gris = pixels(payload)
    return Image.frombytes("L", (cote, cote), gris)


@lru_cache(maxsize=256)
def data_uri(payload: str) -> str:
    """The QR code as a grayscale PNG data URI (scaled without smoothing by the stylesheet)."""
    sortie = io.BytesIO()
    _image(payload).save(sortie, format="PNG")
    return "data:image/png;base64," + base64.b64encode(sortie.getvalue()).decode("ascii")


def png(payload: str) -> bytes:
    """The QR code as a 1-bit PNG, 8 pixels a module, for the DOCX letter."""
    from PIL import Image

    image = _image(payload)
    cote = image.size[0] * ECHELLE_DOCX
    sortie = io.BytesIO()
    image.resize((cote, cote), Image.Resampling.NEAREST).convert("1").save(sortie, format="PNG")
    return sortie.getvalue()
