using Microsoft.Data.Sqlite;

namespace Fleet.Server.Storage;

/// <summary>
/// The schema, as numbered steps. A step is never edited once released: add a new one, and the
/// schema_version table tells each database which steps it still needs.
/// </summary>
internal static class Schema
{
    private static readonly string[] Steps =
    [
        // 1: readings, events, boxes, compartments, alerts.
        """
        CREATE TABLE readings(
            box_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            t INTEGER NOT NULL,
            value REAL NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY(box_id, channel, t)) WITHOUT ROWID;
        CREATE TABLE events(
            box_id TEXT NOT NULL,
            name TEXT NOT NULL,
            t INTEGER NOT NULL,
            value TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY(box_id, name, t)) WITHOUT ROWID;
        CREATE TABLE boxes(
            box_id TEXT NOT NULL PRIMARY KEY,
            registered_at INTEGER NOT NULL,
            last_seen INTEGER,
            online INTEGER NOT NULL DEFAULT 0,
            fw TEXT,
            interval_s INTEGER,
            status_t INTEGER,
            queued INTEGER,
            dropped INTEGER);
        CREATE TABLE box_compartments(
            box_id TEXT NOT NULL REFERENCES boxes(box_id),
            channel TEXT NOT NULL,
            kind TEXT NOT NULL,
            PRIMARY KEY(box_id, channel)) WITHOUT ROWID;
        CREATE TABLE alerts(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            rule TEXT NOT NULL,
            severity TEXT NOT NULL,
            box_id TEXT NOT NULL,
            channel TEXT,
            state TEXT NOT NULL,
            raised_at INTEGER NOT NULL,
            resolved_at INTEGER,
            late INTEGER NOT NULL,
            peak REAL,
            message TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL);
        CREATE UNIQUE INDEX alerts_one_open ON alerts(rule, box_id, ifnull(channel, '')) WHERE state = 'open';
        CREATE INDEX alerts_by_box ON alerts(box_id, raised_at);
        """,

        // 2: the alert lifecycle: acknowledged (by whom, when, why), resolved by hand, escalated.
        // One unresolved alert (open or acknowledged) per rule, box and channel.
        """
        ALTER TABLE alerts ADD COLUMN acknowledged_at INTEGER;
        ALTER TABLE alerts ADD COLUMN acknowledged_by TEXT;
        ALTER TABLE alerts ADD COLUMN acknowledge_note TEXT;
        ALTER TABLE alerts ADD COLUMN resolved_by TEXT;
        ALTER TABLE alerts ADD COLUMN resolution_note TEXT;
        ALTER TABLE alerts ADD COLUMN escalated_at INTEGER;
        DROP INDEX alerts_one_open;
        CREATE UNIQUE INDEX alerts_one_unresolved ON alerts(rule, box_id, ifnull(channel, '')) WHERE state <> 'resolved';
        CREATE INDEX alerts_unacknowledged ON alerts(created_at) WHERE state = 'open' AND escalated_at IS NULL;
        """,

        // 3: couriers and their daily health checks (R7), box profiles and calibrations (R3, R4, R8),
        // deliveries with their order record (R5, R6).
        """
        CREATE TABLE couriers(
            courier_id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            certificate_expires TEXT NOT NULL,
            training TEXT,
            updated_at INTEGER NOT NULL);
        CREATE TABLE courier_health_checks(
            courier_id TEXT NOT NULL REFERENCES couriers(courier_id),
            day TEXT NOT NULL,
            passed INTEGER NOT NULL,
            recorded_at INTEGER NOT NULL,
            PRIMARY KEY(courier_id, day)) WITHOUT ROWID;
        CREATE TABLE box_profiles(
            box_id TEXT NOT NULL PRIMARY KEY,
            in_service TEXT NOT NULL,
            compartments TEXT NOT NULL,
            updated_at INTEGER NOT NULL);
        CREATE TABLE box_calibrations(
            box_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            calibrated_on TEXT NOT NULL,
            due_on TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,
            PRIMARY KEY(box_id, channel, calibrated_on)) WITHOUT ROWID;
        CREATE TABLE deliveries(
            order_id TEXT NOT NULL PRIMARY KEY,
            merchant TEXT NOT NULL,
            items TEXT NOT NULL,
            address TEXT NOT NULL,
            ordered_at INTEGER NOT NULL,
            processed_at INTEGER NOT NULL,
            promised_at INTEGER NOT NULL,
            courier_id TEXT,
            box_id TEXT,
            assigned_at INTEGER,
            picked_up_at INTEGER,
            handed_over_at INTEGER,
            retain_until INTEGER NOT NULL,
            created_at INTEGER NOT NULL);
        CREATE INDEX deliveries_by_box ON deliveries(box_id, picked_up_at);
        CREATE INDEX deliveries_by_retention ON deliveries(retain_until);
        """,

        // 4: each handed-over delivery's latest compliance verdict (issue 3), as JSON with its revision.
        """
        CREATE TABLE delivery_verdicts(
            order_id TEXT NOT NULL PRIMARY KEY,
            box_id TEXT NOT NULL,
            compliant INTEGER NOT NULL,
            revision INTEGER NOT NULL,
            computed_at INTEGER NOT NULL,
            verdict TEXT NOT NULL);
        CREATE INDEX delivery_verdicts_by_box ON delivery_verdicts(box_id);
        """,

        // 5: the alerts of a delivery's rules name their order: one unresolved alert per rule, box,
        // channel and delivery, so two late orders in one box are two alerts.
        """
        ALTER TABLE alerts ADD COLUMN order_id TEXT;
        DROP INDEX alerts_one_unresolved;
        CREATE UNIQUE INDEX alerts_one_unresolved ON alerts(rule, box_id, ifnull(channel, ''), ifnull(order_id, '')) WHERE state <> 'resolved';
        CREATE INDEX alerts_by_order ON alerts(order_id) WHERE order_id IS NOT NULL;
        """,

        // 6: tenancy and people. Boxes, couriers and deliveries belong to a platform (tenant);
        // a delivery names its merchant's 6-digit region code. Users sign in with a hashed password;
        // API tokens are stored as their SHA-256 only.
        """
        ALTER TABLE boxes ADD COLUMN platform TEXT;
        ALTER TABLE couriers ADD COLUMN platform TEXT;
        ALTER TABLE deliveries ADD COLUMN platform TEXT;
        ALTER TABLE deliveries ADD COLUMN merchant_region TEXT;
        CREATE INDEX deliveries_by_platform ON deliveries(platform, created_at);
        CREATE INDEX deliveries_by_region ON deliveries(merchant_region);
        CREATE TABLE users(
            name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            platform TEXT,
            regions TEXT NOT NULL DEFAULT '',
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL);
        CREATE TABLE api_tokens(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            token_hash TEXT NOT NULL UNIQUE,
            user_name TEXT NOT NULL REFERENCES users(name),
            name TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER,
            revoked_at INTEGER);
        CREATE INDEX api_tokens_by_user ON api_tokens(user_name);
        """,

        // 7: the append-only, hash-chained audit trail (see docs/audit.md). Triggers refuse every
        // UPDATE and DELETE, so an entry can only be changed by someone who first drops them.
        """
        CREATE TABLE audit_trail(
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            actor_role TEXT,
            client_address TEXT,
            action TEXT NOT NULL,
            target_kind TEXT,
            target_id TEXT,
            platform TEXT,
            region TEXT,
            before TEXT,
            after TEXT,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL);
        CREATE INDEX audit_trail_by_time ON audit_trail(at);
        CREATE INDEX audit_trail_by_action ON audit_trail(action, seq);
        CREATE INDEX audit_trail_by_target ON audit_trail(target_kind, target_id, seq);
        CREATE INDEX audit_trail_by_actor ON audit_trail(actor, seq);
        CREATE TRIGGER audit_trail_no_update BEFORE UPDATE ON audit_trail
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: entries cannot be changed'); END;
        CREATE TRIGGER audit_trail_no_delete BEFORE DELETE ON audit_trail
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: entries cannot be deleted'); END;
        """,

        // 8: per-device MQTT credentials (issue 5, devices): the SHA-256 of each box's current secret,
        // when it was issued, and when it was revoked (NULL while it works).
        """
        CREATE TABLE device_credentials(
            box_id TEXT NOT NULL PRIMARY KEY,
            secret_hash BLOB NOT NULL,
            issued_at INTEGER NOT NULL,
            revoked_at INTEGER);
        """,

        // 9: the per-box hash chain of stored batches (R11). Each reading and event names
        // its link; chain_anchors records where a retention purge let a box's chain start again.
        """
        ALTER TABLE readings ADD COLUMN link INTEGER;
        ALTER TABLE events ADD COLUMN link INTEGER;
        CREATE INDEX readings_by_link ON readings(box_id, link) WHERE link IS NOT NULL;
        CREATE INDEX events_by_link ON events(box_id, link) WHERE link IS NOT NULL;
        CREATE TABLE chain_links(
            box_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            records INTEGER NOT NULL,
            first_t INTEGER NOT NULL,
            last_t INTEGER NOT NULL,
            stored_at INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            link_hash TEXT NOT NULL,
            PRIMARY KEY(box_id, seq)) WITHOUT ROWID;
        CREATE INDEX chain_links_by_time ON chain_links(box_id, last_t);
        CREATE TABLE chain_anchors(
            box_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            anchor_hash TEXT NOT NULL,
            purged_links INTEGER NOT NULL,
            purged_at INTEGER NOT NULL,
            PRIMARY KEY(box_id, seq)) WITHOUT ROWID;
        """,

        // 10: the regulator's queries (issue 5, regulator): deliveries by the time they were ordered,
        // alone and per merchant, for windowed statistics and lists.
        """
        CREATE INDEX deliveries_by_order_time ON deliveries(ordered_at);
        CREATE INDEX deliveries_by_merchant ON deliveries(merchant, ordered_at);
        """,

        // 11: food categories' limits set by an admin at run time (issue 6, settings:
        // Settings/CategoryLimitStore), in force over Rules:Categories; deleting a row puts the
        // configured default back. Each change is also in the audit trail with before and after.
        """
        CREATE TABLE category_limits(
            category TEXT NOT NULL PRIMARY KEY,
            max_celsius REAL,
            min_celsius REAL,
            grace_minutes REAL,
            updated_at INTEGER NOT NULL,
            updated_by TEXT NOT NULL);
        """,
    ];

    public static int LatestVersion => Steps.Length;

    public static void Migrate(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL);";
            create.ExecuteNonQuery();
        }

        long current;
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT ifnull(max(version), 0) FROM schema_version;";
            current = (long)read.ExecuteScalar()!;
        }

        if (current > Steps.Length)
        {
            throw new InvalidOperationException(
                $"The database has schema version {current}, newer than this server's {Steps.Length}; run a newer server or restore a backup.");
        }

        for (var step = (int)current; step < Steps.Length; step++)
        {
            using var apply = connection.CreateCommand();
            apply.Transaction = transaction;
            apply.CommandText = Steps[step] + $"\nINSERT INTO schema_version(version) VALUES ({step + 1});";
            apply.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
