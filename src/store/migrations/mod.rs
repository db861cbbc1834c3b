//! The schema, as an append-only list of migrations. Never edit a released
//! step: add a new one. A step never calls the app's live code (templates,
//! key or record types): what it needs is frozen inside it (`step3`,
//! `step6`), so an upgrade does the same whichever release runs it.

use rusqlite_migration::{Migrations, M};

mod step3;
mod step6;

const STEPS: &[&str] = &[
    // 1: the member's profile, documents, their current answers, signed versions.
    r#"
    CREATE TABLE profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('ke-hoach', 'cam-ket')),
        template TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (year, kind)
    ) STRICT;

    CREATE TABLE answers (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        section TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (document_id, section)
    ) STRICT;

    CREATE TABLE signed_versions (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        revision INTEGER NOT NULL,
        signed_at TEXT NOT NULL,
        content TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        UNIQUE (document_id, revision)
    ) STRICT;

    -- A signed version is evidence: the database itself refuses to change it.
    CREATE TRIGGER signed_versions_immutable BEFORE UPDATE ON signed_versions
    BEGIN SELECT RAISE(ABORT, 'signed version is immutable'); END;
    CREATE TRIGGER signed_versions_undeletable BEFORE DELETE ON signed_versions
    BEGIN SELECT RAISE(ABORT, 'signed version is immutable'); END;
    "#,
    // 2: the optional signature image (PNG) a member places in the signature block.
    r#"
    ALTER TABLE signed_versions ADD COLUMN signature_png BLOB;
    "#,
    // 3: the member's keys and signed records (the exact bytes signed). The
    // hook makes the first key and moves every signed version into a record.
    r#"
    CREATE TABLE keys (
        id INTEGER PRIMARY KEY,
        public_key BLOB NOT NULL UNIQUE,
        secret_key BLOB NOT NULL,
        created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        revision INTEGER NOT NULL,
        signed_at TEXT NOT NULL,
        bytes BLOB NOT NULL,
        fingerprint TEXT NOT NULL,
        public_key BLOB NOT NULL,
        key_signature BLOB NOT NULL,
        -- Only for versions signed before records: their bytes hold no image.
        legacy_signature_png BLOB,
        UNIQUE (document_id, revision)
    ) STRICT;

    CREATE TRIGGER records_immutable BEFORE UPDATE ON records
    BEGIN SELECT RAISE(ABORT, 'signed record is immutable'); END;
    CREATE TRIGGER records_undeletable BEFORE DELETE ON records
    BEGIN SELECT RAISE(ABORT, 'signed record is immutable'); END;

    -- When the member saved a record's PDF to send to the branch.
    CREATE TABLE branch_copies (
        record_id INTEGER NOT NULL REFERENCES records(id),
        saved_at TEXT NOT NULL
    ) STRICT;
    "#,
    // 4: the branch workspace: the roster, the files received, the
    // secretary's decisions, each year's deadline.
    r#"
    CREATE TABLE members (
        id INTEGER PRIMARY KEY,
        full_name TEXT NOT NULL,
        birth_date TEXT,
        party_position TEXT NOT NULL DEFAULT '',
        government_position TEXT NOT NULL DEFAULT '',
        -- The key of the first file imported (trust on first use).
        public_key BLOB,
        moved_on TEXT,
        created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE exemptions (
        member_id INTEGER NOT NULL REFERENCES members(id),
        year INTEGER NOT NULL,
        PRIMARY KEY (member_id, year)
    ) STRICT;

    -- Every signed file received, kept as it arrived; the current one of a
    -- member's document is the accepted one with the highest revision.
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        member_id INTEGER REFERENCES members(id),
        year INTEGER NOT NULL,
        kind TEXT NOT NULL,
        revision INTEGER NOT NULL,
        signed_at TEXT NOT NULL,
        fingerprint TEXT NOT NULL UNIQUE,
        public_key BLOB NOT NULL,
        full_name TEXT NOT NULL,
        birth_date TEXT,
        record BLOB NOT NULL,
        pdf BLOB NOT NULL,
        file_name TEXT NOT NULL,
        received_at TEXT NOT NULL,
        -- NULL when accepted; 'khoa-moi' (signed by a key the roster does not
        -- know for this member) or 'ngoai-danh-sach' (not on the roster).
        held TEXT CHECK (held IN ('khoa-moi', 'ngoai-danh-sach'))
    ) STRICT;
    CREATE INDEX submissions_by_member ON submissions (member_id, year, kind);

    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        decision TEXT NOT NULL CHECK (decision IN ('xac-nhan', 'tra-lai')),
        note TEXT NOT NULL DEFAULT '',
        decided_at TEXT NOT NULL,
        -- For a confirmation: the confirmation record (signed by the
        -- secretary) and the confirmed PDF (the member's document with the
        -- branch's block filled, the confirmation inside).
        confirmation BLOB,
        confirmed_pdf BLOB
    ) STRICT;

    CREATE TABLE branch_years (
        year INTEGER PRIMARY KEY,
        deadline TEXT
    ) STRICT;

    -- On the member's side: a confirmed PDF the branch sent back, with the
    -- line the board shows ("Chi bộ đã xác nhận ngày … (bí thư …)").
    CREATE TABLE confirmations (
        record_id INTEGER NOT NULL REFERENCES records(id),
        confirmed_on TEXT NOT NULL,
        summary TEXT NOT NULL,
        pdf BLOB NOT NULL,
        received_at TEXT NOT NULL
    ) STRICT;
    "#,
    // 5: on the member's side, the branch's settings files accepted (kept
    // whole, signature included) and the templates they set for a year.
    r#"
    CREATE TABLE branch_settings (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        file BLOB NOT NULL,
        public_key BLOB NOT NULL,
        issued_by TEXT NOT NULL,
        deadline TEXT,
        accepted_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE year_templates (
        year INTEGER NOT NULL,
        kind TEXT NOT NULL,
        template TEXT NOT NULL,
        PRIMARY KEY (year, kind)
    ) STRICT;
    "#,
    // 6: drafts cite what is in force for their year (a Rust hook,
    // `documents::cite_in_force`); the schema does not change.
    "",
    // 7: the date a document bears, chosen by the member (NULL: the day it is
    // printed or signed). Part of what is signed.
    "ALTER TABLE documents ADD COLUMN dated TEXT;",
    // 8: following the signed plan during the year: what the member says of
    // each row, every entry kept (the latest is the current one).
    r#"
    CREATE TABLE progress (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(id),
        row_index INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('da-lam', 'dang-lam', 'chua-lam')),
        note TEXT NOT NULL DEFAULT '',
        on_date TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX progress_by_record ON progress (record_id, row_index);
    "#,
    // 9: a document's kind is any template's kind (the templates define the
    // kinds): the table is made again without the CHECK on the two first
    // ones. Foreign keys are off while migrations run (`Store::open`), so
    // dropping the old table touches no answers; every reference is checked
    // before the step commits.
    r#"
    CREATE TABLE documents_of_any_kind (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        kind TEXT NOT NULL,
        template TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        dated TEXT,
        UNIQUE (year, kind)
    ) STRICT;
    INSERT INTO documents_of_any_kind (id, year, kind, template, revision, created_at, updated_at, dated)
        SELECT id, year, kind, template, revision, created_at, updated_at, dated FROM documents;
    DROP TABLE documents;
    ALTER TABLE documents_of_any_kind RENAME TO documents;
    "#,
    // 10: the branch on real data. A held file can also be another branch's
    // ('chi-bo-khac'), carry no branch while the secretary has handed out
    // settings ('khong-ro-chi-bo'), or be refused by the secretary
    // ('khong-nhan'); a held file's member_id is the roster member it seems
    // to be (NULL: nobody). Files that could not be read at all are kept as
    // a list, so the secretary can tell members what to send again. The
    // years the secretary made a settings file for. A member's returned
    // versions, with the branch's note.
    r#"
    CREATE TABLE submissions_held_for_more (
        id INTEGER PRIMARY KEY,
        member_id INTEGER REFERENCES members(id),
        year INTEGER NOT NULL,
        kind TEXT NOT NULL,
        revision INTEGER NOT NULL,
        signed_at TEXT NOT NULL,
        fingerprint TEXT NOT NULL UNIQUE,
        public_key BLOB NOT NULL,
        full_name TEXT NOT NULL,
        birth_date TEXT,
        record BLOB NOT NULL,
        pdf BLOB NOT NULL,
        file_name TEXT NOT NULL,
        received_at TEXT NOT NULL,
        held TEXT CHECK (held IN ('khoa-moi', 'ngoai-danh-sach', 'chi-bo-khac', 'khong-ro-chi-bo', 'khong-nhan'))
    ) STRICT;
    INSERT INTO submissions_held_for_more
        SELECT id, member_id, year, kind, revision, signed_at, fingerprint, public_key, full_name, birth_date,
               record, pdf, file_name, received_at, held FROM submissions;
    DROP TABLE submissions;
    ALTER TABLE submissions_held_for_more RENAME TO submissions;
    CREATE INDEX submissions_by_member ON submissions (member_id, year, kind);
    CREATE INDEX submissions_by_key ON submissions (public_key);

    CREATE TABLE refused_files (
        id INTEGER PRIMARY KEY,
        file_name TEXT NOT NULL,
        reason TEXT NOT NULL,
        received_at TEXT NOT NULL,
        UNIQUE (file_name, reason)
    ) STRICT;

    CREATE TABLE settings_issued (
        year INTEGER PRIMARY KEY,
        issued_at TEXT NOT NULL
    ) STRICT;

    -- On the member's side: the branch's notice that a signed version was
    -- returned to be corrected, with what to fix (the file kept whole).
    CREATE TABLE returns (
        record_id INTEGER NOT NULL REFERENCES records(id),
        summary TEXT NOT NULL,
        file BLOB NOT NULL,
        received_at TEXT NOT NULL
    ) STRICT;
    "#,
    // 11: the database's own identity, written when it is made (the id is
    // set by `Store::open`), and a count of sessions bumped by each: every
    // session's write-ahead log then holds this page, so a log left beside
    // another database is recognised (`check_existing`).
    r#"
    CREATE TABLE identity (
        id TEXT NOT NULL,
        sessions INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    INSERT INTO identity (id) VALUES (lower(hex(randomblob(16))));
    "#,
    // 12: a kind may have several forms (the year-end review's 2A, 2B and
    // 2C): a branch's settings set a template per kind and form letter
    // ('' for a kind of one form).
    r#"
    CREATE TABLE year_templates_by_form (
        year INTEGER NOT NULL,
        kind TEXT NOT NULL,
        form TEXT NOT NULL DEFAULT '',
        template TEXT NOT NULL,
        PRIMARY KEY (year, kind, form)
    ) STRICT;
    INSERT INTO year_templates_by_form (year, kind, form, template) SELECT year, kind, '', template FROM year_templates;
    DROP TABLE year_templates;
    ALTER TABLE year_templates_by_form RENAME TO year_templates;
    "#,
    // 13: the branch's proposed level for a member's year-end review, with a
    // short comment, recorded after the branch meeting: each one signed with
    // the secretary's key (`rating`, canonical JSON), the latest counts. A
    // committee's switch for the share limit of "xuất sắc", off by default.
    r#"
    CREATE TABLE branch_ratings (
        id INTEGER PRIMARY KEY,
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        level TEXT NOT NULL,
        remark TEXT NOT NULL DEFAULT '',
        rated_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        rating BLOB NOT NULL
    ) STRICT;
    ALTER TABLE branch_years ADD COLUMN share_limit INTEGER NOT NULL DEFAULT 0;
    "#,
    // 14: what a document started from last year's took over, section by
    // section: from which year, when the member said she had read it again
    // (or changed it), when she kept a mention of the old year on purpose,
    // and what last year said of each carried row (first cell → note).
    r#"
    CREATE TABLE carried (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        section TEXT NOT NULL,
        from_year INTEGER NOT NULL,
        seen_at TEXT,
        year_kept_at TEXT,
        row_notes TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (document_id, section)
    ) STRICT;
    "#,
    // 15: a document brought in from a Word file keeps the file's name, so
    // the board can say where its text came from.
    r#"
    ALTER TABLE documents ADD COLUMN brought_from TEXT;
    "#,
    // 16: a signed version signed again with the member's certificate (ký
    // số): the PDF as signed, which no one can make again (the token's
    // signature and time are in it), and which certificate, for the screens.
    r#"
    CREATE TABLE ky_so (
        record_id INTEGER PRIMARY KEY REFERENCES records(id),
        pdf BLOB NOT NULL,
        holder TEXT NOT NULL,
        provider TEXT NOT NULL,
        serial TEXT NOT NULL,
        certificate_sha256 TEXT NOT NULL,
        signed_at TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER ky_so_immutable BEFORE UPDATE ON ky_so
    BEGIN SELECT RAISE(ABORT, 'signed record is immutable'); END;
    CREATE TRIGGER ky_so_undeletable BEFORE DELETE ON ky_so
    BEGIN SELECT RAISE(ABORT, 'signed record is immutable'); END;

    -- The root certificates of the providers the unit trusts: added by the
    -- secretary, handed to members in the year's settings file.
    CREATE TABLE trusted_roots (
        sha256 TEXT PRIMARY KEY,
        der BLOB NOT NULL,
        holder TEXT NOT NULL,
        added_at TEXT NOT NULL
    ) STRICT;
    "#,
];

pub fn migrations() -> Migrations<'static> {
    Migrations::new(
        STEPS
            .iter()
            .enumerate()
            .map(|(i, sql)| match i {
                2 => M::up_with_hook(sql, step3::move_to_records),
                5 => M::up_with_hook(sql, step6::cite_in_force),
                // Every reference must still find its row once the table is made again.
                8 | 9 => M::up(sql).foreign_key_check(),
                _ => M::up(sql),
            })
            .collect(),
    )
}

pub const LATEST: i64 = STEPS.len() as i64;
