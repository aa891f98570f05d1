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
OPEN = "dashboards_openstepcount"
PETITION = "petitions_petition"
UNIT = "accounts_orgunit"
# The columns whose change moves a petition from one day-count row to another.
DAY_COLUMNS = ("received_on", "org_unit_id", "handling_unit_id", "channel", "category",
               "is_level_skipping", "is_collective")
OPEN_COLUMNS = ("responsible_unit_id", "current_due", "status")
KINDS = "(SELECT 'o' AS kind UNION ALL SELECT 's' AS kind)"


def _flag(ref: str, column: str) -> str:
    return f"(CASE WHEN {ref}.{column} THEN 1 ELSE 0 END)"


def _day_upsert(ref: str, sign: int) -> str:
    """Add `sign` to the rows of the petition `ref` (NEW or OLD) in every unit above it."""
    return (
        f"INSERT INTO {DAY} (kind, unit_id, day, channel, category, n, skipping, collective) "
        f"SELECT a.kind, a.id, {ref}.received_on, {ref}.channel, {ref}.category, {sign}, "
        f"{sign} * {_flag(ref, 'is_level_skipping')}, {sign} * {_flag(ref, 'is_collective')} "
        f"FROM (SELECT DISTINCT k.kind AS kind, a.id AS id FROM {UNIT} u "
        f"JOIN {UNIT} a ON substr(u.path, 1, length(a.path)) = a.path CROSS JOIN {KINDS} k "
        f"WHERE u.id = {ref}.org_unit_id OR (k.kind = 's' AND u.id = {ref}.handling_unit_id)) a "
        f"WHERE true "
        f"ON CONFLICT (kind, unit_id, day, channel, category) DO UPDATE SET "
        f"n = {DAY}.n + excluded.n, skipping = {DAY}.skipping + excluded.skipping, "
        f"collective = {DAY}.collective + excluded.collective"
    )


def _open_upsert(ref: str, sign: int) -> str:
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
                f"  IF TG_OP IN ('UPDATE', 'DELETE') THEN {upsert('OLD', -1)}; END IF;\n"
                f"  IF TG_OP IN ('UPDATE', 'INSERT') THEN {upsert('NEW', 1)}; END IF;\n"
                f"  RETURN NULL;\n"
                f"END $$")
            out.append(f"CREATE TRIGGER {func}_insdel AFTER INSERT OR DELETE ON {PETITION} "
                       f"FOR EACH ROW EXECUTE FUNCTION {func}()")
            out.append(f"CREATE TRIGGER {func}_upd AFTER UPDATE ON {PETITION} FOR EACH ROW "
                       f"WHEN ({_changed(columns, pg=True)}) EXECUTE FUNCTION {func}()")
        else:
            trig = f"dashboards_rollup_{name}"
            out.append(f"CREATE TRIGGER {trig}_ins AFTER INSERT ON {PETITION} FOR EACH ROW "
                       f"BEGIN {upsert('NEW', 1)}; END")
            out.append(f"CREATE TRIGGER {trig}_del AFTER DELETE ON {PETITION} FOR EACH ROW "
                       f"BEGIN {upsert('OLD', -1)}; END")
            out.append(f"CREATE TRIGGER {trig}_upd AFTER UPDATE ON {PETITION} FOR EACH ROW "
                       f"WHEN {_changed(columns, pg=False)} "
                       f"BEGIN {upsert('OLD', -1)}; {upsert('NEW', 1)}; END")
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

REBUILD = [
    f"DELETE FROM {DAY}",
    f"DELETE FROM {OPEN}",
    # kind 'o': the registering unit's chain.
    f"INSERT INTO {DAY} (kind, unit_id, day, channel, category, n, skipping, collective) "
    f"SELECT 'o', c.anc_id, p.received_on, p.channel, p.category, count(*), "
    f"sum({_flag('p', 'is_level_skipping')}), sum({_flag('p', 'is_collective')}) "
    f"FROM {PETITION} p JOIN ({ANCESTORS}) c ON c.unit_id = p.org_unit_id "
    f"GROUP BY c.anc_id, p.received_on, p.channel, p.category",
    # kind 's': the registering or the handling unit's chain, each unit once a petition.
    f"INSERT INTO {DAY} (kind, unit_id, day, channel, category, n, skipping, collective) "
    f"SELECT 's', v.anc_id, p.received_on, p.channel, p.category, count(*), "
    f"sum({_flag('p', 'is_level_skipping')}), sum({_flag('p', 'is_collective')}) "
    f"FROM (SELECT p.id AS pid, c.anc_id AS anc_id FROM {PETITION} p "
    f"JOIN ({ANCESTORS}) c ON c.unit_id = p.org_unit_id "
    f"UNION SELECT p.id, c.anc_id FROM {PETITION} p "
    f"JOIN ({ANCESTORS}) c ON c.unit_id = p.handling_unit_id) v "
    f"JOIN {PETITION} p ON p.id = v.pid "
    f"GROUP BY v.anc_id, p.received_on, p.channel, p.category",
    f"INSERT INTO {OPEN} (unit_id, due, status, n) "
    f"SELECT responsible_unit_id, current_due, status, count(*) FROM {PETITION} "
    f"WHERE responsible_unit_id IS NOT NULL AND current_due IS NOT NULL "
    f"GROUP BY responsible_unit_id, current_due, status",
]


def rollups_rebuild() -> dict:
    """Recompute both rollup tables from the petitions, in one transaction; writers
    to petitions wait for it (PostgreSQL: SHARE lock), so no change is lost."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {PETITION} IN SHARE MODE")
        for sql in REBUILD:
            cursor.execute(sql)
        cursor.execute(f"SELECT (SELECT count(*) FROM {DAY}), (SELECT count(*) FROM {OPEN})")
        days, steps = cursor.fetchone()
    return {"day_rows": days, "open_rows": steps}


def _live_rows(cursor) -> tuple[set, set]:
    cursor.execute(f"SELECT kind, unit_id, day, channel, category, n, skipping, collective "
                   f"FROM {DAY} WHERE n <> 0 OR skipping <> 0 OR collective <> 0")
    days = set(cursor.fetchall())
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
