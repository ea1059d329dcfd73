"""Printer profiles: python-escpos's capability database says whether a model has QR and a cutter."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

DEFAULT_PROFILE = "default"


@dataclass(frozen=True, slots=True)
class Features:
    qr_code: bool = True
    cutter: bool = True
    name: str = DEFAULT_PROFILE


FULL = Features()


@lru_cache(maxsize=1)
def _profiles() -> dict:
    # Imported late: escpos.capabilities parses its YAML database (~150 ms) on first import.
    from escpos import capabilities

    return capabilities.CAPABILITIES["profiles"]


def profile_names() -> list[str]:
    return sorted(_profiles())


@lru_cache(maxsize=64)
def features_for(profile: str) -> Features:
    """Features of a python-escpos profile; an unknown name is an error naming the known ones."""
    if profile == DEFAULT_PROFILE:
        return FULL
    data = _profiles().get(profile)
    if data is None:
        raise ValueError(
            f"unknown printer profile {profile!r}; known: {', '.join(profile_names())}"
        )
    feats = data.get("features", {})
    return Features(
        qr_code=bool(feats.get("qrCode", False)),
        cutter=bool(feats.get("paperPartCut", False) or feats.get("paperFullCut", False)),
        name=profile,
    )
