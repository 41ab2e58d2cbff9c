"""The `examprep` command. Groups per domain; DB commands commit at the end or roll back."""
from __future__ import annotations

import functools
import sys
from collections import Counter

import click

from examprep.commands import adaptive as adaptive_commands
from examprep.commands import banks_tools
from examprep.commands import grade as grade_commands


def with_app(fn):
    """Run the command inside an app context; commit on success, roll back on error."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from flask import has_app_context

        from examprep import create_app
        from examprep.db import db

        if has_app_context():  # already inside an app (tests, or a command calling another)
            return _run_committing(db, fn, args, kwargs)
        with create_app().app_context():
            return _run_committing(db, fn, args, kwargs)

    return wrapper


def _run_committing(db, fn, args, kwargs):
    try:
        result = fn(*args, **kwargs)
        db.session.commit()
        return result
    except BaseException:
        db.session.rollback()
        raise


@click.group()
@click.version_option(package_name="examprep")
def main() -> None:
    """examprep: adaptive mock JLPT / JFT-Basic and SSW skills tests."""


# --- database ---------------------------------------------------------------
@main.group()
def db() -> None:
    """Database schema (Alembic)."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Create or migrate the database schema."""
    from examprep import migrate
    from examprep.config import load_config

    url = load_config()["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(url, revision)
    click.echo(f"database at {_safe_url(url)} is at {revision}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


# --- users ------------------------------------------------------------------
@main.group()
def users() -> None:
    """User accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True, help="Full name as in the passport.")
@click.option("--role", type=click.Choice(["candidate", "instructor", "oec", "admin"]), required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--locale", type=click.Choice(["en", "ur", "ja"]), default="en", show_default=True)
@with_app
def users_create(email, full_name, role, password, locale) -> None:
    """Create a user account."""
    from examprep.accounts.service import AccountError, create_user

    try:
        user = create_user(email, full_name, role, password, locale)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {user.role} {user.email}")


@users.command("list")
@with_app
def users_list() -> None:
    """List user accounts."""
    from sqlalchemy import select

    from examprep.accounts.models import User
    from examprep.db import db as database

    for u in database.session.scalars(select(User).order_by(User.role, User.email)):
        click.echo(f"{u.role:<11} {u.email:<40} {u.full_name}{'' if u.is_active else '  (disabled)'}")


# --- demo -------------------------------------------------------------------
@main.command("demo")
@with_app
def demo() -> None:
    """Create the demo accounts (passwords are printed once, when created)."""
    from examprep.accounts.service import seed_demo

    accounts = seed_demo()
    created = [a for a in accounts if a.password]
    if created:
        click.echo("Demo accounts (the passwords are shown only now; write them down):")
        for a in created:
            click.echo(f"  {a.role:<11} {a.email:<28} password: {a.password}")
    existing = [a for a in accounts if not a.password]
    if existing:
        click.echo("Demo accounts already exist (passwords were printed when they were created): "
                   + ", ".join(a.email for a in existing))
        click.echo("  Forgot one? examprep users create ... or delete instance/examprep.sqlite and run make run.")


# --- banks ------------------------------------------------------------------
@main.group()
def banks() -> None:
    """Question banks: validate, load, list, stats."""


def _print_problems(problems, err=True) -> None:
    for p in problems:
        click.echo(str(p), err=err)


@banks.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--no-lint", is_flag=True, help="Skip the (slower) Japanese-engine checks.")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only, not warnings.")
def banks_validate(paths, no_lint, quiet) -> None:
    """Check banks (folders, or a folder of banks). Exit 1 if any has an error."""
    from examprep.banks.reader import find_banks
    from examprep.banks.validator import validate_bank

    found = find_banks(paths)
    if not found:
        raise click.ClickException(f"no bank (a folder with bank.yaml) in {', '.join(paths)}")
    failed = 0
    for path in found:
        bank = validate_bank(path, lint=not no_lint)
        _print_problems(bank.errors + ([] if quiet else bank.warnings))
        status = "OK" if not bank.errors else "FAILED"
        failed += bool(bank.errors)
        click.echo(f"{status} {bank.slug}: {len(bank.items)} items, {len(bank.errors)} error(s), "
                   f"{len(bank.warnings)} warning(s)")
    if failed:
        sys.exit(1)


@banks.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@with_app
def banks_load(paths) -> None:
    """Load banks into the database: all-or-nothing per bank, versioned by content."""
    from examprep.banks.reader import find_banks
    from examprep.banks.service import BankInvalid, load_bank
    from examprep.db import db as database

    found = find_banks(paths)
    if not found:
        raise click.ClickException(f"no bank (a folder with bank.yaml) in {', '.join(paths)}")
    failed = 0
    for path in found:
        savepoint = database.session.begin_nested()
        try:
            report = load_bank(path)
        except BankInvalid as exc:
            savepoint.rollback()
            _print_problems(exc.problems)
            click.echo(f"FAILED {exc.slug}: {len(exc.problems)} error(s); nothing was loaded from it", err=True)
            failed += 1
            continue
        savepoint.commit()
        click.echo(report.summary())
    database.session.commit()
    if failed:
        sys.exit(1)


@banks.command("list")
@with_app
def banks_list() -> None:
    """List the loaded banks."""
    from examprep.banks.service import list_banks, live_items

    rows = list_banks()
    if not rows:
        click.echo("no banks loaded (examprep banks load question_banks/)")
    for b in rows:
        items = live_items(b)
        n = sum(1 for i in items if not i.is_group)
        click.echo(f"{b.slug:<28} {b.exam:<22} {(b.level or b.sector or ''):<14} {n:>5} items  v{b.label}  {b.title}")


@banks.command("stats")
@click.argument("slug")
@with_app
def banks_stats(slug) -> None:
    """Items per section and question type, with and without IRT parameters."""
    from examprep.banks.service import bank_stats, get_bank

    bank = get_bank(slug)
    if bank is None:
        raise click.ClickException(f"no bank {slug!r} is loaded (examprep banks list)")
    s = bank_stats(bank)
    click.echo(f"{bank.slug}: {bank.title} (version {bank.label})")
    click.echo(f"{s.items} items, {s.groups} stimulus groups; status: "
               + ", ".join(f"{k} {v}" for k, v in sorted(s.by_status.items()))
               + f"; Urdu explanations: {s.urdu_share:.0%}")
    click.echo(f"{'section':<24} {'question type':<24} {'items':>6} {'groups':>6} {'IRT':>5} {'no IRT':>7}")
    total = Counter()
    for r in s.rows:
        click.echo(f"{r['section']:<24} {r['question_type']:<24} {r['items']:>6} {r['groups']:>6} "
                   f"{r['with_irt']:>5} {r['without_irt']:>7}")
        total.update({k: r[k] for k in ("items", "groups", "with_irt", "without_irt")})
    click.echo(f"{'total':<49} {total['items']:>6} {total['groups']:>6} {total['with_irt']:>5} {total['without_irt']:>7}")


banks.add_command(banks_tools.generate_command)
banks.add_command(banks_tools.review_command)
banks.add_command(banks_tools.report_command)
main.add_command(grade_commands.grade_command)
main.add_command(adaptive_commands.calibrate_command)
main.add_command(adaptive_commands.simulate_command)


if __name__ == "__main__":
    main()
