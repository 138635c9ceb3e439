"""The EPC/SEPA credit-transfer QR code (EPC069-12, version 002) a banking app can scan.

The payload is built by `escalade.documents.contextes` (BCD, 002, UTF-8, SCT, BIC,
beneficiary, IBAN, amount, remittance text); this module only draws it, error
correction level M as the standard requires.

The data mask is fixed (pattern 0) instead of being chosen by scoring the eight patterns:
any of the eight makes a valid code every reader decodes (ISO/IEC 18004 leaves the choice
to the encoder, EPC069-12 does not restrict it), and scoring them cost ~5 ms a letter,
a tenth of a whole letter's rendering in a batch.
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache

MASQUE = 0


def _code(payload: str):  # type: ignore[no-untyped-def]
    import segno

    return segno.make(
        payload, error="m", boost_error=False, encoding="utf-8", micro=False, mask=MASQUE
    )


@lru_cache(maxsize=256)
def data_uri(payload: str) -> str:
    """The QR code as a PNG data URI (one pixel per module, scaled without smoothing)."""
    sortie = io.BytesIO()
    _code(payload).save(sortie, kind="png", scale=1, border=2)
    return "data:image/png;base64," + base64.b64encode(sortie.getvalue()).decode("ascii")


def png(payload: str) -> bytes:
    """The QR code as a PNG, for the DOCX letter."""
    sortie = io.BytesIO()
    _code(payload).save(sortie, kind="png", scale=8, border=2)
    return sortie.getvalue()
