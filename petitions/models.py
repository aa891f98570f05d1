"""Petitions (信访事项), their petitioners and the audit trail (domain.md, Petitions)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.choices import Category as CategoryChoices
from core.events import EventBase


class IdType(models.TextChoices):
    """The document a petitioner showed. Only the mainland resident ID has a
    check digit; the others are kept as given (decisions.md, issue 18)."""

    RESIDENT_ID = "resident_id", _("Resident ID card")
    HK_MACAO = "hk_macao", _("Hong Kong/Macao permit")
    TAIWAN = "taiwan", _("Taiwan permit")
    PASSPORT = "passport", _("Passport")
    OTHER = "other", _("Other document")


class Category(models.Model):
    """A petition category (类别) the admin can edit (domain.md).

    The codes of api.md are seeded by a migration and keep working in the API;
    the petition stores the code (`Petition.category`), checked against this
    table when it is registered.
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from petitions.categories import forget_names

        forget_names()  # the names shown on pages are cached per process


class Petitioner(models.Model):
    """A person who presented a petition.

    The ID number is stored only encrypted (`id_number_encrypted`) plus a keyed
    hash (`id_hash`) for exact lookups, so no query ever contains the plain
    number; `id_masked` (first 6 and last 4) is what every page and API shows.
    One row per person: repeat detection and the petitioner's history go
    through it.
    """

    name = models.CharField(_("name"), max_length=100)
    id_number_encrypted = models.TextField(_("ID number (encrypted)"), editable=False)
    # Null for a petitioner without a document (anonymous letter, call without
    # an ID): such a person is a new row each time and never a repeat. NULL, not
    # "": the unique constraint must allow many petitioners without a document.
    id_hash = models.CharField(_("ID number hash"), max_length=64, unique=True,  # noqa: DJ001
                               null=True, editable=False)
    id_masked = models.CharField(_("ID number"), max_length=40, blank=True, editable=False)
    id_type = models.CharField(_("document type"), max_length=20, choices=IdType.choices,
                               default=IdType.RESIDENT_ID, db_default=IdType.RESIDENT_ID)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("petitioner")
        verbose_name_plural = _("petitioners")

    def __str__(self):
        return f"{self.name} ({self.id_masked})"

    @property
    def id_number(self) -> str:
        # Decrypting is a data access: callers that show it must log it.
        from core.crypto import decrypt

        if not self.id_number_encrypted:  # anonymised (petitions.retention)
            return ""
        return decrypt(self.id_number_encrypted)


QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


def new_query_code() -> str:
    import secrets

    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))


