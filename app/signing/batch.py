"""Signing many files with one signer: the PIN once, progress and cancel, failures listed.

The signer is opened once before the first file (one PIN prompt for a
class) and closed after the last. A file that fails (unreadable, its field
already signed…) is listed with its reason and the batch goes on; a failure
of the signer itself (token pulled out, PIN locked) is the same for every
file, so the batch stops there and lists the rest as not signed for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from app.errors import AppError
from app.messages.signing import SIGNING_MSG
from app.progress import NullProgress, Progress, check_cancel
from app.signing.pades import SignRequest, check_certificate_dates, sign_request
from app.signing.signers import Signer, SignerError


@dataclass(frozen=True)
class SignJob:
    """One file to sign: a key for the caller (student code, path), its bytes, the signature."""

    key: str
    pdf: bytes
    request: SignRequest


@dataclass(frozen=True)
class Failure:
    """A file not signed and why (Vietnamese, for the list shown after the batch)."""

    key: str
    reason: str


@dataclass
class BatchResult:
    """What the batch did: the signed files (in job order) and the failures."""

    signed: dict[str, bytes] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)


def sign_batch(
    jobs: Sequence[SignJob],
    signer: Signer,
    *,
    progress: Progress | None = None,
    on_signed: Callable[[str, bytes], None] | None = None,
) -> BatchResult:
    """Sign every job with ``signer``; ``on_signed`` (if given) gets each file as it is done.

    Raises ``Cancelled`` between files when the user asks to stop; what was
    signed before stays signed (``on_signed`` has it).
    """
    progress = progress or NullProgress()
    result = BatchResult()
    total = len(jobs)
    progress.update(0, total, SIGNING_MSG.batch_label, SIGNING_MSG.batch_unit)
    check_certificate_dates(signer.certificate)  # opens a token: the one PIN prompt
    for done, job in enumerate(jobs):
        check_cancel(progress)
        try:
            signed = sign_request(job.pdf, signer, job.request)
        except SignerError as exc:  # the key or token itself: every later file would fail too
            result.failures.extend(Failure(j.key, exc.message) for j in jobs[done:])
            break
        except AppError as exc:
            result.failures.append(Failure(job.key, exc.message))
        else:
            result.signed[job.key] = signed
            if on_signed is not None:
                on_signed(job.key, signed)
        progress.update(done + 1, total, SIGNING_MSG.batch_label, SIGNING_MSG.batch_unit)
    return result
