from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    label = "common"  # migrations and tables keep the old label
    verbose_name = "Common"

    def ready(self) -> None:
        from core.text import install_text_validators

        install_text_validators()
