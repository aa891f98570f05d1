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
  steps (current_due set) of the live petitions (a voided one keeps its current_due
  but counts nowhere): the overdue count is a sum over due < today, so it never goes
  stale as the days pass.

The triggers are written for PostgreSQL and SQLite (the demo's database) from
the same statements. `rollups_rebuild` (manage.py) recomputes both tables from
the petitions; it also runs after a unit moves in the tree (dashboards.signals),
because the rows are filed under the unit's ancestors at write time.
"""

from django.db import connection, transaction

DAY = "dashboards_petitiondaycount"
MONTH = "dashboards_petitionmonthcount"
OPEN = "dashboards_openstepcount"
PENDING = "dashboards_firstpendingcount"
PETITION = "petitions_petition"
UNIT = "accounts_orgunit"
# A voided registration (作废, issue 16) counts nowhere.
COUNTED = "status <> 'voided'"
OPEN_COLUMNS = ("responsible_unit_id", "current_due", "status")
KINDS = "(SELECT 'o' AS kind UNION ALL SELECT 's' AS kind)"
SATISFIED = "('satisfied', 'basically_satisfied')"
# 初信初访 resolution: closed satisfied and no repeat within six months of closing.
FIRST_RESOLUTION_DAYS = 183


def _first_accepted(ref: str) -> str:
    return f"{ref}.is_first AND {ref}.accepted_on IS NOT NULL"


def _resolution_limit(ref: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"({ref}.closed_on + {FIRST_RESOLUTION_DAYS})"
    return f"date({ref}.closed_on, '+{FIRST_RESOLUTION_DAYS} days')"


def counted(ref: str, vendor: str) -> list[tuple[str, str]]:
    """The counted columns of the day and month rows: (column, condition on the
    petition `ref`). The first-petition columns (issue 20 item 6) are those of
    dashboards.selectors.petition_panels; a first petition replied to counts
    as due, one accepted and not yet replied to is due once its handling_due has
    passed: that part depends on today, so it is kept by due date (PENDING)."""
    replied = f"{_first_accepted(ref)} AND {ref}.replied_on IS NOT NULL"
    closed = f"{ref}.is_first AND {ref}.closed_on IS NOT NULL"
    return [
        ("n", "1 = 1"),
        ("skipping", f"{ref}.is_level_skipping"),
        ("collective", f"{ref}.is_collective"),
        ("national", f"{ref}.level = 'national'"),
        ("closed", f"{ref}.status = 'closed'"),
        ("satisfied", f"{ref}.status = 'closed' AND {ref}.satisfaction IN {SATISFIED}"),
        ("repeats", f"{ref}.is_repeat"),
        ("first", f"{ref}.is_first"),
        ("first_replied", replied),
        ("first_on_time", f"{replied} AND {ref}.accepted_on <= {ref}.acceptance_due "
                          f"AND {ref}.replied_on <= {ref}.handling_due"),
        ("first_closed", closed),
        # first_repeat_on: the earliest live repeat's day, kept on the petition by the
        # repeat trigger below, so that this row's figures depend on its own columns.
        ("first_resolved", f"{closed} AND {ref}.satisfaction IN {SATISFIED} AND "
                           f"({ref}.first_repeat_on IS NULL OR "
                           f"{ref}.first_repeat_on > {_resolution_limit(ref, vendor)})"),
    ]


COUNT_COLUMNS = tuple(c for c, _ in counted("p", "postgresql"))
# The columns whose change moves a petition from one day-count row to another.
DAY_COLUMNS = ("received_on", "org_unit_id", "handling_unit_id", "matter_unit_id", "channel",
               "category", "is_level_skipping", "is_collective", "status", "level",
               "satisfaction", "is_repeat", "is_first", "accepted_on", "replied_on",
               "acceptance_due", "handling_due", "closed_on", "first_repeat_on")
PENDING_COLUMNS = ("received_on", "org_unit_id", "handling_unit_id", "matter_unit_id", "status",
                   "is_first", "accepted_on", "replied_on", "handling_due")
# A petition's first_repeat_on follows its repeats' (repeat_of, received_on, status).
REPEAT_COLUMNS = ("repeat_of_id", "received_on", "status")


def _flag(condition: str) -> str:
    return f"(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def _month_of(expr: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"CAST(date_trunc('month', CAST({expr} AS timestamp)) AS date)"
    return f"date({expr}, 'start of month')"


def _chain(ref: str) -> str:
    """Every unit above the petition's units (and themselves), of both kinds: 'o' for
    the registering unit, 's' for the registering, handling or matter's unit."""
    return (f"(SELECT DISTINCT k.kind AS kind, a.id AS id FROM {UNIT} u "
            f"JOIN {UNIT} a ON substr(u.path, 1, length(a.path)) = a.path CROSS JOIN {KINDS} k "
            f"WHERE u.id = {ref}.org_unit_id OR (k.kind = 's' AND (u.id = {ref}.handling_unit_id "
            f"OR u.id = {ref}.matter_unit_id))) a")


def _count_upsert(ref: str, sign: int, table: str, column: str, day: str, vendor: str) -> str:
    """Add `sign` to the row of the petition `ref` (NEW or OLD) in `table` for every
    unit above it (and itself), of both kinds."""
    cols = counted(ref, vendor)
    names = ", ".join(c for c, _ in cols)
    values = ", ".join(f"{sign} * {_flag(cond)}" for _, cond in cols)
    sums = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c, _ in cols)
    return (
        f"INSERT INTO {table} (kind, unit_id, {column}, channel, category, {names}) "
        f"SELECT a.kind, a.id, {day}, {ref}.channel, {ref}.category, {values} "
        f"FROM {_chain(ref)} WHERE {ref}.{COUNTED} "
        f"ON CONFLICT (kind, unit_id, {column}, channel, category) DO UPDATE SET {sums}"
    )


