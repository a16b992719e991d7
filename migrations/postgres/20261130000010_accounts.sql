-- The Persona account (`act_…`) each inquiry was made under: Persona keeps the walker's reference
-- id and personal data on it, so erasure redacts it as well as the inquiries, and the subject
-- access export names it. Empty for inquiries made before PawPass read it (erasure then finds
-- the account by the walker's reference id).
ALTER TABLE inquiries ADD COLUMN account_id TEXT;
