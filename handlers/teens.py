"""Teens (MANA): the year of birth, a teen's registration waiting for a guardian, and the guardian's side.

Diagram: handlers/teens.mmd. The year is asked before a volunteer registration when it is not known; a teen goes
through the same steps, and Confirm (handlers/volunteer_summary.py) hands the registration to
`teen_registration`, which keeps it waiting and gives the teen a link and a code for a guardian. The guardian
opens the link (/start g_CODE) or types /guardian CODE, sees what the teen will do and what is stored, and
accepts or refuses; /guardian alone lists the consents they gave, each with Withdraw. A teen pressing Accept on a
call-out (or on an assignment not marked for teens) from an old message is told why not by the assignments' own
handler (campaigns.assignments.accept refuses it). Managers mark an assignment suitable for teens (/teenok ID) and
correct a year of birth (/birthyear PERSON_ID YEAR)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from campaigns import assignments, catalogue, guardians, teens
from campaigns.callbacks import NavAction, NavButton
from campaigns.callbacks.teens import GuardianAction, GuardianButton
from campaigns.catalogue import CampaignView
from campaigns.guardians import GuardianView, Refusal
from campaigns.jalali import format_date
from campaigns.numerals import parse_int
from campaigns.people import PersonView
from campaigns.regions import Regions
from campaigns.teens import ConsentState, JoinCheck, YearProblem
from campaigns.volunteers import DAYS, VolunteerForm
from handlers.keyboards import TypedWord, back_skip_keyboard, main_menu, region_name
from handlers.pressed import Pressed
from handlers.states import CampaignJoin, CampaignJoinData, Guardian, VolunteerReg, load, save
from handlers.steps import answered
from handlers.volunteer import start as start_volunteering
from handlers.volunteer_keyboards import axis_key, day_key, hours_key, specialty_key
from i18n import Translator
from storage.unit_of_work import UnitOfWork

YEAR_REFUSALS = {YearProblem.NOT_A_YEAR: "teen-year-not-a-year", YearProblem.FUTURE: "teen-year-future",
                  YearProblem.TOO_OLD: "teen-year-too-old", YearProblem.TEEN_CANNOT_AGE: "teen-year-cannot-age"}
_GUARDIAN_REFUSALS = {
    Refusal.NOT_FOUND: "teen-guardian-not-found", Refusal.OWN_CODE: "teen-guardian-own-code",
    Refusal.NOT_ONBOARDED: "teen-guardian-not-onboarded", Refusal.GUARDIAN_IS_TEEN: "teen-guardian-is-teen",
    Refusal.ANSWERED_BY_YOU: "teen-guardian-answered-by-you",
    Refusal.ANSWERED_BY_OTHER: "teen-guardian-answered-by-other", Refusal.CLOSED: "teen-guardian-closed"}


# -- the year of birth -------------------------------------------------------------------------------------

async def declared_year(message: Message, uow: UnitOfWork, person_id: int, t: Translator,
                        markup: InlineKeyboardMarkup | None = None) -> teens.Declared | None:
    """The typed year of birth recorded; None after saying what to send instead (nothing saved)."""
    read = teens.read_year(message.text or "")
    declared = await teens.declare(uow, person_id, read.year) if read.year is not None else read.problem
    if isinstance(declared, teens.Declared):
        return declared
    await message.answer(t(YEAR_REFUSALS[declared or YearProblem.NOT_A_YEAR], max=teens.MAX_AGE), reply_markup=markup)
    return None


async def year_typed(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                     t: Translator, regions: Regions) -> None:
    """The year of birth (Jalali, any digits): recorded, then the registration starts (the teen path under 18)."""
    if person is None:
        await state.clear()
        await message.answer(t("need-start"))
        return
    declared = await declared_year(message, uow, person.id, t, back_skip_keyboard(t, skip=False))
    if declared is None:
        return
    if declared.teen:
        await message.answer(t("teen-path-intro"))
    await start_volunteering(message, state, uow, person, t, regions)


# -- a teen's registration waits ---------------------------------------------------------------------------

async def teen_registration(message: Message, uow: UnitOfWork, person: PersonView, form: VolunteerForm,
                            t: Translator) -> bool:
    """Confirm pressed by a teen: saved at once when a guardian already confirmed, else kept waiting for one (the
    teen gets the link and the code to pass on); False for an adult (the caller saves as usual)."""
    if not await teens.is_teen(uow, person.id):
        return False
    if await teens.consent_state(uow, person.id) is ConsentState.CONFIRMED:
        await teens.register_confirmed(uow, person.id, form)
        await message.answer(t("teen-saved-confirmed"), reply_markup=main_menu(t))
        return True
    request = await teens.request_consent(uow, person, form)
    me = await message.bot.me() if message.bot is not None else None
    link = teens.guardian_link(person.platform, me.username, request.code) if me and me.username else None
    until = format_date(request.expires_at, t.language)
    key = "teen-awaiting" if link else "teen-awaiting-no-link"
    await message.answer(t(key, link=link or "", code=request.code, days=teens.CONSENT_DAYS, until=until),
                         reply_markup=main_menu(t))
    return True


# -- the guardian ------------------------------------------------------------------------------------------

def _joined(t: Translator, parts: list[str]) -> str:
    return t("teen-list-separator").join(parts)


def _registration_text(t: Translator, form: VolunteerForm, regions: Regions) -> dict[str, str]:
    none = t("vol-not-given")
    days = t("vol-days-all") if len(form.days) == len(DAYS) else _joined(t, [t(day_key(d)) for d in form.days])
    return {"axes": _joined(t, [t(axis_key(a)) for a in form.axes]) or none,
            "specialty": t(specialty_key(form.specialty)), "days": days or none, "hours": t(hours_key(form.hours)),
            "region": region_name(regions, form.province_code, form.county_code, t.language) or none,
            "skills": form.skills or none}


def _answer_keyboard(t: Translator, consent_id: int) -> InlineKeyboardMarkup:
    def button(key: str, action: GuardianAction) -> list[InlineKeyboardButton]:
        return [InlineKeyboardButton(text=t(key), callback_data=GuardianButton(action=action, id=consent_id).pack())]
    return InlineKeyboardMarkup(inline_keyboard=[
        button("teen-guardian-button-accept", GuardianAction.ACCEPT),
        button("teen-guardian-button-accept-phone", GuardianAction.ACCEPT_PHONE),
        button("teen-guardian-button-refuse", GuardianAction.REFUSE)])


async def _show_request(message: Message, code: str | None, uow: UnitOfWork, person: PersonView | None,
                        t: Translator, regions: Regions) -> None:
    if code is None:
        await message.answer(t("teen-guardian-code-invalid"))
        return
    if person is None:
        await message.answer(t("teen-guardian-not-onboarded"))
        return
    view = await guardians.open_code(uow, code, person)
    if not isinstance(view, GuardianView):
        await message.answer(t(_GUARDIAN_REFUSALS[view]), reply_markup=main_menu(t) if person.onboarded else None)
        return
    await message.answer(
        t("teen-guardian-view", name=view.teen_name or t("teen-no-name"),
          until=format_date(view.expires_at, t.language), **_registration_text(t, view.registration, regions)),
        reply_markup=_answer_keyboard(t, view.consent_id))


async def guardian_link_opened(message: Message, command: CommandObject, state: FSMContext, uow: UnitOfWork,
                               person: PersonView | None, t: Translator, regions: Regions) -> None:
    """/start g_CODE: a guardian opened a teen's link."""
    await state.clear()
    await _show_request(message, teens.read_code(command.args or ""), uow, person, t, regions)


