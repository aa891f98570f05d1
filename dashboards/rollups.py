"""The dashboards' rollup tables (issue 21): kept by database triggers on
petitions_petition, in the same transaction as every write to a petition, whatever
wrote it (a service's save, a set-based UPDATE of a job, the admin, raw SQL).

- dashboards_petitiondaycount: per day received, unit, channel and category, the
  count of petitions and of the level-skipping and collective ones; a row per
  unit of the subtree chain (the unit and every unit above it), twice: kind 'o'
  for the registering unit, kind 's' for the registering or handling unit (the
  clerk's scope). A dashboard reads one unit's rows instead of grouping the
  petitions.
- dashboards_openstepcount: per responsible unit, due date and status, the open
  steps (current_due set): the overdue count is a sum over due < today, so it
  never goes stale as the days pass.

The triggers are written for PostgreSQL and SQLite (the demo's database) from
the same statements. `rollups_rebuild` (manage.py) recomputes both tables from
the petitions; it also runs after a unit moves in the tree (dashboards.signals),
because the rows are filed under the unit's ancestors at write time.
"""

from django.db import connection, transaction

DAY = "dashboards_petitiondaycount"
MONTH = "dashboards_petitionmonthcount"
OPEN = "dashboards_openstepcount"
PETITION = "petitions_petition"
UNIT = "accounts_orgunit"
# The columns whose change moves a petition from one day-count row to another.
DAY_COLUMNS = ("received_on", "org_unit_id", "handling_unit_id", "matter_unit_id", "channel",
               "category", "is_level_skipping", "is_collective", "status")
# A voided registration (作废, issue 16) counts nowhere.
COUNTED = "status <> 'voided'"
OPEN_COLUMNS = ("responsible_unit_id", "current_due", "status")
KINDS = "(SELECT 'o' AS kind UNION ALL SELECT 's' AS kind)"


def _flag(ref: str, column: str) -> str:
    return f"(CASE WHEN {ref}.{column} THEN 1 ELSE 0 END)"


