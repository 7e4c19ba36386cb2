"""teens referrals payments shifts

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 13:11:53.401734
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('area_feedback_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('province_code', sa.String(length=64), nullable=False),
    sa.Column('county_code', sa.String(length=96), nullable=True),
    sa.Column('neighbourhood', sa.String(length=128), nullable=True),
    sa.Column('pledges', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('fulfilled', sa.Integer(), nullable=False),
    sa.Column('wheelchairs', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_area_feedback_figures_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area_feedback_figures'))
    )
    op.create_index('ix_area_feedback_figures_area', 'area_feedback_figures', ['period', 'province_code', 'county_code'], unique=False)
    op.create_table('area_feedback_optouts',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_area_feedback_optouts_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_area_feedback_optouts'))
    )
    op.create_table('birth_years',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('adult_from', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('declared_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('corrected_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['corrected_by_id'], ['people.id'], name=op.f('fk_birth_years_corrected_by_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_birth_years_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_birth_years'))
    )
    op.create_index('ix_birth_years_adult_from', 'birth_years', ['adult_from'], unique=False)
    op.create_table('guardian_consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('teen_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('guardian_id', sa.Integer(), nullable=True),
    sa.Column('phone_allowed', sa.Boolean(), nullable=False),
    sa.Column('draft', sa.JSON(), nullable=True),
    sa.Column('province_code', sa.String(length=64), nullable=True),
    sa.Column('county_code', sa.String(length=96), nullable=True),
    sa.Column('requested_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['guardian_id'], ['people.id'], name=op.f('fk_guardian_consents_guardian_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['teen_id'], ['people.id'], name=op.f('fk_guardian_consents_teen_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guardian_consents')),
    sa.UniqueConstraint('code', name=op.f('uq_guardian_consents_code')),
    sa.UniqueConstraint('teen_id', name=op.f('uq_guardian_consents_teen_id'))
    )
    op.create_index(op.f('ix_guardian_consents_guardian_id'), 'guardian_consents', ['guardian_id'], unique=False)
    op.create_index('ix_guardian_consents_status', 'guardian_consents', ['status', 'requested_at'], unique=False)
    op.create_table('referral_providers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=96), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('province_code', sa.String(length=64), nullable=False),
    sa.Column('county_code', sa.String(length=96), nullable=True),
    sa.Column('contact', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_referral_providers_created_by_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_providers')),
    sa.UniqueConstraint('source', name=op.f('uq_referral_providers_source'))
    )
    op.create_index('ix_referral_providers_region', 'referral_providers', ['province_code', 'kind'], unique=False)
    op.create_table('payment_invoices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pledge_id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('currency', sa.String(length=8), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('tomans', sa.BigInteger(), nullable=False),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['pledge_id'], ['pledges.id'], name=op.f('fk_payment_invoices_pledge_id_pledges'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_invoices')),
    sa.UniqueConstraint('nonce', name=op.f('uq_payment_invoices_nonce'))
    )
    op.create_index(op.f('ix_payment_invoices_pledge_id'), 'payment_invoices', ['pledge_id'], unique=False)
    op.create_table('referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=True),
    sa.Column('referrer_id', sa.Integer(), nullable=True),
    sa.Column('need', sa.String(length=24), nullable=False),
    sa.Column('urgency', sa.String(length=8), nullable=False),
    sa.Column('province_code', sa.String(length=64), nullable=False),
    sa.Column('county_code', sa.String(length=96), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('person_name', sa.String(length=80), nullable=True),
    sa.Column('person_phone', sa.String(length=16), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('assigned_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('contacted_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_referrals_assignment_id_assignments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['handled_by_id'], ['people.id'], name=op.f('fk_referrals_handled_by_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['provider_id'], ['referral_providers.id'], name=op.f('fk_referrals_provider_id_referral_providers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['referrer_id'], ['people.id'], name=op.f('fk_referrals_referrer_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
    sa.UniqueConstraint('nonce', name=op.f('uq_referrals_nonce'))
    )
    op.create_index(op.f('ix_referrals_assignment_id'), 'referrals', ['assignment_id'], unique=False)
    op.create_index(op.f('ix_referrals_referrer_id'), 'referrals', ['referrer_id'], unique=False)
    op.create_index('ix_referrals_region', 'referrals', ['province_code', 'status'], unique=False)
    op.create_index('ix_referrals_waiting', 'referrals', ['status', 'contacted_at', 'created_at'], unique=False)
    op.create_table('shift_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=True),
    sa.Column('refill', sa.Boolean(), nullable=False),
    sa.Column('at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_shift_answers_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_shift_answers_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shift_answers')),
    sa.UniqueConstraint('assignment_id', 'person_id', name=op.f('uq_shift_answers_assignment_id_person_id'))
    )
    op.create_index('ix_shift_answers_state', 'shift_answers', ['assignment_id', 'state'], unique=False)
    op.create_table('teen_assignments',
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('marked_by_id', sa.Integer(), nullable=True),
    sa.Column('marked_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_teen_assignments_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['marked_by_id'], ['people.id'], name=op.f('fk_teen_assignments_marked_by_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('assignment_id', name=op.f('pk_teen_assignments'))
    )
    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('charge_id', sa.String(length=255), nullable=False),
    sa.Column('provider_charge_id', sa.String(length=255), nullable=True),
    sa.Column('invoice_id', sa.Integer(), nullable=True),
    sa.Column('pledge_id', sa.Integer(), nullable=True),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('currency', sa.String(length=8), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('tomans', sa.BigInteger(), nullable=False),
    sa.Column('paid_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_payments_campaign_id_campaigns'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invoice_id'], ['payment_invoices.id'], name=op.f('fk_payments_invoice_id_payment_invoices'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pledge_id'], ['pledges.id'], name=op.f('fk_payments_pledge_id_pledges'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
    sa.UniqueConstraint('platform', 'charge_id', name=op.f('uq_payments_platform_charge_id'))
    )
    op.create_index(op.f('ix_payments_campaign_id'), 'payments', ['campaign_id'], unique=False)
    op.create_index(op.f('ix_payments_pledge_id'), 'payments', ['pledge_id'], unique=False)
    op.create_table('shift_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('lead', sa.Integer(), nullable=False),
    sa.Column('broadcast_id', sa.Integer(), nullable=True),
    sa.Column('reminded', sa.Integer(), nullable=False),
    sa.Column('at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_shift_reminders_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['broadcast_id'], ['broadcasts.id'], name=op.f('fk_shift_reminders_broadcast_id_broadcasts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shift_reminders')),
    sa.UniqueConstraint('assignment_id', 'lead', name=op.f('uq_shift_reminders_assignment_id_lead'))
    )


def downgrade() -> None:
    op.drop_table('shift_reminders')
    op.drop_table('payments')
    op.drop_table('teen_assignments')
    op.drop_table('shift_answers')
    op.drop_table('referrals')
    op.drop_table('payment_invoices')
    op.drop_table('referral_providers')
    op.drop_table('guardian_consents')
    op.drop_table('birth_years')
    op.drop_table('area_feedback_optouts')
    op.drop_table('area_feedback_figures')
