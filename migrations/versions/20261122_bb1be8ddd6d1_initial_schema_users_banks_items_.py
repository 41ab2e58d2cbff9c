"""initial schema: users, banks, items, versions, parameters, attempts, responses

Revision ID: bb1be8ddd6d1
Revises: 
Create Date: 2026-11-22 03:01:11.112089
"""
from alembic import op
import sqlalchemy as sa


revision = 'bb1be8ddd6d1'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # items.current_version_id -> item_versions and item_versions.item_id -> items form a
    # cycle: SQLite takes the constraint inline (it checks references lazily); elsewhere it
    # is added once both tables exist.
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table('banks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('exam', sa.String(length=40), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=True),
    sa.Column('sector', sa.String(length=40), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('manifest', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('source_path', sa.String(length=500), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_banks')),
    sa.UniqueConstraint('slug', name=op.f('uq_banks_slug'))
    )
    with op.batch_alter_table('banks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_banks_exam'), ['exam'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('is_active_account', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_role'), ['role'], unique=False)

    op.create_table('attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('bank_id', sa.Integer(), nullable=False),
    sa.Column('blueprint', sa.String(length=80), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('deadline_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('theta', sa.Float(), nullable=True),
    sa.Column('theta_se', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['bank_id'], ['banks.id'], name=op.f('fk_attempts_bank_id_banks'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attempts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempts'))
    )
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempts_bank_id'), ['bank_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attempts_user_id'), ['user_id'], unique=False)

    op.create_table('items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bank_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('section', sa.String(length=60), nullable=False),
    sa.Column('question_type', sa.String(length=60), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('source_file', sa.String(length=300), nullable=False),
    sa.Column('source_line', sa.Integer(), nullable=False),
    sa.Column('current_version_id', sa.Integer(), nullable=True),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['bank_id'], ['banks.id'], name=op.f('fk_items_bank_id_banks'), ondelete='CASCADE'),
    *([sa.ForeignKeyConstraint(['current_version_id'], ['item_versions.id'], name=op.f('fk_items_current_version_id_item_versions'), ondelete='SET NULL', use_alter=True)] if sqlite else []),
    sa.ForeignKeyConstraint(['group_id'], ['items.id'], name=op.f('fk_items_group_id_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_items')),
    sa.UniqueConstraint('bank_id', 'slug', name=op.f('uq_items_bank_id_slug'))
    )
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_items_bank_id'), ['bank_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_items_group_id'), ['group_id'], unique=False)

    op.create_table('item_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('furigana', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_item_versions_item_id_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_versions')),
    sa.UniqueConstraint('item_id', 'content_hash', name=op.f('uq_item_versions_item_id_content_hash')),
    sa.UniqueConstraint('item_id', 'number', name=op.f('uq_item_versions_item_id_number'))
    )
    with op.batch_alter_table('item_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_versions_item_id'), ['item_id'], unique=False)
    if not sqlite:
        op.create_foreign_key(op.f('fk_items_current_version_id_item_versions'), 'items', 'item_versions',
                              ['current_version_id'], ['id'], ondelete='SET NULL')

    op.create_table('item_parameters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('item_version_id', sa.Integer(), nullable=True),
    sa.Column('model', sa.String(length=8), nullable=False),
    sa.Column('a', sa.Float(), nullable=False),
    sa.Column('b', sa.Float(), nullable=False),
    sa.Column('c', sa.Float(), nullable=False),
    sa.Column('method', sa.String(length=40), nullable=False),
    sa.Column('n_responses', sa.Integer(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_item_parameters_item_id_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_version_id'], ['item_versions.id'], name=op.f('fk_item_parameters_item_version_id_item_versions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_parameters'))
    )
    with op.batch_alter_table('item_parameters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_parameters_item_id'), ['item_id'], unique=False)

    op.create_table('responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('item_version_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.JSON(), nullable=True),
    sa.Column('verdict', sa.String(length=12), nullable=False),
    sa.Column('credit', sa.Float(), nullable=False),
    sa.Column('feedback', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_responses_attempt_id_attempts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_version_id'], ['item_versions.id'], name=op.f('fk_responses_item_version_id_item_versions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_responses')),
    sa.UniqueConstraint('attempt_id', 'item_version_id', name=op.f('uq_responses_attempt_id_item_version_id'))
    )
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_responses_attempt_id'), ['attempt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_responses_item_version_id'), ['item_version_id'], unique=False)



def downgrade() -> None:
    # break the items <-> item_versions cycle first (SQLite: by recreating the table)
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_items_current_version_id_item_versions'), type_='foreignkey')
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_responses_item_version_id'))
        batch_op.drop_index(batch_op.f('ix_responses_attempt_id'))

    op.drop_table('responses')
    with op.batch_alter_table('item_parameters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_parameters_item_id'))

    op.drop_table('item_parameters')
    with op.batch_alter_table('item_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_versions_item_id'))

    op.drop_table('item_versions')
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_items_group_id'))
        batch_op.drop_index(batch_op.f('ix_items_bank_id'))

    op.drop_table('items')
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempts_user_id'))
        batch_op.drop_index(batch_op.f('ix_attempts_bank_id'))

    op.drop_table('attempts')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_role'))

    op.drop_table('users')
    with op.batch_alter_table('banks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_banks_exam'))

    op.drop_table('banks')
