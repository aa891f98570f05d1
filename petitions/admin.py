from django.contrib import admin

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

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # history is never deleted: a mistake is corrected by an audited action


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
