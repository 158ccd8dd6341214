"""Commands that analyse a case: path, score, compare, whatif."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..measures import deadlocks, explain_cycle
from ..comparison import changes_between, compare_case, comparison_record
from ..model import Domain
from ..output import render_rows, to_json
from ..path import PERSPECTIVES, resolve
from ..plan import first_things_first
from ..findings import findings_lines, money_breakers, path_findings
from ..report import load_weights, score_path
from ..sensitivity import case_sensitivity, method, scenario_stability
from ..whatif import minimum_waivers, rank_changes
from . import main
from .options import (data_option, format_option, horizon_option, load_domain_of, load_history_of, municipality_option,
                      on_option, parse_horizon, perspective_option, remember_dates, scenario_option)

branch_option = click.option(
    "--branch", "branch", default=None,
    help="Take this branch at its choice point (an alt:… id or slug) instead of the one the rules select.")
weights_option = click.option("--weights", "weights_file", type=click.Path(path_type=Path), default=None,
                              help="TOML file with the composite's weights (default: the packaged weights.toml).")
sensitivity_option = click.option(
    "--sensitivity", is_flag=True,
    help="Vary each weight ×0.5, ×0.75, ×1.5, ×2 (one at a time) and in 50 joint log-uniform draws in [×0.5, ×2] "
         "(fixed seed) and report whether the ranking holds.")


def _domain(data_dir: Path | None) -> Domain:
    return load_domain_of(data_dir)


def _day(on) -> date | None:
    return on.date() if on else None


@main.command()
@click.argument("case")
@scenario_option
@municipality_option
@on_option
@horizon_option
@branch_option
@format_option
@data_option
def path(case: str, scenario: str, municipality: str | None, on, horizon: str | None, branch: str | None, fmt: str,
         data_dir: Path | None) -> None:
    """The ordered plan of a case: first things first, deadlocks shown as chains; over the horizon its deadlines,
    gaps and regime switches.

    \b
    Examples:
      kennisgraaf path paspoort-uitkering --scenario wijkteam-mandate
      kennisgraaf path jeugd-18-begeleiding --horizon 12m
    """
    domain = _domain(data_dir)
    G = resolve(domain, case, model_id=municipality, scenario_id=scenario, on=_day(on), branch=branch,
                horizon=parse_horizon(horizon))
    steps = first_things_first(G)
    cycles = [explain_cycle(G, c) for c in deadlocks(G)]
    if fmt == "json":
        click.echo(to_json({"case": case, "scenario": scenario, "municipality": G.graph["model"].split(":")[1],
                            "date": G.graph["date"], "steps": [s.as_dict() for s in steps], "deadlocks": cycles,
                            "unmet_needs": G.graph["unmet_needs"], "waived_preconditions": G.graph["waived"],
                            **path_findings(G, domain, case, municipality, scenario, _day(on))}))
        return
    rows = [{"step": s.number, "provision": s.provision, "label": s.label, "requires": s.requires,
             "institutions": s.institutions, "weeks": s.weeks,
             "deadlock": f"#{s.deadlock}" if s.deadlock else ""} for s in steps]
    click.echo(render_rows(rows, fmt, columns=list(rows[0]) if rows else None))
    if fmt == "table":
        for number, chain in enumerate(cycles, 1):
            click.echo(f"deadlock #{number}: {chain}")
        for need in G.graph["unmet_needs"]:
            click.echo(f"unmet need: {need} (no provision addresses it on {G.graph['date']})")
        for line in findings_lines(G):
            click.echo(line)


@main.command()
@click.argument("case")
@scenario_option
@municipality_option
@perspective_option
@on_option
@horizon_option
@click.option("--explain", is_flag=True, help="List the entities and triples behind each number.")
@weights_option
@sensitivity_option
@branch_option
@format_option
@data_option
def score(case: str, scenario: str, municipality: str | None, perspective: str, on, horizon: str | None, explain: bool,
          weights_file: Path | None, sensitivity: bool, branch: str | None, fmt: str, data_dir: Path | None) -> None:
    """Score how fragmented a case's path is: the six counts, contacts, continuity, redundancy, deadlocks,
    the critical chain, the four "Twee werelden" dimensions and a composite (0–100).

    \b
    Examples:
      kennisgraaf score gescheiden-vrouw --format json
      kennisgraaf score eindhoven-gezin --scenario wijkteam-mandate --perspective professional --explain
      kennisgraaf score gescheiden-vrouw --sensitivity
    """
    weights = load_weights(weights_file)
    domain = _domain(data_dir)
    G = resolve(domain, case, model_id=municipality, scenario_id=scenario, on=_day(on), branch=branch,
                horizon=parse_horizon(horizon))
    result = score_path(G, perspective, weights, explain=explain)
    report = case_sensitivity(domain, case, model=municipality, scenario=scenario, perspective=perspective,
                              weights=weights, on=_day(on)) if sensitivity else None
    if fmt == "json":
        click.echo(to_json({**result.as_dict(explain=explain), **({"sensitivity": report} if report else {})}))
        return
    rows = []
    for name, value in result.measures.items():
        component = result.components.get(name, {})
        row = {"measure": name, "value": len(value) if name == "deadlocks" else ("n/a" if value is None else value),
               "points": "n/a" if component and component.get("normalised") is None else component.get("points", "")}
        if explain:
            row["behind it"] = _evidence(result.explanation.get(name))
        rows.append(row)
    rows.append({"measure": "composite", "value": result.composite, "points": result.composite})
    click.echo(render_rows(rows, fmt))
    if fmt == "table":
        click.echo(f"case {case} · scenario {scenario} · {result.model} on {result.date} · perspective {perspective}")
        for cycle in result.measures["deadlocks"]:
            click.echo(f"deadlock: {explain_cycle(G, cycle)}")
        for name, reason in result.not_available.items():
            click.echo(f"{name}: n/a, {reason}; left out of the composite")
        if report:
            _echo_case_sensitivity(report)


def _echo_case_sensitivity(report: dict) -> None:
    low, high = report["composite_range"][report["case"]]
    click.echo(f"sensitivity ({report['variants']} weight variants): composite {low}–{high}; "
               f"rank {report['rank']} of {len(report['ranking'])} holds in {report['rank_stable_fraction']:.0%}; "
               f"the ranking of all cases holds in {report['stable_fraction']:.0%}")
    click.echo(f"  ranking: {' > '.join(report['ranking'])}")
    if report["flipping_weights"]:
        click.echo(f"  weights that change it (one at a time): {', '.join(report['flipping_weights'])}")
    for skipped in report.get("skipped", []):
        click.echo(f"  left out of the ranking: {skipped['case']} ({skipped['reason']})")


def _evidence(value) -> str:
    if isinstance(value, list):
        return "; ".join(v["id"] if isinstance(v, dict) and "id" in v else
                         (f"{v.get('provision')}@{v.get('institution')}" if isinstance(v, dict) and "institution" in v and "provision" in v
                          else str(v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return "" if value is None else str(value)


@main.command()
@click.argument("case", required=False)
@click.option("--scenario", "scenarios", multiple=True, metavar="ID",
              help="Give twice: the scenario to compare from, and the one to compare to (or once, with two --on).")
@click.option("--all-cases", is_flag=True, help="One summary row per case instead of one case in detail.")
@municipality_option
@click.option("--on", "dates", multiple=True, type=click.DateTime(formats=["%Y-%m-%d", "%d-%m-%Y"]), callback=remember_dates,
              help="Give twice to compare the rules in force on two dates (YYYY-MM-DD or DD-MM-YYYY), or once with two scenarios.")
@weights_option
@sensitivity_option
@format_option
@data_option
def compare(case: str | None, scenarios: tuple[str, ...], all_cases: bool, municipality: str | None, dates,
            weights_file: Path | None, sensitivity: bool, fmt: str, data_dir: Path | None) -> None:
    """Compare a case under two scenarios, or under the rules in force on two dates, per measure, for the household
    and for the professional. With two dates it also says what changed and why: laws renamed (same BWB id, another
    title), laws replaced (only a succession stated in the data, with its date and citing article), and
    preconditions that appeared or went.

    With --all-cases: the composite of every case in both variants and both perspectives, one row per case.

    \b
    Examples:
      kennisgraaf compare eindhoven-gezin --scenario fragmented --scenario wijkteam-mandate
      kennisgraaf compare eindhoven-gezin --on 2008-06-01 --on 2016-01-01
      kennisgraaf compare --all-cases --scenario fragmented --scenario wijkteam-mandate
      kennisgraaf compare --all-cases --scenario fragmented --scenario wijkteam-mandate --sensitivity
    """
    days = tuple(d.date() for d in dates)
    if len(days) == 2 and len(scenarios) <= 1:
        variants = [(scenarios[0] if scenarios else "fragmented", day) for day in days]
        labels = [day.isoformat() for day in days]
    elif len(scenarios) == 2 and len(days) <= 1:
        variants = [(s, days[0] if days else None) for s in scenarios]
        labels = list(scenarios)
    else:
        raise click.UsageError("give exactly one of: --scenario twice (from, to), or --on twice (from, to)")
    if bool(case) == all_cases:
        raise click.UsageError("give a CASE or --all-cases")
    weights = load_weights(weights_file)
    dated = len(days) == 2 and not all_cases
    # Two dates also need the law's dated titles and successions: read with the Domain, from one cached load.
    domain, titles, successions = load_history_of(data_dir) if dated else (load_domain_of(data_dir), None, None)
    cases = sorted(c.split(":", 1)[1] for c in domain.cases) if all_cases else [case]
    compared = {c: compare_case(domain, c, variants, municipality, weights) for c in cases}
    tables = {c: table for c, (table, _) in compared.items()}
    stability = _scenario_sensitivity(compared, weights) if sensitivity else None
    scenarios = tuple(labels)
    changes = None
    if dated:
        changes = changes_between(domain, compared[case][1], titles, successions)
    if all_cases:
        rows = [{"case": c, **{f"{p} {s}": t[p]["composite"][k] for p in PERSPECTIVES
                                for s, k in zip(scenarios, ("from", "to"))},
                 "household Δ": t["household"]["composite"]["delta"],
                 "professional Δ": t["professional"]["composite"]["delta"],
                 "deadlocks": f'{t["household"]["deadlock_count"]["from"]} → {t["household"]["deadlock_count"]["to"]}'}
                for c, t in tables.items()]
        mode = {"dates": labels, "scenario": variants[0][0]} if len(days) == 2 else {"scenarios": labels}
        extra = {"sensitivity": stability} if stability else {}
        click.echo(render_rows(rows, fmt, json_obj={**mode, "cases": tables, **extra}))
        if stability and fmt == "table":
            _echo_scenario_sensitivity(stability, labels)
        return
    table = tables[case]
    if fmt == "json":
        mode = {"dates": labels, "scenario": variants[0][0]} if changes is not None else {"scenarios": labels}
        click.echo(to_json(comparison_record(case, mode, table, changes, stability)))
        return
    rows = [{"measure": k,
             f"household {scenarios[0]}": table["household"][k]["from"], f"household {scenarios[1]}": table["household"][k]["to"],
             "household Δ": table["household"][k]["delta"],
             f"professional {scenarios[0]}": table["professional"][k]["from"],
             f"professional {scenarios[1]}": table["professional"][k]["to"],
             "professional Δ": table["professional"][k]["delta"]} for k in table["household"]]
    click.echo(render_rows(rows, fmt))
    if stability and fmt == "table":
        _echo_scenario_sensitivity(stability, labels)
    if changes is not None and fmt == "table":
        from ..timeline import describe
        lines = describe(changes)
        click.echo(f"\nwhat changed between {labels[0]} and {labels[1]}:" if lines else "\nno law or precondition changed")
        for line in lines:
            click.echo(f"  {line}")


def _scenario_sensitivity(compared: dict, weights: dict) -> dict:
    """Per perspective: does the order of the two variants hold for every case when the weights vary?"""
    out: dict = {"method": method()}
    for perspective in PERSPECTIVES:
        pairs = {c: tuple(score_path(G, perspective, weights).measures for G in paths)
                 for c, (_, paths) in compared.items()}
        out[perspective] = scenario_stability(pairs, weights)
    return out


def _echo_scenario_sensitivity(stability: dict, labels: list[str]) -> None:
    click.echo(f"\nsensitivity of {labels[0]} → {labels[1]} to the weights "
               f"({stability['household']['variants']} variants):")
    for perspective in PERSPECTIVES:
        report = stability[perspective]
        flips = ", ".join(report["flipping_weights"]) or "none"
        click.echo(f"  {perspective}: the order holds for every case in {report['stable_fraction']:.0%} of the "
                   f"variants; weights that flip a case (one at a time): {flips}")


@main.command()
@click.argument("case")
@scenario_option
@municipality_option
@perspective_option
@on_option
@weights_option
@format_option
@data_option
def whatif(case: str, scenario: str, municipality: str | None, perspective: str, on, weights_file: Path | None,
           fmt: str, data_dir: Path | None) -> None:
    """What would help: the fewest precondition waivers that end every deadlock, and every single change
    (a waiver, one intake, one registration, one case manager) ranked by how much it lowers the composite.

    \b
    Example:
      kennisgraaf whatif gescheiden-vrouw
    """
    weights = load_weights(weights_file)
    domain = _domain(data_dir)
    G = resolve(domain, case, model_id=municipality, scenario_id=scenario, on=_day(on))
    waivers = minimum_waivers(G)
    changes = rank_changes(G, domain, perspective, weights)
    if fmt == "json":
        click.echo(to_json({"case": case, "scenario": scenario, "perspective": perspective, "date": G.graph["date"],
                            "minimum_waivers": list(waivers.preconditions), "exact": waivers.exact,
                            "best_change": changes[0].as_dict() if changes else None,
                            "changes": [c.as_dict() for c in changes],
                            "money_loop_breakers": money_breakers(domain, G)}))
        return
    if waivers.preconditions:
        labels = ", ".join(f"{pc} ({domain.entity(pc).label})" for pc in waivers.preconditions)
        click.echo(f"waive to end every deadlock{'' if waivers.exact else ' (heuristic)'}: {labels}")
    else:
        click.echo("no deadlocks: no waiver needed")
    click.echo(render_rows([c.as_dict() for c in changes], fmt))
    for c in changes:
        if c.unblocks_chain and fmt == "table":
            click.echo(f"unblocks the critical chain (blocked by a deadlock): {c.target}")
    for row in money_breakers(domain, G):
        if row["breaks_loop"]:
            click.echo(f"breaks the money loop at {row['step']}: {row['description']}")
