"""QR codes for sharing a page to a phone (WeChat scan) and for print: made here with the
`qrcode` library (no third-party service sees our readers), as a PNG data URI that the
page embeds (CSP img-src allows data:), cached by the URL's hash.

    {% load core_tags %}{% share_qr canonical_url %}   → templates/components/_share_qr.html
"""

from __future__ import annotations

import base64
import hashlib
import io

import qrcode
from django.core.cache import cache
from qrcode.constants import ERROR_CORRECT_M

CACHE_TIMEOUT = 60 * 60 * 24 * 30
# Modules of 8 px and the standard 4-module quiet zone: sharp when shown at 8rem and
# printed at 3 cm, still small (~1–2 KB).
BOX_SIZE = 8
BORDER = 4


def qr_png(data: str) -> bytes:
    """The QR code of `data` as PNG bytes (black on white, error correction M)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=BOX_SIZE, border=BORDER)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


def qr_data_uri(data: str) -> str:
    """``data:image/png;base64,…`` of the QR code of `data`, cached."""
    key = "core:qr:v1:" + hashlib.blake2b(data.encode(), digest_size=16).hexdigest()
    uri = cache.get(key)
    if uri is None:
        uri = "data:image/png;base64," + base64.b64encode(qr_png(data)).decode("ascii")
        cache.set(key, uri, CACHE_TIMEOUT)
    return uri
