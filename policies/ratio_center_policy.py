"""A center's own, stricter limits for a room (Procare's classroom ratio and max children).

A center may hold itself to more than the state asks; it may never hold itself to less. So each value
here only tightens the state's rule, and a looser one is ignored and reported in the check's notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from policies.ratio_apply import RatioInputError, Working


@dataclass(frozen=True)
class CenterRatioPolicy:
    """A center's own limits for a room, e.g. Procare's classroom ratio and max children.

    Each value only ever tightens the state rule; a looser value is ignored and reported.
    """

    children_per_staff: int | None = None
    max_group_size: int | None = None
    min_staff: int | None = None
    """Minimum staff whenever any child is present (a "two adults in every room" rule)."""

    def __post_init__(self) -> None:
        for name in ("children_per_staff", "max_group_size", "min_staff"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise RatioInputError(
                    f"CenterRatioPolicy.{name} must be a whole number of at least 1, got {value!r}"
                )


def apply_center_policy(policy: CenterRatioPolicy, work: Working) -> int:
    """Tighten `work` by the center's policy; returns the center's minimum staff (0: none)."""
    if policy.children_per_staff is not None:
        if policy.children_per_staff < work.per_staff:
            work.notes.append(
                f"center policy 1:{policy.children_per_staff} is stricter than 1:{work.per_staff} and applies"
            )
            work.per_staff, work.team = policy.children_per_staff, None
        elif policy.children_per_staff > work.per_staff:
            work.notes.append(
                f"center policy 1:{policy.children_per_staff} is looser than 1:{work.per_staff} "
                "and is ignored"
            )
    if policy.max_group_size is not None:
        if work.group_cap is None or policy.max_group_size < work.group_cap:
            work.notes.append(f"center maximum group size {policy.max_group_size} applies")
            work.group_cap = policy.max_group_size
        elif policy.max_group_size > work.group_cap:
            work.notes.append(
                f"center maximum group size {policy.max_group_size} is looser than {work.group_cap} "
                "and is ignored"
            )
    min_staff = policy.min_staff or 0
    if min_staff:
        work.notes.append(f"center policy requires at least {min_staff} staff whenever children are present")
    return min_staff
