"""Imports every model so that Base.metadata is complete (Alembic, tests)."""
from examprep.accounts.models import Role, User  # noqa: F401
from examprep.banks.models import Bank, Item, ItemParameters, ItemVersion  # noqa: F401
from examprep.db import Base  # noqa: F401
from examprep.delivery.models import Attempt, Response  # noqa: F401
