"""``examprep calibrate`` and ``examprep simulate``."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click


@click.command("calibrate")
@click.argument("bank")
@click.option("--csv", "csv_path", type=click.Path(exists=True, dir_okay=False),
              help="Calibrate a CSV response matrix (header: item ids; rows: candidates) instead of stored responses.")
@click.option("--model", type=click.Choice(["2PL", "3PL"]), default="2PL", show_default=True)
@click.option("--min-responses", type=int, default=30, show_default=True,
              help="Store new parameters only for items with at least this many responses.")
@click.option("--out", type=click.Path(dir_okay=False), help="CSV path: write the estimates (CSV mode).")
@click.option("--dry-run", is_flag=True, help="Estimate and report, store nothing.")
def calibrate_command(bank: str, csv_path: str | None, model: str, min_responses: int, out: str | None,
                      dry_run: bool) -> None:
    """Estimate item parameters for BANK by marginal maximum likelihood (EM).

    BANK is a loaded bank id (stored responses; new parameter versions are
    written with provenance) or, with --csv, a label for an offline matrix.
    """
    from examprep.adaptive.calibration import calibrate, read_response_csv, result_rows

    if csv_path:
        with open(csv_path, newline="", encoding="utf-8") as fh:
            _cands, items, matrix = read_response_csv(fh)
        result = calibrate(matrix, model=model, item_ids=items)
        _report(result, bank, len(items))
        rows = list(result_rows(result))
        target = open(out, "w", newline="", encoding="utf-8") if out else sys.stdout
        try:
            w = csv.DictWriter(target, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        finally:
            if out:
                target.close()
        return
    from examprep.cli import with_app

    @with_app
    def run() -> None:
        from examprep.banks.calibration import calibrate_bank
        from examprep.db import db

        try:
            cal = calibrate_bank(db.session, bank, model=model, min_responses=min_responses, dry_run=dry_run)
        except (LookupError, ValueError) as exc:
            raise click.ClickException(str(exc)) from None
        _report(cal.result, bank, len(cal.data.item_slugs))
        verb = "would store" if dry_run else "stored"
        click.echo(f"{verb} new parameters for {len(cal.stored)} items; kept the old ones for {len(cal.skipped)}:")
        for slug, why in sorted(cal.skipped.items()):
            click.echo(f"  {slug}: {why}")

    run()


def _report(result, label: str, n_items: int) -> None:
    click.echo(f"{label}: {result.method}, {result.n_candidates} candidates, {result.n_responses} responses, "
               f"{len(result.items)} of {n_items} items; {result.iterations} EM cycles, "
               f"{'converged' if result.converged else 'NOT converged'}", err=True)
    flagged = result.flagged()
    ids = result.item_ids or [str(j) for j in range(len(result.items))]
    if flagged:
        click.echo(f"{len(flagged)} items to look at:", err=True)
        for j, problems in flagged:
            click.echo(f"  {ids[j]}: {'; '.join(problems)}", err=True)
    else:
        click.echo("every item converged and fits (RMSD <= 0.1)", err=True)


def pool_for_blueprint(blueprint, banks_dir: str | Path | None = None):
    """The item pool of the blueprint's bank, read from the bank files."""
    from examprep.adaptive.pool import ItemPool
    from examprep.banks.reader import read_bank

    base = Path(banks_dir) if banks_dir else Path(__file__).resolve().parents[2] / "question_banks"
    path = base / blueprint.bank
    if not (path / "bank.yaml").exists():
        raise click.ClickException(f"bank {blueprint.bank!r} not found at {path}")
    parsed = read_bank(path)
    errors = [p for p in parsed.problems if getattr(p, "severity", "error") == "error"]
    if errors:
        click.echo(f"warning: {len(errors)} problems in {path} (run `examprep banks validate`); "
                   "simulating with the items that could be read", err=True)
    from examprep.banks.features import parsed_bank_features

    return ItemPool.from_parsed_bank(parsed, features=parsed_bank_features(parsed))


@click.command("simulate")
@click.argument("blueprint")
@click.option("--examinees", "-n", type=int, default=500, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--plot", type=click.Path(dir_okay=False), help="Write precision by ability as SVG to this file.")
@click.option("--banks-dir", type=click.Path(file_okay=False), help="Folder holding the banks (default question_banks/).")
@click.option("--sympson-hetter", "sympson_hetter", is_flag=True,
              help="Compute the blueprint's Sympson-Hetter exposure parameters (iterative simulation) and store "
                   "them in blueprints/exposure/<id>.yaml, then report with them.")
@click.option("--r-max", type=float, help="Target maximum exposure rate for --sympson-hetter (default: the blueprint's).")
def simulate_command(blueprint: str, examinees: int, seed: int, plot: str | None, banks_dir: str | None,
                     sympson_hetter: bool, r_max: float | None) -> None:
    """Run simulated candidates through BLUEPRINT (a path or an id) and report
    bias, RMSE and SE by ability band, test length and item exposure."""
    from examprep.adaptive.blueprint import BlueprintError, load_blueprint
    from examprep.adaptive.exposure import attach_exposure, save_exposure
    from examprep.adaptive.simulation import simulate, sympson_hetter_parameters

    try:
        bp = load_blueprint(blueprint)
    except BlueprintError as exc:
        raise click.ClickException(str(exc)) from None
    if examinees < 1:
        raise click.ClickException("--examinees must be at least 1")
    pool = pool_for_blueprint(bp, banks_dir)
    if len(pool) == 0:
        raise click.ClickException(f"bank {bp.bank} has no active items")
    if sympson_hetter:
        if bp.exposure.method != "sympson_hetter":
            raise click.ClickException(f"{bp.id} uses exposure method {bp.exposure.method!r}; set "
                                       "exposure: {method: sympson_hetter, r_max: ...} in the blueprint first")
        r = r_max if r_max is not None else bp.exposure.r_max
        k = sympson_hetter_parameters(bp, pool, r_max=r, n=examinees, seed=seed)
        path = save_exposure(bp, pool, k, r_max=r, examinees=examinees, seed=seed)
        click.echo(f"Sympson-Hetter parameters for {int((k < 1).sum())} of {len(pool)} items written to {path}")
    pool = attach_exposure(bp, pool)
    n_prior = int((~pool.calibrated).sum())
    report = simulate(bp, pool, examinees, seed=seed)
    click.echo(report.table(), nl=False)
    if n_prior:
        click.echo(f"note: {n_prior} of {len(pool)} items have no calibrated parameters; "
                   "they were simulated with their priors (level and question type)")
    short = bp.max_items - int(report.length.min())
    if short > 0:
        click.echo(f"note: the bank cannot fill the blueprint: up to {short} of {bp.max_items} items missing")
    if plot:
        Path(plot).write_text(report.svg(), encoding="utf-8")
        click.echo(f"plot written to {plot}")
