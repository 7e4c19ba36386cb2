"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-12-05 13:11:48.786910
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('regions', sa.JSON(), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('loaded_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns')),
    sa.UniqueConstraint('slug', name=op.f('uq_campaigns_slug'))
    )
    op.create_table('dashboard_spent_tokens',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('spent_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dashboard_spent_tokens'))
    )
    op.create_index(op.f('ix_dashboard_spent_tokens_expires_at'), 'dashboard_spent_tokens', ['expires_at'], unique=False)
    op.create_table('job_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job', sa.String(length=32), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('worker', sa.String(length=64), nullable=True),
    sa.Column('started_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_runs')),
    sa.UniqueConstraint('job', 'day', name=op.f('uq_job_runs_job_day'))
    )
    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('platform_user_id', sa.BigInteger(), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('first_name', sa.String(length=128), nullable=True),
    sa.Column('phone', sa.String(length=16), nullable=True),
    sa.Column('national_id', sa.String(length=10), nullable=True),
    sa.Column('province_code', sa.String(length=64), nullable=True),
    sa.Column('county_code', sa.String(length=96), nullable=True),
    sa.Column('neighbourhood', sa.String(length=128), nullable=True),
    sa.Column('referral_code', sa.String(length=16), nullable=False),
    sa.Column('referred_by_id', sa.Integer(), nullable=True),
    sa.Column('consent_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('onboarded_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('forgotten_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('unreachable', sa.Boolean(), nullable=False),
    sa.Column('opted_out_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['referred_by_id'], ['people.id'], name=op.f('fk_people_referred_by_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('platform', 'platform_user_id', name=op.f('uq_people_platform_platform_user_id')),
    sa.UniqueConstraint('referral_code', name=op.f('uq_people_referral_code'))
    )
    op.create_index('ix_people_forgotten', 'people', ['id'], unique=False, postgresql_where=sa.text('forgotten_at IS NOT NULL'), sqlite_where=sa.text('forgotten_at IS NOT NULL'))
    op.create_index('ix_people_region', 'people', ['province_code', 'county_code'], unique=False)
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_level', sa.String(length=16), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('audience', sa.Text(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.Column('province_code', sa.String(length=64), nullable=True),
    sa.Column('county_code', sa.String(length=96), nullable=True),
    sa.Column('at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['people.id'], name=op.f('fk_audit_log_actor_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_index(op.f('ix_audit_log_actor_id'), 'audit_log', ['actor_id'], unique=False)
    op.create_index('ix_audit_log_region', 'audit_log', ['province_code', 'county_code', 'id'], unique=False)
    op.create_table('energy_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('province_code', sa.String(length=64), nullable=True),
    sa.Column('county_code', sa.String(length=96), nullable=True),
    sa.Column('neighbourhood', sa.String(length=128), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_energy_reports_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_energy_reports_person_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_energy_reports'))
    )
    op.create_index('ix_energy_reports_person_campaign', 'energy_reports', ['person_id', 'campaign_id', 'period'], unique=True)
    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('left_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('referred_by_id', sa.Integer(), nullable=True),
    sa.Column('opted_out', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_memberships_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_memberships_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['referred_by_id'], ['people.id'], name=op.f('fk_memberships_referred_by_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships')),
    sa.UniqueConstraint('person_id', 'campaign_id', name=op.f('uq_memberships_person_id_campaign_id'))
    )
    op.create_index('ix_memberships_campaign_members', 'memberships', ['campaign_id', 'person_id'], unique=False, postgresql_include=['left_at', 'joined_at'])
    op.create_index('ix_memberships_joined', 'memberships', ['joined_at'], unique=False, postgresql_include=['person_id', 'left_at'])
    op.create_index(op.f('ix_memberships_person_id'), 'memberships', ['person_id'], unique=False)
    op.create_table('pledges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=True),
    sa.Column('item', sa.String(length=128), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('province_code', sa.String(length=64), nullable=True),
    sa.Column('county_code', sa.String(length=96), nullable=True),
    sa.Column('agency', sa.String(length=128), nullable=True),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('recurrence', sa.String(length=16), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('fulfilled_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('stopped_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_pledges_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_pledges_person_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['series_id'], ['pledges.id'], name=op.f('fk_pledges_series_id_pledges'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledges')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_pledges_idempotency_key'))
    )
    op.create_index('ix_pledges_campaign_status', 'pledges', ['campaign_id', 'province_code', 'county_code', 'status'], unique=False, postgresql_include=['kind', 'amount', 'quantity'])
    op.create_index(op.f('ix_pledges_person_id'), 'pledges', ['person_id'], unique=False)
    op.create_index('ix_pledges_place_created', 'pledges', ['province_code', 'created_at'], unique=False)
    op.create_index('ix_pledges_place_fulfilled', 'pledges', ['province_code', 'fulfilled_at'], unique=False)
    op.create_index('ix_pledges_series', 'pledges', ['series_id'], unique=False)
    op.create_index('ix_pledges_status_due_on', 'pledges', ['status', 'due_on'], unique=False)
    op.create_table('role_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('province_code', sa.String(length=64), nullable=True),
    sa.Column('county_code', sa.String(length=96), nullable=True),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['granted_by_id'], ['people.id'], name=op.f('fk_role_grants_granted_by_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_role_grants_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['people.id'], name=op.f('fk_role_grants_revoked_by_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grants'))
    )
    op.create_index('ix_role_grants_person_active', 'role_grants', ['person_id', 'revoked_at'], unique=False)
    op.create_table('volunteers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('axes', sa.JSON(), nullable=False),
    sa.Column('specialty', sa.String(length=32), nullable=False),
    sa.Column('days', sa.JSON(), nullable=False),
    sa.Column('hours', sa.String(length=16), nullable=False),
    sa.Column('on_call', sa.Boolean(), nullable=False),
    sa.Column('province_code', sa.String(length=64), nullable=True),
    sa.Column('county_code', sa.String(length=96), nullable=True),
    sa.Column('skills', sa.Text(), nullable=True),
    sa.Column('registered_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_volunteers_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteers')),
    sa.UniqueConstraint('person_id', name=op.f('uq_volunteers_person_id'))
    )
    op.create_index('ix_volunteers_match', 'volunteers', ['specialty', 'on_call', 'province_code', 'county_code'], unique=False)
    op.create_index('ix_volunteers_place_registered', 'volunteers', ['province_code', 'registered_at'], unique=False, postgresql_include=['person_id'])


def downgrade() -> None:
    op.drop_table('volunteers')
    op.drop_table('role_grants')
    op.drop_table('pledges')
    op.drop_table('memberships')
    op.drop_table('energy_reports')
    op.drop_table('audit_log')
    op.drop_table('people')
    op.drop_table('job_runs')
    op.drop_table('dashboard_spent_tokens')
    op.drop_table('campaigns')
