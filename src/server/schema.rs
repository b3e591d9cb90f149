//! A study's schema on a PostgreSQL server, as append-only numbered migrations like the project
//! file's (`store::schema`): the same tables and columns, in PostgreSQL's types, plus who may see
//! what. `codingdesk_meta.schema_version` holds the number of migrations applied.
//!
//! Blindness is the database's: row-level security lets a coder's role read and write only that
//! coder's codes, unit notes and change-log entries, and nothing adjudicated; a member of
//! `codingdesk_supervisor` reads and writes everything. A coder is a row of `coder` whose
//! `role_name` is the database role they sign in as.

/// The group roles a study's users belong to (cluster-wide, shared by every study on the server).
pub const CODER_ROLE: &str = "codingdesk_coder";
pub const SUPERVISOR_ROLE: &str = "codingdesk_supervisor";

/// The columns the server's tables have and the project file's do not: who signs in as a coder
/// (`coder.role_name`), who wrote a change-log entry as the server saw the sign-in
/// (`change_log.coder_id`, for row-level security), and where the pushed study's media were
/// (`study.media_root`). They stay on the server; every other column is on both sides, which
/// `tests/server/database.rs` checks against a new file and a new server.
pub const SERVER_ONLY_COLUMNS: &[(&str, &str)] = &[
    ("coder", "role_name"),
    ("change_log", "coder_id"),
    ("study", "media_root"),
];

/// Whether `table.column` is one of [`SERVER_ONLY_COLUMNS`].
pub fn is_server_only(table: &str, column: &str) -> bool {
    SERVER_ONLY_COLUMNS.contains(&(table, column))
}