def _day_upsert(ref: str, sign: int, vendor: str) -> str:
    return "; ".join([
        _count_upsert(ref, sign, DAY, "day", f"{ref}.received_on", vendor),
        _count_upsert(ref, sign, MONTH, "month", _month_of(f"{ref}.received_on", vendor), vendor),
    ])


def pending_condition(ref: str) -> str:
    return (f"{ref}.{COUNTED} AND {_first_accepted(ref)} AND {ref}.replied_on IS NULL "
            f"AND {ref}.handling_due IS NOT NULL")


def _pending_upsert(ref: str, sign: int, vendor: str) -> str:
    return (
        f"INSERT INTO {PENDING} (kind, unit_id, day, due, n) "
        f"SELECT a.kind, a.id, {ref}.received_on, {ref}.handling_due, {sign} "
        f"FROM {_chain(ref)} WHERE {pending_condition(ref)} "
        f"ON CONFLICT (kind, unit_id, day, due) DO UPDATE SET n = {PENDING}.n + excluded.n"
    )


def _open_upsert(ref: str, sign: int, vendor: str) -> str:
    return (
        f"INSERT INTO {OPEN} (unit_id, due, status, n) "
        f"SELECT {ref}.responsible_unit_id, {ref}.current_due, {ref}.status, {sign} "
        f"WHERE {ref}.responsible_unit_id IS NOT NULL AND {ref}.current_due IS NOT NULL "
        f"AND {ref}.{COUNTED} "
        f"ON CONFLICT (unit_id, due, status) DO UPDATE SET n = {OPEN}.n + excluded.n"
    )


FIRST_REPEAT = (f"(SELECT min(r.received_on) FROM {PETITION} r "
                f"WHERE r.repeat_of_id = {PETITION}.id AND r.{COUNTED})")


def _repeat_update(ref: str, sign: int, vendor: str) -> str:
    """The earlier petition's first_repeat_on, recomputed when a repeat of it comes,
    goes, moves its day or is voided. The UPDATE fires that petition's own rollup
    trigger, which moves its row: its figures stay a function of its own columns."""
    op = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return (f"UPDATE {PETITION} SET first_repeat_on = {FIRST_REPEAT} "
            f"WHERE id = {ref}.repeat_of_id AND first_repeat_on {op} {FIRST_REPEAT}")


def _changed(columns: tuple[str, ...], *, pg: bool) -> str:
    op = "IS DISTINCT FROM" if pg else "IS NOT"
    return " OR ".join(f"OLD.{c} {op} NEW.{c}" for c in columns)


PARTS = (("day", _day_upsert, DAY_COLUMNS), ("open", _open_upsert, OPEN_COLUMNS),
         ("pending", _pending_upsert, PENDING_COLUMNS),
         ("repeat", _repeat_update, REPEAT_COLUMNS))


