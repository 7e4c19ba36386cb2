"""broadcasts and assignments

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 13:11:51.370407
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
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
    sa.Column('kind', sa.String(length=16), server_default='ordinary', nullable=False),
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
    op.drop_table('broadcast_schedules')
    op.drop_table('assignments')