class PetitionCounter(models.Model):
    """The last number issued per year; locked with SELECT FOR UPDATE when numbering."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


UNIT_FIELDS = ("org_unit", "handling_unit", "responsible_unit", "matter_unit")


class PetitionQuerySet(models.QuerySet["Petition"]):
    """`with_units()`: each petition's org units (and its earlier petition's), set from
    one query on the units after the rows are read, instead of four to six more joins
    in the petitions' query: with them PostgreSQL spent 15-45 ms planning a 50-row
    page whose execution takes 1-3 ms (issue 21)."""

    _with_units = False

    def with_units(self) -> "PetitionQuerySet":
        clone = self._chain()
        clone._with_units = True
        return clone

    def _clone(self) -> "PetitionQuerySet":
        clone = super()._clone()
        clone._with_units = self._with_units
        return clone

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._with_units and self._result_cache \
                and isinstance(self._result_cache[0], Petition):
            attach_units(self._result_cache)


def attach_units(petitions) -> None:
    from accounts.models import OrgUnit

    rows = list(petitions)
    rows += [p.repeat_of for p in rows if p.repeat_of_id and p.repeat_of is not None]
    ids = {getattr(p, f"{name}_id") for p in rows for name in UNIT_FIELDS} - {None}
    units = OrgUnit.objects.in_bulk(ids) if ids else {}
    fields = [(Petition._meta.get_field(name), f"{name}_id") for name in UNIT_FIELDS]
    for p in rows:
        for field, attname in fields:
            if not field.is_cached(p):
                field.set_cached_value(p, units.get(getattr(p, attname)))


PetitionManager = models.Manager.from_queryset(PetitionQuerySet)


class LivePetitionManager(PetitionManager):
    """`Petition.objects`: the petitions that count. A voided registration (作废,
    petition_void) is left out of every list, dashboard, job, repeat check,
    to-do, assessment and export that reads through it; `Petition.all_objects`
    still finds it (its own page, the voided filter, the admin)."""

    def get_queryset(self) -> "models.QuerySet[Petition]":
        return super().get_queryset().exclude(status="voided")


class Petition(models.Model):
    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter")
        VISIT = "visit", _("Visit")
        ONLINE = "online", _("Online")
        PHONE = "phone", _("Phone")
        # Received by a leader on a reception day (领导接访, issue 20).
        LEADER_RECEPTION = "leader_reception", _("Leader reception")

    # core.choices: api.md's seeded codes, shared with screening and stability.
    Category = CategoryChoices

    class Level(models.TextChoices):
        LOCAL = "local", _("Local")
        CITY = "city", _("City")
        PROVINCE = "province", _("Province")
        NATIONAL = "national", _("National")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        FORWARDED = "forwarded", _("Forwarded")
        ASSIGNED = "assigned", _("Assigned")
        REPLIED = "replied", _("Replied")
        UNDER_REVIEW = "under_review", _("Under review")
        REVIEWED = "reviewed", _("Reviewed")
        UNDER_RECHECK = "under_recheck", _("Under re-review")
        RECHECKED = "rechecked", _("Re-reviewed")
        CLOSED = "closed", _("Closed")
        # A registration made by mistake, voided with a reason (petition_void).
        VOIDED = "voided", _("Voided")

    class Source(models.TextChoices):
        LOCAL = "local", _("Received here")
        UPPER = "upper", _("Assigned from above (上级交办)")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
        DISSATISFIED = "dissatisfied", _("Dissatisfied")

    class Policy(models.TextChoices):
        CALENDAR = "calendar", _("Calendar days")
        WORKING = "working", _("Working days")

    # Statuses in which an office step runs against a deadline (current_due set).
    OPEN_STEP_STATUSES = ("registered", "accepted", "assigned", "under_review", "under_recheck")
    TERMINAL_STATUSES = ("declined", "forwarded", "closed")
    # Statuses in which the registering unit answers (acceptance and the decision
    # to decline); from assignment on, the handling unit answers for handling,
    # reply, review and re-review (issue 18, docs/decisions.md).
    REGISTERING_UNIT_STATUSES = ("registered", "accepted", "declined")
    COLLECTIVE_HEADCOUNT = 5

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    # Printed on the receipt: with the number it opens the public follow-up
    # page (petitions.views.petition_track). Random, never derived from the ID.
    query_code = models.CharField(_("query code"), max_length=8, blank=True, default="",
                                  db_default="", editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    received_on = models.DateField(_("received on"))
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("responsible unit"),
                                 on_delete=models.PROTECT, related_name="petitions")
    handling_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("handling unit"),
                                      null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="handled_petitions")
    # The township whose matter it is, when the petition is registered at city level
    # (issue 20, item 7): that township is told and sees the petition. About the
    # matter, never about where a person went.
    matter_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("township of the matter"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="surfaced_petitions")
    # The unit answering for the current step (see step_unit_id): alerts, to-dos,
    # deductions and the overdue charts follow it. Null when no unit of ours
    # answers for the case (forwarded to another agency). Kept by services._save.
    responsible_unit = models.ForeignKey("accounts.OrgUnit",
                                         verbose_name=_("unit responsible for the step"),
                                         null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+")
    # A Category code (checked when registered); no default: a required choice.
    category = models.CharField(_("category"), max_length=30)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    headcount = models.PositiveIntegerField(_("headcount"), default=1)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    petitioners = models.ManyToManyField(Petitioner, through="PetitionPetitioner",
                                         related_name="petitions",
                                         verbose_name=_("petitioners"))

    # Derived facts, computed at registration (services.petition_register).
    is_collective = models.BooleanField(_("collective"), default=False)
    is_level_skipping = models.BooleanField(_("level-skipping"), default=False)
    is_repeat = models.BooleanField(_("repeat"), default=False)
    repeat_of = models.ForeignKey("self", verbose_name=_("repeat of"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="repeats")
    is_first = models.BooleanField(_("first petition"), default=True)
    # The day the earliest live repeat of this petition was received, kept by a database
    # trigger (dashboards.rollups): the dashboards' first-petition resolution reads it.
    first_repeat_on = models.DateField(_("first repeat received on"), null=True, blank=True,
                                       editable=False)
    # 三级终结: the earlier matter was closed after re-review.
    not_acceptable_again = models.BooleanField(_("not to be accepted again"), default=False)

    # 补录: received over a year before it was registered, with the reason.
    late_entry = models.BooleanField(_("late entry"), default=False, db_default=False)
    late_entry_reason = models.TextField(_("reason for late entry"), blank=True, db_default="")

    # 上级交办/转送件 (issue 20): sent down by the provincial or national office,
    # with its reference and its deadline for the feedback of the result.
    source = models.CharField(_("source"), max_length=10, choices=Source.choices,
                              default=Source.LOCAL, db_default=Source.LOCAL)
    upper_ref = models.CharField(_("upper-level reference"), max_length=60, blank=True,
                                 db_default="")
    feedback_due = models.DateField(_("feedback due"), null=True, blank=True)
    feedback_on = models.DateField(_("feedback given on"), null=True, blank=True)
    feedback_result = models.TextField(_("result fed back"), blank=True, db_default="")
    # 领导接访 (issue 20): the reception day it was received at, and the leader
    # in charge (包案领导) who received it.
    reception = models.ForeignKey("petitions.LeaderReception", verbose_name=_("reception day"),
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="petitions")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("leader in charge"),
                               null=True, blank=True, on_delete=models.PROTECT,
                               related_name="led_petitions")

    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.REGISTERED)
    deadline_policy = models.CharField(_("deadline policy"), max_length=10,
                                       choices=Policy.choices, default=Policy.CALENDAR)

    acceptance_due = models.DateField(_("acceptance due"))
    handling_due = models.DateField(_("handling due"), null=True, blank=True)
    extended_days = models.PositiveIntegerField(_("extended days"), default=0)
    review_request_due = models.DateField(_("review request due"), null=True, blank=True)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    recheck_request_due = models.DateField(_("re-review request due"), null=True, blank=True)
    recheck_due = models.DateField(_("re-review due"), null=True, blank=True)
    # Days of hearings (听证) held during re-review: they do not count (domain.md).
    hearing_days = models.PositiveIntegerField(_("hearing days"), default=0, db_default=0)
    # The due date of the office's open step, null when none runs; what
    # flag_overdue and the overdue filter read.
    current_due = models.DateField(_("current due"), null=True, blank=True)

    # Step dates and texts.
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    declined_on = models.DateField(_("declined on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    forward_agency = models.CharField(_("competent agency"), max_length=200, blank=True)
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for extension"), blank=True)
    # A clerk's pending extension request, waiting for the unit leader (0: none).
    extension_requested_days = models.PositiveIntegerField(
        _("extension requested (days)"), default=0, db_default=0)
    extension_request_reason = models.TextField(_("reason given for the request"), blank=True,
                                                db_default="")
    extension_requested_on = models.DateField(_("extension requested on"), null=True,
                                              blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    reply_opinion = models.TextField(_("reply"), blank=True)
    review_requested_on = models.DateField(_("review requested on"), null=True, blank=True)
    # Asked for online on the public follow-up page (issue 20, item 8): waits for the
    # clerk to confirm it as the review request (request_review, dated this day).
    review_asked_online_on = models.DateField(_("review asked for online on"), null=True,
                                              blank=True)
    review_asked_online_reason = models.TextField(_("reason given online for review"),
                                                  blank=True, db_default="")
    review_replied_on = models.DateField(_("review replied on"), null=True, blank=True)
    review_opinion = models.TextField(_("review reply"), blank=True)
    recheck_requested_on = models.DateField(_("re-review requested on"), null=True, blank=True)
    recheck_replied_on = models.DateField(_("re-review replied on"), null=True, blank=True)
    recheck_opinion = models.TextField(_("re-review reply"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    satisfaction = models.CharField(_("satisfaction"), max_length=20, blank=True,
                                    choices=Satisfaction.choices)

    # 作废: when, why and from which status (the number stays taken; numbers are never reused).
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.TextField(_("reason for voiding"), blank=True, db_default="")
    voided_from = models.CharField(_("status before voiding"), max_length=20, blank=True,
                                   db_default="")
    # Lower-cased number, title, content, replies and petitioners' names, kept by
    # the services in the same transaction (petitions.search); on PostgreSQL a
    # GIN trigram index (migration 0011) serves `LIKE '%…%'` on it.
    search_text = models.TextField(_("search text"), blank=True, default="", db_default="",
                                   editable=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("registered by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    all_objects = PetitionManager()
    objects = LivePetitionManager()  # the default manager: voided ones left out
    # The registering clerk's warnings (petitions.services.petition_register): set on
    # the new petition for the page to show, never stored.
    warnings: list[str]

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_on", "-id"]
        # Related lookups (a FK to a voided petition, an event's petition) still load it.
        base_manager_name = "all_objects"
        default_manager_name = "objects"
        indexes = [
            # flag_overdue scans open steps by due date: only rows with an open step.
            models.Index(fields=["current_due"], condition=Q(current_due__isnull=False),
                         name="petition_open_due"),
            models.Index(fields=["org_unit", "received_on"], name="petition_unit_received"),
            # The to-do lists and the per-unit overdue chart read a unit's open steps.
            models.Index(fields=["responsible_unit", "current_due"],
                         condition=Q(current_due__isnull=False), name="petition_step_unit_due"),
            models.Index(fields=["status", "received_on"], name="petition_status_received"),
            models.Index(fields=["received_on", "id"], name="petition_received"),
            # flag_overdue and the city's list of cases from above awaiting feedback.
            models.Index(fields=["feedback_due"], condition=Q(source="upper",
                                                             feedback_on__isnull=True),
                         name="petition_feedback_open"),
            # The assessment's feedback_late rule: every case from above by its
            # feedback deadline, fed back or not (a seq scan of all petitions otherwise).
            models.Index(fields=["feedback_due"], condition=Q(source="upper"),
                         name="petition_upper_feedback_due"),
            # The assessment's level-skipping rule reads a year of them by receipt,
            # from the index alone (the columns it reads are included).
            models.Index(fields=["received_on"], condition=Q(is_level_skipping=True),
                         include=["id", "org_unit", "category", "number", "status"],
                         name="petition_level_skipping"),
            # A unit's live petitions by each of the three units that put a petition in
            # a scope: the count of its list with no filter from these alone
            # (selectors.petition_scope_count), and with a status, both columns in the
            # index (a township's assigned ones at 2M: 9 ms, 108 with the status alone).
            models.Index(fields=["org_unit", "status"], condition=~Q(status="voided"),
                         name="petition_live_org"),
            models.Index(fields=["handling_unit", "status", "org_unit"],
                         condition=~Q(status="voided"), name="petition_live_handling"),
            models.Index(fields=["matter_unit", "org_unit", "handling_unit"],
                         condition=Q(matter_unit__isnull=False) & ~Q(status="voided"),
                         name="petition_live_matter"),
        ]
        constraints = [
            # A registered petition's open step is its acceptance, answered for by the
            # registering unit: the city's count of petitions waiting for acceptance is
            # read from the open-step rollup (dashboards.selectors.city_todo_for).
            models.CheckConstraint(condition=~Q(status="registered")
                                   | Q(current_due__isnull=False,
                                       responsible_unit__isnull=False),
                                   name="petition_registered_has_step"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def step_unit_id(self) -> int | None:
        """The unit responsible for the current step: the one rule every consumer reads
        (stored as `responsible_unit`)."""
        if self.status == self.Status.FORWARDED:
            return None  # the receiving agency's (forward_agency), not one of our units
        if self.status in self.REGISTERING_UNIT_STATUSES or self.handling_unit_id is None:
            return self.org_unit_id
        return self.handling_unit_id

    def get_category_display(self) -> str:
        from petitions.categories import category_name

        return category_name(self.category)

    @property
    def extension_pending(self) -> bool:
        return self.extension_requested_days > 0 and not self.extended_days


class LeaderReception(models.Model):
    """A leader's reception day (领导接访/大接访): the day, the leader, the place.

    It records the leader's work; the people received appear only as the
    petitions registered there (channel 领导接访, the leader in charge)."""

    held_on = models.DateField(_("day"))
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("leader"),
                               on_delete=models.PROTECT, related_name="receptions")
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"),
                                 on_delete=models.PROTECT, related_name="receptions")
    place = models.CharField(_("place"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("leader reception day")
        verbose_name_plural = _("leader reception days")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.place}"


class PetitionPetitioner(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="links")
    petitioner = models.ForeignKey(Petitioner, on_delete=models.PROTECT, related_name="links")
    position = models.PositiveSmallIntegerField(default=0)
    # What the petitioner gave with this petition: each unit sees what it was
    # told; the person's master record (Petitioner) changes only through
    # petitioner_update, a city action (docs/security.md).
    phone = models.CharField(_("phone"), max_length=30, blank=True, default="", db_default="")
    address = models.CharField(_("address"), max_length=255, blank=True, default="",
                               db_default="")

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["petition", "petitioner"],
                                               name="petition_petitioner_unique")]

    def __str__(self):
        return f"{self.petition_id}-{self.petitioner_id}"


class PetitionEvent(EventBase):
    """One audit row per change (and per reveal of an ID number)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = _("petition event")
        verbose_name_plural = _("petition events")
        indexes = [models.Index(fields=["petition", "at"], name="petitionevent_petition_at")]

    def __str__(self):
        return f"{self.petition_id} {self.action}"