async def guardian_command(message: Message, command: CommandObject, state: FSMContext, uow: UnitOfWork,
                           person: PersonView | None, t: Translator, regions: Regions) -> None:
    """/guardian CODE opens a teen's request; /guardian alone lists the consents given and asks for a code."""
    await state.clear()
    if command.args:
        await _show_request(message, teens.read_code(command.args), uow, person, t, regions)
        return
    if person is None or not person.onboarded:
        await message.answer(t("teen-guardian-not-onboarded"))
        return
    given = await guardians.of_guardian(uow, person.id)
    for teen in given:
        when = format_date(teen.decided_at, t.language) if teen.decided_at else t("vol-not-given")
        parts = _registration_text(t, teen.registration, regions) if teen.registration else {}
        text = t("teen-guardian-given", name=teen.teen_name or t("teen-no-name"), when=when,
                 phone=t("teen-phone-allowed" if teen.phone_allowed else "teen-phone-not-allowed"),
                 axes=parts.get("axes", t("vol-not-given")), region=parts.get("region", t("vol-not-given")))
        withdraw = GuardianButton(action=GuardianAction.WITHDRAW, id=teen.consent_id).pack()
        label = t("teen-guardian-button-withdraw", name=teen.teen_name or t("teen-no-name"))
        await message.answer(text, reply_markup=InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
            text=label, callback_data=withdraw)]]))
    await state.set_state(Guardian.code)
    await message.answer(t("teen-guardian-ask-code"), reply_markup=back_skip_keyboard(t, skip=False))


async def code_typed(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                     t: Translator, regions: Regions) -> None:
    """A teen's code typed after /guardian."""
    code = teens.read_code(message.text or "")
    if code is None:
        await message.answer(t("teen-guardian-code-invalid"), reply_markup=back_skip_keyboard(t, skip=False))
        return
    await state.clear()
    await _show_request(message, code, uow, person, t, regions)