pub const MIGRATIONS: &[&str] = &[
    // 1: the study as the project file holds it (schema migrations 1–7 there), and its access.
    r#"
CREATE TABLE study (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    title                 TEXT NOT NULL,
    description           TEXT NOT NULL DEFAULT '',
    created_at            TEXT NOT NULL,
    codebook_name         TEXT NOT NULL DEFAULT '',
    codebook_title        TEXT NOT NULL DEFAULT '',
    codebook_description  TEXT NOT NULL DEFAULT '',
    codebook_version      BIGINT NOT NULL DEFAULT 1,
    primary_coder         TEXT,
    study_uid             TEXT,
    package_id            TEXT,
    codebook_language     TEXT,
    codebook_translations TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE variable (
    id           BIGSERIAL PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,
    label        TEXT NOT NULL,
    grp          TEXT,
    definition   TEXT NOT NULL DEFAULT '',
    level        TEXT NOT NULL CHECK (level IN ('nominal', 'ordinal', 'interval', 'ratio')),
    kind         TEXT NOT NULL CHECK (kind IN ('single', 'multi', 'number', 'text')),
    required     BOOLEAN NOT NULL DEFAULT FALSE,
    prefill      TEXT,
    position     BIGINT NOT NULL,
    translations TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE value (
    id               BIGSERIAL PRIMARY KEY,
    variable_id      BIGINT NOT NULL REFERENCES variable(id) ON DELETE CASCADE,
    code             BIGINT NOT NULL,
    label            TEXT NOT NULL,
    definition       TEXT NOT NULL DEFAULT '',
    examples         TEXT NOT NULL DEFAULT '[]',
    counter_examples TEXT NOT NULL DEFAULT '[]',
    parent_code      BIGINT,
    shortcut         TEXT,
    retired          BOOLEAN NOT NULL DEFAULT FALSE,
    position         BIGINT NOT NULL,
    translations     TEXT NOT NULL DEFAULT '{}',
    UNIQUE (variable_id, code)
);

CREATE TABLE unit (
    id           BIGSERIAL PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    platform     TEXT,
    url          TEXT,
    account      TEXT,
    published_at TEXT,
    title        TEXT,
    caption      TEXT,
    duration_s   DOUBLE PRECISION,
    plays        BIGINT,
    likes        BIGINT,
    comments     BIGINT,
    shares       BIGINT,
    favorites    BIGINT,
    extra        TEXT NOT NULL DEFAULT '{}',
    position     BIGINT NOT NULL,
    imported_at  TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX unit_position ON unit(position);

CREATE TABLE media (
    id       BIGSERIAL PRIMARY KEY,
    unit_id  BIGINT NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    path     TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('image', 'video')),
    position BIGINT NOT NULL,
    UNIQUE (unit_id, path)
);

-- `role_name`: the database role the coder signs in as (NULL: no sign-in yet, e.g. a coder who
-- only ever coded in a file package).
CREATE TABLE coder (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role_name  TEXT UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE assignment (
    unit_id     BIGINT NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    coder_id    BIGINT NOT NULL REFERENCES coder(id) ON DELETE CASCADE,
    reliability BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (unit_id, coder_id)
);
CREATE INDEX assignment_coder ON assignment(coder_id);

CREATE TABLE coding (
    unit_id     BIGINT NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    coder_id    BIGINT NOT NULL REFERENCES coder(id) ON DELETE CASCADE,
    variable_id BIGINT NOT NULL REFERENCES variable(id) ON DELETE CASCADE,
    code        BIGINT,
    codes       TEXT,
    number      DOUBLE PRECISION,
    text        TEXT,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (unit_id, coder_id, variable_id),
    CHECK (num_nonnulls(code, codes, number, text) = 1)
);
CREATE INDEX coding_coder ON coding(coder_id, unit_id);
CREATE INDEX coding_variable ON coding(variable_id);

CREATE TABLE unit_note (
    unit_id    BIGINT NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    coder_id   BIGINT NOT NULL REFERENCES coder(id) ON DELETE CASCADE,
    note       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (unit_id, coder_id)
);

CREATE TABLE final_value (
    unit_id     BIGINT NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    variable_id BIGINT NOT NULL REFERENCES variable(id) ON DELETE CASCADE,
    code        BIGINT,
    codes       TEXT,
    number      DOUBLE PRECISION,
    text        TEXT,
    reason      TEXT NOT NULL DEFAULT '',
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    PRIMARY KEY (unit_id, variable_id),
    CHECK (num_nonnulls(code, codes, number, text) = 1)
);

CREATE TABLE change_log (
    id       BIGSERIAL PRIMARY KEY,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    unit     TEXT,
    coder    TEXT,
    variable TEXT,
    old      TEXT,
    new      TEXT
);
CREATE FUNCTION codingdesk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'change_log is append-only'; END $$;
CREATE TRIGGER change_log_append_only BEFORE UPDATE OR DELETE ON change_log
    FOR EACH ROW EXECUTE FUNCTION codingdesk_append_only();

CREATE TABLE derived_field (
    name       TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE report_item (
    id         BIGSERIAL PRIMARY KEY,
    spec       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Team coding with file packages (as in the file): supervisors only.
CREATE TABLE package (
    id                   TEXT PRIMARY KEY,
    coder                TEXT NOT NULL,
    made_at              TEXT NOT NULL,
    codebook_version     BIGINT NOT NULL,
    master_log_position  BIGINT NOT NULL,
    package_log_position BIGINT NOT NULL,
    units                BIGINT NOT NULL,
    file                 TEXT NOT NULL,
    merged_at            TEXT
);

CREATE TABLE merge_unmapped (
    unit       TEXT NOT NULL,
    coder      TEXT NOT NULL,
    variable   TEXT NOT NULL,
    value      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    package_id TEXT NOT NULL,
    kept_at    TEXT NOT NULL,
    PRIMARY KEY (unit, coder, variable, value)
);

-- Who is signed in: the coder whose role this session runs as (NULL for anyone else). SECURITY
-- DEFINER so that policies can ask it without the caller reading `coder` itself.
CREATE FUNCTION codingdesk_coder_id() RETURNS BIGINT
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT id FROM public.coder WHERE role_name = session_user
$$;
CREATE FUNCTION codingdesk_is_supervisor() RETURNS BOOLEAN
    LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(session_user, 'codingdesk_supervisor', 'MEMBER')
$$;
CREATE FUNCTION codingdesk_coder_name() RETURNS TEXT
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT name FROM public.coder WHERE role_name = session_user
$$;

-- The study, its codebook and its units: everyone in the study reads them; supervisors change them.
GRANT SELECT ON study, variable, value, unit, media, coder, derived_field TO codingdesk_coder;
GRANT ALL ON ALL TABLES IN SCHEMA public TO codingdesk_supervisor;
-- UPDATE on sequences: a push by a supervisor carries ids over and moves the sequences on.
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO codingdesk_supervisor;
GRANT USAGE, SELECT ON SEQUENCE change_log_id_seq TO codingdesk_coder;

-- A coder's own assignments, codes, notes and log entries; nothing of anyone else's.
GRANT SELECT ON assignment TO codingdesk_coder;
GRANT SELECT, INSERT, UPDATE, DELETE ON coding, unit_note TO codingdesk_coder;
GRANT SELECT, INSERT ON change_log TO codingdesk_coder;

ALTER TABLE assignment ENABLE ROW LEVEL SECURITY;
ALTER TABLE assignment FORCE ROW LEVEL SECURITY;
CREATE POLICY own_assignments ON assignment FOR SELECT
    USING (coder_id = codingdesk_coder_id());
CREATE POLICY supervisor_assignments ON assignment
    USING (codingdesk_is_supervisor()) WITH CHECK (codingdesk_is_supervisor());

ALTER TABLE coding ENABLE ROW LEVEL SECURITY;
ALTER TABLE coding FORCE ROW LEVEL SECURITY;
CREATE POLICY own_codes ON coding
    USING (coder_id = codingdesk_coder_id()) WITH CHECK (coder_id = codingdesk_coder_id());
CREATE POLICY supervisor_codes ON coding
    USING (codingdesk_is_supervisor()) WITH CHECK (codingdesk_is_supervisor());

ALTER TABLE unit_note ENABLE ROW LEVEL SECURITY;
ALTER TABLE unit_note FORCE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON unit_note
    USING (coder_id = codingdesk_coder_id()) WITH CHECK (coder_id = codingdesk_coder_id());
CREATE POLICY supervisor_notes ON unit_note
    USING (codingdesk_is_supervisor()) WITH CHECK (codingdesk_is_supervisor());

-- The change log holds old and new values: a coder sees and writes only entries about their own
-- codes (keyed by coder name, as in the file).
ALTER TABLE change_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE change_log FORCE ROW LEVEL SECURITY;
CREATE POLICY own_log ON change_log
    USING (coder = codingdesk_coder_name()) WITH CHECK (coder = codingdesk_coder_name());
CREATE POLICY supervisor_log ON change_log
    USING (codingdesk_is_supervisor()) WITH CHECK (codingdesk_is_supervisor());

-- Adjudicated values are decided from everyone's codes: supervisors only (no grant to coders).
ALTER TABLE final_value ENABLE ROW LEVEL SECURITY;
ALTER TABLE final_value FORCE ROW LEVEL SECURITY;
CREATE POLICY supervisor_final ON final_value
    USING (codingdesk_is_supervisor()) WITH CHECK (codingdesk_is_supervisor());
"#,
    // 2: where the study's media are (the folder its file was pushed from), and word of every
    // committed change for the windows that show the study live. NOTIFY is delivered at commit
    // and only then, so a window that hears it reads the change; the payload names a table,
    // never a value.
    r#"
ALTER TABLE study ADD COLUMN media_root TEXT;

CREATE FUNCTION codingdesk_notify() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('codingdesk_' || TG_ARGV[0], TG_TABLE_NAME);
    RETURN NULL;
END $$;

DO $$
DECLARE
    shared TEXT[] := ARRAY['study', 'variable', 'value', 'unit', 'media', 'coder', 'assignment',
                           'derived_field', 'report_item', 'package', 'merge_unmapped'];
    codes  TEXT[] := ARRAY['coding', 'unit_note', 'final_value', 'change_log'];
    t TEXT;
BEGIN
    FOREACH t IN ARRAY shared LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION codingdesk_notify(''study'')',
                       t || '_notify', t);
    END LOOP;
    FOREACH t IN ARRAY codes LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION codingdesk_notify(''codes'')',
                       t || '_notify', t);
    END LOOP;
END $$;
"#,
    // 3: training rounds (the project file's migration 8). Coders read the rounds and their
    // units (their desk lists them) and whom the supervisor cleared; the gold standard — the
    // gold coder's codes or the adjudicated values of a round's units — only once the round is
    // closed, for "Review my training". Nothing else of anyone's becomes readable.
    r#"
CREATE TABLE training_round (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    gold_coder TEXT,
    alpha_min  DOUBLE PRECISION NOT NULL,
    counted    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    closed_at  TEXT
);

CREATE TABLE training_unit (
    round_id BIGINT NOT NULL REFERENCES training_round(id) ON DELETE CASCADE,
    unit_id  BIGINT NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    PRIMARY KEY (round_id, unit_id)
);
CREATE INDEX training_unit_unit ON training_unit(unit_id);

CREATE TABLE coder_clearance (
    coder_id   BIGINT PRIMARY KEY REFERENCES coder(id) ON DELETE CASCADE,
    round_id   BIGINT NOT NULL REFERENCES training_round(id) ON DELETE CASCADE,
    cleared_by TEXT NOT NULL,
    cleared_at TEXT NOT NULL
);

GRANT ALL ON training_round, training_unit, coder_clearance TO codingdesk_supervisor;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE training_round_id_seq TO codingdesk_supervisor;
GRANT SELECT ON training_round, training_unit, coder_clearance TO codingdesk_coder;
GRANT SELECT ON final_value TO codingdesk_coder;

-- Closed rounds whose gold standard a coder may now read. SECURITY DEFINER: the policies below
-- ask it without the caller's own policies getting in the way.
CREATE FUNCTION codingdesk_closed_gold(unit BIGINT) RETURNS TABLE (gold_coder TEXT)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT coalesce(r.gold_coder, '') FROM public.training_unit t
    JOIN public.training_round r ON r.id = t.round_id
    WHERE t.unit_id = unit AND r.closed_at IS NOT NULL
$$;

CREATE POLICY closed_round_gold ON final_value FOR SELECT
    USING ('' IN (SELECT gold_coder FROM codingdesk_closed_gold(unit_id)));
CREATE POLICY closed_round_gold_codes ON coding FOR SELECT
    USING ((SELECT name FROM coder WHERE id = coder_id)
           IN (SELECT gold_coder FROM codingdesk_closed_gold(unit_id)));

-- A closed round's codes stay as they were (the coders have seen gold): the database refuses a
-- coder's change to them, whatever program sends it.
CREATE POLICY closed_round_kept_insert ON coding AS RESTRICTIVE FOR INSERT
    WITH CHECK (codingdesk_is_supervisor() OR NOT EXISTS (SELECT FROM codingdesk_closed_gold(unit_id)));
CREATE POLICY closed_round_kept_update ON coding AS RESTRICTIVE FOR UPDATE
    USING (codingdesk_is_supervisor() OR NOT EXISTS (SELECT FROM codingdesk_closed_gold(unit_id)));
CREATE POLICY closed_round_kept_delete ON coding AS RESTRICTIVE FOR DELETE
    USING (codingdesk_is_supervisor() OR NOT EXISTS (SELECT FROM codingdesk_closed_gold(unit_id)));

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['training_round', 'training_unit', 'coder_clearance'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION codingdesk_notify(''study'')',
                       t || '_notify', t);
    END LOOP;
END $$;
"#,
    // 4: exclusive values and the training rounds' rule for blanks (the project file's
    // migration 10).
    r#"
ALTER TABLE value ADD COLUMN exclusive BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE training_round ADD COLUMN blanks_count BOOLEAN NOT NULL DEFAULT FALSE;
"#,
    // 5: the server enforces what the file does, whoever connects (issue 29), and names coders
    // by id (the project file's migration 11).
    //
    // - Answers: codes are a JSON list of whole numbers, a number is finite (SQLite cannot even
    //   hold NaN: one such row made the study unreadable for everyone). NOT VALID: rows written
    //   before are left as they are (readers set them aside and say so); new ones are checked.
    // - A coder's answer fits its variable: the right kind, codes of the codebook, an exclusive
    //   value alone (the store's `check_answer`, which a coder with psql could skip).
    // - The change log's ids are the server's: a coder's row gets the next id whatever it says
    //   (rows with ids ahead of the sequence made every later save fail), and it is filed under
    //   the coder's id, not a name a later coder could take over.
    // - A training round's gold coder and a package's coder are coder ids.
    r#"
ALTER TABLE coding ADD CONSTRAINT coding_codes_list
    CHECK (codes IS NULL OR codes ~ '^\[\s*(-?[0-9]{1,18}(\s*,\s*-?[0-9]{1,18})*)?\s*\]$') NOT VALID;
ALTER TABLE coding ADD CONSTRAINT coding_number_finite
    CHECK (number IS NULL OR number NOT IN ('NaN', 'Infinity', '-Infinity')) NOT VALID;
ALTER TABLE final_value ADD CONSTRAINT final_value_codes_list
    CHECK (codes IS NULL OR codes ~ '^\[\s*(-?[0-9]{1,18}(\s*,\s*-?[0-9]{1,18})*)?\s*\]$') NOT VALID;
ALTER TABLE final_value ADD CONSTRAINT final_value_number_finite
    CHECK (number IS NULL OR number NOT IN ('NaN', 'Infinity', '-Infinity')) NOT VALID;

CREATE FUNCTION codingdesk_check_answer() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    expected TEXT;
    given TEXT;
    picked BIGINT[];
    unknown BIGINT;
BEGIN
    -- Supervisors change codebooks and codes together (a push); the store checks them.
    IF codingdesk_is_supervisor() THEN
        RETURN NEW;
    END IF;
    SELECT kind INTO expected FROM public.variable WHERE id = NEW.variable_id;
    given := CASE WHEN NEW.code IS NOT NULL THEN 'single' WHEN NEW.codes IS NOT NULL THEN 'multi'
                  WHEN NEW.number IS NOT NULL THEN 'number' ELSE 'text' END;
    IF expected IS DISTINCT FROM given THEN
        RAISE EXCEPTION 'variable % expects a % answer, not %', NEW.variable_id, expected, given
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.code IS NOT NULL AND NOT EXISTS
        (SELECT FROM public.value WHERE variable_id = NEW.variable_id AND code = NEW.code) THEN
        RAISE EXCEPTION '% is not one of the codes of variable %', NEW.code, NEW.variable_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.codes IS NOT NULL THEN
        IF NEW.codes !~ '^\[\s*(-?[0-9]{1,18}(\s*,\s*-?[0-9]{1,18})*)?\s*\]$' THEN
            RAISE EXCEPTION 'codes % are not a list of whole numbers', NEW.codes
                USING ERRCODE = 'check_violation';
        END IF;
        picked := ARRAY(SELECT jsonb_array_elements_text(NEW.codes::jsonb)::BIGINT);
        SELECT p INTO unknown FROM unnest(picked) p WHERE NOT EXISTS
            (SELECT FROM public.value WHERE variable_id = NEW.variable_id AND code = p) LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION '% is not one of the codes of variable %', unknown, NEW.variable_id
                USING ERRCODE = 'check_violation';
        END IF;
        IF cardinality(picked) > 1 AND EXISTS (SELECT FROM public.value WHERE variable_id =
                NEW.variable_id AND exclusive AND code = ANY (picked)) THEN
            RAISE EXCEPTION 'an exclusive value of variable % stands alone', NEW.variable_id
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER coding_answer_fits BEFORE INSERT OR UPDATE ON coding
    FOR EACH ROW EXECUTE FUNCTION codingdesk_check_answer();

ALTER TABLE change_log ADD COLUMN coder_id BIGINT REFERENCES coder(id);
ALTER TABLE change_log DISABLE TRIGGER change_log_append_only;
UPDATE change_log l SET coder_id = c.id FROM coder c WHERE c.name = l.coder;
ALTER TABLE change_log ENABLE TRIGGER change_log_append_only;
CREATE FUNCTION codingdesk_log_entry() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF codingdesk_is_supervisor() THEN
        IF NEW.coder_id IS NULL AND NEW.coder IS NOT NULL THEN
            NEW.coder_id := (SELECT id FROM public.coder WHERE name = NEW.coder);
        END IF;
    ELSE
        NEW.id := nextval('public.change_log_id_seq');
        NEW.coder_id := codingdesk_coder_id();
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER change_log_entry BEFORE INSERT ON change_log
    FOR EACH ROW EXECUTE FUNCTION codingdesk_log_entry();
DROP POLICY own_log ON change_log;
CREATE POLICY own_log ON change_log
    USING (coder_id = codingdesk_coder_id())
    WITH CHECK (coder_id = codingdesk_coder_id() AND coder = codingdesk_coder_name());

ALTER TABLE training_round ADD COLUMN gold_coder_id BIGINT REFERENCES coder(id);
UPDATE training_round r SET gold_coder_id = c.id FROM coder c WHERE c.name = r.gold_coder;
DROP POLICY closed_round_gold ON final_value;
DROP POLICY closed_round_gold_codes ON coding;
DROP POLICY closed_round_kept_insert ON coding;
DROP POLICY closed_round_kept_update ON coding;
DROP POLICY closed_round_kept_delete ON coding;
DROP FUNCTION codingdesk_closed_gold(BIGINT);
ALTER TABLE training_round DROP COLUMN gold_coder;
-- The closed rounds a unit is in, each with its gold coder (NULL: the adjudicated values).
CREATE FUNCTION codingdesk_closed_gold(unit BIGINT) RETURNS TABLE (gold_coder_id BIGINT)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT r.gold_coder_id FROM public.training_unit t
    JOIN public.training_round r ON r.id = t.round_id
    WHERE t.unit_id = unit AND r.closed_at IS NOT NULL
$$;
CREATE POLICY closed_round_gold ON final_value FOR SELECT
    USING (EXISTS (SELECT FROM codingdesk_closed_gold(unit_id) g WHERE g.gold_coder_id IS NULL));
CREATE POLICY closed_round_gold_codes ON coding FOR SELECT
    USING (coder_id IN (SELECT g.gold_coder_id FROM codingdesk_closed_gold(unit_id) g));
CREATE POLICY closed_round_kept_insert ON coding AS RESTRICTIVE FOR INSERT
    WITH CHECK (codingdesk_is_supervisor() OR NOT EXISTS (SELECT FROM codingdesk_closed_gold(unit_id)));
CREATE POLICY closed_round_kept_update ON coding AS RESTRICTIVE FOR UPDATE
    USING (codingdesk_is_supervisor() OR NOT EXISTS (SELECT FROM codingdesk_closed_gold(unit_id)));
CREATE POLICY closed_round_kept_delete ON coding AS RESTRICTIVE FOR DELETE
    USING (codingdesk_is_supervisor() OR NOT EXISTS (SELECT FROM codingdesk_closed_gold(unit_id)));

ALTER TABLE package ADD COLUMN coder_id BIGINT REFERENCES coder(id);
UPDATE package p SET coder_id = c.id FROM coder c WHERE c.name = p.coder;
ALTER TABLE package ADD COLUMN secret TEXT;
"#,
];

/// The schema version this build writes and reads.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}
