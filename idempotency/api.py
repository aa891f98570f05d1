"""The API's `Idempotency-Key` header on creating POSTs."""

import functools

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from idempotency.services import MAX_KEY, key_claim

HEADER = "Idempotency-Key"


def idempotent_create(view_method):
    """Same key from the same user: the first answer again, and no second record."""

    @functools.wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get(HEADER, "").strip()
        if not key:
            return view_method(self, request, *args, **kwargs)
        if len(key) > MAX_KEY:
            raise ValidationError({HEADER: [_("The Idempotency-Key header may have at most "
                                              "%(n)d characters.") % {"n": MAX_KEY}]})
        with transaction.atomic():
            claim, first = key_claim(user=request.user, key=key, scope=request.path)
            if not first:
                if claim.scope != request.path or claim.status_code is None:
                    raise ValidationError({HEADER: [_("This Idempotency-Key was already used "
                                                      "for another request.")]})
                return Response(claim.response, status=claim.status_code,
                                headers={"Idempotent-Replayed": "true"})
            # An error raised by the view rolls the key back with everything else.
            response = view_method(self, request, *args, **kwargs)
            data = response.data if isinstance(response.data, dict) else None
            claim.status_code = response.status_code
            claim.response = response.data
            claim.target_id = data.get("id") if data and isinstance(data.get("id"), int) else None
            claim.save(update_fields=["status_code", "response", "target_id"])
            return response

    return wrapper
