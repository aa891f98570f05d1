"""Papers a petition office hands out, as a printable page and as a PDF.

The same template serves both: the browser prints it with its print
stylesheet, and WeasyPrint renders it to PDF (print media, so the on-screen
"Print" button is not in the file). WeasyPrint needs Pango (Debian's
libpango-1.0-0 / libpangoft2-1.0-0, installed by .ci/run) and a CJK font
(fonts-noto-cjk): without one the Chinese would print as boxes.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def pdf_bytes(*, html: str, base_url: str) -> bytes:
    # Imported here: loading Pango costs ~100 ms and only the PDF views need it.
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf()
    return pdf


def paper_response(request: HttpRequest, *, template: str, context: dict[str, Any],
                   filename: str, as_pdf: bool) -> HttpResponse:
    """The paper as a page, or with `as_pdf` as an inline PDF named `filename`.pdf."""
    html = render_to_string(template, {**context, "as_pdf": as_pdf}, request=request)
    if not as_pdf:
        return HttpResponse(html)
    response = HttpResponse(pdf_bytes(html=html, base_url=request.build_absolute_uri("/")),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response
