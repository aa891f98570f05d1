from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import TransitionError
from petitions.models import Category, Petition, PetitionEvent


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    # Codes are what the API and stored petitions use: add new ones, rename, or
    # take one out of use; never delete one that petitions carry.
    list_display = ["code", "name", "is_active", "position"]
    list_editable = ["name", "is_active", "position"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    # Read-mostly: changes go through the services (pages or API), which log events.
    list_display = ["number", "received_on", "org_unit", "category", "status", "current_due"]
    list_filter = ["status", "category", "channel", "level"]
    search_fields = ["number", "title"]
    list_select_related = ["org_unit"]
    readonly_fields = [f.name for f in Petition._meta.fields]
    actions = ["void_selected"]

    def get_queryset(self, request):
        return Petition.all_objects.select_related("org_unit")  # voided ones too

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # history is never deleted: a mistake is corrected by an audited action

    @admin.action(description=gettext_lazy("Void the selected registrations (with a reason)"))
    def void_selected(self, request, queryset):
        """Instead of delete: petition_void for each, with the reason typed on a
        confirmation page (the event and the audit row come from the service)."""
        from petitions.services import petition_void

        reason = (request.POST.get("void_reason") or "").strip()
        if not request.POST.get("confirm_void") or not reason:
            return render(request, "admin/petitions/void_confirm.html", {
                **self.admin_site.each_context(request), "petitions": queryset,
                "missing_reason": bool(request.POST.get("confirm_void")),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "title": _("Void the registration")})
        done = []
        for p in queryset:
            try:
                petition_void(petition_id=p.pk, actor=request.user, reason=reason,
                              request=request)
                done.append(p.number)
            except (TransitionError, ValidationError, PermissionDenied) as e:
                text = e.message if isinstance(e, TransitionError) else "; ".join(
                    getattr(e, "messages", [str(e)]))
                self.message_user(request, f"{p.number}: {text}", messages.ERROR)
        if done:
            self.message_user(request, _("Voided: %(numbers)s") % {"numbers": ", ".join(done)},
                              messages.SUCCESS)
        return redirect(request.get_full_path())


@admin.register(PetitionEvent)
class PetitionEventAdmin(admin.ModelAdmin):
    list_display = ["petition", "at", "actor", "action", "from_status", "to_status"]
    list_select_related = ["petition", "actor"]
    readonly_fields = ["petition", "at", "actor", "action", "from_status", "to_status", "note",
                       "data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
