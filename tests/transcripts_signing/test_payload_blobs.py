"""Signed transcript files travel as blobs named by their SHA-256, each once (issue 10 §1)."""

from __future__ import annotations

import hashlib
import json

from app import journal
from app.sync.payload import build_payloads
from tests.signing.pki import SigningPki
from tests.transcripts.conftest import DemoSchool
from tests.transcripts_signing.test_online_queue import _signed


def test_each_kept_revision_is_one_blob_and_its_change_names_it(
    secondary: DemoSchool, pki: SigningPki
) -> None:
    d = secondary
    _signed(d, pki)
    with d.db.read() as s:
        upto, epoch = journal.head_seq(s), journal.current_epoch(s) or ""
        parts = build_payloads(s, d.db.school_code, epoch, 0, upto)
    files = [
        json.loads(line)
        for p in parts
        for line in p.entries.splitlines()
        if b'"transcript_file@1"' in line
    ]
    blobs = {sha: data for p in parts for sha, data in p.blobs.items()}
    assert len(files) == 3 and len(blobs) == 3  # one per signature: three revisions
    for change in files:
        sha = change["fields"]["pdf_sha256"]
        assert hashlib.sha256(blobs[sha]).hexdigest() == sha
        assert blobs[sha].startswith(b"%PDF") and change["fields"]["size"] == len(blobs[sha])
        assert "pdf" not in change["fields"]
