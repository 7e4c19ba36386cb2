"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-12-05 10:42:46.586614
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
    op.create_index('ix_people_region', 'people', ['province_code', 'county_code'], unique=False)
    op.create_table('assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('province_code', sa.String(length=64), nullable=False),
    sa.Column('county_code', sa.String(length=96), nullable=True),
    sa.Column('axis', sa.String(length=32), nullable=True),
    sa.Column('specialty', sa.String(length=32), nullable=True),
    sa.Column('starts_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('hours', sa.Integer(), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=False),
    sa.Column('accepted_count', sa.Integer(), nullable=False),
    sa.Column('deadline', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('wave', sa.Integer(), nullable=False),
    sa.Column('wave_every', sa.Integer(), nullable=False),
    sa.Column('next_wave_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('remind_before', sa.Integer(), nullable=False),
    sa.Column('reminded_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('manager_platform', sa.String(length=16), nullable=True),
    sa.Column('manager_chat_id', sa.BigInteger(), nullable=True),
    sa.Column('progress_message_id', sa.BigInteger(), nullable=True),
    sa.Column('progress_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('progress_shown', sa.String(length=64), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('filled_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_assignments_created_by_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments'))
    )
    op.create_index('ix_assignments_status', 'assignments', ['status', 'urgent'], unique=False)
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
    op.create_table('broadcast_schedules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=96), nullable=True),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('days', sa.Integer(), nullable=True),
    sa.Column('month_day', sa.Integer(), nullable=True),
    sa.Column('hour', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('text_key', sa.String(length=64), nullable=True),
    sa.Column('text_args', sa.JSON(), nullable=False),
    sa.Column('photo', sa.String(length=512), nullable=True),
    sa.Column('buttons', sa.JSON(), nullable=False),
    sa.Column('segment', sa.JSON(), nullable=False),
    sa.Column('emergency', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_broadcast_schedules_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_broadcast_schedules_created_by_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_broadcast_schedules')),
    sa.UniqueConstraint('source', name=op.f('uq_broadcast_schedules_source'))
    )
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
    op.create_index(op.f('ix_memberships_campaign_id'), 'memberships', ['campaign_id'], unique=False)
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
    op.create_index('ix_pledges_campaign_status', 'pledges', ['campaign_id', 'status'], unique=False)
    op.create_index(op.f('ix_pledges_person_id'), 'pledges', ['person_id'], unique=False)
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
    op.create_table('assignment_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('wave', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('invited_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('responded_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('checked_in_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('checked_out_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_assignment_responses_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_assignment_responses_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment_responses')),
    sa.UniqueConstraint('assignment_id', 'person_id', name=op.f('uq_assignment_responses_assignment_id_person_id'))
    )
    op.create_index('ix_assignment_responses_person', 'assignment_responses', ['person_id', 'status'], unique=False)
    op.create_index('ix_assignment_responses_status', 'assignment_responses', ['assignment_id', 'status'], unique=False)
    op.create_table('broadcasts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('schedule_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('emergency', sa.Boolean(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('text_key', sa.String(length=64), nullable=True),
    sa.Column('text_args', sa.JSON(), nullable=False),
    sa.Column('photo', sa.String(length=512), nullable=True),
    sa.Column('buttons', sa.JSON(), nullable=False),
    sa.Column('segment', sa.JSON(), nullable=False),
    sa.Column('quiet_hours', sa.String(length=16), nullable=True),
    sa.Column('skip_recent_days', sa.Integer(), nullable=True),
    sa.Column('message_key', sa.String(length=64), nullable=True),
    sa.Column('not_before', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('manager_platform', sa.String(length=16), nullable=True),
    sa.Column('manager_chat_id', sa.BigInteger(), nullable=True),
    sa.Column('progress_message_id', sa.BigInteger(), nullable=True),
    sa.Column('progress_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_broadcasts_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_broadcasts_created_by_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['schedule_id'], ['broadcast_schedules.id'], name=op.f('fk_broadcasts_schedule_id_broadcast_schedules'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_broadcasts'))
    )
    op.create_index(op.f('ix_broadcasts_schedule_id'), 'broadcasts', ['schedule_id'], unique=False)
    op.create_index('ix_broadcasts_status', 'broadcasts', ['status'], unique=False)
    op.create_table('hours_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_hours_entries_assignment_id_assignments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['people.id'], name=op.f('fk_hours_entries_confirmed_by_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_hours_entries_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hours_entries')),
    sa.UniqueConstraint('assignment_id', 'person_id', name=op.f('uq_hours_entries_assignment_id_person_id'))
    )
    op.create_index('ix_hours_entries_person', 'hours_entries', ['person_id', 'at'], unique=False)
    op.create_table('assignment_waves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('wave', sa.Integer(), nullable=False),
    sa.Column('broadcast_id', sa.Integer(), nullable=True),
    sa.Column('invited', sa.Integer(), nullable=False),
    sa.Column('sent_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_assignment_waves_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['broadcast_id'], ['broadcasts.id'], name=op.f('fk_assignment_waves_broadcast_id_broadcasts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment_waves')),
    sa.UniqueConstraint('assignment_id', 'wave', name=op.f('uq_assignment_waves_assignment_id_wave'))
    )
    op.create_index(op.f('ix_assignment_waves_broadcast_id'), 'assignment_waves', ['broadcast_id'], unique=False)
    op.create_table('broadcast_approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('composer_id', sa.Integer(), nullable=True),
    sa.Column('composer_platform', sa.String(length=16), nullable=True),
    sa.Column('composer_chat_id', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('message', sa.JSON(), nullable=False),
    sa.Column('segment', sa.JSON(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('audience', sa.Text(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('province_code', sa.String(length=64), nullable=True),
    sa.Column('county_code', sa.String(length=96), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('broadcast_id', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['broadcast_id'], ['broadcasts.id'], name=op.f('fk_broadcast_approvals_broadcast_id_broadcasts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_broadcast_approvals_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['composer_id'], ['people.id'], name=op.f('fk_broadcast_approvals_composer_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['people.id'], name=op.f('fk_broadcast_approvals_decided_by_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_broadcast_approvals'))
    )
    op.create_index('ix_broadcast_approvals_status', 'broadcast_approvals', ['status', 'id'], unique=False)
    op.create_table('broadcast_deliveries',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('broadcast_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('not_before', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claimed_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('error', sa.String(length=256), nullable=True),
    sa.ForeignKeyConstraint(['broadcast_id'], ['broadcasts.id'], name=op.f('fk_broadcast_deliveries_broadcast_id_broadcasts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_broadcast_deliveries_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_broadcast_deliveries')),
    sa.UniqueConstraint('broadcast_id', 'person_id', name=op.f('uq_broadcast_deliveries_broadcast_id_person_id'))
    )
    op.create_index('ix_broadcast_deliveries_claim', 'broadcast_deliveries', ['broadcast_id', 'status', 'id'], unique=False)
    op.create_index('ix_broadcast_deliveries_claimed', 'broadcast_deliveries', ['status', 'claimed_by'], unique=False)
    op.create_index('ix_broadcast_deliveries_person', 'broadcast_deliveries', ['person_id', 'status'], unique=False)
    op.create_table('broadcast_schedule_firings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('occurrence', sa.String(length=32), nullable=False),
    sa.Column('broadcast_id', sa.Integer(), nullable=True),
    sa.Column('fired_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['broadcast_id'], ['broadcasts.id'], name=op.f('fk_broadcast_schedule_firings_broadcast_id_broadcasts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['schedule_id'], ['broadcast_schedules.id'], name=op.f('fk_broadcast_schedule_firings_schedule_id_broadcast_schedules'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_broadcast_schedule_firings')),
    sa.UniqueConstraint('schedule_id', 'occurrence', name=op.f('uq_broadcast_schedule_firings_schedule_id_occurrence'))
    )


def downgrade() -> None:
    op.drop_table('broadcast_schedule_firings')
    op.drop_table('broadcast_deliveries')
    op.drop_table('broadcast_approvals')
    op.drop_table('assignment_waves')
    op.drop_table('hours_entries')
    op.drop_table('broadcasts')
    op.drop_table('assignment_responses')
    op.drop_table('volunteers')
    op.drop_table('role_grants')
    op.drop_table('pledges')
    op.drop_table('memberships')
    op.drop_table('energy_reports')
    op.drop_table('broadcast_schedules')
    op.drop_table('audit_log')
    op.drop_table('assignments')
    op.drop_table('people')
    op.drop_table('job_runs')
    op.drop_table('dashboard_spent_tokens')
    op.drop_table('campaigns')
