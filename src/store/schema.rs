//! The project file's schema as append-only numbered migrations.
//!
//! `PRAGMA user_version` holds the number of migrations applied. Never edit a migration that has
//! shipped: add a new one at the end. `docs/schema.md` describes the resulting tables.

/// Marks a SQLite file as a Codingdesk project ("CDK1").
pub const APPLICATION_ID: i64 = 0x4344_4B31;

pub const MIGRATIONS: &[&str] = &[
    // 1: the foundation.
    r#"
CREATE TABLE study (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    codebook_name    TEXT NOT NULL DEFAULT '',
    codebook_title   TEXT NOT NULL DEFAULT '',
    codebook_description TEXT NOT NULL DEFAULT '',
    codebook_version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE variable (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL,
    grp        TEXT,
    definition TEXT NOT NULL DEFAULT '',
    level      TEXT NOT NULL CHECK (level IN ('nominal', 'ordinal', 'interval', 'ratio')),
    kind       TEXT NOT NULL CHECK (kind IN ('single', 'multi', 'number', 'text')),
    required   INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
    prefill    TEXT,
    position   INTEGER NOT NULL
);

CREATE TABLE value (
    id               INTEGER PRIMARY KEY,
    variable_id      INTEGER NOT NULL REFERENCES variable(id) ON DELETE CASCADE,
    code             INTEGER NOT NULL,
    label            TEXT NOT NULL,
    definition       TEXT NOT NULL DEFAULT '',
    examples         TEXT NOT NULL DEFAULT '[]',
    counter_examples TEXT NOT NULL DEFAULT '[]',
    parent_code      INTEGER,
    shortcut         TEXT,
    retired          INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    position         INTEGER NOT NULL,
    UNIQUE (variable_id, code)
);

CREATE TABLE unit (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    platform     TEXT,
    url          TEXT,
    account      TEXT,
    published_at TEXT,
    title        TEXT,
    caption      TEXT,
    duration_s   REAL,
    plays        INTEGER,
    likes        INTEGER,
    comments     INTEGER,
    shares       INTEGER,
    favorites    INTEGER,
    extra        TEXT NOT NULL DEFAULT '{}',
    position     INTEGER NOT NULL,
    imported_at  TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX unit_position ON unit(position);

CREATE TABLE media (
    id       INTEGER PRIMARY KEY,
    unit_id  INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    path     TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('image', 'video')),
    position INTEGER NOT NULL,
    UNIQUE (unit_id, path)
);

CREATE TABLE coder (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE assignment (
    unit_id     INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    coder_id    INTEGER NOT NULL REFERENCES coder(id) ON DELETE CASCADE,
    reliability INTEGER NOT NULL DEFAULT 0 CHECK (reliability IN (0, 1)),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (unit_id, coder_id)
);
CREATE INDEX assignment_coder ON assignment(coder_id);

-- One row per unit x coder x variable. Exactly one of code / codes / number / text is set,
-- matching the variable's kind; `codes` is a JSON array of sorted codes for multi-select.
CREATE TABLE coding (
    unit_id     INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    coder_id    INTEGER NOT NULL REFERENCES coder(id) ON DELETE CASCADE,
    variable_id INTEGER NOT NULL REFERENCES variable(id) ON DELETE CASCADE,
    code        INTEGER,
    codes       TEXT,
    number      REAL,
    text        TEXT,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (unit_id, coder_id, variable_id),
    CHECK ((code IS NOT NULL) + (codes IS NOT NULL) + (number IS NOT NULL) + (text IS NOT NULL) = 1)
) WITHOUT ROWID;
CREATE INDEX coding_coder ON coding(coder_id, unit_id);
CREATE INDEX coding_variable ON coding(variable_id);

-- A coder's note on a whole unit.
CREATE TABLE unit_note (
    unit_id    INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    coder_id   INTEGER NOT NULL REFERENCES coder(id) ON DELETE CASCADE,
    note       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (unit_id, coder_id)
) WITHOUT ROWID;

-- The adjudicated (final) value of a variable for a unit.
CREATE TABLE final_value (
    unit_id     INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    variable_id INTEGER NOT NULL REFERENCES variable(id) ON DELETE CASCADE,
    code        INTEGER,
    codes       TEXT,
    number      REAL,
    text        TEXT,
    reason      TEXT NOT NULL DEFAULT '',
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    PRIMARY KEY (unit_id, variable_id),
    CHECK ((code IS NOT NULL) + (codes IS NOT NULL) + (number IS NOT NULL) + (text IS NOT NULL) = 1)
) WITHOUT ROWID;

-- Append-only history of every change, keyed by stable names (unit uid, coder name, variable
-- key) rather than row ids, so that it stays meaningful across files.
CREATE TABLE change_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    unit     TEXT,
    coder    TEXT,
    variable TEXT,
    old      TEXT,
    new      TEXT
);
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
"#,
    // 2: the primary coder, whose value settles a disagreement nobody adjudicated.
    r#"
ALTER TABLE study ADD COLUMN primary_coder TEXT;
"#,
    // 3: composite indices: a derived numeric field's definition (JSON: fields, weights,
    // standardisation). Values are computed from the units whenever they are read.
    r#"
CREATE TABLE derived_field (
    name       TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"#,
    // 4: analyses the supervisor added to the report (JSON: kind and settings). Recomputed
    // from the data every time the report is written.
    r#"
CREATE TABLE report_item (
    id         INTEGER PRIMARY KEY,
    spec       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
"#,
    // 5: team coding. `study.study_uid` is the same in a master and every package made from it;
    // `study.package_id` is set only in a package file. `package` lists packages (in the master:
    // every package made; in a package: itself). `merge_unmapped` keeps the codes a merge could
    // not place (unknown variable or value, another coder's name), never dropping them.
    r#"
ALTER TABLE study ADD COLUMN study_uid TEXT;
ALTER TABLE study ADD COLUMN package_id TEXT;
UPDATE study SET study_uid = lower(hex(randomblob(16))) WHERE study_uid IS NULL;

CREATE TABLE package (
    id                   TEXT PRIMARY KEY,
    coder                TEXT NOT NULL,
    made_at              TEXT NOT NULL,
    codebook_version     INTEGER NOT NULL,
    master_log_position  INTEGER NOT NULL,
    package_log_position INTEGER NOT NULL,
    units                INTEGER NOT NULL,
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
) WITHOUT ROWID;
"#,
    // 6: which coder's desk is open where, so that a second window for the same coder is told
    // (and opens read-only unless it takes over). `seen_at` is refreshed while the window runs; a
    // row whose process is gone, or that has not been seen for a while, is stale and never blocks.
    r#"
CREATE TABLE desk_open (
    coder     TEXT PRIMARY KEY,
    token     TEXT NOT NULL,
    host      TEXT NOT NULL,
    pid       INTEGER NOT NULL,
    opened_at TEXT NOT NULL,
    seen_at   TEXT NOT NULL
) WITHOUT ROWID;
"#,
    // 7: bilingual codebooks. The texts above are in the codebook's language
    // (`study.codebook_language`, NULL: not stated, English); `translations` holds the same texts
    // in other languages as JSON, e.g. `{"label": {"zh": "美食"}}`.
    r#"
ALTER TABLE study ADD COLUMN codebook_language TEXT;
ALTER TABLE study ADD COLUMN codebook_translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE variable ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE value ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
"#,
    // 8: training rounds. Coders code a round's units in the normal desk; their codes are
    // compared with the gold standard (`gold_coder`'s codes, or the adjudicated values when NULL).
    // A round's units are not the study's: agreement, results and exports leave them out unless
    // the round is `counted`. `closed_at`: the round is over, its codes are kept as they were and
    // each coder may review their misses. `coder_clearance`: who the supervisor cleared to code
    // the study, after which round.
    r#"
CREATE TABLE training_round (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    gold_coder TEXT,
    alpha_min  REAL NOT NULL,
    counted    INTEGER NOT NULL DEFAULT 0 CHECK (counted IN (0, 1)),
    created_at TEXT NOT NULL,
    closed_at  TEXT
);

CREATE TABLE training_unit (
    round_id INTEGER NOT NULL REFERENCES training_round(id) ON DELETE CASCADE,
    unit_id  INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    PRIMARY KEY (round_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX training_unit_unit ON training_unit(unit_id);

CREATE TABLE coder_clearance (
    coder_id   INTEGER PRIMARY KEY REFERENCES coder(id) ON DELETE CASCADE,
    round_id   INTEGER NOT NULL REFERENCES training_round(id) ON DELETE CASCADE,
    cleared_by TEXT NOT NULL,
    cleared_at TEXT NOT NULL
);

-- Units only a training round holds: outside the study's agreement, results and exports.
CREATE VIEW training_only_unit AS
    SELECT t.unit_id FROM training_unit t JOIN training_round r ON r.id = t.round_id
    GROUP BY t.unit_id HAVING max(r.counted) = 0;
"#,
    // 9: handing a desk over. A window that wants a coder's desk another live window holds asks
    // for it here; the holder saves what is typed but not yet saved, then gives the desk up.
    r#"
ALTER TABLE desk_open ADD COLUMN handover_asked_at TEXT;
"#,
    // 10: exclusive values. A multi-select value marked exclusive ("None of these") stands
    // alone: a set holding it with another value is refused wherever codes come in. And a
    // training round's rule for optional variables a coder left blank: not misses unless
    // `blanks_count`.
    r#"
ALTER TABLE value ADD COLUMN exclusive INTEGER NOT NULL DEFAULT 0 CHECK (exclusive IN (0, 1));
ALTER TABLE training_round ADD COLUMN blanks_count INTEGER NOT NULL DEFAULT 0
    CHECK (blanks_count IN (0, 1));
"#,
    // 11: coders by id, and proof of a package. A training round's gold coder is a coder row,
    // not a name (renaming the gold coder emptied the round's gold). A package record names
    // the coder it was issued to by id, and holds a random secret only the master and that
    // package know: a merge takes a package only if its id and secret match a record here,
    // and files its codes under that record's coder, whatever the package says of itself.
    // Records made before this migration have no secret (see docs/teams.md).
    r#"
ALTER TABLE training_round ADD COLUMN gold_coder_id INTEGER REFERENCES coder(id);
UPDATE training_round SET gold_coder_id = (SELECT id FROM coder WHERE coder.name = training_round.gold_coder);
ALTER TABLE training_round DROP COLUMN gold_coder;
ALTER TABLE package ADD COLUMN coder_id INTEGER REFERENCES coder(id);
UPDATE package SET coder_id = (SELECT id FROM coder WHERE coder.name = package.coder);
ALTER TABLE package ADD COLUMN secret TEXT;
"#,
];

/// The schema version this build writes and reads.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}
