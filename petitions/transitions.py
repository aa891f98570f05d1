"""The petition's allowed moves, declared once (issue 14): which action, from which
statuses, by which roles, with which inputs and date rules. The services check them,
the detail page offers them, the permissions, the forms and the API read them. The day
limits (15/60/30 days, the hearing's 60) are `petitions.deadlines`'s."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from accounts.roles import ADMIN, CITY_OFFICER, CLERK, LEADER
from core.transitions import DateRule, Move, TransitionTable
from petitions.models import Petition

S = Petition.Status

# ---------------------------------------------------------------- date rules
# Every dated step: not in the future, not before the step it follows; a request for
# review or re-review also within its 30-day window (core.transitions.DateRule).
PREVIOUS_STEP = _("The date cannot be before the previous step (%(d)s).")


def _last_reply(p: Petition) -> date | None:
    return p.recheck_replied_on or p.review_replied_on or p.replied_on


AFTER_RECEIVED = DateRule[Petition]("after_received", lambda p: p.received_on, PREVIOUS_STEP)
AFTER_ACCEPTED = DateRule[Petition]("after_accepted", lambda p: p.accepted_on, PREVIOUS_STEP)
AFTER_REPLY = DateRule[Petition]("after_reply", lambda p: p.replied_on, PREVIOUS_STEP)
AFTER_REVIEW_REQUEST = DateRule[Petition]("after_review_request",
                                          lambda p: p.review_requested_on, PREVIOUS_STEP)
AFTER_RECHECK_REQUEST = DateRule[Petition]("after_recheck_request",
                                           lambda p: p.recheck_requested_on, PREVIOUS_STEP)
AFTER_LAST_REPLY = DateRule[Petition]("after_last_reply", _last_reply, PREVIOUS_STEP)
REVIEW_WINDOW = DateRule[Petition](
    "review_window", lambda p: p.replied_on, PREVIOUS_STEP, by=lambda p: p.review_request_due,
    too_late=_("The 30-day window for requesting review has passed."))
RECHECK_WINDOW = DateRule[Petition](
    "recheck_window", lambda p: p.review_replied_on, PREVIOUS_STEP,
    by=lambda p: p.recheck_request_due,
    too_late=_("The 30-day window for requesting re-review has passed."))

# ---------------------------------------------------------------- moves

# The office's decisions and the recording of petitioners' requests.
HANDLERS = (CLERK, CITY_OFFICER, ADMIN)
# A written reply is drafted by the clerk and approved by the unit leader.
REPLIERS = (CLERK, LEADER, CITY_OFFICER, ADMIN)
HANDLING = (S.ACCEPTED, S.ASSIGNED)
BEING_HANDLED = _("Only a petition being handled can be extended.")
STAYS = ""  # the move records a fact; the status stays

MOVES = TransitionTable([
    Move("accept", (S.REGISTERED,), S.ACCEPTED, HANDLERS, ("on", "override_reason"),
         _("Only a registered petition can be accepted."), AFTER_RECEIVED),
    Move("decline", (S.REGISTERED,), S.DECLINED, HANDLERS, ("on", "reason"),
         _("Only a registered petition can be declined."), AFTER_RECEIVED),
    Move("forward", (S.REGISTERED,), S.FORWARDED, HANDLERS, ("on", "agency"),
         _("Only a registered petition can be forwarded."), AFTER_RECEIVED),
    Move("assign", (S.ACCEPTED,), S.ASSIGNED, HANDLERS, ("org_unit",),
         _("Only an accepted petition can be assigned.")),
    # The handling clerk asks, the unit leader approves or refuses (issue 18);
    # the leader may also extend directly (domain.md: approved by the unit leader).
    Move("request_extension", HANDLING, STAYS, HANDLERS, ("days", "reason"), BEING_HANDLED),
    Move("approve_extension", HANDLING, STAYS, (LEADER,), (), BEING_HANDLED),
    Move("refuse_extension", HANDLING, STAYS, (LEADER,), ("reason",), BEING_HANDLED),
    Move("extend", HANDLING, STAYS, (LEADER,), ("days", "reason"), BEING_HANDLED),
    Move("reply", HANDLING, S.REPLIED, REPLIERS, ("on", "opinion"),
         _("Only a petition being handled can be replied."), AFTER_ACCEPTED),
    Move("request_review", (S.REPLIED,), S.UNDER_REVIEW, HANDLERS, ("on",),
         _("Review can only be requested on a replied petition."), REVIEW_WINDOW),
    Move("review_reply", (S.UNDER_REVIEW,), S.REVIEWED, REPLIERS, ("on", "opinion"),
         _("Only a petition under review can get a review reply."),
         AFTER_REVIEW_REQUEST),
    Move("request_recheck", (S.REVIEWED,), S.UNDER_RECHECK, HANDLERS, ("on",),
         _("Re-review can only be requested after a review reply."), RECHECK_WINDOW),
    Move("record_hearing", (S.UNDER_RECHECK,), STAYS, HANDLERS, ("on", "days"),
         _("A hearing is recorded only during re-review."), AFTER_RECHECK_REQUEST),
    Move("recheck_reply", (S.UNDER_RECHECK,), S.RECHECKED, REPLIERS, ("on", "opinion"),
         _("Only a petition under re-review can get a re-review reply."),
         AFTER_RECHECK_REQUEST),
    Move("close", (S.REPLIED, S.REVIEWED, S.RECHECKED), S.CLOSED, HANDLERS,
         ("on", "satisfaction"),
         _("Only a replied, reviewed or re-reviewed petition can be closed."),
         AFTER_LAST_REPLY),
    # The handling result goes back to the upper office, once, after the reply
    # (上级交办, issue 20); the status stays.
    Move("feedback", (S.REPLIED, S.UNDER_REVIEW, S.REVIEWED, S.UNDER_RECHECK, S.RECHECKED,
                      S.CLOSED), STAYS, REPLIERS, ("on", "result"),
         _("The result is fed back once the petition is replied."), AFTER_REPLY),
    # 作废 (issue 16): a registration made by mistake, in any status but closed; a unit
    # leader only for its own unit's petition still only registered (permissions.can_void).
    Move("void", tuple(s for s in S.values if s not in (S.CLOSED, S.VOIDED)), S.VOIDED,
         (CITY_OFFICER, ADMIN, LEADER), ("reason",),
         _("A closed petition cannot be voided.")),
])
