-- Postfix Insights core schema. Idempotent: applied in order at every start.
-- Times are TIMESTAMPTZ (instants); the session TimeZone decides how days and weeks are cut in reports.
-- No primary keys or foreign keys on the detail tables: DuckDB maintains them per appended row, which costs the
-- Appender most of its speed; ids are unique by construction (the writer hands them out from max+1).

-- runs: one row per nightly run, success or failure, so a failed run is visible in the next report.
CREATE TABLE IF NOT EXISTS runs (
    run_id              BIGINT,
    started_at          TIMESTAMPTZ,
    finished_at         TIMESTAMPTZ,
    status              VARCHAR,      -- running | completed | failed
    files_read          INTEGER,
    lines_read          BIGINT,
    lines_used          BIGINT,       -- parsed into an event that the correlator or reject analysis used
    lines_noise         BIGINT,       -- recognised Postfix lines with nothing to count (connect, TLS, ...)
    lines_other         BIGINT,       -- lines of other programs (dovecot, amavis, ...)
    lines_unrecognised  BIGINT,       -- lines we could not use: no header, unknown Postfix text, bad bytes
    messages_open       BIGINT,       -- messages still queued at the end of the run (carried over)
    error               VARCHAR
);

-- ingested_files: the ledger. A file is known by its content (fingerprint of its first bytes), not its name, so a
-- rotated or newly compressed file is recognised; bytes_consumed says where the next run resumes.
CREATE TABLE IF NOT EXISTS ingested_files (
    file_id             BIGINT,
    fingerprint         VARCHAR,      -- hash of the first uncompressed bytes
    path                VARCHAR,      -- as last seen
    compression         VARCHAR,      -- none | gzip | bzip2 | xz | zstd
    bytes_consumed      BIGINT,       -- uncompressed bytes consumed up to the last complete line
    lines_consumed      BIGINT,
    complete            BOOLEAN,      -- compressed and read to a clean end: never read again
    truncated           BOOLEAN,      -- the compressed stream ended early; complete lines were used
    first_at            TIMESTAMPTZ,
    last_at             TIMESTAMPTZ,
    run_id              BIGINT
);

-- messages: one row per queued message (per host, instance and queue ID life; a reused queue ID is a new row).
CREATE TABLE IF NOT EXISTS messages (
    msg_id              BIGINT,
    host                VARCHAR,
    instance            VARCHAR,      -- first component of syslog_name: postfix, postfix-out, ...
    queue_id            VARCHAR,
    first_at            TIMESTAMPTZ,
    last_at             TIMESTAMPTZ,
    state               VARCHAR,      -- open | done | deleted | rejected | abandoned
    origin              VARCHAR,      -- smtpd | pickup | internal | unknown
    client_host         VARCHAR,
    client_ip           VARCHAR,
    sasl_user           VARCHAR,
    message_id          VARCHAR,
    sender              VARCHAR,      -- '' for the null sender <>
    size                BIGINT,
    nrcpt               INTEGER,
    cleanup_action      VARCHAR,
    probe               BOOLEAN,      -- address-verification probe, not user mail
    parent_msg_id       BIGINT,       -- set by linking: the message this one was re-injected from or notifies about
    link_kind           VARCHAR,      -- reinjected | notification (with parent_msg_id)
    notification_kind   VARCHAR,      -- non_delivery | delay | success (for link_kind = notification)
    raw_lines           VARCHAR       -- the message's log lines in order, newline-separated, for trace
);

-- recipients: one row per recipient per message, its outcome at the end of the run.
CREATE TABLE IF NOT EXISTS recipients (
    msg_id              BIGINT,
    recipient           VARCHAR,
    orig_recipient      VARCHAR,
    domain              VARCHAR,      -- lower-cased domain of recipient
    status              VARCHAR,      -- sent | bounced | expired | deferred | deleted | deliverable | undeliverable
    dsn                 VARCHAR,
    relay               VARCHAR,
    reply               VARCHAR,      -- remote reply: attacker-controlled text
    final_at            TIMESTAMPTZ,
    attempts            INTEGER,
    delay_s             DOUBLE,
    via_filter          BOOLEAN       -- this outcome is a hand-off to a local content filter (see the linked copy)
);

-- attempts: every delivery attempt (each deferral retry too).
CREATE TABLE IF NOT EXISTS attempts (
    msg_id              BIGINT,
    recipient           VARCHAR,
    "at"                TIMESTAMPTZ,
    agent               VARCHAR,      -- smtp | lmtp | local | virtual | pipe | error | ...
    relay_host          VARCHAR,
    relay_ip            VARCHAR,
    relay_port          INTEGER,
    dsn                 VARCHAR,
    status              VARCHAR,      -- sent | deferred | bounced | softbounce | deliverable | undeliverable | expired
    reply               VARCHAR,
    delay_s             DOUBLE,
    delay_before_qmgr   DOUBLE,
    delay_in_qmgr       DOUBLE,
    delay_connect       DOUBLE,
    delay_transmit      DOUBLE,
    queued_as           VARCHAR
);

-- notifications: bounce/delay/success notifications a message caused, by the new message's queue ID.
CREATE TABLE IF NOT EXISTS notifications (
    msg_id              BIGINT,
    "at"                TIMESTAMPTZ,
    kind                VARCHAR,      -- non_delivery | delay | success
    notification_queue_id VARCHAR
);

-- rejects: pre-queue refusals (NOQUEUE reject, reject_warning, milter-reject, postscreen rejects).
CREATE TABLE IF NOT EXISTS rejects (
    "at"                TIMESTAMPTZ,
    host                VARCHAR,
    daemon              VARCHAR,
    kind                VARCHAR,      -- reject | reject_warning | milter-reject | discard | hold
    stage               VARCHAR,
    client_host         VARCHAR,
    client_ip           VARCHAR,
    smtp_code           INTEGER,
    dsn                 VARCHAR,
    reason              VARCHAR,
    sender              VARCHAR,
    recipient           VARCHAR,
    helo                VARCHAR,
    queue_id            VARCHAR,
    raw_line            VARCHAR
);

-- line_kinds: what each run saw, by kind of line, with one sample line each, for the data-quality section.
CREATE TABLE IF NOT EXISTS line_kinds (
    run_id              BIGINT,
    category            VARCHAR,      -- used | noise | other | unrecognised | error
    kind                VARCHAR,      -- e.g. smtpd-connect, unknown-smtpd, no-header, invalid-utf8, truncated-gzip
    lines               BIGINT,
    sample              VARCHAR,      -- one raw line (or file:line for errors)
    sample_file         VARCHAR,
    sample_line         BIGINT
);
