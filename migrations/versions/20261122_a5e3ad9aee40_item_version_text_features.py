"""item version text features

Revision ID: a5e3ad9aee40
Revises: bb1be8ddd6d1
Create Date: 2026-11-22 03:13:03.151340
"""
from alembic import op
import sqlalchemy as sa


revision = 'a5e3ad9aee40'
down_revision = 'bb1be8ddd6d1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('item_versions', schema=None) as batch_op:
        # existing versions start with no features: their priors use level and question type only
        batch_op.add_column(sa.Column('features', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))



def downgrade() -> None:
    with op.batch_alter_table('item_versions', schema=None) as batch_op:
        batch_op.drop_column('features')

