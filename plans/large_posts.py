"""A view that takes more POST fields than Django's global limit: the plan editor.

Django refuses a request with more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields (1000; a guard against
floods of fields), reading the setting when `request.POST` is first parsed. The plan editor posts
the whole outline as one form, about seven fields a row, so a plan of 140 rows or more — a pasted
plan of 300 items — was answered 400 and the edits were lost. `accepts_fields(limit)` gives one view
a limit of its own, set from what that view can use; every other view keeps the global limit.

Who reads `request.POST` first fixes the limit, and that is the CSRF middleware (its process_view
runs before any view decorator). So the decorated view is csrf_exempt *for the middleware only*:
the decorator parses the body with the view's limit, then runs the very same CSRF check
(`csrf_protect`, Django's middleware as a decorator) on the parsed request before the view.

Only url-encoded bodies, which is how a browser and htmx post a form without files, get the higher
limit; anything else (multipart) is parsed by Django with the global limit. The body's size limit
(DATA_UPLOAD_MAX_MEMORY_SIZE) holds either way.
"""

from functools import wraps
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.views.decorators.csrf import csrf_exempt, csrf_protect

URLENCODED = "application/x-www-form-urlencoded"


def accepts_fields(limit):
    """Decorate a view so that its url-encoded POSTs may carry up to `limit` fields."""

    def decorator(view):
        protected = csrf_protect(view)

        @wraps(view)
        def parsed_first(request, *args, **kwargs):
            if request.method == "POST" and request.content_type == URLENCODED:
                parse_post(request, limit)
            return protected(request, *args, **kwargs)

        return csrf_exempt(parsed_first)

    return decorator


def parse_post(request, limit):
    """Parse `request`'s url-encoded body into request.POST, refusing more than `limit` fields
    (TooManyFieldsSent: a 400, as Django answers over its own limit)."""
    if hasattr(request, "_post"):  # already parsed, with the global limit: nothing to widen
        return
    encoding = request.encoding or settings.DEFAULT_CHARSET
    body = request.body  # refuses a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError:  # as QueryDict does
        text = body.decode("iso-8859-1")
    post = QueryDict(mutable=True, encoding=encoding)
    try:
        for key, value in parse_qsl(text, keep_blank_values=True, encoding=encoding, max_num_fields=limit):
            post.appendlist(key, value)
    except ValueError as error:
        raise TooManyFieldsSent("The number of POST fields exceeds this form's limit.") from error
    post._mutable = False  # as Django leaves request.POST
    request.POST = post
    request._files = MultiValueDict()  # nothing to parse later: FILES would parse POST again
