-- An applied status no longer moves an index entry of `inquiries` (issue 18); see the SQLite
-- migration of the same name. On PostgreSQL it also lets the update be HOT: with no indexed
-- column changed, the new version of the row stays on its page and no index gets a new entry
-- (`pgbench`, the webhook batch's UPDATE: 1.4-1.6x the statements per second). A HOT update
-- needs room on the row's page, so new pages of `inquiries` keep a fifth free.
DROP INDEX inquiries_reconcile;
ALTER TABLE inquiries SET (fillfactor = 80);
