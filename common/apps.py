from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Common"

    def ready(self):
        from common import jobs_audit  # noqa: F401  (registers the audit purge job)
        from common.text import install_text_validators

        install_text_validators()

        from django.db.models.signals import post_migrate

        from common.grants import on_post_migrate

        post_migrate.connect(on_post_migrate, dispatch_uid="common-audit-grants")

        from common.admin_audit import install_admin_audit

        install_admin_audit()