def _month_of(expr: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"CAST(date_trunc('month', CAST({expr} AS timestamp)) AS date)"
    return f"date({expr}, 'start of month')"


def _count_upsert(ref: str, sign: int, table: str, column: str, day: str) -> str:
    """Add `sign` to the row of the petition `ref` (NEW or OLD) in `table` for every
    unit above it (and itself), of both kinds."""
    return (
        f"INSERT INTO {table} (kind, unit_id, {column}, channel, category, n, skipping, "
        f"collective) "
        f"SELECT a.kind, a.id, {day}, {ref}.channel, {ref}.category, {sign}, "
        f"{sign} * {_flag(ref, 'is_level_skipping')}, {sign} * {_flag(ref, 'is_collective')} "
        f"FROM (SELECT DISTINCT k.kind AS kind, a.id AS id FROM {UNIT} u "
        f"JOIN {UNIT} a ON substr(u.path, 1, length(a.path)) = a.path CROSS JOIN {KINDS} k "
        f"WHERE u.id = {ref}.org_unit_id OR (k.kind = 's' AND (u.id = {ref}.handling_unit_id "
        f"OR u.id = {ref}.matter_unit_id))) a "
        f"WHERE {ref}.{COUNTED} "
        f"ON CONFLICT (kind, unit_id, {column}, channel, category) DO UPDATE SET "
        f"n = {table}.n + excluded.n, skipping = {table}.skipping + excluded.skipping, "
        f"collective = {table}.collective + excluded.collective"
    )


def _day_upsert(ref: str, sign: int, vendor: str) -> str:
    return "; ".join([
        _count_upsert(ref, sign, DAY, "day", f"{ref}.received_on"),
        _count_upsert(ref, sign, MONTH, "month", _month_of(f"{ref}.received_on", vendor)),
    ])


def _open_upsert(ref: str, sign: int, vendor: str) -> str:
    return (
        f"INSERT INTO {OPEN} (unit_id, due, status, n) "
        f"SELECT {ref}.responsible_unit_id, {ref}.current_due, {ref}.status, {sign} "
        f"WHERE {ref}.responsible_unit_id IS NOT NULL AND {ref}.current_due IS NOT NULL "
        f"ON CONFLICT (unit_id, due, status) DO UPDATE SET n = {OPEN}.n + excluded.n"
    )


def _changed(columns: tuple[str, ...], *, pg: bool) -> str:
    op = "IS DISTINCT FROM" if pg else "IS NOT"
    return " OR ".join(f"OLD.{c} {op} NEW.{c}" for c in columns)


PARTS = (("day", _day_upsert, DAY_COLUMNS), ("open", _open_upsert, OPEN_COLUMNS))


def install_sql(vendor: str) -> list[str]:
    """The statements creating the triggers on `vendor` (postgresql or sqlite)."""
    out = []
    for name, upsert, columns in PARTS:
        if vendor == "postgresql":
            func = f"dashboards_rollup_{name}"
            out.append(
                f"CREATE OR REPLACE FUNCTION {func}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                f"BEGIN\n"
                f"  IF TG_OP IN ('UPDATE', 'DELETE') THEN {upsert('OLD', -1, vendor)}; END IF;\n"
                f"  IF TG_OP IN ('UPDATE', 'INSERT') THEN {upsert('NEW', 1, vendor)}; END IF;\n"
                f"  RETURN NULL;\n"
                f"END $$")
            out.append(f"CREATE TRIGGER {func}_insdel AFTER INSERT OR DELETE ON {PETITION} "
                       f"FOR EACH ROW EXECUTE FUNCTION {func}()")
            out.append(f"CREATE TRIGGER {func}_upd AFTER UPDATE ON {PETITION} FOR EACH ROW "
                       f"WHEN ({_changed(columns, pg=True)}) EXECUTE FUNCTION {func}()")
        else:
            trig = f"dashboards_rollup_{name}"
            out.append(f"CREATE TRIGGER {trig}_ins AFTER INSERT ON {PETITION} FOR EACH ROW "
                       f"BEGIN {upsert('NEW', 1, vendor)}; END")
            out.append(f"CREATE TRIGGER {trig}_del AFTER DELETE ON {PETITION} FOR EACH ROW "
                       f"BEGIN {upsert('OLD', -1, vendor)}; END")
            out.append(f"CREATE TRIGGER {trig}_upd AFTER UPDATE ON {PETITION} FOR EACH ROW "
                       f"WHEN {_changed(columns, pg=False)} "
                       f"BEGIN {upsert('OLD', -1, vendor)}; {upsert('NEW', 1, vendor)}; END")
    return out


def uninstall_sql(vendor: str) -> list[str]:
    out = []
    for name, _upsert, _columns in PARTS:
        if vendor == "postgresql":
            out.append(f"DROP FUNCTION IF EXISTS dashboards_rollup_{name}() CASCADE")
        else:
            out += [f"DROP TRIGGER IF EXISTS dashboards_rollup_{name}_{op}"
                    for op in ("ins", "del", "upd")]
    return out


def set_triggers(enabled: bool) -> None:
    """Bulk loads (seed_bench's COPY) switch the triggers off, then rebuild (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    action = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        for name, _upsert, _columns in PARTS:
            for suffix in ("insdel", "upd"):
                cursor.execute(f"ALTER TABLE {PETITION} {action} TRIGGER "
                               f"dashboards_rollup_{name}_{suffix}")


ANCESTORS = (f"SELECT u.id AS unit_id, a.id AS anc_id FROM {UNIT} u "
             f"JOIN {UNIT} a ON substr(u.path, 1, length(a.path)) = a.path")

# The petitions grouped once by their own units and day, channel and category; then
# each group is filed under its units' ancestors (a unit pair's chain, each unit once).
GROUPS = (f"SELECT org_unit_id AS o, COALESCE(handling_unit_id, 0) AS h, "
          f"COALESCE(matter_unit_id, 0) AS m, received_on, "
          f"channel, category, count(*) AS n, sum({_flag('p', 'is_level_skipping')}) AS s, "
          f"sum({_flag('p', 'is_collective')}) AS c FROM {PETITION} p WHERE p.{COUNTED} "
          f"GROUP BY org_unit_id, COALESCE(handling_unit_id, 0), COALESCE(matter_unit_id, 0), "
          f"received_on, channel, category")
# A clerk's scope: the registering, handling or matter's unit (petitions.selectors).
CHAINS = ("SELECT x.o, x.h, x.m, 'o' AS kind, c.anc_id FROM pairs x JOIN anc c ON c.unit_id = x.o "
          "UNION SELECT x.o, x.h, x.m, 's', c.anc_id FROM pairs x JOIN anc c ON c.unit_id = x.o "
          "UNION SELECT x.o, x.h, x.m, 's', c.anc_id FROM pairs x JOIN anc c ON c.unit_id = x.h "
          "UNION SELECT x.o, x.h, x.m, 's', c.anc_id FROM pairs x JOIN anc c ON c.unit_id = x.m")



def rebuild_sql(vendor: str) -> list[str]:
    return [
        f"DELETE FROM {DAY}",
        f"DELETE FROM {MONTH}",
        f"DELETE FROM {OPEN}",
        f"INSERT INTO {DAY} (kind, unit_id, day, channel, category, n, skipping, collective) "
        f"WITH groups AS ({GROUPS}), anc AS ({ANCESTORS}), "
        f"pairs AS (SELECT DISTINCT o, h, m FROM groups), chains AS ({CHAINS}) "
        f"SELECT ch.kind, ch.anc_id, g.received_on, g.channel, g.category, sum(g.n), sum(g.s), "
        f"sum(g.c) FROM groups g JOIN chains ch ON ch.o = g.o AND ch.h = g.h AND ch.m = g.m "
        f"GROUP BY ch.kind, ch.anc_id, g.received_on, g.channel, g.category",
        f"INSERT INTO {MONTH} (kind, unit_id, month, channel, category, n, skipping, collective) "
        f"SELECT kind, unit_id, {_month_of('day', vendor)}, channel, category, sum(n), "
        f"sum(skipping), sum(collective) FROM {DAY} "
        f"GROUP BY kind, unit_id, {_month_of('day', vendor)}, channel, category",
        f"INSERT INTO {OPEN} (unit_id, due, status, n) "
        f"SELECT responsible_unit_id, current_due, status, count(*) FROM {PETITION} "
        f"WHERE responsible_unit_id IS NOT NULL AND current_due IS NOT NULL "
        f"GROUP BY responsible_unit_id, current_due, status",
    ]


def rollups_rebuild() -> dict:
    """Recompute both rollup tables from the petitions, in one transaction; writers
    to petitions wait for it (PostgreSQL: SHARE lock), so no change is lost."""
    with transaction.atomic(), connection.cursor() as cursor:
        statements = rebuild_sql(connection.vendor)
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {PETITION} IN SHARE MODE")
            # TRUNCATE, not DELETE: the unique index then holds no dead rows to check.
            cursor.execute(f"TRUNCATE {DAY}, {MONTH}, {OPEN}")
            cursor.execute("SET LOCAL work_mem = '64MB'")
            statements = statements[3:]
        for sql in statements:
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {DAY}; ANALYZE {MONTH}; ANALYZE {OPEN}")
        cursor.execute(f"SELECT (SELECT count(*) FROM {DAY}), (SELECT count(*) FROM {OPEN})")
        days, steps = cursor.fetchone()
    return {"day_rows": days, "open_rows": steps}


def _live_rows(cursor) -> tuple[set, set]:
    cursor.execute(f"SELECT kind, unit_id, day, channel, category, n, skipping, collective "
                   f"FROM {DAY} WHERE n <> 0 OR skipping <> 0 OR collective <> 0")
    days = set(cursor.fetchall())
    cursor.execute(f"SELECT kind, unit_id, month, channel, category, n, skipping, collective "
                   f"FROM {MONTH} WHERE n <> 0 OR skipping <> 0 OR collective <> 0")
    days |= {("month", *row) for row in cursor.fetchall()}
    cursor.execute(f"SELECT unit_id, due, status, n FROM {OPEN} WHERE n <> 0")
    return days, set(cursor.fetchall())


def rollups_differences() -> dict:
    """How many rows the maintained tables and a fresh rebuild disagree on (rolled back)."""
    with transaction.atomic(), connection.cursor() as cursor:
        kept_days, kept_open = _live_rows(cursor)
        sid = transaction.savepoint()
        rollups_rebuild()
        fresh_days, fresh_open = _live_rows(cursor)
        transaction.savepoint_rollback(sid)
    out = {"day_rows": len(kept_days ^ fresh_days), "open_rows": len(kept_open ^ fresh_open)}
    return {k: v for k, v in out.items() if v}
