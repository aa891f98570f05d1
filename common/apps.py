from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Common"

    def ready(self):
        from common import jobs_audit  # noqa: F401  (registers the audit purge job)
        from common.text import install_text_validators

        install_text_validators()
