"""Signals by which core tells the apps above it, without importing them."""

from django.dispatch import Signal

# Sent by the API's exception handler on a 403, or a 404 (possibly OutOfScope):
# kwargs request, exception. The audit app logs it.
access_refused = Signal()
