from common.demo import register  # noqa: F401
