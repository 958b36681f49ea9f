"""Render `docs/ratios.md` from the ratio tables, so the documentation cannot drift from the data.

Run ``python -m policies.ratio_docs > docs/ratios.md`` after changing a table; a unit test compares the
committed file with `render()`.
"""

from __future__ import annotations

import sys
from collections import Counter

from policies.ratio_model import AgeBand, EdgeHours, Source, StateRules
from policies.ratio_tables import REMAINING, RULES
from policies.training import TRAINING_RULES


def render() -> str:
    """The whole Markdown document, deterministic for a given set of tables."""
    bands = [b for r in RULES.values() for b in all_rows(r)]
    sources = Counter(b.source for b in bands)
    lines = [
        "# Staff-to-child ratios by jurisdiction",
        "",
        "Generated from `policies/ratio_states/` by `python -m policies.ratio_docs`; do not edit by hand.",
        "",
        f"{len(RULES)} codes ({len(RULES) - 2} states, New York City and the NAEYC standard), "
        f"{len(bands)} rows (age bands, program variants and mixed-age rows): {sources[Source.PRIMARY]} "
        "confirmed by the regulation's text (primary), "
        f"{sources[Source.SECONDARY]} only by a summary (secondary), {sources[Source.UNVERIFIED]} not "
        "confirmed (unverified: the stricter reading is encoded).",
        "",
        "Ages are whole completed months; a band covers `from <= age < to`. Ratios read 1:N (one staff",
        "per N children); `or 2:M` is a two-staff option. The mixed-age rule, exceptions and what is not",
        "modelled follow each table.",
        "",
    ]
    for code in sorted(RULES):
        lines.extend(_state(RULES[code]))
    lines.extend(_unconfirmed())
    lines.extend(_training())
    lines.extend(["## Not encoded yet", ""])
    lines.extend(f"- {code}: {why}" for code, why in sorted(REMAINING.items()))
    lines.append("")
    return "\n".join(lines)


def all_rows(rules: StateRules) -> list[AgeBand]:
    """Every row of the state's tables: age bands, program variants and mixed-age rows."""
    extra = [rules.toddler_program_band] if rules.toddler_program_band is not None else []
    if rules.half_day is not None:
        extra.extend(rules.half_day.bands)
    if rules.combined is not None:
        extra.extend([*rules.combined.groups, *rules.combined.edge_groups])
    if rules.counted_mix is not None:
        extra.extend([rules.counted_mix.within, rules.counted_mix.over])
    return [*rules.bands, *rules.kindergarten_bands, *extra]


def _state(rules: StateRules) -> list[str]:
    lines = [f"## {rules.code}: {rules.name}", "", f"Base citation: {rules.base_citation}.", ""]
    lines.extend(_table(rules.bands))
    if rules.kindergarten_bands:
        lines.extend(["", "Kindergarten classes (`kindergarten=True`):", ""])
        lines.extend(_table(rules.kindergarten_bands))
    if rules.toddler_program_band is not None:
        lines.extend(["", "Licensed toddler program (`toddler_program=True`):", ""])
        lines.extend(_table((rules.toddler_program_band,)))
    if rules.half_day is not None:
        lines.extend(["", f"Half-day program (`half_day=True`; {rules.half_day.condition}):", ""])
        lines.extend(_table(rules.half_day.bands))
    if rules.combined is not None:
        lines.extend(["", "Combined age groupings (a mixed group takes the narrowest row holding it):", ""])
        lines.extend(_table(rules.combined.groups))
        if rules.combined.edge_groups and rules.combined.edge is not None:
            lines.extend(["", f"Also allowed in the {_edge(rules.combined.edge)}:", ""])
            lines.extend(_table(rules.combined.edge_groups))
    if rules.counted_mix is not None:
        mix = rules.counted_mix
        heading = f"Two-year-olds with older children (at most {mix.max_young}, then more):"
        lines.extend(["", heading, ""])
        lines.extend(_table((mix.within, mix.over)))
    lines.extend(
        ["", f"- Mixed ages ({rules.mixed_rule.value}): {rules.mixed_citation} [{rules.mixed_source}]."]
    )
    if rules.one_younger_child_from_months is not None:
        lines.append(
            f"- One younger child of {rules.one_younger_child_from_months}+ months among children of the "
            "next older band does not lower the group's ratio."
        )
    if rules.age_limit_months is not None:
        lines.append(f"- Ages {rules.age_limit_months}+ months are refused: {rules.age_limit_message}.")
    lines.extend(_exceptions(rules))
    lines.extend(f"- Not modelled: {item}" for item in rules.not_modelled)
    lines.append("")
    return lines


