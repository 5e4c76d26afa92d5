from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionplanConfig(AppConfig):
    name = "unionplan"
    verbose_name = _("Year-end summary")

    def ready(self):
        # federation may not import unionplan: hand it the year-end summary's Word builder for 上报.
        from federation.handup import register_builder

        register_builder("summary", summary_docx)


def summary_docx(union, year):
    """(title, .docx bytes) of the union's year-end summary, as /summary/<year>.docx exports it."""
    from unionplan import summary
    from unionplan.exports import document
    from unionplan.exports import docx as docx_export

    s = summary.build(union, year)
    return s.title, docx_export.render(document.report(s))
