"""What a create page does with a one-time token that was already used."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.errors import TransitionError
from core.forms import apply_validation_error
from idempotency.services import Once, create_once
from idempotency.templatetags.once import FIELD


def create_from_page(request, *, create) -> Once:
    """`create()` once per form token; the page path is the key's scope."""
    return create_once(user=request.user, key=request.POST.get(FIELD, ""), scope=request.path,
                       create=create)


def create_from_form(request, form, *, create) -> Once | None:
    """`create()` once per form token, as `create_from_page`; a refusal by the service
    lands on the form instead (a field error, or a form error for a 409), and is None."""
    try:
        return create_from_page(request, create=create)
    except ValidationError as error:
        apply_validation_error(form, error)
    except TransitionError as error:
        form.add_error(None, error.message)
    return None


def say_already_submitted(request):
    messages.info(request, _("This registration was already submitted; no second copy "
                             "was created."))


def show_first(request, once: Once, url_name: str):
    """A second submission of the same form: the record the first one created."""
    say_already_submitted(request)
    if once.pk is None:  # the key was used on another form
        return redirect("home")
    return redirect(url_name, pk=once.pk)