def _table(bands: tuple[AgeBand, ...]) -> list[str]:
    rows = [
        "| band | ages (months) | ratio | max group | citation | source | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for b in bands:
        ages = f"{b.min_months}-{'' if b.max_months is None else b.max_months}"
        if b.span is not None:
            ages += f" (row: {b.span[0]}-{'' if b.span[1] is None else b.span[1]})"
        group = "none" if b.max_group_size is None else str(b.max_group_size)
        rows.append(f"| {b.label} | {ages} | {b.ratio} | {group} | {b.citation} | {b.source} | {b.note} |")
    return rows


def _edge(edge: EdgeHours) -> str:
    longer = f" of programs open {edge.min_open_minutes} minutes or more" if edge.min_open_minutes else ""
    return f"first and last {edge.window_minutes} minutes{longer}"


def _exceptions(rules: StateRules) -> list[str]:
    out: list[str] = []
    if (oc := rules.opening_closing) is not None:
        out.append(
            f"- Opening/closing: 1:{oc.children_per_staff} for children {oc.min_age_months}+ months in the "
            f"first and last {oc.window_minutes} minutes with {oc.min_children_in_care}+ children in care; "
            f"{oc.citation} [{oc.source}]."
        )
    if (mix := rules.infant_mix_limit) is not None:
        out.append(
            f"- Infants under {mix.infant_below_months} months only with children at most "
            f"{mix.max_spread_months} months older than the youngest ({mix.min_children_in_care}+ in care); "
            f"{mix.citation} [{mix.source}]."
        )
    if (pm := rules.permitted_mixes) is not None:
        spans = ", ".join(f"{lo}-{'' if hi is None else hi}" for lo, hi in pm.windows)
        edge = f"; any ages in the {_edge(pm.any_mix)}" if pm.any_mix is not None else ""
        out.append(f"- Permitted mixes (months): {spans}{edge}; {pm.citation} [{pm.source}].")
    for sep in rules.separations:
        lifted = f", except in the {_edge(sep.lifted_in)}" if sep.lifted_in is not None else ""
        when = f" when {sep.min_children_in_care}+ children are present" if sep.min_children_in_care else ""
        out.append(
            f"- Kept apart{when}: {sep.young_min_months}-{sep.young_max_months} months from "
            f"{sep.older_from_months}+ months{lifted}; {sep.citation} [{sep.source}]."
        )
    if (nap := rules.nap) is not None:
        ratios = ", ".join(
            f"{r.min_months}-{'' if r.max_months is None else r.max_months} months 1:{r.children_per_staff}"
            for r in nap.ratios
        )
        cap = " no group-size limit;" if nap.group_cap_waived else ""
        out.append(
            f"- Nap time:{cap} {ratios or 'ratio unchanged'} ({nap.condition}); "
            f"{nap.citation} [{nap.source}]."
        )
    for waiver in rules.group_cap_waivers:
        out.append(f"- No group-size limit in the {_edge(waiver.edge)}; {waiver.citation} [{waiver.source}].")
    if (roles := rules.roles) is not None:
        out.append(f"- Staff roles (`staff_roles`): {roles.citation} [{roles.source}].")
    if (small := rules.small_center) is not None:
        out.append(
            f"- Centers licensed for {small.max_licensed_capacity} or fewer (`licensed_capacity`): no "
            f"group-size limit, the ratio still applies; {small.citation} [{small.source}]."
        )
    if (caveat := rules.size_caveat) is not None:
        out.append(f"- Centers with {caveat.max_children_in_care} or fewer children: {caveat.message}.")
    for override in rules.city_overrides:
        out.append(
            f"- City override: {override.code} ({override.citation}), chosen from the ZIP code or city."
        )
    return out


def _unconfirmed() -> list[str]:
    """Every rule no text confirmed, in one list, so a reader sees at once what the check assumes."""
    lines = [
        "## Not confirmed (unverified)",
        "",
        "No text found confirmed these; the check applies them as written (the stricter reading where one "
        "exists) and reports `source: unverified` on any verdict that rests on them.",
        "",
    ]
    for code in sorted(RULES):
        rules = RULES[code]
        for band in all_rows(rules):
            if band.source is Source.UNVERIFIED:
                lines.append(
                    f"- {code} {band.label} ({band.ratio}, group {band.max_group_size}): {band.note}"
                )
        if rules.mixed_source is Source.UNVERIFIED:
            lines.append(f"- {code} mixed ages: {rules.mixed_citation}")
        if rules.size_caveat is not None:
            lines.append(f"- {code} small centers: {rules.size_caveat.message}")
    lines.append("")
    return lines


def _training() -> list[str]:
    """The staff training-hour rules `policies.training` checks (states without one answer None)."""
    lines = [
        "## Annual training hours",
        "",
        "Checked by `policies.training.training_gap`; a state not listed has no rule encoded (see the "
        "module docstring for why).",
        "",
        "| state | hours | period (months) | citation | source |",
        "|---|---|---|---|---|",
    ]
    for code in sorted(TRAINING_RULES):
        rule = TRAINING_RULES[code]
        lines.append(f"| {code} | {rule.hours:g} | {rule.period_months} | {rule.citation} | {rule.source} |")
    lines.append("")
    return lines


def main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
