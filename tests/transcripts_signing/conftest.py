"""The demo school's locked year (tests/transcripts) and the signing test CA and token
(tests/signing), together: transcripts signed for real by three parties."""

from __future__ import annotations

from tests.signing.conftest import pki  # noqa: F401  (the CA, PKCS#12 files, SoftHSM2 token)
from tests.transcripts.conftest import secondary  # noqa: F401  (the demo school, locked year)
