"""The desk's exchange tables: outbox, inbox, recipients' statuses, the agency directory —
the SQL (functions over a connection; writes inside ``Workspace.write``)."""