def _keep_sql(vendor: str) -> list[str]:
    """first_repeat_on is the database's: a write that sets it to anything else (a
    Django save() of an instance read before a repeat came) is corrected in the same
    statement, so the rollup triggers always see the true day."""
    if vendor == "postgresql":
        return [
            f"CREATE OR REPLACE FUNCTION dashboards_rollup_keep() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$\nBEGIN\n"
            f"  NEW.first_repeat_on := (SELECT min(r.received_on) FROM {PETITION} r "
            f"WHERE r.repeat_of_id = NEW.id AND r.{COUNTED});\n"
            f"  RETURN NEW;\nEND $$",
            f"CREATE TRIGGER dashboards_rollup_keep_upd BEFORE UPDATE ON {PETITION} "
            f"FOR EACH ROW WHEN (OLD.first_repeat_on IS DISTINCT FROM NEW.first_repeat_on) "
            f"EXECUTE FUNCTION dashboards_rollup_keep()",
        ]
    first = FIRST_REPEAT.replace(f"{PETITION}.id", "NEW.id")
    return [f"CREATE TRIGGER dashboards_rollup_keep_upd AFTER UPDATE OF first_repeat_on "
            f"ON {PETITION} FOR EACH ROW WHEN NEW.first_repeat_on IS NOT {first} "
            f"BEGIN UPDATE {PETITION} SET first_repeat_on = {first} WHERE id = NEW.id; END"]


def install_sql(vendor: str) -> list[str]:
    """The statements creating the triggers on `vendor` (postgresql or sqlite)."""
    out = _keep_sql(vendor)
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
    out = (["DROP FUNCTION IF EXISTS dashboards_rollup_keep() CASCADE"]
           if vendor == "postgresql" else ["DROP TRIGGER IF EXISTS dashboards_rollup_keep_upd"])
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
        names = [f"dashboards_rollup_{name}_{suffix}" for name, _upsert, _columns in PARTS
                 for suffix in ("insdel", "upd")] + ["dashboards_rollup_keep_upd"]
        for trigger in names:
            cursor.execute(f"ALTER TABLE {PETITION} {action} TRIGGER {trigger}")


ANCESTORS = (f"SELECT u.id AS unit_id, a.id AS anc_id FROM {UNIT} u "
             f"JOIN {UNIT} a ON substr(u.path, 1, length(a.path)) = a.path")


def _groups(keys: list[tuple[str, str]], sums: list[tuple[str, str]], where: str) -> str:
    """The petitions grouped once by their own units and `keys`; then each group is
    filed under its units' ancestors (a unit pair's chain, each unit once)."""
    key_sql = ", ".join(f"{expr} AS {name}" for name, expr in keys)
    sum_sql = ", ".join(f"{expr} AS {name}" for name, expr in sums)
    return (f"SELECT org_unit_id AS o, COALESCE(handling_unit_id, 0) AS h, "
            f"COALESCE(matter_unit_id, 0) AS m, {key_sql}, {sum_sql} FROM {PETITION} p "
            f"WHERE {where} GROUP BY org_unit_id, COALESCE(handling_unit_id, 0), "
            f"COALESCE(matter_unit_id, 0), {', '.join(expr for _, expr in keys)}")


# A clerk's scope: the registering, handling or matter's unit (petitions.selectors).
CHAINS = ("SELECT x.o, x.h, x.m, 'o' AS kind, c.anc_id FROM pairs x JOIN anc c ON c.unit_id = x.o "
          "UNION SELECT x.o, x.h, x.m, 's', c.anc_id FROM pairs x JOIN anc c ON c.unit_id = x.o "
          "UNION SELECT x.o, x.h, x.m, 's', c.anc_id FROM pairs x JOIN anc c ON c.unit_id = x.h "
          "UNION SELECT x.o, x.h, x.m, 's', c.anc_id FROM pairs x JOIN anc c ON c.unit_id = x.m")