async def code_back(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """Back from the code question: the main menu."""
    message = await answered(query)
    if message is not None:
        await code_left(message, state, t)


async def code_left(message: Message, state: FSMContext, t: Translator) -> None:
    """Back (typed or pressed) from the code question: the main menu."""
    await state.clear()
    await message.answer(t("teen-guardian-left"), reply_markup=main_menu(t))


async def guardian_answered(query: CallbackQuery, callback_data: GuardianButton, uow: UnitOfWork,
                            person: PersonView | None, t: Translator) -> None:
    """Accept (with or without the teen's phone number) or refuse, once."""
    if person is None:
        await query.answer(t("button-expired"), show_alert=True)
        return
    accept = callback_data.action in (GuardianAction.ACCEPT, GuardianAction.ACCEPT_PHONE)
    result = await guardians.answer(uow, callback_data.id, person, accept,
                                    phone_allowed=callback_data.action == GuardianAction.ACCEPT_PHONE)
    message = await answered(query)
    if message is None:
        return
    if isinstance(result, Refusal):
        await message.answer(t(_GUARDIAN_REFUSALS[result]))
        return
    key = "teen-guardian-accepted" if result.accepted else "teen-guardian-refused"
    await message.answer(t(key, name=result.teen_name or t("teen-no-name")), reply_markup=main_menu(t))


async def withdraw_pressed(query: CallbackQuery, callback_data: GuardianButton, uow: UnitOfWork,
                           person: PersonView | None, t: Translator) -> None:
    """Withdraw (asked first), Yes (the teen's data is erased) or Keep."""
    message = await answered(query)
    if message is None or person is None:
        return
    if callback_data.action == GuardianAction.WITHDRAW:
        def button(key: str, action: GuardianAction) -> InlineKeyboardButton:
            return InlineKeyboardButton(text=t(key), callback_data=GuardianButton(action=action,
                                                                                  id=callback_data.id).pack())
        await message.answer(t("teen-guardian-withdraw-ask"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[[
            button("teen-guardian-button-withdraw-yes", GuardianAction.WITHDRAW_YES),
            button("teen-guardian-button-keep", GuardianAction.KEEP)]]))
    elif callback_data.action == GuardianAction.KEEP:
        await message.answer(t("teen-guardian-kept"))
    elif await guardians.withdraw(uow, callback_data.id, person):
        await message.answer(t("teen-guardian-withdrawn"), reply_markup=main_menu(t))
    else:
        await message.answer(t("teen-guardian-withdraw-failed"))


# -- joining a campaign that says who it is for ----------------------------------------------------------------

_JOIN_REFUSALS = {JoinCheck.FOR_TEENS: "teen-join-for-teens", JoinCheck.FOR_ADULTS: "teen-join-for-adults",
                  JoinCheck.NEEDS_GUARDIAN: "teen-join-needs-guardian"}


async def joining_allowed(query: CallbackQuery, campaign: CampaignView, person: PersonView, uow: UnitOfWork,
                          t: Translator, state: FSMContext) -> bool:
    """Before Join on a campaign for teens or adults: True to go on; else the year is asked (the join follows the
    answer) or the press is told why not."""
    check = await teens.may_join(uow, person.id, campaign.definition)
    if check is JoinCheck.OK:
        return True
    if check is not JoinCheck.ASK_YEAR:
        await query.answer(t(_JOIN_REFUSALS[check]), show_alert=True)
        return False
    await query.answer()
    await save(state, CampaignJoinData(campaign_id=campaign.id))
    await state.set_state(CampaignJoin.birth_year)
    if isinstance(query.message, Message):
        await query.message.answer(t("teen-join-ask-year", title=campaign.title(t.language)),
                                   reply_markup=back_skip_keyboard(t, skip=False))
    return False


async def join_year_typed(message: Message, state: FSMContext, uow: UnitOfWork, person: PersonView | None,
                          t: Translator) -> None:
    """The year of birth asked on joining: recorded, then the join (or why not)."""
    if person is None:
        await state.clear()
        await message.answer(t("need-start"))
        return
    if await declared_year(message, uow, person.id, t, back_skip_keyboard(t, skip=False)) is None:
        return
    data = await load(state, CampaignJoinData)
    await state.clear()
    campaign = await catalogue.by_id(uow, data.campaign_id)
    if campaign is None:
        await message.answer(t("cat-not-found"), reply_markup=main_menu(t))
        return
    check = await teens.may_join(uow, person.id, campaign.definition)
    if check is not JoinCheck.OK:
        await message.answer(t(_JOIN_REFUSALS.get(check, "teen-join-needs-guardian")), reply_markup=main_menu(t))
        return
    joined = await catalogue.join(uow, person.id, campaign.id)
    title = campaign.title(t.language)
    await message.answer(t("cat-joined" if joined else "cat-joined-already", title=title), reply_markup=main_menu(t))


async def join_year_left(message: Message, state: FSMContext, t: Translator) -> None:
    """Back from the year asked on joining: nothing joined, the main menu."""
    await state.clear()
    await message.answer(t("teen-join-left"), reply_markup=main_menu(t))


async def join_year_back(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """The Back button under the year asked on joining."""
    message = await answered(query)
    if message is not None:
        await join_year_left(message, state, t)


# -- figures -------------------------------------------------------------------------------------------------

def teen_counts_text(found: list[teens.TeenCount], t: Translator, regions: Regions) -> str:
    """Teens by province and county, as counts only (the managers' statistics)."""
    if not found:
        return t("teen-stats-none")
    lines = [t("teen-stats-line", region=region_name(regions, row.province_code, row.county_code, t.language)
               or t("vol-not-given"), awaiting=row.awaiting, confirmed=row.confirmed, closed=row.closed)
             for row in found]
    return "\n".join([t("teen-stats-title"), *lines])


# -- protection and managers ---------------------------------------------------------------------------------

async def mark_for_teens(message: Message, command: CommandObject, uow: UnitOfWork, person: PersonView | None,
                         t: Translator) -> None:
    """/teenok ID: a manager marks an ordinary assignment in their region suitable for teens."""
    actor = await assignments.manager_of(uow, person)
    if actor is None:
        await message.answer(t("teen-managers-only"))
        return
    assignment_id = parse_int(command.args or "")
    if assignment_id is None:
        await message.answer(t("teen-mark-usage"))
        return
    place = await teens.assignment_place(uow, assignment_id)
    if place is None or not assignments.covers(actor, place[0], place[1]):
        await message.answer(t("teen-mark-not-found"))
        return
    if place[2]:
        await message.answer(t("teen-mark-callout"))
        return
    marked = await teens.mark_assignment(uow, assignment_id, actor.person_id)
    await message.answer(t("teen-mark-done" if marked else "teen-mark-already", id=assignment_id))


async def correct_year(message: Message, command: CommandObject, uow: UnitOfWork, person: PersonView | None,
                       t: Translator) -> None:
    """/birthyear PERSON_ID YEAR: a manager corrects a year of birth (a teen cannot make themselves older)."""
    actor = await assignments.manager_of(uow, person)
    if actor is None:
        await message.answer(t("teen-managers-only"))
        return
    parts = (command.args or "").split()
    person_id = parse_int(parts[0]) if len(parts) == 2 else None
    read = teens.read_year(parts[1]) if len(parts) == 2 else None
    if person_id is None or read is None or read.year is None:
        await message.answer(t("teen-year-usage", max=teens.MAX_AGE))
        return
    done = await teens.correct_year(uow, actor.person_id, person_id, read.year)
    await message.answer(t("teen-year-corrected" if done else "teen-year-no-person", id=person_id))


def create_router() -> Router:
    """A fresh router with this module's handlers, in the order they are tried."""
    router = Router(name=__name__)
    router.message.register(guardian_link_opened, CommandStart(deep_link=True, magic=F.args.startswith("g_")))
    router.message.register(guardian_command, Command("guardian"))
    router.message.register(mark_for_teens, Command("teenok"))
    router.message.register(correct_year, Command("birthyear"))
    router.message.register(year_typed, VolunteerReg.birth_year, F.text, ~TypedWord("button-back"))
    back = Pressed(NavButton, F.action == NavAction.BACK)
    router.callback_query.register(code_back, Guardian.code, back)
    router.message.register(code_left, Guardian.code, F.text, TypedWord("button-back"))
    router.message.register(code_typed, Guardian.code, F.text)
    router.callback_query.register(join_year_back, CampaignJoin.birth_year, back)
    router.message.register(join_year_left, CampaignJoin.birth_year, F.text, TypedWord("button-back"))
    router.message.register(join_year_typed, CampaignJoin.birth_year, F.text)
    router.callback_query.register(guardian_answered, Pressed(GuardianButton, F.action.in_(
        {GuardianAction.ACCEPT, GuardianAction.ACCEPT_PHONE, GuardianAction.REFUSE})))
    router.callback_query.register(withdraw_pressed, Pressed(GuardianButton, F.action.in_(
        {GuardianAction.WITHDRAW, GuardianAction.WITHDRAW_YES, GuardianAction.KEEP})))
    return router
