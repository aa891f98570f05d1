from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark data set and figures of performance.md: `seed_bench`, `run_bench`.

    It sits on top of every domain app (it seeds and measures them all); nothing
    imports it.
    """

    name = "bench"
    verbose_name = "Benchmark"