def _filed(table: str, keys: list[tuple[str, str]], sums: list[tuple[str, str]],
           where: str) -> str:
    key_names = [name for name, _ in keys]
    sum_names = [name for name, _ in sums]
    return (
        f"INSERT INTO {table} (kind, unit_id, {', '.join(key_names + sum_names)}) "
        f"WITH groups AS ({_groups(keys, sums, where)}), anc AS ({ANCESTORS}), "
        f"pairs AS (SELECT DISTINCT o, h, m FROM groups), chains AS ({CHAINS}) "
        f"SELECT ch.kind, ch.anc_id, {', '.join(f'g.{k}' for k in key_names)}, "
        f"{', '.join(f'sum(g.{s})' for s in sum_names)} "
        f"FROM groups g JOIN chains ch ON ch.o = g.o AND ch.h = g.h AND ch.m = g.m "
        f"GROUP BY ch.kind, ch.anc_id, {', '.join(f'g.{k}' for k in key_names)}")


def rebuild_sql(vendor: str) -> list[str]:
    """first_repeat_on from the repeats, then every rollup table from the petitions."""
    cols = counted("p", vendor)
    op = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    names = ", ".join(COUNT_COLUMNS)
    return [
        f"DELETE FROM {DAY}",
        f"DELETE FROM {MONTH}",
        f"DELETE FROM {OPEN}",
        f"DELETE FROM {PENDING}",
        f"UPDATE {PETITION} SET first_repeat_on = {FIRST_REPEAT} "
        f"WHERE first_repeat_on {op} {FIRST_REPEAT}",
        _filed(DAY, [("day", "received_on"), ("channel", "channel"), ("category", "category")],
               [(c, f"sum({_flag(cond)})") for c, cond in cols], f"p.{COUNTED}"),
        f"INSERT INTO {MONTH} (kind, unit_id, month, channel, category, {names}) "
        f"SELECT kind, unit_id, {_month_of('day', vendor)}, channel, category, "
        f"{', '.join(f'sum({c})' for c in COUNT_COLUMNS)} FROM {DAY} "
        f"GROUP BY kind, unit_id, {_month_of('day', vendor)}, channel, category",
        _filed(PENDING, [("day", "received_on"), ("due", "handling_due")],
               [("n", "count(*)")], pending_condition("p")),
        f"INSERT INTO {OPEN} (unit_id, due, status, n) "
        f"SELECT responsible_unit_id, current_due, status, count(*) FROM {PETITION} "
        f"WHERE responsible_unit_id IS NOT NULL AND current_due IS NOT NULL AND {COUNTED} "
        f"GROUP BY responsible_unit_id, current_due, status",
    ]


def rollups_rebuild() -> dict:
    """Recompute the rollup tables from the petitions, in one transaction; writers
    to petitions wait for it (PostgreSQL: SHARE ROW EXCLUSIVE lock; readers do
    not), so no change is lost."""
    with transaction.atomic(), connection.cursor() as cursor:
        statements = rebuild_sql(connection.vendor)
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {PETITION} IN SHARE ROW EXCLUSIVE MODE")
            # first_repeat_on first (its triggers' rows are then rebuilt anyway).
            cursor.execute(statements[4])
            # TRUNCATE, not DELETE: the unique index then holds no dead rows to check.
            cursor.execute(f"TRUNCATE {DAY}, {MONTH}, {OPEN}, {PENDING}")
            cursor.execute("SET LOCAL work_mem = '64MB'")
            statements = statements[5:]
        for sql in statements:
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {DAY}; ANALYZE {MONTH}; ANALYZE {OPEN}; ANALYZE {PENDING}")
        cursor.execute(f"SELECT (SELECT count(*) FROM {DAY}), (SELECT count(*) FROM {OPEN})")
        days, steps = cursor.fetchone()
    return {"day_rows": days, "open_rows": steps}


def _live_rows(cursor) -> tuple[set, set]:
    names = ", ".join(COUNT_COLUMNS)
    nonzero = " OR ".join(f"{c} <> 0" for c in COUNT_COLUMNS)
    cursor.execute(f"SELECT kind, unit_id, day, channel, category, {names} "
                   f"FROM {DAY} WHERE {nonzero}")
    days = set(cursor.fetchall())
    cursor.execute(f"SELECT kind, unit_id, month, channel, category, {names} "
                   f"FROM {MONTH} WHERE {nonzero}")
    days |= {("month", *row) for row in cursor.fetchall()}
    cursor.execute(f"SELECT kind, unit_id, day, due, n FROM {PENDING} WHERE n <> 0")
    days |= {("pending", *row) for row in cursor.fetchall()}
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
