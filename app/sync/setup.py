"""Setting up sync on this PC (issue 10 §5): import the hub profile the authority gave, show it,
and keep it once a person confirmed its fingerprint. Only those with ``Perm.SYNC_SETUP``
(the principal, the IT coordinator) may: whoever chooses the hub chooses who reads the
school's data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.changes import Changes
from app.db import Actor
from app.permissions import Perm, require
from app.sync import hub_profile
from app.sync.hub_profile import HubProfile

HUB_PROFILE = "hub_profile"
"""The entity name a kept profile carries in its ``Changes`` (the panel and the schedule)."""


def import_profile(actor: Actor | None, path: Path, today: date | None = None) -> HubProfile:
    """Read the profile file at ``path`` to show it (name, address, validity, fingerprint);
    nothing is kept yet. A bad, tampered or expired file is refused with why."""
    require(actor, Perm.SYNC_SETUP)
    return hub_profile.read_profile_file(path, today)


@dataclass(frozen=True)
class KeptProfile:
    """Where the confirmed profile was kept."""

    path: Path
    name: str
    changes: Changes = field(default_factory=lambda: Changes.of(HUB_PROFILE))


def keep_profile(
    actor: Actor | None, profile: HubProfile, confirmed_fingerprint: str
) -> KeptProfile:
    """Keep ``profile`` as this PC's hub once ``confirmed_fingerprint`` (what the person read
    from the authority) matches it; a mismatch keeps nothing."""
    require(actor, Perm.SYNC_SETUP)
    return KeptProfile(hub_profile.save_profile(profile, confirmed_fingerprint), profile.name)


def profile_in_use() -> HubProfile | None:
    """The kept profile (expired ones too, so the panel can say what to do), or None."""
    return hub_profile.current_profile()
