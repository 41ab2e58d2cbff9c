"""Bank browser for instructors and admins: banks, items as a candidate sees them, keys."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request, send_from_directory
from pathlib import Path

from examprep.accounts.auth import STAFF, roles_required
from examprep.banks import service

bp = Blueprint("banks", __name__, url_prefix="/banks")


@bp.route("/")
@roles_required(*STAFF)
def index():
    banks = service.list_banks()
    return render_template("banks/index.html", banks=banks, counts=service.item_counts(banks))


def _bank_or_404(slug: str):
    bank = service.get_bank(slug)
    if bank is None:
        abort(404)
    return bank


@bp.route("/<slug>")
@roles_required(*STAFF)
def bank(slug: str):
    bank = _bank_or_404(slug)
    section = request.args.get("section") or None
    qtype = request.args.get("question_type") or None
    page = request.args.get("page", 1, type=int)
    listing = service.browse_items(bank, section, qtype, page)
    return render_template("banks/bank.html", bank=bank, stats=service.bank_stats(bank), listing=listing,
                           section=section, question_type=qtype)


@bp.route("/<slug>/items/<item_slug>")
@roles_required(*STAFF)
def item(slug: str, item_slug: str):
    bank = _bank_or_404(slug)
    item = service.get_item(bank, item_slug)
    if item is None:
        abort(404)
    engine = None if item.is_group else service.engine_parameters(bank, item)
    return render_template("banks/item.html", bank=bank, item=item, engine=engine)


@bp.route("/<slug>/media/<path:filename>")
@roles_required(*STAFF)
def media(slug: str, filename: str):
    bank = _bank_or_404(slug)
    folder = Path(bank.source_path)
    if Path(filename).suffix.lower() not in {".svg", ".png", ".jpg", ".jpeg", ".webp", ".mp3", ".ogg", ".m4a"}:
        abort(404)
    return send_from_directory(folder, filename)
