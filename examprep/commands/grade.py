"""`examprep grade`: grade one typed Japanese answer and print the Outcome as JSON.

    examprep grade --mode word --expected 暑い 熱い
    examprep grade --mode form --expected 書いて --form te 書いた
    examprep grade --mode reading --expected あした --accept あす --target 明日 アス
"""

from __future__ import annotations

import json

import click

from ..japanese.match import MODES


@click.command("grade")
@click.option("--mode", required=True, type=click.Choice(MODES), help="How to judge the answer.")
@click.option("--expected", required=True, help="The model answer (answers[0] of a text item).")
@click.option("--accept", "accepted", multiple=True, help="Another accepted answer (repeatable).")
@click.option("--form", default=None, help="Mode form: the form asked (te, ta, masu, nai, plain, potential, ...).")
@click.option("--target", default=None, help="Mode reading: the word whose reading is asked (for feedback).")
@click.argument("answer")
def grade_command(mode: str, expected: str, accepted: tuple[str, ...], form: str | None, target: str | None, answer: str) -> None:
    """Grade ANSWER against --expected in --mode and print the outcome as JSON."""
    from ..japanese import EngineError
    from ..scoring import grade_text

    try:
        result = grade_text(expected, answer, mode, accepted, form=form, target=target)
    except EngineError as exc:
        raise click.ClickException(str(exc)) from exc
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--expected") from exc
    click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
