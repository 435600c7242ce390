"""The state file's schema, as forward migrations applied in order.

Each entry moves the schema one version up; `store.Store.open` applies the
missing ones, each in its own transaction, and refuses a state file from a
newer version. Never edit an entry that has shipped: add one.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema.
    """
    CREATE TABLE seen_messages (
        account TEXT NOT NULL, folder TEXT NOT NULL, uidvalidity INTEGER NOT NULL,
        uid TEXT NOT NULL, message_id TEXT, kind TEXT NOT NULL, outcome TEXT NOT NULL,
        reason TEXT NOT NULL, request_id INTEGER REFERENCES requests(id),
        processed_at TEXT NOT NULL,
        PRIMARY KEY (account, folder, uidvalidity, uid));
    CREATE INDEX seen_by_message_id ON seen_messages(message_id);
    CREATE TABLE cursors (
        account TEXT NOT NULL, folder TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (account, folder));
    CREATE TABLE requests (
        id INTEGER PRIMARY KEY, network TEXT NOT NULL, request_key TEXT NOT NULL,
        invitation_id TEXT, profile_url TEXT, name_key TEXT,
        name TEXT, email TEXT, headline TEXT, note TEXT, genuine INTEGER,
        notification_message_id TEXT, notification_subject TEXT NOT NULL,
        created_at TEXT NOT NULL, UNIQUE (network, request_key));
    CREATE INDEX requests_by_invitation ON requests(network, invitation_id);
    CREATE INDEX requests_by_profile ON requests(network, profile_url);
    CREATE INDEX requests_by_name ON requests(network, name_key);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY, request_id INTEGER NOT NULL REFERENCES requests(id),
        at TEXT NOT NULL, state TEXT NOT NULL, cause TEXT NOT NULL,
        source_message_id TEXT);
    CREATE INDEX events_by_request ON events(request_id, id);
    CREATE TABLE drafts (
        id INTEGER PRIMARY KEY, request_id INTEGER NOT NULL REFERENCES requests(id),
        purpose TEXT NOT NULL, message_id TEXT NOT NULL UNIQUE, folder TEXT NOT NULL,
        content BLOB NOT NULL, created_at TEXT NOT NULL,
        appended_at TEXT, location TEXT);
    CREATE TABLE holds (
        id INTEGER PRIMARY KEY, request_id INTEGER NOT NULL REFERENCES requests(id),
        label TEXT NOT NULL, uid TEXT NOT NULL UNIQUE, start_utc TEXT NOT NULL,
        end_utc TEXT NOT NULL, tz TEXT NOT NULL, expires_at TEXT NOT NULL,
        released_at TEXT, release_cause TEXT);
    CREATE INDEX holds_active ON holds(released_at, end_utc);
    """,
    # 2: calendar sources that failed or misbehaved, for the summary.
    """
    CREATE TABLE calendar_problems (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, source TEXT NOT NULL,
        failed INTEGER NOT NULL, problem TEXT NOT NULL);
    CREATE INDEX calendar_problems_by_time ON calendar_problems(at);
    """,
    # 3: what the daemon reports to `status`, and the outages it lived through.
    """
    CREATE TABLE daemon_status (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE outages (
        id INTEGER PRIMARY KEY, kind TEXT NOT NULL, detail TEXT NOT NULL,
        started_at TEXT NOT NULL, ended_at TEXT);
    """,
    # 4: which messages belong to which request (our drafts, the owner's sent
    # copies, the requester's replies), to recognise a thread.
    """
    CREATE TABLE request_messages (
        message_id TEXT NOT NULL, request_id INTEGER NOT NULL REFERENCES requests(id),
        role TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (message_id, request_id));
    CREATE INDEX request_messages_by_request ON request_messages(request_id);
    """,
    # 5: the summaries sent (their Message-IDs recognise the owner's answers),
    # each line of those answers with what became of it, and the drafts sent
    # by SMTP on the owner's behalf (auto-send), for the daily limit.
    """
    CREATE TABLE summaries (
        id INTEGER PRIMARY KEY, message_id TEXT NOT NULL UNIQUE,
        period_start TEXT NOT NULL, sent_at TEXT NOT NULL, delivery TEXT NOT NULL,
        nothing_new INTEGER NOT NULL);
    CREATE TABLE summary_answers (
        id INTEGER PRIMARY KEY, reply_message_id TEXT NOT NULL,
        summary_message_id TEXT NOT NULL, at TEXT NOT NULL, line TEXT NOT NULL,
        request_id INTEGER, applied INTEGER NOT NULL, outcome TEXT NOT NULL);
    CREATE INDEX summary_answers_by_reply ON summary_answers(reply_message_id);
    CREATE INDEX summary_answers_by_time ON summary_answers(at);
    CREATE TABLE auto_sent (
        message_id TEXT PRIMARY KEY, request_id INTEGER NOT NULL REFERENCES requests(id),
        draft_id INTEGER NOT NULL, stage TEXT NOT NULL, at TEXT NOT NULL,
        location TEXT);
    CREATE INDEX auto_sent_by_time ON auto_sent(at);
    """,
    # 6: the language the reply was written in, so nudges and confirmations
    # follow it (NULL for requests drafted before: the configured default).
    """
    ALTER TABLE requests ADD COLUMN language TEXT;
    """,
    # 7: every calendar object drafted after the proposals (invitation,
    # reschedule, cancellation) with its SEQUENCE, so the next one raises it
    # and a calendar answer to a cancelled UID is recognised.
    """
    CREATE TABLE itip_sent (
        id INTEGER PRIMARY KEY, request_id INTEGER NOT NULL REFERENCES requests(id),
        uid TEXT NOT NULL, method TEXT NOT NULL, sequence INTEGER NOT NULL,
        at TEXT NOT NULL);
    CREATE INDEX itip_sent_by_uid ON itip_sent(uid, id);
    """,
    # 8: the waiting list: requests whose reply said "my calendar is full",
    # with the zone their later proposal must fit.
    """
    CREATE TABLE waiting (
        request_id INTEGER PRIMARY KEY REFERENCES requests(id), since TEXT NOT NULL,
        requester_zone TEXT, requester_place TEXT, left_at TEXT, left_because TEXT);
    """,
    # 9: the requester's zone the reply assumed, so that nudges, confirmations
    # and the reading of "my time" in their answers keep to it.
    """
    ALTER TABLE requests ADD COLUMN requester_zone TEXT;
    ALTER TABLE requests ADD COLUMN requester_place TEXT;
    """,
    # 10: requests by address, for the addresses watched every cycle and for
    # finding the request a message from the requester belongs to.
    """
    CREATE INDEX requests_by_email ON requests(lower(email));
    """,
    # 11: years of history. Each request carries its state (the latest event's,
    # kept so by a trigger on every new event), so that listings filter and
    # count by state in SQL and the first sweep reads the open requests only;
    # events by time (`report --since`, what happened in a summary's period);
    # seen messages by outcome (spoofed notices, drafts to retry); drafts by
    # request (the reply to paste, for the few that wait).
    """
    ALTER TABLE requests ADD COLUMN state TEXT NOT NULL DEFAULT 'detected';
    UPDATE requests SET state = coalesce((SELECT e.state FROM events e
        WHERE e.request_id = requests.id ORDER BY e.id DESC LIMIT 1), 'detected');
    CREATE TRIGGER events_set_state AFTER INSERT ON events BEGIN
        UPDATE requests SET state = NEW.state WHERE id = NEW.request_id;
    END;
    CREATE INDEX requests_by_state ON requests(state);
    CREATE INDEX events_by_time ON events(at);
    CREATE INDEX seen_by_outcome ON seen_messages(outcome, processed_at);
    CREATE INDEX drafts_by_request ON drafts(request_id, purpose, id);
    """,
)
